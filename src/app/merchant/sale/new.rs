//! `/newsale`: the guided dialogue (one question per field, a bad answer explained and asked
//! again, a preview card with Confirm / Edit / Cancel) and the one-line form that goes
//! straight to the preview. The dialogue lives in the store, so a restart resumes it.
//!
//! While a merchant is mid-dialogue their plain text answers it (never the NLU); `/cancel`
//! drops it; other commands and buttons are answered as usual and the dialogue waits;
//! `/newsale` alone shows the pending question again, `/newsale <form>` replaces the draft.

use serde_json::json;

use crate::app::assistant::Turn;
use crate::app::failure::Failure;
use crate::app::merchant::Merchant;
use crate::app::merchant::commands::StaffCall;
use crate::app::merchant::sale::dialogue::Dialogue;
use crate::app::merchant::sale::draft::{DraftPress, ask, field_picker, preview};
use crate::app::merchant::sale::fields::{Ctx, Field};
use crate::app::merchant::sale::values::example_start;
use crate::app::turn::answer::Answer;
use crate::app::turn::commands::rank;
use crate::i18n::Msg;
use crate::store::Role;

/// Characters that are control characters other than line breaks and tabs.
fn has_control(raw: &str) -> bool {
    raw.chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
}

impl Merchant {
    /// The clock and zone answers are read against.
    pub(crate) fn ctx(&self, turn: &Turn) -> Ctx {
        Ctx {
            now: turn.now,
            tz: self.tz,
        }
    }

    /// `/newsale` (start or resume the dialogue) or `/newsale "Title" key=value …`.
    pub(crate) async fn new_sale(&self, call: StaffCall<'_>) -> Result<Answer, Failure> {
        let StaffCall { turn, args, .. } = call;
        if args.is_empty() {
            return Ok(match self.load_dialogue(turn).await? {
                Some((d, _)) => {
                    Answer::new(Msg::new("newsale-resumed")).merge(d.prompt(self.tz, turn.now))
                }
                None => {
                    let d = Dialogue {
                        asking: Some(Field::Title),
                        ..Dialogue::default()
                    };
                    self.save_dialogue(turn, &d).await?;
                    tracing::info!(user = turn.user.get(), "newsale dialogue started");
                    Answer::new(Msg::new("newsale-intro")).merge(d.prompt(self.tz, turn.now))
                }
            });
        }
        match self.one_line(turn, &args.join(" ")) {
            Ok(fields) => {
                let d = Dialogue {
                    fields,
                    ..Dialogue::default()
                };
                self.save_dialogue(turn, &d).await?;
                Ok(d.prompt(self.tz, turn.now))
            }
            Err(refusal) => Ok(refusal
                .line(Msg::new("newsale-usage").arg("example", example_start(turn.now, self.tz)))),
        }
    }

    /// Plain text (and `/cancel`) from a user mid-dialogue; `None` when it is not theirs.
    pub(crate) async fn dialogue_turn(
        &self,
        turn: &Turn,
        raw: &str,
    ) -> Option<Result<Answer, Failure>> {
        // Only the private chat with the bot answers a dialogue, never a group.
        if turn.chat.0 != turn.user.get() || !self.in_dialogue(turn.user).await {
            return None;
        }
        let trimmed = raw.trim();
        if let Some(command) = trimmed.strip_prefix('/') {
            let name = command.split_whitespace().next().unwrap_or_default();
            let name = name.split('@').next().unwrap_or_default().to_lowercase();
            if name != "cancel" {
                return None;
            }
            self.end_dialogue(turn.user).await;
            tracing::info!(user = turn.user.get(), "newsale dialogue cancelled");
            return Some(Ok(Answer::new(Msg::new("newsale-cancelled"))));
        }
        let (mut d, _) = match self.load_dialogue(turn).await {
            Ok(Some(found)) => found,
            Ok(None) => return None,
            Err(failure) => return Some(Err(failure)),
        };
        if d.last_request.as_deref() == Some(turn.request.as_str()) {
            return Some(Ok(d.prompt(self.tz, turn.now)));
        }
        let Some(field) = d.asking else {
            return Some(Ok(
                Answer::new(Msg::new("newsale-use-buttons")).merge(d.prompt(self.tz, turn.now))
            ));
        };
        if has_control(raw) {
            return Some(Ok(
                Answer::new(Msg::new("field-control")).merge(ask(field, self.tz, turn.now))
            ));
        }
        let text = trimmed.split_whitespace().collect::<Vec<_>>().join(" ");
        if let Err(msg) = d.fields.apply(field, &text, self.ctx(turn), true) {
            tracing::info!(
                user = turn.user.get(),
                field = field.name(),
                "answer refused"
            );
            return Some(Ok(Answer::new(msg).merge(ask(field, self.tz, turn.now))));
        }
        d.asking = if d.editing {
            None
        } else {
            d.fields.first_missing()
        };
        if d.asking.is_none() {
            d.editing = false;
        }
        d.last_request = Some(turn.request.as_str().to_owned());
        Some(
            self.save_dialogue(turn, &d)
                .await
                .map(|_| d.prompt(self.tz, turn.now)),
        )
    }

