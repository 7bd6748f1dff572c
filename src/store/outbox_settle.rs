//! Settling many claimed outbox messages in one statement (bulk sends write once per step).

use chrono::{DateTime, Utc};

use super::time::to_ms;
use super::{Store, StoreError};

impl Store {
    /// Marks the claimed messages `ids` sent, in one statement per 500 ids.
    pub async fn finish_messages_sent(
        &self,
        ids: &[i64],
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        for chunk in ids.chunks(500) {
            let marks: Vec<String> = (0..chunk.len()).map(|i| format!("${}", i + 2)).collect();
            let sql = format!(
                "UPDATE outbox SET state = 'sent', last_error = NULL, updated_at = $1 WHERE id IN ({})",
                marks.join(", ")
            );
            let mut q = sqlx::query(&sql).bind(to_ms(now));
            for id in chunk {
                q = q.bind(*id);
            }
            q.execute(self.pool()).await?;
        }
        Ok(())
    }

    /// Puts claimed messages back in the queue untouched (not an attempt): their turn had
    /// not come within the step.
    pub async fn unclaim_messages(&self, ids: &[i64]) -> Result<(), StoreError> {
        for chunk in ids.chunks(500) {
            let marks: Vec<String> = (0..chunk.len()).map(|i| format!("${}", i + 1)).collect();
            let sql = format!(
                "UPDATE outbox SET state = 'pending', attempts = attempts - 1 \
                 WHERE state = 'sending' AND id IN ({})",
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
