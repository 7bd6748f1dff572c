//! What the gate answers: a closed set of purchase and release outcomes, and its errors.

use chrono::{DateTime, Utc};
use thiserror::Error;

/// The decision on one purchase attempt. Refusals are outcomes, not errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BuyOutcome {
    /// The units are held for this request; `remaining` units are left after it and the
    /// buyer now holds `held` units of this sale in all.
    Reserved { remaining: u32, held: u32 },
    /// Nothing is left.
    SoldOut,
    /// Fewer units are left than were asked for.
    NotEnough { remaining: u32 },
    /// The buyer already holds `held` of the `limit` units one person may have.
    LimitReached { held: u32, limit: u32 },
    /// The sale opens at `starts_at`.
    NotStarted { starts_at: DateTime<Utc> },
    /// The sale window is over.
    Ended,
    /// The merchant cancelled the sale.
    Cancelled,
    /// This request id was decided before; nothing changed.
    Duplicate,
    /// The signed button pressed is claimed by another press, in flight or (with the order
    /// it bought) spent; nothing changed.
    Replayed {
        order: Option<crate::domain::OrderId>,
    },
    /// The gate holds no state for this sale (reload from the store).
    NotLoaded,
    /// Neither the gate nor the store knows this sale.
    UnknownSale,
}

impl BuyOutcome {
    /// Short stable name for logs, metrics and benchmark output.
    pub fn name(self) -> &'static str {
        match self {
            Self::Reserved { .. } => "reserved",
            Self::SoldOut => "sold_out",
            Self::NotEnough { .. } => "not_enough",
            Self::LimitReached { .. } => "limit_reached",
            Self::NotStarted { .. } => "not_started",
            Self::Ended => "ended",
            Self::Cancelled => "cancelled",
            Self::Duplicate => "duplicate",
            Self::Replayed { .. } => "replayed",
            Self::NotLoaded => "not_loaded",
            Self::UnknownSale => "unknown_sale",
        }
    }
}

/// The result of giving units back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReleaseOutcome {
    /// `units` went back on the shelf.
    Released { units: u32 },
    /// This reservation was released before; nothing changed.
    AlreadyReleased,
    /// The gate never reserved for this request id (or rebuilt itself without it).
    Unknown,
    /// The gate holds no state for this sale; the next reload counts from the store.
    NotLoaded,
}

/// The result of raising a sale's stock in the gate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RestockOutcome {
    /// The stock is now `stock`, with `remaining` units on sale.
    Raised { stock: u32, remaining: u32 },
    /// The gate already held at least that stock (applied before, or rebuilt from the
    /// store after the store's write); nothing changed.
    Unchanged { stock: u32, remaining: u32 },
    /// The gate holds no state for this sale; the next load reads the new stock from the store.
    NotLoaded,
}

/// Whether `load` may overwrite a sale the gate already holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoadMode {
    /// Only load when the sale's state is missing (safe with many instances).
    IfAbsent,
    /// Replace the state (repair after a reconcile; admin action).
    Replace,
}

/// A sale's counters as the gate holds them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GateSnapshot {
    pub stock: u32,
    pub remaining: u32,
    pub per_user_limit: u32,
    pub cancelled: bool,
}

impl GateSnapshot {
    /// Units currently held by reservations.
    pub fn reserved(&self) -> u32 {
        self.stock.saturating_sub(self.remaining)
    }
}

/// The gate could not decide; nothing was reserved.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum GateError {
    #[error("redis is unavailable: {0}")]
    Redis(String),
    #[error("the store could not load the sale: {0}")]
    Store(String),
    #[error("the gate answered something unexpected: {0}")]
    Protocol(String),
}
