//! Where a merchant's `/newsale` dialogue stands, kept in the store so a restart resumes it,
//! and the in-process set of users with one open (so other users' text costs no SQL). With
//! Redis, an open dialogue also has a flag `<prefix>dlg:<user>` (24 h), so an answer reaching
//! another instance before its set is refreshed still goes to the dialogue.

use std::collections::HashSet;
use std::sync::Arc;

use chrono::Duration;
use serde::{Deserialize, Serialize};

use crate::app::assistant::Turn;
use crate::app::failure::{Context, Failure};
use crate::app::merchant::Merchant;
use crate::app::merchant::sale::draft::{ask, preview};
use crate::app::merchant::sale::fields::{Field, Fields};
use crate::app::turn::answer::Answer;
use crate::domain::UserId;

/// The shared flag of `user`'s open dialogue.
fn flag(user: UserId) -> String {
    format!("dlg:{}", user.get())
}

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
    /// The update that gave the last answer: a redelivered copy is not applied twice.
    #[serde(default)]
    pub last_request: Option<String>,
}

impl Dialogue {
    /// What to show next: the pending question or the preview.
    pub(crate) fn prompt(&self, tz: chrono_tz::Tz, now: chrono::DateTime<chrono::Utc>) -> Answer {
        match self.asking {
            Some(f) => ask(f, tz, now),
            None => preview(&self.fields, tz),
        }
    }
}

impl Merchant {
    /// Whether `user` has a dialogue open (from a set refreshed at most every second).
    pub(crate) async fn in_dialogue(&self, user: UserId) -> bool {
        let known = self.known_in_dialogue(user).await;
        if known {
            return true;
        }
        // Opened on another instance since this one's set was read: Redis has its flag.
        match &self.shared {
            Some(shared) => shared.exists(&flag(user)).await.unwrap_or_else(|e| {
                tracing::warn!(error = %e, "shared dialogue flag not read");
                false
            }),
            None => false,
        }
    }

    /// Marks `user`'s dialogue open (or closed) for every instance, when Redis is configured.
    async fn flag_dialogue(&self, user: UserId, open: bool) {
        let Some(shared) = &self.shared else { return };
        let ttl = std::time::Duration::from_secs(STALE_AFTER_HOURS.unsigned_abs() * 3600);
        let done = match open {
            true => shared.set(&flag(user), "1", ttl).await,
            false => shared.del(&flag(user)).await,
        };
        if let Err(e) = done {
            tracing::warn!(user = user.get(), error = %e, "shared dialogue flag not written");
        }
    }

    /// Clears the shared flag once a dialogue ended in a sale.
    pub(crate) async fn flag_dialogue_closed(&self, user: UserId) {
        self.flag_dialogue(user, false).await;
    }

    /// Whether this instance's set (refreshed at most every second) has `user`.
    async fn known_in_dialogue(&self, user: UserId) -> bool {
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
    pub(crate) async fn load_dialogue(
        &self,
        turn: &Turn,
    ) -> Result<Option<(Dialogue, i64)>, Failure> {
        let stored = self
            .store
            .dialogue(turn.user)
            .await
            .map_err(|e| Failure::new("dialogue not read", e).user(turn.user))?;
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

    pub(crate) async fn save_dialogue(&self, turn: &Turn, d: &Dialogue) -> Result<i64, Failure> {
        let json = serde_json::to_string(d).context("dialogue not serialised")?;
        let version = self
            .store
            .put_dialogue(turn.user, &json, turn.now)
            .await
            .map_err(|e| Failure::new("dialogue not stored", e).user(turn.user))?;
        self.dialogue_users.clear();
        self.flag_dialogue(turn.user, true).await;
        Ok(version)
    }

    pub(crate) async fn end_dialogue(&self, user: UserId) {
        if let Err(e) = self.store.drop_dialogue(user).await {
            tracing::error!(user = user.get(), error = %e, "dialogue not dropped");
        }
        self.dialogue_users.clear();
        self.flag_dialogue(user, false).await;
    }
}
