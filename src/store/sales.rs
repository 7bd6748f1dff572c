//! Sales: create, read, list, cancel, restock; and the per-sale order counters.

use chrono::{DateTime, Utc};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::query::Bound;
use super::time::{from_ms, to_ms};
use super::{Store, StoreError};
use crate::domain::{
    Currency, Money, PerUserLimit, Sale, SaleDraft, SaleId, SaleStatus, SaleWindow, Stock, Title,
    UserId,
};

pub(super) const SALE_COLUMNS: &str = "id, title, keywords, price_minor, currency, stock, per_user_limit, \
                            starts_at, ends_at, owner_id, status, captcha";

/// A sale's units by order state, as the store counts them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SaleCounts {
    pub stock: u32,
    /// Units of pending and paid orders, as kept by the schema's triggers.
    pub live_units: u32,
    pub pending_units: u32,
    pub paid_units: u32,
    pub orders: u32,
    /// Units held in the gate for open waitlist offers (not on sale, not an order yet).
    pub held_units: u32,
}

impl SaleCounts {
    /// Units still available according to the store (what the gate should say too).
    pub fn remaining(&self) -> u32 {
        self.stock
            .saturating_sub(self.live_units)
            .saturating_sub(self.held_units)
    }
}

fn count(v: i64) -> u32 {
    u32::try_from(v.max(0)).unwrap_or(u32::MAX)
}

pub(super) fn sale_from_row(row: &AnyRow) -> Result<Sale, StoreError> {
    let keywords: String = row.try_get("keywords")?;
    let keywords: Vec<String> = serde_json::from_str(&keywords)
        .map_err(|e| StoreError::Corrupt(format!("sale keywords: {e}")))?;
    let currency: String = row.try_get("currency")?;
    let status: String = row.try_get("status")?;
    let draft = SaleDraft::new(
        Title::parse(&row.try_get::<String, _>("title")?)?,
        keywords,
        Money::from_minor(row.try_get("price_minor")?, Currency::parse(&currency)?)?,
        Stock::parse(row.try_get("stock")?)?,
        PerUserLimit::parse(row.try_get("per_user_limit")?)?,
        SaleWindow::new(
            from_ms(row.try_get("starts_at")?)?,
            from_ms(row.try_get("ends_at")?)?,
        )?,
        UserId::parse(row.try_get("owner_id")?)?,
    )?
    .with_captcha(row.try_get::<i64, _>("captcha")? != 0);
    Ok(Sale {
        id: SaleId::parse(row.try_get("id")?)?,
        draft,
        status: SaleStatus::parse(&status)?,
    })
}

/// The sale's keywords as stored (a JSON array).
fn keywords_json(draft: &SaleDraft) -> Result<String, StoreError> {
    serde_json::to_string(&draft.keywords).map_err(|e| StoreError::Corrupt(e.to_string()))
}

/// Binds the draft's fields as stored, in column order: title, keywords, price_minor,
/// currency, stock, per_user_limit, starts_at, ends_at.
pub(super) fn bind_draft<'q>(q: Bound<'q>, draft: &'q SaleDraft) -> Result<Bound<'q>, StoreError> {
    Ok(q.bind(draft.title.as_str())
        .bind(keywords_json(draft)?)
        .bind(draft.price.minor())
        .bind(draft.price.currency().code())
        .bind(i64::from(draft.stock.get()))
        .bind(i64::from(draft.per_user_limit.get()))
        .bind(to_ms(draft.window.starts_at()))
        .bind(to_ms(draft.window.ends_at())))
}

/// Inserts an active sale through `exec` (the pool, or a transaction) and returns its id.
pub(super) async fn insert_sale<'e, E>(
    exec: E,
    draft: &SaleDraft,
    now: DateTime<Utc>,
) -> Result<SaleId, StoreError>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let q = sqlx::query(
        "INSERT INTO sales (title, keywords, price_minor, currency, stock, per_user_limit, \
         starts_at, ends_at, owner_id, status, captcha, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'active', $11, $10, $10) RETURNING id",
    );
    let row = bind_draft(q, draft)?
        .bind(draft.owner.get())
        .bind(to_ms(now))
        .bind(i64::from(draft.captcha))
        .fetch_one(exec)
        .await?;
    Ok(SaleId::parse(row.try_get("id")?)?)
}

