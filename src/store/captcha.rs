//! Captchas solved, per sale and user, and when a user was first seen (for the new-user
//! burst alert).

use chrono::{DateTime, Utc};
use sqlx::Row;

use super::query::user_id_of;
use super::time::{from_ms, to_ms};
use super::{Store, StoreError};
use crate::domain::{SaleId, UserId};

impl Store {
    /// Records that `user` solved the captcha of `sale` (again is a no-op).
    pub async fn record_captcha_solved(
        &self,
        sale: SaleId,
        user: UserId,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let q = sqlx::query(
            "INSERT INTO captcha_solves (sale_id, user_id, solved_at) VALUES ($1, $2, $3) \
             ON CONFLICT (sale_id, user_id) DO NOTHING",
        )
        .bind(sale.get())
        .bind(user.get())
        .bind(to_ms(now));
        self.run(q).await
    }

    /// Every user who solved the captcha of `sale`.
    pub async fn captcha_solvers(&self, sale: SaleId) -> Result<Vec<UserId>, StoreError> {
        let q =
            sqlx::query("SELECT user_id FROM captcha_solves WHERE sale_id = $1").bind(sale.get());
        self.rows(q, user_id_of).await
    }

    /// Like [`Store::greet_user`], also returning when the user was first recorded.
    pub async fn greet_user_first_seen(
        &self,
        id: UserId,
        now: DateTime<Utc>,
    ) -> Result<(Option<String>, DateTime<Utc>), StoreError> {
        let row = sqlx::query(
            "INSERT INTO users (id, created_at, updated_at) VALUES ($1, $2, $2) \
             ON CONFLICT (id) DO UPDATE SET updated_at = $2 \
             RETURNING language, created_at",
        )
        .bind(id.get())
        .bind(to_ms(now))
        // On the press path of every new user in a rush: not worth a disk flush each.
        .fetch_one(self.relaxed_pool())
        .await?;
        Ok((
            row.try_get("language")?,
            from_ms(row.try_get("created_at")?)?,
        ))
    }
}
