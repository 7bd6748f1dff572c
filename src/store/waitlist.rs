//! Waitlist offers: who was offered returned units, until when, and how it ended.
//!
//! State changes are compare-and-set (`set_offer_state`), so of a claim and a lapse racing
//! for one offer exactly one wins, and only the winner touches the gate.

use chrono::{DateTime, Utc};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::query::sale_id_of;
use super::time::{from_ms, to_ms};
use super::{Store, StoreError, SubscriptionKind};
use crate::domain::{Offer, OfferId, OfferState, SaleId, UserId};

const OFFER_COLUMNS: &str = "id, sale_id, user_id, quantity, state, expires_at";

fn offer_from_row(row: &AnyRow) -> Result<Offer, StoreError> {
    let units: i64 = row.try_get("quantity")?;
    let state: String = row.try_get("state")?;
    Ok(Offer {
        id: OfferId::parse(row.try_get("id")?)?,
        sale: SaleId::parse(row.try_get("sale_id")?)?,
        user: UserId::parse(row.try_get("user_id")?)?,
        units: u32::try_from(units).map_err(|e| StoreError::Corrupt(e.to_string()))?,
        state: OfferState::parse(&state)?,
        expires_at: from_ms(row.try_get("expires_at")?)?,
    })
}

impl Store {
    /// Opens an offer of `units` to `user`; `None` when they already hold an open one.
    pub async fn create_offer(
        &self,
        sale: SaleId,
        user: UserId,
        units: u32,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Result<Option<Offer>, StoreError> {
        let sql = format!(
            "INSERT INTO waitlist_offers (sale_id, user_id, quantity, state, created_at, \
             expires_at, updated_at) VALUES ($1, $2, $3, 'offered', $4, $5, $4) \
             ON CONFLICT DO NOTHING RETURNING {OFFER_COLUMNS}"
        );
        let q = sqlx::query(&sql)
            .bind(sale.get())
            .bind(user.get())
            .bind(i64::from(units))
            .bind(to_ms(now))
            .bind(to_ms(expires_at));
        self.row(q, offer_from_row).await
    }

    /// Forgets an offer the gate refused to hold (it never held anything).
    pub async fn drop_offer(&self, id: OfferId) -> Result<(), StoreError> {
        let q = sqlx::query("DELETE FROM waitlist_offers WHERE id = $1 AND state = 'offered'")
            .bind(id.get());
        self.run(q).await
    }

    /// Moves an offer from `from` to `to`; false when it was not in `from` any more.
    pub async fn set_offer_state(
        &self,
        id: OfferId,
        from: OfferState,
        to: OfferState,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        self.swap_state(
            "waitlist_offers",
            id.get(),
            (from.as_str(), to.as_str()),
            now,
        )
        .await
    }

    /// One offer by id.
    pub async fn offer(&self, id: OfferId) -> Result<Option<Offer>, StoreError> {
        let sql = format!("SELECT {OFFER_COLUMNS} FROM waitlist_offers WHERE id = $1");
        let q = sqlx::query(&sql).bind(id.get());
        self.row(q, offer_from_row).await
    }

    /// The user's open offers whose claim window is still running at `now`, oldest first.
    pub async fn open_offers_of_user(
        &self,
        user: UserId,
        now: DateTime<Utc>,
    ) -> Result<Vec<Offer>, StoreError> {
        let sql = format!(
            "SELECT {OFFER_COLUMNS} FROM waitlist_offers WHERE user_id = $1 \
             AND state = 'offered' AND expires_at > $2 ORDER BY id"
        );
        let q = sqlx::query(&sql).bind(user.get()).bind(to_ms(now));
        self.rows(q, offer_from_row).await
    }

    /// Open offers whose claim window is over, oldest first.
    pub async fn overdue_offers(
        &self,
        now: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<Offer>, StoreError> {
        let sql = format!(
            "SELECT {OFFER_COLUMNS} FROM waitlist_offers WHERE state = 'offered' \
             AND expires_at <= $1 ORDER BY expires_at, id LIMIT $2"
        );
        let q = sqlx::query(&sql).bind(to_ms(now)).bind(i64::from(limit));
        self.rows(q, offer_from_row).await
    }

    /// Offers of a sale in `states`, oldest first.
    pub async fn offers_of_sale(
        &self,
        sale: SaleId,
        states: &[OfferState],
    ) -> Result<Vec<Offer>, StoreError> {
        let sql =
            format!("SELECT {OFFER_COLUMNS} FROM waitlist_offers WHERE sale_id = $1 ORDER BY id");
        let rows = sqlx::query(&sql)
            .bind(sale.get())
            .fetch_all(self.pool())
            .await?;
        let offers = rows
            .iter()
            .map(offer_from_row)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(offers
            .into_iter()
            .filter(|o| states.contains(&o.state))
            .collect())
    }

    /// Offers that lapsed since `since` (their releases are repeated after a crash).
    pub async fn offers_lapsed_since(
        &self,
        since: DateTime<Utc>,
    ) -> Result<Vec<Offer>, StoreError> {
        let sql = format!(
            "SELECT {OFFER_COLUMNS} FROM waitlist_offers WHERE state = 'lapsed' \
             AND updated_at >= $1 ORDER BY id"
        );
        let q = sqlx::query(&sql).bind(to_ms(since));
        self.rows(q, offer_from_row).await
    }

    /// Sales with someone on their waitlist.
    pub async fn waitlisted_sales(&self) -> Result<Vec<SaleId>, StoreError> {
        let q = sqlx::query(
            "SELECT DISTINCT sale_id FROM subscriptions WHERE kind = 'waitlist' ORDER BY sale_id",
        );
        self.rows(q, sale_id_of).await
    }

    /// Takes a user off a sale's list; false when they were not on it.
    pub async fn unsubscribe(
        &self,
        sale: SaleId,
        user: UserId,
        kind: SubscriptionKind,
    ) -> Result<bool, StoreError> {
        let q = sqlx::query(
            "DELETE FROM subscriptions WHERE sale_id = $1 AND user_id = $2 AND kind = $3",
        )
        .bind(sale.get())
        .bind(user.get())
        .bind(kind.as_str());
        Ok(self.changed(q).await? == 1)
    }

    /// Empties a sale's list (the sale ended or was cancelled).
    pub async fn clear_subscriptions(
        &self,
        sale: SaleId,
        kind: SubscriptionKind,
    ) -> Result<u64, StoreError> {
        let q = sqlx::query("DELETE FROM subscriptions WHERE sale_id = $1 AND kind = $2")
            .bind(sale.get())
            .bind(kind.as_str());
        self.changed(q).await
    }
}
