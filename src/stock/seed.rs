//! A sale's state as the store knows it, from which a gate (re)builds itself.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::domain::{RequestId, SaleId, UserId};

/// One purchase request the store has recorded for a sale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestRecord {
    pub request: RequestId,
    pub user: UserId,
    pub units: u32,
    /// Whether the order still holds its units (pending or paid).
    pub holds_stock: bool,
}

/// Everything a gate needs to decide purchases for one sale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GateSeed {
    pub sale: SaleId,
    pub stock: u32,
    pub per_user_limit: u32,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub cancelled: bool,
    /// Every request id recorded for the sale, so a redelivered request stays a duplicate.
    pub requests: Vec<RequestRecord>,
}

impl GateSeed {
    /// A seed for a sale nobody has bought from yet.
    pub fn fresh(
        sale: SaleId,
        stock: u32,
        per_user_limit: u32,
        starts_at: DateTime<Utc>,
        ends_at: DateTime<Utc>,
    ) -> Self {
        Self {
            sale,
            stock,
            per_user_limit,
            starts_at,
            ends_at,
            cancelled: false,
            requests: Vec::new(),
        }
    }

    /// Units held by live orders.
    pub fn held_units(&self) -> u32 {
        self.requests
            .iter()
            .filter(|r| r.holds_stock)
            .map(|r| r.units)
            .sum()
    }

    /// Units still available: stock minus units held by live orders (never negative).
    pub fn remaining(&self) -> u32 {
        self.stock.saturating_sub(self.held_units())
    }
}

/// Where gates read a sale's state from when they have none (the SQL store, the source of truth).
#[async_trait]
pub trait SeedSource: Send + Sync {
    /// The sale's seed, or `None` when no such sale exists.
    async fn gate_seed(&self, sale: SaleId) -> anyhow::Result<Option<GateSeed>>;
}
