//! Sales about to start (or live), so the gate can be loaded before their first press.

use chrono::{DateTime, Utc};

use super::sales::{SALE_COLUMNS, sale_from_row};
use super::time::to_ms;
use super::{Store, StoreError};
use crate::domain::Sale;

impl Store {
    /// Active sales that start by `until` and have not ended by `now`, soonest start first
    /// (bounded).
    pub async fn sales_starting_by(
        &self,
        now: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<Vec<Sale>, StoreError> {
        let sql = format!(
            "SELECT {SALE_COLUMNS} FROM sales WHERE status = 'active' AND starts_at <= $1 \
             AND ends_at > $2 ORDER BY starts_at, id LIMIT 500"
        );
        let rows = sqlx::query(&sql)
            .bind(to_ms(until))
            .bind(to_ms(now))
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(sale_from_row).collect()
    }
}