    /// A press on the preview card or the field picker.
    pub(crate) async fn on_draft_press(
        &self,
        turn: &Turn,
        press: DraftPress,
    ) -> Result<Answer, Failure> {
        let Some((mut d, version)) = self.load_dialogue(turn).await? else {
            return Ok(Answer::new(Msg::new("newsale-nothing-pending")));
        };
        Ok(match press {
            DraftPress::Cancel => {
                self.end_dialogue(turn.user).await;
                Answer::new(Msg::new("newsale-cancelled"))
            }
            DraftPress::Edit => field_picker(),
            DraftPress::Field(f) => {
                d.asking = Some(f);
                d.editing = d.fields.first_missing().is_none();
                self.save_dialogue(turn, &d).await?;
                d.prompt(self.tz, turn.now)
            }
            DraftPress::Confirm if d.asking.is_some() => d.prompt(self.tz, turn.now),
            DraftPress::Confirm => self.confirm_draft(turn, &d, version).await?,
        })
    }

    /// Creates the sale of a previewed draft, once: the dialogue at `version` ends with it.
    async fn confirm_draft(
        &self,
        turn: &Turn,
        d: &Dialogue,
        version: i64,
    ) -> Result<Answer, Failure> {
        match self.roles.role_of(&self.store, turn.user).await {
            Ok(role) if rank(role) >= rank(Role::Merchant) => {}
            Ok(_) => return Ok(Answer::new(Msg::new("staff-refused"))),
            Err(e) => return Err(Failure::new("role not read", e).user(turn.user)),
        }
        let starts = d
            .fields
            .start_ms
            .and_then(chrono::DateTime::from_timestamp_millis);
        if starts.is_none_or(|s| s <= turn.now) {
            return Ok(Answer::new(Msg::new("field-start-past")).merge(preview(&d.fields, self.tz)));
        }
        let draft = match d.fields.draft(turn.user) {
            Ok(draft) => draft,
            Err(msg) => return Ok(Answer::new(msg).merge(preview(&d.fields, self.tz))),
        };
        let sale = match self
            .store
            .confirm_dialogue(turn.user, version, &draft, turn.now)
            .await
        {
            Ok(Some(sale)) => sale,
            Ok(None) => return Ok(Answer::new(Msg::new("newsale-nothing-pending"))),
            Err(e) => return Err(Failure::new("sale not created", e).user(turn.user)),
        };
        self.dialogue_users.clear();
        self.flag_dialogue_closed(turn.user).await;
        // Customers see the sale at once; the gate holds it before its first press.
        self.load_gate(sale.id).await;
        self.browse.sales_changed();
        tracing::info!(user = turn.user.get(), sale = sale.id.get(), "sale created");
        self.record(
            turn.user,
            "create-sale",
            format!("sale:{}", sale.id),
            json!(null),
            json!(d.fields),
            turn.now,
        )
        .await;
        self.tell_watchers(&sale, turn.now).await;
        Ok(Answer::new(
            Msg::new("newsale-created")
                .arg("sale", sale.id.get())
                .arg("title", sale.draft.title.as_str()),
        ))
    }
}
