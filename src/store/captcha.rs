//! Captchas solved, per sale and user.

use chrono::{DateTime, Utc};

use super::query::user_id_of;
use super::time::to_ms;
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
}
