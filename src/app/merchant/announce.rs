//! `/announce <sale> [all] [text]`: the sale's card for its subscribers (or every active user),
//! after a confirm step showing the recipients and, for the free and the paid mode, the time
//! and cost; then one outbox message per recipient (see `store::announcements`).

use chrono::Duration;
use serde::Serialize;
use serde_json::json;

use crate::app::assistant::Turn;
use crate::app::failure::Failure;
use crate::app::merchant::Merchant;
use crate::app::merchant::announce_estimate::Estimate;
use crate::app::merchant::announced_card::AnnouncedRef;
use crate::app::merchant::commands::{Staff, StaffCall};
use crate::app::or_answer;
use crate::app::turn::action::Action;
use crate::app::turn::answer::Answer;
use crate::config::BroadcastConfig;
use crate::delivery::{OutboxBody, SendFlags};
use crate::domain::{AnnouncementId, SaleStatus, Span};
use crate::i18n::{Locale, Msg};
use crate::store::{Announcement, AnnouncementState, Audience, BroadcastMode, Role, StoreError};

/// Longest merchant text above the card.
const MAX_NOTE_CHARS: usize = 300;

/// An outbox body with its delivery flags, as one JSON object.
#[derive(Serialize)]
struct Flagged<'a> {
    #[serde(flatten)]
    body: &'a OutboxBody,
    #[serde(flatten)]
    flags: SendFlags,
    /// Fitted to each recipient at send time (see `announced_card`).
    announced: AnnouncedRef,
}

fn span(secs: u64) -> Span {
    Span::of(Duration::seconds(
        i64::try_from(secs).unwrap_or(i64::MAX / 1_000),
    ))
}

impl Merchant {
    /// Sets the bulk-sending rates the estimates use (the wiring passes the configured ones).
    pub fn use_broadcast(&self, rates: BroadcastConfig) {
        *self.broadcast.write().unwrap_or_else(|p| p.into_inner()) = rates;
    }

    pub(crate) fn broadcast_rates(&self) -> BroadcastConfig {
        *self.broadcast.read().unwrap_or_else(|p| p.into_inner())
    }

    /// `/announce <sale> [all] [text]`: records a draft and asks to confirm.
    pub(crate) async fn ask_announce(&self, call: StaffCall<'_>) -> Result<Answer, Failure> {
        let StaffCall { turn, staff, args } = call;
        let Some((raw, rest)) = args.split_first() else {
            return Ok(Answer::new(Msg::new("announce-usage")));
        };
        let (audience, words) = match rest.split_first() {
            Some((w, more)) if w.eq_ignore_ascii_case("all") => (Audience::All, more),
            _ => (Audience::Subscribers, rest),
        };
        let note = words.join(" ");
        if note.chars().count() > MAX_NOTE_CHARS {
            return Ok(Answer::new(
                Msg::new("announce-too-long").arg("max", MAX_NOTE_CHARS as i64),
            ));
        }
        let sale = or_answer!(self.managed_sale(staff, &[*raw], "announce-usage").await?);
        if sale.status == SaleStatus::Cancelled || turn.now >= sale.draft.window.ends_at() {
            return Ok(Answer::new(
                Msg::new("announce-over").arg("sale", sale.id.get()),
            ));
        }
        let (count, skipped) = self
            .store
            .audience_counts(sale.id, audience)
            .await
            .map_err(|e| Failure::new("audience not counted", e).sale(sale.id))?;
        if count == 0 {
            return Ok(Answer::new(
                Msg::new("announce-nobody").arg("sale", sale.id.get()),
            ));
        }
        let note = (!note.is_empty()).then_some(note.as_str());
        let draft = self
            .store
            .create_announcement(sale.id, turn.user, audience, note, turn.now)
            .await
            .map_err(|e| Failure::new("announcement not stored", e).sale(sale.id))?;
        let rates = self.broadcast_rates();
        let est = Estimate::of(count, rates);
        let key = match audience {
            Audience::Subscribers => "announce-confirm-subscribers",
            Audience::All => "announce-confirm-all",
        };
        Ok(Answer::new(
            Msg::new(key)
                .arg("sale", sale.id.get())
                .arg("title", sale.draft.title.as_str())
                .arg("count", i64::from(count))
                .arg("skipped", i64::from(skipped)),
        )
        .line(
            Msg::new("announce-estimate-free")
                .arg("span", span(est.free_secs))
                .arg("rate", i64::from(rates.free_per_sec)),
        )
        .line(
            Msg::new("announce-estimate-paid")
                .arg("span", span(est.paid_secs))
                .arg("rate", i64::from(rates.paid_per_sec))
                .arg("stars", i64::try_from(est.paid_stars).unwrap_or(i64::MAX))
                .arg(
                    "stars_max",
                    i64::try_from(est.paid_stars_max).unwrap_or(i64::MAX),
                ),
        )
        .button(
            Msg::new("button-announce-send"),
            Action::Announce(draft.id, false),
        )
        .button(
            Msg::new("button-announce-paid"),
            Action::Announce(draft.id, true),
        )
        .button(
            Msg::new("button-announce-cancel"),
            Action::DropAnnouncement(draft.id),
        ))
    }

