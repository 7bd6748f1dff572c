//! Conversation context per chat: an opaque JSON state with an expiry instant (unix ms,
//! from the app's clock, compared against the app's clock on read).

use chrono::{DateTime, Utc};
use sqlx::Row;

use super::time::to_ms;
use super::{Store, StoreError};

impl Store {
    /// The chat's context state, unless it expired by `now`.
    pub async fn conversation_context(
        &self,
        chat: i64,
        now: DateTime<Utc>,
    ) -> Result<Option<String>, StoreError> {
        let row = sqlx::query(
            "SELECT state FROM conversation_context WHERE chat_id = $1 AND expires_at > $2",
        )
        .bind(chat)
        .bind(to_ms(now))
        .fetch_optional(self.pool())
        .await?;
        Ok(row.map(|r| r.try_get("state")).transpose()?)
    }

    /// Stores the chat's context state until `expires_at` (replacing any earlier one).
    pub async fn put_conversation_context(
        &self,
        chat: i64,
        state: &str,
        expires_at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let q = sqlx::query(
            "INSERT INTO conversation_context (chat_id, state, expires_at) VALUES ($1, $2, $3) \
             ON CONFLICT (chat_id) DO UPDATE SET state = excluded.state, \
             expires_at = excluded.expires_at",
        )
        .bind(chat)
        .bind(state)
        .bind(to_ms(expires_at));
        self.run(q).await
    }

    /// Forgets the chat's context.
    pub async fn drop_conversation_context(&self, chat: i64) -> Result<(), StoreError> {
        let q = sqlx::query("DELETE FROM conversation_context WHERE chat_id = $1").bind(chat);
        self.run(q).await
    }
}
