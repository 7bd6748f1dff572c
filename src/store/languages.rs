//! A user's language as the conversation needs it: record the user, read or set the choice.
//!
//! Only text columns are read, so this works on every backend of the `Any` driver.

use chrono::{DateTime, Utc};
use sqlx::Row;

use super::time::to_ms;
use super::{Store, StoreError};
use crate::domain::UserId;

impl Store {
    /// Records a user seen in a conversation and returns their stored language (the first
    /// code seen, or the one chosen with `/lang`).
    pub async fn greet_user(
        &self,
        id: UserId,
        language_code: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Option<String>, StoreError> {
        let row = sqlx::query(
            "INSERT INTO users (id, language, created_at, updated_at) VALUES ($1, $2, $3, $3) \
             ON CONFLICT (id) DO UPDATE SET language = COALESCE(users.language, excluded.language), \
               updated_at = $3 \
             RETURNING language",
        )
        .bind(id.get())
        .bind(language_code)
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
        sqlx::query(
            "INSERT INTO users (id, language, created_at, updated_at) VALUES ($1, $2, $3, $3) \
             ON CONFLICT (id) DO UPDATE SET language = excluded.language, updated_at = $3",
        )
        .bind(id.get())
        .bind(language)
        .bind(to_ms(now))
        .execute(self.pool())
        .await?;
        Ok(())
    }
}
