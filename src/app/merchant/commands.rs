//! Merchant and admin commands: the role check every one of them passes first, role grants,
//! the audit log, user counts and reconciliation. Stock and orders live in `admin_stock`,
//! cancelling a sale in `admin_cancel`.

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use crate::app::assistant::Turn;
use crate::app::failure::{Context, Failure};
use crate::app::merchant::Merchant;
use crate::app::merchant::audit::describe;
use crate::app::merchant::roles::{Target, parse_grant, parse_revoke};
use crate::app::or_answer;
use crate::app::turn::answer::Answer;
use crate::app::turn::commands::{rank, staff_role};
use crate::domain::UserId;
use crate::i18n::Msg;
use crate::store::{AuditEntry, Role};

/// Most audit entries `/audit n` shows.
const MAX_AUDIT: u32 = 15;

/// The person behind a merchant or admin command and the role they act with.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Staff {
    pub user: UserId,
    pub role: Role,
}

/// One staff command as sent: the turn it came in, who sent it (with their role), and the
/// words after the command's name.
#[derive(Clone, Copy)]
pub(crate) struct StaffCall<'a> {
    pub turn: &'a Turn,
    pub staff: Staff,
    pub args: &'a [&'a str],
}

/// How recently a username must have been seen for `/grant @name` to trust it.
const USERNAME_FRESH: chrono::Duration = chrono::Duration::days(30);

impl Merchant {
    /// Answers a merchant or admin command after checking the sender's role; `None` when
    /// `name` is not such a command.
    pub(crate) async fn staff_command(
        &self,
        turn: &Turn,
        name: &str,
        args: &[&str],
    ) -> Option<Result<Answer, Failure>> {
        let needed = staff_role(name, args)?;
        // Stock, orders and the audit log are not for group chats' eyes.
        if turn.chat.0 != turn.user.get() {
            return Some(Ok(Answer::new(Msg::new("staff-private-only"))));
        }
        let role = match self.roles.role_of(&self.store, turn.user).await {
            Ok(r) => r,
            Err(e) => return Some(Err(Failure::new("role not read", e).user(turn.user))),
        };
        if rank(role) < rank(needed) {
            tracing::info!(
                user = turn.user.get(),
                command = name,
                "staff command refused"
            );
            let key = match needed {
                Role::Admin => "staff-refused-admin",
                _ => "staff-refused",
            };
            return Some(Ok(Answer::new(Msg::new(key)).with_way_out()));
        }
        let staff = Staff {
            user: turn.user,
            role,
        };
        let call = StaffCall { turn, staff, args };
        Some(match name {
            "mysales" => self.my_sales(turn, staff).await,
            "stock" => self.stock(call).await,
            "orders" => self.sale_orders(staff, args).await,
            "cancelsale" => self.ask_cancel_sale(staff, args).await,
            "newsale" => self.new_sale(call).await,
            "editsale" if super::faq::is_faq_edit(args) => self.faq_sale_edit(call).await,
            "editsale" => self.edit_sale(call).await,
            "faq" => self.faq_command(call).await,
            "restock" => self.restock(call).await,
            "announce" => self.ask_announce(call).await,
            "stats" => self.sale_stats(call).await,
            "channel" => self.channel_command(call).await,
            "post" => self.post_sale(call).await,
            "grant" => match parse_grant(args) {
                Some(t) => self.set_merchant(turn, t, true).await,
                None => Ok(Answer::new(Msg::new("grant-usage"))),
            },
            "revoke" => match parse_revoke(args) {
                Some(t) => self.set_merchant(turn, t, false).await,
                None => Ok(Answer::new(Msg::new("revoke-usage"))),
            },
            "block" | "unblock" => match args {
                [who] => match Target::parse(who) {
                    Some(t) => self.block_user(turn, t, name == "block").await,
                    None => Ok(Answer::new(Msg::new("block-usage"))),
                },
                _ => Ok(Answer::new(Msg::new("block-usage"))),
            },
            "audit" => self.audit_log(turn, args).await,
            "users" => self.user_counts().await,
            _ => self.reconcile_report(turn.now).await,
        })
    }

    /// Records one staff change in the audit log (a failure is logged, not shown).
    pub(crate) async fn record(
        &self,
        actor: UserId,
        action: &str,
        subject: String,
        before: Value,
        after: Value,
        at: DateTime<Utc>,
    ) {
        let entry = AuditEntry {
            actor,
            action: action.to_owned(),
            subject,
            before: Some(before.to_string()),
            after: Some(after.to_string()),
            at,
        };
        if let Err(e) = self.store.audit(&entry).await {
            tracing::error!(actor = actor.get(), action, error = %e, "audit entry not stored");
        }
    }

