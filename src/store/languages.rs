//! A user's chosen language as the conversation needs it: record the user, read or set it.
//!
//! Only text columns are read, so this works on every backend of the `Any` driver.

use chrono::{DateTime, Utc};
use sqlx::Row;

use super::time::to_ms;
use super::{Store, StoreError};
use crate::domain::UserId;

impl Store {
    /// Records a user seen in a conversation and returns the language they chose with
    /// `/lang`, if any (the transport's code is not stored: it follows the user's app).
    pub async fn greet_user(
        &self,
        id: UserId,
        now: DateTime<Utc>,
    ) -> Result<Option<String>, StoreError> {
        let row = sqlx::query(
            "INSERT INTO users (id, created_at, updated_at) VALUES ($1, $2, $2) \
             ON CONFLICT (id) DO UPDATE SET updated_at = $2 \
             RETURNING language",
        )
        .bind(id.get())
        .bind(to_ms(now))
        .fetch_one(self.pool())
        .await?;
        Ok(row.try_get("language")?)
    }

    /// Stores the language a user chose, recording the user if they are new.
    pub async fn choose_language(
        &self,
        id: UserId,
        language: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let q = sqlx::query(
            "INSERT INTO users (id, language, created_at, updated_at) VALUES ($1, $2, $3, $3) \
             ON CONFLICT (id) DO UPDATE SET language = excluded.language, updated_at = $3",
        )
        .bind(id.get())
        .bind(language)
        .bind(to_ms(now));
        self.run(q).await
    }

    /// Notes the language `id` was just answered in (not a choice: `/lang` stays the
    /// choice), for the messages sent to them later on the bot's own initiative.
    pub async fn note_seen_language(&self, id: UserId, language: &str) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE users SET seen_language = $2 WHERE id = $1              AND (seen_language IS NULL OR seen_language <> $2)",
        )
        .bind(id.get())
        .bind(language)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// The language to write to `id` in, unasked: their `/lang` choice, else the one they
    /// were last seen in; `None` for a user never seen.
    pub async fn language_to_write_in(&self, id: UserId) -> Result<Option<String>, StoreError> {
        let row = sqlx::query("SELECT language, seen_language FROM users WHERE id = $1")
            .bind(id.get())
            .fetch_optional(self.pool())
            .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let chosen: Option<String> = row.try_get("language")?;
        let seen: Option<String> = row.try_get("seen_language")?;
        Ok(chosen.or(seen))
    }
}
