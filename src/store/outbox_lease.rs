//! Claims on outbox messages. A step claims due messages under a lease (`claimed`); each one
//! turns `sending` only just before its request, and only for the lease's holder. So a crash
//! leaves undecided exactly the requests that were in flight: after a restart `claimed`
//! messages go back to the queue (never sent) and `sending` ones become `unknown` (maybe
//! delivered; Telegram has no idempotency key, so they are not sent again).

use chrono::{DateTime, Utc};
use sqlx::Row;

use super::time::to_ms;
use super::{OutboxItem, Store, StoreError};

/// What recovery after a restart found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Interrupted {
    /// Claimed but never started: back in the queue.
    pub requeued: u64,
    /// Started but not settled: now `unknown`.
    pub unknown: u64,
}

impl Store {
    /// Claims up to `limit` due messages, oldest first, under a fresh lease. Safe with
    /// several workers: PostgreSQL skips rows another worker holds; SQLite writes serially.
    pub async fn claim_due_messages(
        &self,
        now: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<OutboxItem>, StoreError> {
        self.claim_due_messages_for(None, now, limit).await
    }

    /// `claim_due_messages` restricted to one chat when `chat` is given (the terminal chat
    /// must never take other people's messages).
    pub async fn claim_due_messages_for(
        &self,
        chat: Option<i64>,
        now: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<OutboxItem>, StoreError> {
        let lease: i64 = rand::random();
        let lock = self.skip_locked();
        let sql = format!(
            "UPDATE outbox SET state = 'claimed', lease = $4, attempts = attempts + 1, updated_at = $1 \
             WHERE id IN (SELECT id FROM outbox WHERE state = 'pending' AND not_before <= $1 \
                          AND ($3 IS NULL OR chat_id = $3) ORDER BY id LIMIT $2{lock}) \
             RETURNING id, chat_id, dedupe_key, campaign, body, attempts, lease"
        );
        let rows = sqlx::query(&sql)
            .bind(to_ms(now))
            .bind(i64::from(limit))
            .bind(chat)
            .bind(lease)
            .fetch_all(self.pool())
            .await?;
        let mut items = rows
            .iter()
            .map(|r| {
                Ok(OutboxItem {
                    id: r.try_get("id")?,
                    chat_id: r.try_get("chat_id")?,
                    dedupe_key: r.try_get("dedupe_key")?,
                    campaign: r.try_get("campaign")?,
                    body: r.try_get("body")?,
                    attempts: u32::try_from(r.try_get::<i64, _>("attempts")?).unwrap_or(u32::MAX),
                    lease: r.try_get("lease")?,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        items.sort_by_key(|i| i.id);
        Ok(items)
    }

    /// Marks a claimed message `sending`, just before its request; false when the claim was
    /// lost (a restart elsewhere put it back in the queue): then it must not be sent.
    pub async fn mark_sending(
        &self,
        item: &OutboxItem,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE outbox SET state = 'sending', updated_at = $3 \
             WHERE id = $1 AND state = 'claimed' AND lease = $2",
        )
        .bind(item.id)
        .bind(item.lease)
        .bind(to_ms(now))
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// After a crash: claimed messages go back to the queue (their attempt not counted), and
    /// messages left `sending` become `unknown` rather than risk a duplicate.
    pub async fn recover_interrupted_messages(
        &self,
        now: DateTime<Utc>,
    ) -> Result<Interrupted, StoreError> {
        let requeued = sqlx::query(
            "UPDATE outbox SET state = 'pending', lease = NULL, attempts = attempts - 1, updated_at = $1 \
             WHERE state = 'claimed'",
        )
        .bind(to_ms(now))
        .execute(self.pool())
        .await?
        .rows_affected();
        let unknown = sqlx::query(
            "UPDATE outbox SET state = 'unknown', \
             last_error = 'interrupted by a restart while sending; not resent to avoid a duplicate', \
             updated_at = $1 WHERE state = 'sending'",
        )
        .bind(to_ms(now))
        .execute(self.pool())
        .await?
        .rows_affected();
        Ok(Interrupted { requeued, unknown })
    }

    /// Puts claimed messages back in the queue untouched (not an attempt): their turn had
    /// not come within the step.
    pub async fn unclaim_messages(&self, ids: &[i64]) -> Result<(), StoreError> {
        for chunk in ids.chunks(500) {
            let marks: Vec<String> = (0..chunk.len()).map(|i| format!("${}", i + 1)).collect();
            let sql = format!(
                "UPDATE outbox SET state = 'pending', attempts = attempts - 1 \
                 WHERE state = 'claimed' AND id IN ({})",
                marks.join(", ")
            );
            let mut q = sqlx::query(&sql);
            for id in chunk {
                q = q.bind(*id);
            }
            q.execute(self.pool()).await?;
        }
        Ok(())
    }
}
