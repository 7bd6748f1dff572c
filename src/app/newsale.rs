//! `/newsale`: the guided dialogue (one question per field, a bad answer explained and asked
//! again, a preview card with Confirm / Edit / Cancel) and the one-line form that goes
//! straight to the preview. The dialogue lives in the store, so a restart resumes it.
//!
//! While a merchant is mid-dialogue their plain text answers it (never the NLU); `/cancel`
//! drops it; other commands and buttons are answered as usual and the dialogue waits;
//! `/newsale` alone shows the pending question again, `/newsale <form>` replaces the draft.

use serde_json::json;

use super::admin::{Staff, rank, try_again};
use super::answer::Answer;
use super::assistant::{Assistant, Turn};
use super::dialogue::Dialogue;
use super::draft_card::{DraftPress, ask, field_picker, preview};
use super::sale_fields::{Ctx, Field};
use super::sale_values::example_start;
use crate::i18n::Msg;
use crate::store::Role;

/// Characters that are control characters other than line breaks and tabs.
fn has_control(raw: &str) -> bool {
    raw.chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
}

impl Assistant {
    /// The clock and zone answers are read against.
    pub(crate) fn ctx(&self, turn: &Turn) -> Ctx {
        Ctx {
            now: turn.now,
            tz: self.tz,
        }
    }

    /// `/newsale` (start or resume the dialogue) or `/newsale "Title" key=value …`.
    pub(crate) async fn new_sale(&self, turn: &Turn, _staff: Staff, args: &[&str]) -> Answer {
        if args.is_empty() {
            return match self.load_dialogue(turn).await {
                Err(a) => a,
                Ok(Some((d, _))) => {
                    Answer::new(Msg::new("newsale-resumed")).merge(d.prompt(self.tz, turn.now))
                }
                Ok(None) => {
                    let d = Dialogue {
                        asking: Some(Field::Title),
                        ..Dialogue::default()
                    };
                    if let Err(a) = self.save_dialogue(turn, &d).await {
                        return a;
                    }
                    tracing::info!(user = turn.user.get(), "newsale dialogue started");
                    Answer::new(Msg::new("newsale-intro")).merge(d.prompt(self.tz, turn.now))
                }
            };
        }
        match self.one_line(turn, &args.join(" ")) {
            Ok(fields) => {
                let d = Dialogue {
                    fields,
                    ..Dialogue::default()
                };
                match self.save_dialogue(turn, &d).await {
                    Ok(_) => d.prompt(self.tz, turn.now),
                    Err(a) => a,
                }
            }
            Err(refusal) => refusal
                .line(Msg::new("newsale-usage").arg("example", example_start(turn.now, self.tz))),
        }
    }

    /// Plain text (and `/cancel`) from a user mid-dialogue; `None` when it is not theirs.
    pub(crate) async fn dialogue_turn(&self, turn: &Turn, raw: &str) -> Option<Answer> {
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
            return Some(Answer::new(Msg::new("newsale-cancelled")));
        }
        let (mut d, _) = match self.load_dialogue(turn).await {
            Ok(Some(found)) => found,
            Ok(None) => return None,
            Err(a) => return Some(a),
        };
        if d.last_request.as_deref() == Some(turn.request.as_str()) {
            return Some(d.prompt(self.tz, turn.now));
        }
        let Some(field) = d.asking else {
            return Some(
                Answer::new(Msg::new("newsale-use-buttons")).merge(d.prompt(self.tz, turn.now)),
            );
        };
        if has_control(raw) {
            return Some(
                Answer::new(Msg::new("field-control")).merge(ask(field, self.tz, turn.now)),
            );
        }
        let text = trimmed.split_whitespace().collect::<Vec<_>>().join(" ");
        if let Err(msg) = d.fields.apply(field, &text, self.ctx(turn), true) {
            tracing::info!(
                user = turn.user.get(),
                field = field.name(),
                "answer refused"
            );
            return Some(Answer::new(msg).merge(ask(field, self.tz, turn.now)));
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
        Some(match self.save_dialogue(turn, &d).await {
            Ok(_) => d.prompt(self.tz, turn.now),
            Err(a) => a,
        })
    }

    /// A press on the preview card or the field picker.
    pub(crate) async fn on_draft_press(&self, turn: &Turn, press: DraftPress) -> Answer {
        let (mut d, version) = match self.load_dialogue(turn).await {
            Ok(Some(found)) => found,
            Ok(None) => return Answer::new(Msg::new("newsale-nothing-pending")),
            Err(a) => return a,
        };
        match press {
            DraftPress::Cancel => {
                self.end_dialogue(turn.user).await;
                Answer::new(Msg::new("newsale-cancelled"))
            }
            DraftPress::Edit => field_picker(),
            DraftPress::Field(f) => {
                d.asking = Some(f);
                d.editing = d.fields.first_missing().is_none();
                match self.save_dialogue(turn, &d).await {
                    Ok(_) => d.prompt(self.tz, turn.now),
                    Err(a) => a,
                }
            }
            DraftPress::Confirm if d.asking.is_some() => d.prompt(self.tz, turn.now),
            DraftPress::Confirm => self.confirm_draft(turn, &d, version).await,
        }
    }

    /// Creates the sale of a previewed draft, once: the dialogue at `version` ends with it.
    async fn confirm_draft(&self, turn: &Turn, d: &Dialogue, version: i64) -> Answer {
        match self.roles.role_of(&self.store, turn.user).await {
            Ok(role) if rank(role) >= rank(Role::Merchant) => {}
            Ok(_) => return Answer::new(Msg::new("staff-refused")),
            Err(e) => {
                tracing::error!(user = turn.user.get(), error = %e, "role not read");
                return try_again();
            }
        }
        let starts = d
            .fields
            .start_ms
            .and_then(chrono::DateTime::from_timestamp_millis);
        if starts.is_none_or(|s| s <= turn.now) {
            return Answer::new(Msg::new("field-start-past")).merge(preview(&d.fields, self.tz));
        }
        let draft = match d.fields.draft(turn.user) {
            Ok(draft) => draft,
            Err(msg) => return Answer::new(msg).merge(preview(&d.fields, self.tz)),
        };
        let sale = match self
            .store
            .confirm_dialogue(turn.user, version, &draft, turn.now)
            .await
        {
            Ok(Some(sale)) => sale,
            Ok(None) => return Answer::new(Msg::new("newsale-nothing-pending")),
            Err(e) => {
                tracing::error!(user = turn.user.get(), error = %e, "sale not created");
                return try_again();
            }
        };
        self.dialogue_users.clear();
        // Customers see and can buy the sale at once; the gate loads it on the first buy.
        self.sales.clear();
        self.catalogs.clear();
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
        Answer::new(
            Msg::new("newsale-created")
                .arg("sale", sale.id.get())
                .arg("title", sale.draft.title.as_str()),
        )
    }
}
