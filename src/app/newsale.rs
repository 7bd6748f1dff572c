//! `/newsale`: the guided dialogue (one question per field, a bad answer explained and asked
//! again, a preview card with Confirm / Edit / Cancel) and the one-line form that goes
//! straight to the preview. The dialogue lives in the store, so a restart resumes it.
//!
//! While a merchant is mid-dialogue their plain text answers it (never the NLU); `/cancel`
//! drops it; other commands and buttons are answered as usual and the dialogue waits;
//! `/newsale` alone shows the pending question again, `/newsale <form>` replaces the draft.

use std::collections::HashSet;
use std::sync::Arc;

use chrono::Duration;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::admin::{Staff, rank, try_again};
use super::answer::Answer;
use super::assistant::{Assistant, Turn};
use super::draft_card::{DraftPress, ask, field_picker, preview};
use super::sale_args::{ArgsError, SaleArgs};
use super::sale_fields::{Ctx, Field, Fields};
use crate::domain::UserId;
use crate::i18n::Msg;
use crate::store::Role;

/// A dialogue untouched this long is dropped.
const STALE_AFTER_HOURS: i64 = 24;

/// Where a `/newsale` dialogue stands (stored as JSON).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Dialogue {
    pub fields: Fields,
    /// The question awaiting an answer; `None` while the preview card is showing.
    pub asking: Option<Field>,
    /// Whether the answer returns to the preview (after Edit) instead of the next question.
    pub editing: bool,
}

impl Dialogue {
    /// What to show next: the pending question or the preview.
    fn prompt(&self, tz: chrono_tz::Tz) -> Answer {
        match self.asking {
            Some(f) => ask(f, tz),
            None => preview(&self.fields, tz),
        }
    }
}

/// Characters that are control characters other than line breaks and tabs.
fn has_control(raw: &str) -> bool {
    raw.chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
}

impl Assistant {
    fn ctx(&self, turn: &Turn) -> Ctx {
        Ctx {
            now: turn.now,
            tz: self.tz,
        }
    }

    /// Whether `user` has a dialogue open (from a set refreshed at most every second).
    async fn in_dialogue(&self, user: UserId) -> bool {
        if let Some(set) = self.dialogue_users.get(&()) {
            return set.contains(&user);
        }
        match self.store.dialogue_users().await {
            Ok(users) => {
                let set: Arc<HashSet<UserId>> = Arc::new(users.into_iter().collect());
                self.dialogue_users.put((), set.clone());
                set.contains(&user)
            }
            Err(e) => {
                tracing::error!(error = %e, "dialogue users not read");
                false
            }
        }
    }

    /// The user's open dialogue and its version (a stale one is dropped).
    async fn load_dialogue(&self, turn: &Turn) -> Result<Option<(Dialogue, i64)>, Answer> {
        let stored = self.store.dialogue(turn.user).await.map_err(|e| {
            tracing::error!(user = turn.user.get(), error = %e, "dialogue not read");
            try_again()
        })?;
        let Some(d) = stored else { return Ok(None) };
        let state = serde_json::from_str::<Dialogue>(&d.state);
        let stale = d.updated_at < turn.now - Duration::hours(STALE_AFTER_HOURS);
        match state {
            Ok(state) if !stale => Ok(Some((state, d.version))),
            other => {
                if let Err(e) = &other {
                    tracing::warn!(user = turn.user.get(), error = %e, "unreadable dialogue dropped");
                }
                self.end_dialogue(turn.user).await;
                Ok(None)
            }
        }
    }

    async fn save_dialogue(&self, turn: &Turn, d: &Dialogue) -> Result<i64, Answer> {
        let json = serde_json::to_string(d).map_err(|e| {
            tracing::error!(error = %e, "dialogue not serialised");
            try_again()
        })?;
        let version = self
            .store
            .put_dialogue(turn.user, &json, turn.now)
            .await
            .map_err(|e| {
                tracing::error!(user = turn.user.get(), error = %e, "dialogue not stored");
                try_again()
            })?;
        self.dialogue_users.clear();
        Ok(version)
    }

    async fn end_dialogue(&self, user: UserId) {
        if let Err(e) = self.store.drop_dialogue(user).await {
            tracing::error!(user = user.get(), error = %e, "dialogue not dropped");
        }
        self.dialogue_users.clear();
    }

