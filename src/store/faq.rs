//! Merchant-written answers by topic: shop-wide (sale 0) and per sale.

use chrono::{DateTime, Utc};
use sqlx::Row;

use super::time::to_ms;
use super::{Store, StoreError};
use crate::domain::{SaleId, UserId};

/// The row key of the shop-wide answers.
const SHOP: i64 = 0;

fn scope(sale: Option<SaleId>) -> i64 {
    sale.map_or(SHOP, SaleId::get)
}

impl Store {
    /// Writes (or replaces) one answer; returns the one it replaced.
    pub async fn put_faq(
        &self,
        sale: Option<SaleId>,
        topic: &str,
        answer: &str,
        author: UserId,
        now: DateTime<Utc>,
    ) -> Result<Option<String>, StoreError> {
        let mut tx = self.pool().begin().await?;
        let before: Option<String> =
            sqlx::query("SELECT answer FROM faq_answers WHERE sale_id = $1 AND topic = $2")
                .bind(scope(sale))
                .bind(topic)
                .fetch_optional(&mut *tx)
                .await?
                .map(|r| r.try_get("answer"))
                .transpose()?;
        sqlx::query(
            "INSERT INTO faq_answers (sale_id, topic, answer, author_id, updated_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (sale_id, topic) DO UPDATE SET \
             answer = excluded.answer, author_id = excluded.author_id, updated_at = excluded.updated_at",
        )
        .bind(scope(sale))
        .bind(topic)
        .bind(answer)
        .bind(author.get())
        .bind(to_ms(now))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(before)
    }

    /// Removes one answer (every topic when `topic` is `None`); returns how many went.
    pub async fn clear_faq(
        &self,
        sale: Option<SaleId>,
        topic: Option<&str>,
    ) -> Result<u64, StoreError> {
        let done = match topic {
            Some(t) => {
                sqlx::query("DELETE FROM faq_answers WHERE sale_id = $1 AND topic = $2")
                    .bind(scope(sale))
                    .bind(t)
                    .execute(self.pool())
                    .await?
            }
            None => {
                sqlx::query("DELETE FROM faq_answers WHERE sale_id = $1")
                    .bind(scope(sale))
                    .execute(self.pool())
                    .await?
            }
        };
        Ok(done.rows_affected())
    }

    /// Every answer of one scope (the shop's when `sale` is `None`), by topic.
    pub async fn faq_answers(
        &self,
        sale: Option<SaleId>,
    ) -> Result<Vec<(String, String)>, StoreError> {
        let rows =
            sqlx::query("SELECT topic, answer FROM faq_answers WHERE sale_id = $1 ORDER BY topic")
                .bind(scope(sale))
                .fetch_all(self.pool())
                .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("topic")?, r.try_get("answer")?)))
            .collect()
    }

    /// The answer to `topic`: the sale's own, else the shop's.
    pub async fn faq_answer(
        &self,
        sale: Option<SaleId>,
        topic: &str,
    ) -> Result<Option<String>, StoreError> {
        let row = sqlx::query(
            "SELECT answer FROM faq_answers WHERE topic = $1 AND (sale_id = $2 OR sale_id = $3) \
             ORDER BY sale_id DESC LIMIT 1",
        )
        .bind(topic)
        .bind(scope(sale))
        .bind(SHOP)
        .fetch_optional(self.pool())
        .await?;
        row.map(|r| r.try_get("answer"))
            .transpose()
            .map_err(Into::into)
    }
}
