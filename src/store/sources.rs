//! Where buyers came from: the deep link a user last opened for a sale (`sale_referrals`),
//! the post a press came from, and a sale's buyers and units by source for `/stats`.

use chrono::{DateTime, Utc};
use sqlx::Row;

use super::time::to_ms;
use super::{Store, StoreError};
use crate::domain::{OrderSource, SaleId, UserId};

/// Buyers and units of one sale from one source (pending and paid orders).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SourceCount {
    /// `None`: direct (no post, no share).
    pub source: Option<OrderSource>,
    pub buyers: i64,
    pub units: i64,
}

impl Store {
    /// Remembers that `user` opened a link to `sale` from `source` (the latest one wins).
    pub async fn note_referral(
        &self,
        user: UserId,
        sale: SaleId,
        source: OrderSource,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO sale_referrals (user_id, sale_id, source, updated_at) \
             VALUES ($1, $2, $3, $4) \
             ON CONFLICT (user_id, sale_id) DO UPDATE SET source = excluded.source, \
               updated_at = excluded.updated_at",
        )
        .bind(user.get())
        .bind(sale.get())
        .bind(source.code())
        .bind(to_ms(now))
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// The id of the sale post that is message `message_id` in `chat_id`, if it is one.
    pub async fn post_at(&self, chat_id: i64, message_id: i64) -> Result<Option<i64>, StoreError> {
        let row = sqlx::query("SELECT id FROM sale_posts WHERE chat_id = $1 AND message_id = $2")
            .bind(chat_id)
            .bind(message_id)
            .fetch_optional(self.pool())
            .await?;
        Ok(match row {
            Some(row) => Some(row.try_get("id")?),
            None => None,
        })
    }

    /// A sale's buyers and units by source (pending and paid orders), most units first;
    /// a stored code this version cannot read counts as direct.
    pub async fn sale_sources(&self, sale: SaleId) -> Result<Vec<SourceCount>, StoreError> {
        let rows = sqlx::query(
            "SELECT source, CAST(COUNT(DISTINCT buyer_id) AS BIGINT) AS buyers, \
               CAST(COALESCE(SUM(quantity), 0) AS BIGINT) AS units \
             FROM orders WHERE sale_id = $1 AND state IN ('pending', 'paid') GROUP BY source",
        )
        .bind(sale.get())
        .fetch_all(self.pool())
        .await?;
        let mut out: Vec<SourceCount> = Vec::with_capacity(rows.len());
        for row in &rows {
            let code: Option<String> = row.try_get("source")?;
            let source = code.as_deref().and_then(OrderSource::parse);
            let (buyers, units): (i64, i64) = (row.try_get("buyers")?, row.try_get("units")?);
            match out.iter_mut().find(|c| c.source == source) {
                Some(c) => {
                    c.buyers += buyers;
                    c.units += units;
                }
                None => out.push(SourceCount {
                    source,
                    buyers,
                    units,
                }),
            }
        }
        out.sort_by(|a, b| b.units.cmp(&a.units).then(b.buyers.cmp(&a.buyers)));
        Ok(out)
    }
}
