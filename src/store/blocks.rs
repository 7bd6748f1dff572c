//! Users an admin blocked from buying: set, cleared, and listed for the buy path's blocklist.

use chrono::{DateTime, Utc};

use super::query::user_id_of;
use super::time::to_ms;
use super::{Store, StoreError};
use crate::domain::UserId;

impl Store {
    /// Blocks or unblocks `id` (creating the user if new); returns whether they were blocked.
    pub async fn set_blocked(
        &self,
        id: UserId,
        blocked: bool,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let before = self.user(id).await?.is_some_and(|u| u.blocked);
        sqlx::query(
            "INSERT INTO users (id, blocked, created_at, updated_at) VALUES ($1, $2, $3, $3) \
             ON CONFLICT (id) DO UPDATE SET blocked = excluded.blocked, updated_at = $3",
        )
        .bind(id.get())
        .bind(blocked)
        .bind(to_ms(now))
        .execute(self.pool())
        .await?;
        Ok(before)
    }

    /// Every user an admin blocked from buying.
    pub async fn blocked_users(&self) -> Result<Vec<UserId>, StoreError> {
        let q = sqlx::query("SELECT id AS user_id FROM users WHERE blocked ORDER BY id");
        self.rows(q, user_id_of).await
    }
}
