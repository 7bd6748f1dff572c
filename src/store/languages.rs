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
}
