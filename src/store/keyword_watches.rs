//! Keyword watches: "tell me when there is a sale of X", offered, accepted, told once.

use chrono::{DateTime, Utc};
use sqlx::Row;

use super::time::to_ms;
use super::{Store, StoreError};
use crate::domain::{SaleId, UserId};

/// One accepted watch waiting for a matching sale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeywordWatch {
    pub id: i64,
    pub user: UserId,
    pub keyword: String,
    pub locale: String,
}

impl Store {
    /// Records the offer of a watch on `keyword` to `user`; returns its id.
    pub async fn offer_watch(
        &self,
        user: UserId,
        keyword: &str,
        locale: &str,
        now: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        let row = sqlx::query(
            "INSERT INTO keyword_watches (user_id, keyword, locale, state, created_at) \
             VALUES ($1, $2, $3, 'offered', $4) RETURNING id",
        )
        .bind(user.get())
        .bind(keyword)
        .bind(locale)
        .bind(to_ms(now))
        .fetch_one(self.pool())
        .await?;
        Ok(row.try_get("id")?)
    }

    /// Accepts an offered watch of `user` (idempotent); the keyword, or `None` when the
    /// watch is not theirs or already told.
    pub async fn accept_watch(&self, id: i64, user: UserId) -> Result<Option<String>, StoreError> {
        sqlx::query(
            "UPDATE keyword_watches SET state = 'active' \
             WHERE id = $1 AND user_id = $2 AND state = 'offered'",
        )
        .bind(id)
        .bind(user.get())
        .execute(self.pool())
        .await?;
        let row = sqlx::query(
            "SELECT keyword FROM keyword_watches WHERE id = $1 AND user_id = $2 AND state = 'active'",
        )
        .bind(id)
        .bind(user.get())
        .fetch_optional(self.pool())
        .await?;
        row.map(|r| r.try_get("keyword"))
            .transpose()
            .map_err(Into::into)
    }

    /// Every accepted watch not told yet (bounded).
    pub async fn active_watches(&self) -> Result<Vec<KeywordWatch>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, user_id, keyword, locale FROM keyword_watches \
             WHERE state = 'active' ORDER BY id LIMIT 10000",
        )
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(KeywordWatch {
                    id: r.try_get("id")?,
                    user: UserId::parse(r.try_get("user_id")?)?,
                    keyword: r.try_get("keyword")?,
                    locale: r.try_get("locale")?,
                })
            })
            .collect()
    }

    /// Marks a watch told about `sale`; false when it was told already.
    pub async fn watch_told(&self, id: i64, sale: SaleId) -> Result<bool, StoreError> {
        let q = sqlx::query(
            "UPDATE keyword_watches SET state = 'told', told_sale = $2 \
             WHERE id = $1 AND state = 'active'",
        )
        .bind(id)
        .bind(sale.get());
        Ok(self.changed(q).await? == 1)
    }
}