    /// `/grant merchant <who>` (`grant`) or `/revoke <who>`.
    async fn set_merchant(
        &self,
        turn: &Turn,
        target: Target,
        grant: bool,
    ) -> Result<Answer, Failure> {
        let user = or_answer!(self.user_named(target).await?);
        if self.roles.is_configured_admin(user) {
            return Ok(Answer::new(
                Msg::new("grant-is-admin").arg("user", user.get()),
            ));
        }
        let current = self
            .store
            .user(user)
            .await
            .map_err(|e| Failure::new("user not read", e).user(user))?
            .map_or(Role::Customer, |u| u.role);
        let refusal = match (grant, current) {
            (_, Role::Admin) => Some("grant-is-admin"),
            (true, Role::Merchant) => Some("grant-already"),
            (false, Role::Customer) => Some("revoke-not-merchant"),
            _ => None,
        };
        if let Some(key) = refusal {
            return Ok(Answer::new(Msg::new(key).arg("user", user.get())));
        }
        let wanted = if grant {
            Role::Merchant
        } else {
            Role::Customer
        };
        let before = self
            .store
            .put_role(user, wanted, turn.now)
            .await
            .map_err(|e| Failure::new("role not stored", e).user(user))?;
        let action = if grant { "grant" } else { "revoke" };
        tracing::info!(
            actor = turn.user.get(),
            user = user.get(),
            action,
            "role changed"
        );
        self.record(
            turn.user,
            action,
            format!("user:{user}"),
            json!({ "role": before.as_str() }),
            json!({ "role": wanted.as_str() }),
            turn.now,
        )
        .await;
        let key = if grant { "grant-done" } else { "revoke-done" };
        Ok(Answer::new(Msg::new(key).arg("user", user.get())))
    }

    /// The user a staff command names, by id or by a @username seen lately with one user
    /// only (an ambiguous or stale name is refused: the numeric id is asked for).
    pub(crate) async fn user_named(
        &self,
        target: Target,
    ) -> Result<Result<UserId, Answer>, Failure> {
        let name = match target {
            Target::Id(id) => return Ok(Ok(id)),
            Target::Username(name) => name,
        };
        let found = self
            .store
            .users_named(&name)
            .await
            .context("username not looked up")?;
        Ok(match found.as_slice() {
            [] => Err(Answer::new(
                Msg::new("grant-unknown-username").arg("name", name),
            )),
            [(id, Some(seen))] if self.clock.now() - *seen <= USERNAME_FRESH => Ok(*id),
            [(_, Some(seen))] => {
                let seen = seen.with_timezone(&self.tz).format("%Y-%m-%d").to_string();
                Err(Answer::new(
                    Msg::new("grant-stale-username")
                        .arg("name", name)
                        .arg("seen", seen),
                ))
            }
            [(_, None)] => Err(Answer::new(
                Msg::new("grant-stale-username-never").arg("name", name),
            )),
            _ => Err(Answer::new(
                Msg::new("grant-ambiguous-username").arg("name", name),
            )),
        })
    }

    /// `/audit [n]`: the latest staff changes, newest first.
    async fn audit_log(&self, turn: &Turn, args: &[&str]) -> Result<Answer, Failure> {
        let n = match args {
            [] => 10,
            [n] => match n.parse::<u32>() {
                Ok(n) if (1..=MAX_AUDIT).contains(&n) => n,
                _ => return Ok(Answer::new(Msg::new("audit-usage").arg("max", MAX_AUDIT))),
            },
            _ => return Ok(Answer::new(Msg::new("audit-usage").arg("max", MAX_AUDIT))),
        };
        let entries = self
            .store
            .recent_audit(n)
            .await
            .context("audit log not read")?;
        if entries.is_empty() {
            return Ok(Answer::new(Msg::new("audit-empty")));
        }
        let lines = entries
            .iter()
            .map(|e| describe(e, &self.texts, turn.locale, self.tz));
        Ok(Answer::new(Msg::new("audit-title").arg("count", entries.len() as i64)).lines(lines))
    }

    /// `/users`: how many users, active, blocked, subscribed.
    async fn user_counts(&self) -> Result<Answer, Failure> {
        let c = self
            .store
            .user_counts()
            .await
            .context("user counts not read")?;
        Ok(Answer::new(
            Msg::new("users-counts")
                .arg("total", c.total)
                .arg("active", c.active)
                .arg("blocked_bot", c.blocked_bot)
                .arg("blocked", c.blocked)
                .arg("subscribers", c.subscribers),
        ))
    }

    /// `/reconcile`: the gate-vs-store check over current sales, reported (never repaired here).
    async fn reconcile_report(&self, now: DateTime<Utc>) -> Result<Answer, Failure> {
        let gate = self.purchases.gate().clone();
        let drifts = crate::orders::reconcile(&self.store, gate.as_ref(), now, false)
            .await
            .context("reconciliation failed")?;
        let bad: Vec<_> = drifts.iter().filter(|d| d.drifted()).collect();
        tracing::info!(
            sales = drifts.len(),
            drifted = bad.len(),
            "reconciled on request"
        );
        if bad.is_empty() {
            return Ok(Answer::new(
                Msg::new("reconcile-clean").arg("count", drifts.len() as i64),
            ));
        }
        let lines = bad.iter().take(20).map(|d| {
            Msg::new("reconcile-drift")
                .arg("sale", d.sale)
                .arg("store", d.store_remaining)
                .arg("gate", d.gate_remaining.map_or(-1, i64::from))
        });
        Ok(Answer::new(Msg::new("reconcile-drifted").arg("count", bad.len() as i64)).lines(lines))
    }
}
