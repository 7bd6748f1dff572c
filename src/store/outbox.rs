//! The outbox table: messages waiting to be sent and their fate (claims and leases are in
//! `outbox_lease.rs`).

use chrono::{DateTime, Utc};
use sqlx::Row;

use super::time::to_ms;
use super::{Store, StoreError};

/// One message to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxItem {
    pub id: i64,
    pub chat_id: i64,
    pub dedupe_key: String,
    pub campaign: Option<String>,
    /// The rendered message as JSON (`telegram::outbox::OutboxBody`).
    pub body: String,
    pub attempts: u32,
    /// The claim this item was taken under: only its holder may send it.
    pub lease: i64,
}

/// How a campaign's messages stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OutboxCounts {
    pub pending: u32,
    pub sent: u32,
    pub blocked: u32,
    pub failed: u32,
    /// Requests a crash cut short: they may or may not have arrived, and are not resent.
    pub unknown: u32,
}

impl OutboxCounts {
    /// Every message of the campaign.
    pub fn total(&self) -> u32 {
        self.pending + self.sent + self.blocked + self.failed + self.unknown
    }
}

impl Store {
    /// Queues a message; false when one with the same dedupe key was queued before.
    pub async fn enqueue_message(
        &self,
        chat_id: i64,
        dedupe_key: &str,
        campaign: Option<&str>,
        body: &str,
        not_before: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let q = sqlx::query(
            "INSERT INTO outbox (chat_id, dedupe_key, campaign, body, not_before, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $6) ON CONFLICT (dedupe_key) DO NOTHING",
        )
        .bind(chat_id)
        .bind(dedupe_key)
        .bind(campaign)
        .bind(body)
        .bind(to_ms(not_before))
        .bind(to_ms(now));
        Ok(self.changed(q).await? == 1)
    }

    /// Records the fate of a claimed message: `sent`, `blocked` or `failed`.
    pub async fn finish_message(
        &self,
        id: i64,
        state: &'static str,
        error: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let q = sqlx::query(
            "UPDATE outbox SET state = $2, last_error = $3, updated_at = $4 WHERE id = $1",
        )
        .bind(id)
        .bind(state)
        .bind(error)
        .bind(to_ms(now));
        self.run(q).await
    }

    /// Puts a claimed message back in the queue, not to be sent before `not_before`.
    pub async fn retry_message(
        &self,
        id: i64,
        not_before: DateTime<Utc>,
        error: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let q = sqlx::query(
            "UPDATE outbox SET state = 'pending', not_before = $2, last_error = $3, updated_at = $4 \
             WHERE id = $1",
        )
        .bind(id)
        .bind(to_ms(not_before))
        .bind(error)
        .bind(to_ms(now));
        self.run(q).await
    }

    /// Puts a claimed message back unsent (not an attempt), not to be sent before `not_before`.
    pub async fn defer_message(
        &self,
        id: i64,
        not_before: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let q = sqlx::query(
            "UPDATE outbox SET state = 'pending', not_before = $2, attempts = attempts - 1 WHERE id = $1",
        )
        .bind(id)
        .bind(to_ms(not_before));
        self.run(q).await
    }

    /// Marks a user inactive (they blocked the bot).
    pub async fn mark_user_inactive(
        &self,
        user_id: i64,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let q = sqlx::query("UPDATE users SET active = FALSE, updated_at = $2 WHERE id = $1")
            .bind(user_id)
            .bind(to_ms(now));
        self.run(q).await
    }

    /// Message counts by state for one campaign (or for everything with `None`).
    pub async fn outbox_counts(&self, campaign: Option<&str>) -> Result<OutboxCounts, StoreError> {
        let rows = sqlx::query(
            "SELECT state, COUNT(*) AS n FROM outbox WHERE ($1 IS NULL OR campaign = $1) GROUP BY state",
        )
        .bind(campaign)
        .fetch_all(self.pool())
        .await?;
        let mut c = OutboxCounts::default();
        for r in &rows {
            let state: String = r.try_get("state")?;
            let n = u32::try_from(r.try_get::<i64, _>("n")?).unwrap_or(u32::MAX);
            match state.as_str() {
                "pending" | "claimed" | "sending" => c.pending += n,
                "sent" => c.sent += n,
                "blocked" => c.blocked += n,
                "unknown" => c.unknown += n,
                _ => c.failed += n,
            }
        }
        Ok(c)
    }
}
