//! What goes through the outbox: a rendered body, its delivery flags, and how one send ended.

use std::time::Duration as StdDuration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::store::{Store, StoreError};

/// A rendered message: text and rows of (label, assistant payload) buttons; the sender
/// signs the payloads for the recipient.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxBody {
    pub text: String,
    #[serde(default)]
    pub buttons: Vec<Vec<(String, String)>>,
    /// The language it is written in, as a tag its signed buttons carry (`en`, `zh`), so a
    /// press of one is answered in it at once; `None` in messages queued before it was kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
}

impl OutboxBody {
    /// Queues this body for `chat`, due now, once per `key`; false when `key` was queued before.
    pub async fn queue(
        &self,
        store: &Store,
        chat: i64,
        key: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let body = serde_json::to_string(self).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        store
            .enqueue_message(chat, key, None, &body, now, now)
            .await
    }
}

/// Delivery flags read from the same JSON as [`OutboxBody`] (other bodies lack them).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SendFlags {
    /// Sent with `allow_paid_broadcast` and paced at the paid rate.
    #[serde(default)]
    pub paid: bool,
}

/// What the transport answered to one send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendOutcome {
    Sent,
    /// 429: wait this long before sending anything.
    RetryAfter(StdDuration),
    /// 403 and friends: the user blocked the bot or is gone.
    Blocked,
    /// Network trouble or a server error: try again later.
    Transient(String),
    /// The transport refused this message for good (e.g. bad request).
    Permanent(String),
}

impl SendOutcome {
    /// A short label for logs and metrics.
    pub fn name(&self) -> &'static str {
        match self {
            SendOutcome::Sent => "sent",
            SendOutcome::RetryAfter(_) => "retry_after",
            SendOutcome::Blocked => "blocked",
            SendOutcome::Transient(_) => "transient",
            SendOutcome::Permanent(_) => "permanent",
        }
    }
}
