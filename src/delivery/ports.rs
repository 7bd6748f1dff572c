//! What a transport and the app plug into delivery: the sender, the renderer of stored
//! bodies, and the observer told about throttling.

use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::message::{OutboxBody, SendOutcome};
use crate::store::OutboxItem;

/// Sends one message to one chat (the Bot API in production, the screen in the terminal).
#[async_trait]
pub trait MessageSender: Send + Sync {
    /// Sends `body` to `chat`.
    async fn send(&self, chat: i64, body: &OutboxBody) -> SendOutcome;

    /// Sends `body` as a paid broadcast (`allow_paid_broadcast`); senders without paid
    /// broadcasts send it as usual.
    async fn send_paid(&self, chat: i64, body: &OutboxBody) -> SendOutcome {
        self.send(chat, body).await
    }
}

/// Turns a queued body into the one sent now (e.g. a reminder rendered in the language the
/// user has at send time). Called before pacing: nothing may come between a slot and a send.
#[async_trait]
pub trait BodyRenderer: Send + Sync {
    /// The body to send for `item`, whose stored body parsed as `stored`.
    async fn render(&self, item: &OutboxItem, stored: OutboxBody) -> OutboxBody;
}

/// Sends bodies as they were queued.
pub struct StoredBodies;

#[async_trait]
impl BodyRenderer for StoredBodies {
    async fn render(&self, _item: &OutboxItem, stored: OutboxBody) -> OutboxBody {
        stored
    }
}

/// Hears what delivery cannot fix by itself (the app tells the admins).
#[async_trait]
pub trait DeliveryObserver: Send + Sync {
    /// The transport asked every send to wait `retry_after` (Telegram's 429).
    async fn throttled(&self, retry_after: Duration, now: DateTime<Utc>);
}
