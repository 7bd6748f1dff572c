//! The countdowns table: sale cards in chats that keep editing themselves until the start.

use chrono::{DateTime, Utc};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::time::{from_ms, to_ms};
use super::{Store, StoreError};
use crate::domain::{SaleId, UserId};

/// One sale card being kept current in one chat.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrackedCard {
    pub chat_id: i64,
    pub sale: SaleId,
    pub message_id: i64,
    /// Whom the card's buttons are signed for.
    pub user: UserId,
    /// The language the card is shown in (a locale code).
    pub locale: String,
    pub next_edit_at: DateTime<Utc>,
    /// Edits made so far.
    pub edits: u32,
}

const COLUMNS: &str = "chat_id, sale_id, message_id, user_id, locale, next_edit_at, edits";

fn card_from_row(row: &AnyRow) -> Result<TrackedCard, StoreError> {
    Ok(TrackedCard {
        chat_id: row.try_get("chat_id")?,
        sale: SaleId::parse(row.try_get("sale_id")?)?,
        message_id: row.try_get("message_id")?,
        user: UserId::parse(row.try_get("user_id")?)?,
        locale: row.try_get("locale")?,
        next_edit_at: from_ms(row.try_get("next_edit_at")?)?,
        edits: u32::try_from(row.try_get::<i64, _>("edits")?).unwrap_or(u32::MAX),
    })
}

impl Store {
    /// Starts keeping `card` current; replaces the card tracked for the same chat and sale.
    pub async fn track_countdown(
        &self,
        card: &TrackedCard,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let q = sqlx::query(
            "INSERT INTO countdowns (chat_id, sale_id, message_id, user_id, locale, next_edit_at, \
               edits, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 0, $7, $7) \
             ON CONFLICT (chat_id, sale_id) DO UPDATE SET message_id = excluded.message_id, \
               user_id = excluded.user_id, locale = excluded.locale, \
               next_edit_at = excluded.next_edit_at, edits = 0, updated_at = excluded.updated_at",
        )
        .bind(card.chat_id)
        .bind(card.sale.get())
        .bind(card.message_id)
        .bind(card.user.get())
        .bind(&card.locale)
        .bind(to_ms(card.next_edit_at))
        .bind(to_ms(now));
        self.run(q).await
    }

    /// Leases up to `limit` cards due at `now`, earliest first, until `lease_until`: a card
    /// whose editor dies mid-edit comes back after the lease, and no two workers hold it.
    pub async fn claim_due_countdowns(
        &self,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<TrackedCard>, StoreError> {
        self.lease_due(
            ("countdowns", "id", COLUMNS),
            now,
            lease_until,
            limit,
            card_from_row,
        )
        .await
    }

    /// Sets when a leased card is edited next (after an edit, or to retry one). A no-op when
    /// a newer card of the same sale replaced it in the meantime.
    pub async fn reschedule_countdown(
        &self,
        card: &TrackedCard,
        next_edit_at: DateTime<Utc>,
        edited: bool,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let q = sqlx::query(
            "UPDATE countdowns SET next_edit_at = $4, edits = edits + $5, updated_at = $6 \
             WHERE chat_id = $1 AND sale_id = $2 AND message_id = $3",
        )
        .bind(card.chat_id)
        .bind(card.sale.get())
        .bind(card.message_id)
        .bind(to_ms(next_edit_at))
        .bind(i64::from(edited))
        .bind(to_ms(now));
        self.run(q).await
    }

    /// Stops keeping a card current (it flipped live, or the message is gone).
    pub async fn end_countdown(&self, card: &TrackedCard) -> Result<(), StoreError> {
        let q = sqlx::query(
            "DELETE FROM countdowns WHERE chat_id = $1 AND sale_id = $2 AND message_id = $3",
        )
        .bind(card.chat_id)
        .bind(card.sale.get())
        .bind(card.message_id);
        self.run(q).await
    }

    /// How many cards are counting down.
    pub async fn countdowns_running(&self) -> Result<u64, StoreError> {
        let row = sqlx::query("SELECT CAST(COUNT(*) AS BIGINT) AS n FROM countdowns")
            .fetch_one(self.pool())
            .await?;
        Ok(u64::try_from(row.try_get::<i64, _>("n")?).unwrap_or(0))
    }

    /// Every card still counting down, earliest edit first (for tests and status).
    pub async fn countdowns(&self) -> Result<Vec<TrackedCard>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM countdowns ORDER BY next_edit_at, id");
        let q = sqlx::query(&sql);
        self.rows(q, card_from_row).await
    }
}
