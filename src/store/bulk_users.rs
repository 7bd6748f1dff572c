//! Many users at once, subscribed to a sale, for benchmarks (one statement each).

use chrono::{DateTime, Utc};

use super::time::to_ms;
use super::{Store, StoreError};
use crate::domain::SaleId;

impl Store {
    /// Adds users `first ..= first + n - 1` (active, no language) subscribed to `sale` for
    /// reminders; users already there are left as they are.
    pub async fn add_subscribed_users(
        &self,
        sale: SaleId,
        first: i64,
        n: u32,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        if n == 0 {
            return Ok(());
        }
        let range = "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < $2) ";
        sqlx::query(&format!(
            "{range}INSERT INTO users (id, active, created_at, updated_at) \
             SELECT $1 + i, TRUE, $3, $3 FROM n WHERE TRUE ON CONFLICT (id) DO NOTHING"
        ))
        .bind(first)
        .bind(i64::from(n) - 1)
        .bind(to_ms(now))
        .execute(self.pool())
        .await?;
        sqlx::query(&format!(
            "{range}INSERT INTO subscriptions (sale_id, user_id, kind, created_at) \
             SELECT $4, $1 + i, 'reminder', $3 FROM n WHERE TRUE ON CONFLICT DO NOTHING"
        ))
        .bind(first)
        .bind(i64::from(n) - 1)
        .bind(to_ms(now))
        .bind(sale.get())
        .execute(self.pool())
        .await?;
        Ok(())
    }
}
