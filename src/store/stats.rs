//! A sale's sales over time: when its live orders were placed, counted per time bucket.

use chrono::{DateTime, Utc};
use sqlx::Row;

use super::time::{from_ms, to_ms};
use super::{Store, StoreError};
use crate::domain::SaleId;

/// Orders that still hold units (pending or paid) are the ones a sales chart counts.
const LIVE: &str = "state IN ('pending', 'paid')";

/// Units sold in one time bucket: `index` buckets after the chart's origin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SalesBucket {
    /// Which bucket (0 = the one starting at the origin).
    pub index: i64,
    /// Units of the orders placed in it.
    pub units: i64,
    /// How many orders were placed in it.
    pub orders: i64,
}

impl Store {
    /// When the first and the last live order of a sale were placed; `None` without any.
    pub async fn order_span(
        &self,
        sale: SaleId,
    ) -> Result<Option<(DateTime<Utc>, DateTime<Utc>)>, StoreError> {
        let sql = format!(
            "SELECT MIN(created_at) AS first_at, MAX(created_at) AS last_at \
             FROM orders WHERE sale_id = $1 AND {LIVE}"
        );
        let row = sqlx::query(&sql)
            .bind(sale.get())
            .fetch_one(self.pool())
            .await?;
        let first: Option<i64> = row.try_get("first_at")?;
        let last: Option<i64> = row.try_get("last_at")?;
        match (first, last) {
            (Some(f), Some(l)) => Ok(Some((from_ms(f)?, from_ms(l)?))),
            _ => Ok(None),
        }
    }

    /// Units and orders of a sale's live orders per bucket of `bucket_ms` counted from
    /// `origin`, in bucket order; buckets without orders are left out, as are orders placed
    /// before `origin`.
    pub async fn sales_per_bucket(
        &self,
        sale: SaleId,
        origin: DateTime<Utc>,
        bucket_ms: i64,
    ) -> Result<Vec<SalesBucket>, StoreError> {
        if bucket_ms <= 0 {
            return Err(StoreError::Config("a chart bucket must be positive".into()));
        }
        let sql = format!(
            "SELECT (created_at - $2) / $3 AS bucket, \
               CAST(SUM(quantity) AS BIGINT) AS units, COUNT(*) AS orders \
             FROM orders WHERE sale_id = $1 AND created_at >= $2 AND {LIVE} \
             GROUP BY 1 ORDER BY 1"
        );
        let rows = sqlx::query(&sql)
            .bind(sale.get())
            .bind(to_ms(origin))
            .bind(bucket_ms)
            .fetch_all(self.pool())
            .await?;
        rows.iter()
            .map(|r| {
                Ok(SalesBucket {
                    index: r.try_get("bucket")?,
                    units: r.try_get("units")?,
                    orders: r.try_get("orders")?,
                })
            })
            .collect()
    }
}