impl Store {
    /// Stores a new sale and returns it with its id.
    pub async fn create_sale(
        &self,
        draft: &SaleDraft,
        now: DateTime<Utc>,
    ) -> Result<Sale, StoreError> {
        let id = insert_sale(self.pool(), draft, now).await?;
        Ok(Sale {
            id,
            draft: draft.clone(),
            status: SaleStatus::Active,
        })
    }

    /// One sale by id.
    pub async fn sale(&self, id: SaleId) -> Result<Option<Sale>, StoreError> {
        let sql = format!("SELECT {SALE_COLUMNS} FROM sales WHERE id = $1");
        let q = sqlx::query(&sql).bind(id.get());
        self.row(q, sale_from_row).await
    }

    /// Sales that have not ended by `now` (live and upcoming, cancelled included), soonest first.
    pub async fn current_sales(&self, now: DateTime<Utc>) -> Result<Vec<Sale>, StoreError> {
        let sql = format!(
            "SELECT {SALE_COLUMNS} FROM sales WHERE ends_at > $1 ORDER BY starts_at, id LIMIT 500"
        );
        let q = sqlx::query(&sql).bind(to_ms(now));
        self.rows(q, sale_from_row).await
    }

    /// Every sale, newest first (bounded).
    pub async fn all_sales(&self, limit: u32) -> Result<Vec<Sale>, StoreError> {
        let sql = format!("SELECT {SALE_COLUMNS} FROM sales ORDER BY id DESC LIMIT $1");
        let q = sqlx::query(&sql).bind(i64::from(limit));
        self.rows(q, sale_from_row).await
    }

    /// Marks a sale cancelled; returns false when it already was (or does not exist).
    pub async fn cancel_sale(&self, id: SaleId, now: DateTime<Utc>) -> Result<bool, StoreError> {
        let q = sqlx::query(
            "UPDATE sales SET status = 'cancelled', updated_at = $2 WHERE id = $1 AND status = 'active'",
        )
        .bind(id.get())
        .bind(to_ms(now));
        Ok(self.changed(q).await? == 1)
    }

    /// Units by order state for one sale; `live_units` is the trigger-kept counter.
    pub async fn sale_counts(&self, id: SaleId) -> Result<SaleCounts, StoreError> {
        let row = sqlx::query(
            "SELECT s.stock, s.live_units, \
               CAST(COALESCE(SUM(CASE WHEN o.state = 'pending' THEN o.quantity ELSE 0 END), 0) AS BIGINT) AS pending_units, \
               CAST(COALESCE(SUM(CASE WHEN o.state = 'paid' THEN o.quantity ELSE 0 END), 0) AS BIGINT) AS paid_units, \
               COUNT(o.id) AS orders, \
               (SELECT CAST(COALESCE(SUM(w.quantity), 0) AS BIGINT) FROM waitlist_offers w \
                 WHERE w.sale_id = s.id AND w.state = 'offered') AS held_units \
             FROM sales s LEFT JOIN orders o ON o.sale_id = s.id \
             WHERE s.id = $1 GROUP BY s.id, s.stock, s.live_units",
        )
        .bind(id.get())
        .fetch_optional(self.pool())
        .await?
        .ok_or(StoreError::NotFound)?;
        Ok(SaleCounts {
            stock: count(row.try_get("stock")?),
            live_units: count(row.try_get("live_units")?),
            pending_units: count(row.try_get("pending_units")?),
            paid_units: count(row.try_get("paid_units")?),
            orders: count(row.try_get("orders")?),
            held_units: count(row.try_get("held_units")?),
        })
    }
}
