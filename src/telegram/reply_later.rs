//! Replies the Bot API refused (429, 5xx, a timeout) become outbox messages keyed by the
//! request, so a buyer told nothing because Telegram failed still hears "you got it" once it
//! is back, exactly once (the outbox's dedupe key), paced like any bulk send.
//!
//! A timed-out send may in fact have reached Telegram, which has no idempotency key: the
//! queued copy can then arrive twice. A lost "you got it" is worse than a repeated one.

use crate::app::Reply;
use crate::domain::RequestId;
use crate::store::Store;
use chrono::{DateTime, Utc};

/// Queues `replies` (the ones not sent yet, the first being number `first` of the answer)
/// for `chat`; failures are logged, since there is nowhere left to report them.
pub(crate) async fn queue_unsent(
    store: &Store,
    chat: i64,
    request: &RequestId,
    first: usize,
    replies: &[Reply],
    now: DateTime<Utc>,
) {
    for (i, reply) in replies.iter().enumerate() {
        let body = reply.outbox_body();
        let key = format!("reply:{request}:{}", first + i);
        let queued = match serde_json::to_string(&body) {
            Ok(json) => store
                .enqueue_message(chat, &key, None, &json, now, now)
                .await
                .map_err(|e| e.to_string()),
            Err(e) => Err(e.to_string()),
        };
        match queued {
            Ok(_) => tracing::warn!(chat, %request, "reply not delivered; queued in the outbox"),
            Err(e) => tracing::error!(chat, %request, error = %e, "reply lost: not queued"),
        }
    }
}