    /// `/newsale` (start or resume the dialogue) or `/newsale "Title" key=value …`.
    pub(crate) async fn new_sale(&self, turn: &Turn, _staff: Staff, args: &[&str]) -> Answer {
        if args.is_empty() {
            return match self.load_dialogue(turn).await {
                Err(a) => a,
                Ok(Some((d, _))) => {
                    Answer::new(Msg::new("newsale-resumed")).merge(d.prompt(self.tz))
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
                    Answer::new(Msg::new("newsale-intro")).merge(d.prompt(self.tz))
                }
            };
        }
        match self.one_line(turn, &args.join(" ")) {
            Ok(fields) => {
                let d = Dialogue {
                    fields,
                    asking: None,
                    editing: false,
                };
                match self.save_dialogue(turn, &d).await {
                    Ok(_) => d.prompt(self.tz),
                    Err(a) => a,
                }
            }
            Err(refusal) => refusal.line(Msg::new("newsale-usage")),
        }
    }

    /// The fields of a one-line `/newsale`, or the first thing wrong with it.
    fn one_line(&self, turn: &Turn, text: &str) -> Result<Fields, Box<Answer>> {
        let args = SaleArgs::parse(text).map_err(|e| Box::new(Answer::new(args_error(e))))?;
        let mut pairs = args.pairs;
        match (
            args.words.as_slice(),
            pairs.iter().any(|(f, _)| *f == Field::Title),
        ) {
            ([title], false) => pairs.insert(0, (Field::Title, title.clone())),
            ([], true) => {}
            ([], false) => {}
            ([_, extra, ..], _) | ([extra, ..], true) => {
                return Err(Box::new(Answer::new(
                    Msg::new("args-extra").arg("word", extra.as_str()),
                )));
            }
        }
        let missing: Vec<&str> = Field::ALL
            .into_iter()
            .filter(|f| !matches!(f, Field::Keywords | Field::Captcha))
            .filter(|f| pairs.iter().all(|(g, _)| g != f))
            .map(Field::name)
            .collect();
        if !missing.is_empty() {
            return Err(Box::new(Answer::new(
                Msg::new("newsale-missing").arg("fields", missing.join(", ")),
            )));
        }
        let mut fields = Fields::default();
        for field in Field::ALL {
            if let Some((_, value)) = pairs.iter().find(|(f, _)| *f == field) {
                fields
                    .apply(field, value, self.ctx(turn), true)
                    .map_err(|m| Box::new(field_error(field, m)))?;
            }
        }
        fields.keywords.get_or_insert_with(Vec::new);
        fields.captcha.get_or_insert(false);
        Ok(fields)
    }

    /// Plain text (and `/cancel`) from a user mid-dialogue; `None` when it is not theirs.
    pub(crate) async fn dialogue_turn(&self, turn: &Turn, raw: &str) -> Option<Answer> {
        if !self.in_dialogue(turn.user).await {
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
        let Some(field) = d.asking else {
            return Some(Answer::new(Msg::new("newsale-use-buttons")).merge(d.prompt(self.tz)));
        };
        if has_control(raw) {
            return Some(Answer::new(Msg::new("field-control")).merge(ask(field, self.tz)));
        }
        let text = trimmed.split_whitespace().collect::<Vec<_>>().join(" ");
        if let Err(msg) = d.fields.apply(field, &text, self.ctx(turn), true) {
            tracing::info!(
                user = turn.user.get(),
                field = field.name(),
                "answer refused"
            );
            return Some(Answer::new(msg).merge(ask(field, self.tz)));
        }
        d.asking = if d.editing {
            None
        } else {
            d.fields.first_missing()
        };
        if d.asking.is_none() {
            d.editing = false;
        }
        Some(match self.save_dialogue(turn, &d).await {
            Ok(_) => d.prompt(self.tz),
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
                    Ok(_) => d.prompt(self.tz),
                    Err(a) => a,
                }
            }
            DraftPress::Confirm if d.asking.is_some() => d.prompt(self.tz),
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
        Answer::new(
            Msg::new("newsale-created")
                .arg("sale", sale.id.get())
                .arg("title", sale.draft.title.as_str()),
        )
    }
}

/// A refused field, named, with the reason.
pub(crate) fn field_error(field: Field, reason: Msg) -> Answer {
    Answer::new(Msg::new("field-refused").arg("field", field.name())).line(reason)
}

/// The refusal for arguments that could not be read.
pub(crate) fn args_error(e: ArgsError) -> Msg {
    match e {
        ArgsError::Unclosed => Msg::new("args-unclosed"),
        ArgsError::Unknown(k) => Msg::new("args-unknown").arg("key", k),
        ArgsError::Duplicate(k) => Msg::new("args-duplicate").arg("key", k),
        ArgsError::Extra(w) => Msg::new("args-extra").arg("word", w),
    }
}
