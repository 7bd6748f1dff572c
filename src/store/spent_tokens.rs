//! Buy tokens that bought (`spent_buy_tokens`): remembered for a button's whole lifetime so
//! a replay is refused across restarts.

use chrono::{DateTime, Utc};
use sqlx::Row;

use super::time::to_ms;
use super::{Store, StoreError};
use crate::domain::{OrderId, RequestId, SaleId};

impl Store {
    /// Records that the press `request` of Buy token `token` bought `order` (the first record
    /// of a token stays).
    pub async fn record_spent_token(
        &self,
        token: &str,
        request: &RequestId,
        order: OrderId,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let sql = spent_tokens_sql(1);
        let q = sqlx::query(&sql)
            .bind(token)
            .bind(request.as_str())
            .bind(order.get())
            .bind(to_ms(now));
        self.run(q).await
    }

    /// The press that spent `token` and the order it bought, if it did.
    pub async fn spent_token(
        &self,
        token: &str,
    ) -> Result<Option<(RequestId, OrderId)>, StoreError> {
        let row = sqlx::query("SELECT request_id, order_id FROM spent_buy_tokens WHERE token = $1")
            .bind(token)
            .fetch_optional(self.pool())
            .await?;
        row.map(|r| {
            let request: String = r.try_get("request_id")?;
            Ok((
                RequestId::parse(&request)?,
                OrderId::parse(r.try_get("order_id")?)?,
            ))
        })
        .transpose()
    }

    /// Every token spent on an order of `sale`, with its press and order: at most `max` of
    /// them (a caller that gets `max` should assume there are more).
    pub async fn spent_tokens_of_sale(
        &self,
        sale: SaleId,
        max: u32,
    ) -> Result<Vec<(String, RequestId, OrderId)>, StoreError> {
        let q = sqlx::query(
            "SELECT t.token, t.request_id, t.order_id FROM spent_buy_tokens t \
             JOIN orders o ON o.id = t.order_id WHERE o.sale_id = $1 LIMIT $2",
        )
        .bind(sale.get())
        .bind(i64::from(max));
        self.rows(q, |r| {
            let request: String = r.try_get("request_id")?;
            Ok((
                r.try_get("token")?,
                RequestId::parse(&request)?,
                OrderId::parse(r.try_get("order_id")?)?,
            ))
        })
        .await
    }

    /// Deletes tokens spent before `cutoff` (their buttons have expired); returns how many.
    pub async fn forget_spent_tokens_before(
        &self,
        cutoff: DateTime<Utc>,
    ) -> Result<u64, StoreError> {
        let q = sqlx::query("DELETE FROM spent_buy_tokens WHERE spent_at < $1").bind(to_ms(cutoff));
        self.changed(q).await
    }
}

/// The statement recording `n` spent tokens (token, request, order, when), keeping the first
/// record of a token.
pub(super) fn spent_tokens_sql(n: usize) -> String {
    let values: Vec<String> = (0..n)
        .map(|i| {
            format!(
                "(${}, ${}, ${}, ${})",
                4 * i + 1,
                4 * i + 2,
                4 * i + 3,
                4 * i + 4
            )
        })
        .collect();
    format!(
        "INSERT INTO spent_buy_tokens (token, request_id, order_id, spent_at) VALUES {} \
         ON CONFLICT (token) DO NOTHING",
        values.join(", ")
    )
}
