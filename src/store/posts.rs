//! The sale_posts table: sale cards posted in linked channels and groups, kept live by the
//! countdown worker until they show their final state.

use chrono::{DateTime, Utc};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::time::{from_ms, to_ms};
use super::{Store, StoreError};
use crate::domain::{SaleId, UserId};

/// One sale card posted in a chat.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SalePost {
    pub id: i64,
    pub sale: SaleId,
    pub chat_id: i64,
    pub message_id: i64,
    /// The language it is shown in (a locale code).
    pub locale: String,
    /// Who posted it.
    pub posted_by: UserId,
    /// Digest of the text and buttons last shown.
    pub shown: String,
    /// When it is edited next; `None` once it shows its final state.
    pub next_edit_at: Option<DateTime<Utc>>,
    /// Edits made so far.
    pub edits: u32,
}

/// A post just sent, to be kept live.
#[derive(Debug, Clone)]
pub struct NewPost {
    pub sale: SaleId,
    pub chat_id: i64,
    pub message_id: i64,
    pub locale: String,
    pub posted_by: UserId,
    pub shown: String,
    /// `None`: it went out already final (the sale had ended).
    pub next_edit_at: Option<DateTime<Utc>>,
}

const COLUMNS: &str =
    "id, sale_id, chat_id, message_id, locale, posted_by, shown, next_edit_at, edits";

fn post_from_row(row: &AnyRow) -> Result<SalePost, StoreError> {
    Ok(SalePost {
        id: row.try_get("id")?,
        sale: SaleId::parse(row.try_get("sale_id")?)?,
        chat_id: row.try_get("chat_id")?,
        message_id: row.try_get("message_id")?,
        locale: row.try_get("locale")?,
        posted_by: UserId::parse(row.try_get("posted_by")?)?,
        shown: row.try_get("shown")?,
        next_edit_at: row
            .try_get::<Option<i64>, _>("next_edit_at")?
            .map(from_ms)
            .transpose()?,
        edits: u32::try_from(row.try_get::<i64, _>("edits")?).unwrap_or(u32::MAX),
    })
}

impl Store {
    /// Records a post just sent; returns its id.
    pub async fn add_post(&self, post: &NewPost, now: DateTime<Utc>) -> Result<i64, StoreError> {
        let row = sqlx::query(
            "INSERT INTO sale_posts (sale_id, chat_id, message_id, locale, posted_by, shown, \
               next_edit_at, edits, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8, $8) RETURNING id",
        )
        .bind(post.sale.get())
        .bind(post.chat_id)
        .bind(post.message_id)
        .bind(&post.locale)
        .bind(post.posted_by.get())
        .bind(&post.shown)
        .bind(post.next_edit_at.map(to_ms))
        .bind(to_ms(now))
        .fetch_one(self.pool())
        .await?;
        Ok(row.try_get("id")?)
    }

    /// Leases up to `limit` posts due at `now`, earliest first, until `lease_until` (as
    /// [`Store::claim_due_countdowns`] does for private cards).
    pub async fn claim_due_posts(
        &self,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<SalePost>, StoreError> {
        let mut posts = self
            .lease_due(
                ("sale_posts", "id", COLUMNS),
                now,
                lease_until,
                limit,
                post_from_row,
            )
            .await?;
        posts.sort_by_key(|p| (p.sale.get(), p.id));
        Ok(posts)
    }

    /// Sets when a leased post is edited next (`None`: it is final) and, after an edit,
    /// what it shows now. A post unlinked meanwhile stays final.
    pub async fn reschedule_post(
        &self,
        id: i64,
        next_edit_at: Option<DateTime<Utc>>,
        shown: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE sale_posts SET next_edit_at = $2, shown = COALESCE($3, shown), \
               edits = edits + $4, updated_at = $5 \
             WHERE id = $1 AND next_edit_at IS NOT NULL",
        )
        .bind(id)
        .bind(next_edit_at.map(to_ms))
        .bind(shown.map(str::to_owned))
        .bind(i64::from(shown.is_some()))
        .bind(to_ms(now))
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Every post of `sale`, oldest first.
    pub async fn posts_of_sale(&self, sale: SaleId) -> Result<Vec<SalePost>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM sale_posts WHERE sale_id = $1 ORDER BY id");
        let rows = sqlx::query(&sql)
            .bind(sale.get())
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(post_from_row).collect()
    }

    /// How many posts in `chat_id` are still kept live.
    pub async fn live_posts_in(&self, chat_id: i64) -> Result<u64, StoreError> {
        let row = sqlx::query(
            "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM sale_posts \
             WHERE chat_id = $1 AND next_edit_at IS NOT NULL",
        )
        .bind(chat_id)
        .fetch_one(self.pool())
        .await?;
        Ok(u64::try_from(row.try_get::<i64, _>("n")?).unwrap_or(0))
    }
}
