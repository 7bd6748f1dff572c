//! The inline_cards table: sale cards sent inline, kept live by the countdown worker (by
//! their `inline_message_id`) until they show their final state.

use chrono::{DateTime, Utc};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::time::{from_ms, to_ms};
use super::{Store, StoreError};
use crate::domain::{SaleId, UserId};

/// One card sent inline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InlineCardRow {
    /// Telegram's `inline_message_id`.
    pub inline_id: String,
    pub sale: SaleId,
    /// The language it is shown in (a locale code).
    pub locale: String,
    /// Who sent it (the card's links and buttons carry them).
    pub sharer: UserId,
    /// The card's deep link to the sale.
    pub link: String,
    /// Digest of the text and buttons last shown.
    pub shown: String,
    /// When it is edited next; `None` once it shows its final state.
    pub next_edit_at: Option<DateTime<Utc>>,
}

const COLUMNS: &str = "inline_id, sale_id, locale, sharer, link, shown, next_edit_at";

fn card_from_row(row: &AnyRow) -> Result<InlineCardRow, StoreError> {
    Ok(InlineCardRow {
        inline_id: row.try_get("inline_id")?,
        sale: SaleId::parse(row.try_get("sale_id")?)?,
        locale: row.try_get("locale")?,
        sharer: UserId::parse(row.try_get("sharer")?)?,
        link: row.try_get("link")?,
        shown: row.try_get("shown")?,
        next_edit_at: row
            .try_get::<Option<i64>, _>("next_edit_at")?
            .map(from_ms)
            .transpose()?,
    })
}

impl Store {
    /// Starts keeping a card sent inline live; a card already known is left as it is.
    pub async fn add_inline_card(
        &self,
        card: &InlineCardRow,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO inline_cards (inline_id, sale_id, locale, sharer, link, shown, \
               next_edit_at, edits, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8, $8) ON CONFLICT (inline_id) DO NOTHING",
        )
        .bind(&card.inline_id)
        .bind(card.sale.get())
        .bind(&card.locale)
        .bind(card.sharer.get())
        .bind(&card.link)
        .bind(&card.shown)
        .bind(card.next_edit_at.map(to_ms))
        .bind(to_ms(now))
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Leases up to `limit` cards due at `now`, earliest first, until `lease_until`.
    pub async fn claim_due_inline_cards(
        &self,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<InlineCardRow>, StoreError> {
        let mut cards = self
            .lease_due(
                ("inline_cards", "inline_id", COLUMNS),
                now,
                lease_until,
                limit,
                card_from_row,
            )
            .await?;
        cards.sort_by(|a, b| (a.sale, &a.inline_id).cmp(&(b.sale, &b.inline_id)));
        Ok(cards)
    }

    /// Sets when a leased card is edited next (`None`: it is final) and, after an edit,
    /// what it shows now.
    pub async fn reschedule_inline_card(
        &self,
        inline_id: &str,
        next_edit_at: Option<DateTime<Utc>>,
        shown: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE inline_cards SET next_edit_at = $2, shown = COALESCE($3, shown), \
               edits = edits + $4, updated_at = $5 WHERE inline_id = $1",
        )
        .bind(inline_id)
        .bind(next_edit_at.map(to_ms))
        .bind(shown.map(str::to_owned))
        .bind(i64::from(shown.is_some()))
        .bind(to_ms(now))
        .execute(self.pool())
        .await?;
        Ok(())
    }
}
