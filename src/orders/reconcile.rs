//! Reconciliation: compare what the gate holds with what the store says, per sale.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::stock::{GateError, LoadMode, StockGate};
use crate::store::{Store, StoreError};

/// One sale's figures in the gate and in the store.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct SaleDrift {
    pub sale: i64,
    pub title: String,
    pub stock: u32,
    /// Stock minus units of pending and paid orders (the source of truth).
    pub store_remaining: u32,
    /// What the gate would still sell; `None` when it holds no state for the sale.
    pub gate_remaining: Option<u32>,
    /// The trigger-kept counter disagrees with the orders themselves (should never happen).
    pub store_counter_mismatch: bool,
    /// Whether `--repair` rebuilt the gate from the store.
    pub repaired: bool,
}

impl SaleDrift {
    /// Whether gate and store disagree.
    pub fn drifted(&self) -> bool {
        self.store_counter_mismatch
            || self
                .gate_remaining
                .is_some_and(|g| g != self.store_remaining)
    }
}

/// Why reconciliation could not finish.
#[derive(Debug, thiserror::Error)]
pub enum ReconcileError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Gate(#[from] GateError),
}

/// Checks every sale that has not ended by `now`; with `repair`, rebuilds drifted gate state
/// from the store. Reservations still being written show as transient drift, so repair
/// when the sale is quiet.
pub async fn reconcile(
    store: &Store,
    gate: &dyn StockGate,
    now: DateTime<Utc>,
    repair: bool,
) -> Result<Vec<SaleDrift>, ReconcileError> {
    let mut out = Vec::new();
    for sale in store.current_sales(now).await? {
        let counts = store.sale_counts(sale.id).await?;
        let snapshot = gate.snapshot(sale.id).await?;
        let mut drift = SaleDrift {
            sale: sale.id.get(),
            title: sale.draft.title.as_str().to_owned(),
            stock: counts.stock,
            // Units held for open waitlist offers count as taken (see `SaleCounts::remaining`).
            store_remaining: counts.remaining(),
            gate_remaining: snapshot.map(|s| s.remaining),
            store_counter_mismatch: counts.live_units != counts.pending_units + counts.paid_units,
            repaired: false,
        };
        if repair
            && drift.drifted()
            && let Some(seed) = store.load_gate_seed(sale.id).await?
        {
            gate.load(&seed, LoadMode::Replace).await?;
            drift.repaired = true;
            tracing::warn!(sale = sale.id.get(), "gate rebuilt from the store");
        }
        out.push(drift);
    }
    Ok(out)
}
