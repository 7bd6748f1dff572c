//! Restocking a sale in SQL: `stock += n` in one statement, only while the sale can still sell.

use chrono::{DateTime, Utc};
use sqlx::Row;

use super::time::to_ms;
use super::{Store, StoreError};
use crate::domain::{MAX_STOCK, SaleId};

/// The sale's stock before and after a restock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Restocked {
    pub before: u32,
    pub after: u32,
}

impl Store {
    /// Adds `units` to an active sale that has not ended at `now`, keeping the stock within
    /// `MAX_STOCK`; `None` when the sale is cancelled, over, unknown or would grow too big.
    /// The CHECKs (`live_units <= stock`, `per_user_limit <= stock`) hold since stock only grows.
    pub async fn restock_sale(
        &self,
        sale: SaleId,
        units: u32,
        now: DateTime<Utc>,
    ) -> Result<Option<Restocked>, StoreError> {
        let row = sqlx::query(
            "UPDATE sales SET stock = stock + $2, updated_at = $3 \
             WHERE id = $1 AND status = 'active' AND ends_at > $3 AND stock + $2 <= $4 \
             RETURNING stock",
        )
        .bind(sale.get())
        .bind(i64::from(units))
        .bind(to_ms(now))
        .bind(i64::from(MAX_STOCK))
        .fetch_optional(self.pool())
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let after: i64 = row.try_get("stock")?;
        let after = u32::try_from(after).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        Ok(Some(Restocked {
            before: after - units,
            after,
        }))
    }
}