    /// The draft `id` if the presser may still act on it (its author, or an admin, who may
    /// still manage the sale); otherwise the answer to give (the inner `Err`).
    async fn own_announcement(
        &self,
        turn: &Turn,
        id: AnnouncementId,
    ) -> Result<Result<Announcement, Answer>, Failure> {
        let role = self
            .roles
            .role_of(&self.store, turn.user)
            .await
            .map_err(|e| Failure::new("role not read", e).user(turn.user))?;
        let a = match self.store.announcement(id).await {
            Ok(Some(a)) => a,
            Ok(None) => return Ok(Err(Answer::new(Msg::new("button-stale")))),
            Err(e) => {
                return Err(
                    Failure::new("announcement not read", e).about("announcement", id.get())
                );
            }
        };
        if !(role == Role::Admin || (role == Role::Merchant && a.actor == turn.user)) {
            tracing::info!(
                user = turn.user.get(),
                announcement = id.get(),
                "announcement refused"
            );
            return Ok(Err(Answer::new(Msg::new("staff-refused")).with_way_out()));
        }
        let raw = a.sale.to_string();
        let staff = Staff {
            user: turn.user,
            role,
        };
        if let Err(answer) = self
            .managed_sale(staff, &[raw.as_str()], "announce-usage")
            .await?
        {
            return Ok(Err(answer));
        }
        if a.state != AnnouncementState::Draft {
            return Ok(Err(Answer::new(Msg::new("announce-already"))));
        }
        Ok(Ok(a))
    }

    /// Send (or Send paid) pressed: the draft starts sending (once) and its messages are queued.
    pub(crate) async fn announce_confirmed(
        &self,
        turn: &Turn,
        id: AnnouncementId,
        paid: bool,
    ) -> Result<Answer, Failure> {
        let a = or_answer!(self.own_announcement(turn, id).await?);
        let mode = if paid {
            BroadcastMode::Paid
        } else {
            BroadcastMode::Free
        };
        match self.store.start_announcement(id, mode, turn.now).await {
            Ok(true) => {}
            Ok(false) => return Ok(Answer::new(Msg::new("announce-already"))),
            Err(e) => {
                return Err(
                    Failure::new("announcement not started", e).about("announcement", id.get())
                );
            }
        }
        let a = Announcement {
            mode,
            state: AnnouncementState::Sending,
            ..a
        };
        // If this fails, the status worker queues it again (idempotent) on its next pass.
        let queued = match self.queue_announcement(&a).await {
            Ok(n) => n,
            Err(e) => {
                tracing::error!(announcement = id.get(), error = %e, "announcement not queued yet");
                0
            }
        };
        tracing::info!(
            actor = turn.user.get(),
            sale = a.sale.get(),
            announcement = id.get(),
            paid,
            queued,
            "announcement started"
        );
        self.record(
            turn.user,
            "announce",
            format!("sale:{}", a.sale),
            json!({ "announcement": id.get(), "state": "draft" }),
            json!({
                "announcement": id.get(),
                "state": "sending",
                "mode": if paid { "paid" } else { "free" },
                "audience": if a.audience == Audience::All { "all" } else { "subscribers" },
                "queued": queued,
            }),
            turn.now,
        )
        .await;
        let key = if paid {
            "announce-started-paid"
        } else {
            "announce-started"
        };
        Ok(Answer::new(
            Msg::new(key).arg("count", i64::try_from(queued).unwrap_or(i64::MAX)),
        ))
    }

    /// Cancel pressed on the confirm step: the draft is dropped and nothing is sent.
    pub(crate) async fn drop_announcement(
        &self,
        turn: &Turn,
        id: AnnouncementId,
    ) -> Result<Answer, Failure> {
        if let Err(answer) = self.own_announcement(turn, id).await? {
            return Ok(answer);
        }
        match self
            .store
            .settle_announcement(
                id,
                AnnouncementState::Draft,
                AnnouncementState::Dropped,
                [0; 3],
                turn.now,
            )
            .await
        {
            Ok(true) => Ok(Answer::new(Msg::new("announce-dropped"))),
            Ok(false) => Ok(Answer::new(Msg::new("announce-already"))),
            Err(e) => {
                Err(Failure::new("announcement not dropped", e).about("announcement", id.get()))
            }
        }
    }

    /// Queues the announcement's messages (the card in English and Chinese, the merchant's
    /// words on top, paid flag by mode, Buy buttons fitted to each recipient when sent);
    /// queueing again adds only missing recipients.
    pub async fn queue_announcement(&self, a: &Announcement) -> Result<u64, StoreError> {
        let mut bodies = Vec::with_capacity(2);
        for locale in [Locale::En, Locale::ZhCn] {
            let Some(card) = self.browse.card_in(a.sale, locale).await? else {
                return Err(StoreError::NotFound);
            };
            let text = match &a.note {
                Some(note) => format!("{note}\n\n{}", card.text),
                None => card.text,
            };
            let row = card
                .buttons
                .into_iter()
                .map(|b| (b.label, b.payload))
                .collect::<Vec<_>>();
            let body = OutboxBody {
                text,
                buttons: if row.is_empty() {
                    Vec::new()
                } else {
                    vec![row]
                },
                lang: Some(locale.tag().to_owned()),
            };
            let flags = SendFlags {
                paid: a.mode == BroadcastMode::Paid,
            };
            let announced = AnnouncedRef {
                sale: a.sale.get(),
                locale: locale.code().to_owned(),
            };
            let json = serde_json::to_string(&Flagged {
                body: &body,
                flags,
                announced,
            })
            .map_err(|e| StoreError::Corrupt(e.to_string()))?;
            bodies.push(json);
        }
        let now = self.clock.now();
        self.store
            .queue_announcement(a, &bodies[0], &bodies[1], now)
            .await
    }
}
