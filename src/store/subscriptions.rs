//! Subscriptions: who asked to be reminded of a sale, or to wait for returned units.

use chrono::{DateTime, Utc};

use super::query::user_id_of;
use super::time::to_ms;
use super::{Store, StoreError};
use crate::domain::{SaleId, UserId};

/// Why a user follows a sale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubscriptionKind {
    Reminder,
    Waitlist,
}

impl SubscriptionKind {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Reminder => "reminder",
            Self::Waitlist => "waitlist",
        }
    }
}

impl Store {
    /// Subscribes a user; false when they already were.
    pub async fn subscribe(
        &self,
        sale: SaleId,
        user: UserId,
        kind: SubscriptionKind,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let q = sqlx::query(
            "INSERT INTO subscriptions (sale_id, user_id, kind, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT DO NOTHING",
        )
        .bind(sale.get())
        .bind(user.get())
        .bind(kind.as_str())
        .bind(to_ms(now));
        Ok(self.changed(q).await? == 1)
    }

    /// The users subscribed to a sale, in the order they subscribed.
    pub async fn subscribers(
        &self,
        sale: SaleId,
        kind: SubscriptionKind,
    ) -> Result<Vec<UserId>, StoreError> {
        let q = sqlx::query(
            "SELECT user_id FROM subscriptions WHERE sale_id = $1 AND kind = $2 \
             ORDER BY created_at, user_id",
        )
        .bind(sale.get())
        .bind(kind.as_str());
        self.rows(q, user_id_of).await
    }
}
