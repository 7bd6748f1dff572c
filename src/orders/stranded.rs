//! Reservations a crash cut off: units a shared gate holds under a request id that never
//! became an order row.
//!
//! A process killed between the gate's reservation and the order's commit leaves those units
//! held in Redis for good: the sale undersells (in a kill -9 test, a whole sale's stock sat
//! reserved while every later buyer heard "sold out"). At start-up the sweep lists request ids
//! the gate holds but the store does not know, waits longer than any write in flight
//! elsewhere can take (a live instance's reservation is not stranded), and releases those
//! still unknown. Open waitlist offers hold units without a row on purpose and are left alone.
//! A write that lands after all has its units counted again by the store's stock constraint,
//! and the purchase path rebuilds the gate when that constraint refuses: never an oversell.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;

use super::reconcile::ReconcileError;
use crate::clock::Clock;
use crate::domain::{OfferState, RequestId, SaleId};
use crate::stock::{ReleaseOutcome, StockGate};
use crate::store::Store;

/// How long a reservation may wait for its order row before it counts as stranded.
pub const STRANDED_GRACE: Duration = Duration::from_secs(20);

/// Held request ids of current sales that the store has no order for.
async fn suspects(
    store: &Store,
    gate: &dyn StockGate,
    clock: &dyn Clock,
) -> Result<HashSet<(SaleId, RequestId)>, ReconcileError> {
    let mut out = HashSet::new();
    for sale in store.current_sales(clock.now()).await? {
        let held = gate.held_requests(sale.id).await?;
        if held.is_empty() {
            continue;
        }
        let Some(seed) = store.load_gate_seed(sale.id).await? else {
            continue;
        };
        let known: HashSet<&RequestId> = seed.requests.iter().map(|r| &r.request).collect();
        let offered: HashSet<RequestId> = store
            .offers_of_sale(sale.id, &[OfferState::Offered])
            .await?
            .iter()
            .map(|o| o.request())
            .collect();
        out.extend(
            held.into_iter()
                .filter(|r| !known.contains(r) && !offered.contains(r))
                .map(|r| (sale.id, r)),
        );
    }
    Ok(out)
}

/// Finds stranded reservations, waits `grace` (or until `shutdown`), and releases those that
/// are still without an order; returns the units given back.
pub async fn release_stranded(
    store: &Store,
    gate: &dyn StockGate,
    clock: &dyn Clock,
    grace: Duration,
    mut shutdown: watch::Receiver<bool>,
) -> Result<u32, ReconcileError> {
    let first = suspects(store, gate, clock).await?;
    if first.is_empty() {
        return Ok(0);
    }
    tokio::select! {
        _ = tokio::time::sleep(grace) => {}
        _ = shutdown.changed() => return Ok(0),
    }
    let still = suspects(store, gate, clock).await?;
    let mut units = 0;
    for (sale, request) in first.intersection(&still) {
        if let ReleaseOutcome::Released { units: u } = gate.release(*sale, request).await? {
            units += u;
        }
    }
    if units > 0 {
        tracing::warn!(
            units,
            "released units held for reservations that never became orders (a crash cut them off)"
        );
    }
    Ok(units)
}

/// [`release_stranded`] as a start-up worker of `serve`, retried every 5 s while the store
/// or the gate fails (a restart under a stampede may find the pool busy), until done or
/// shut down.
pub struct StrandedSweep {
    store: Store,
    gate: Arc<dyn StockGate>,
    clock: Arc<dyn Clock>,
    shutdown: watch::Receiver<bool>,
}

impl StrandedSweep {
    /// A sweep whose grace period ends early on `shutdown`.
    pub fn new(
        store: Store,
        gate: Arc<dyn StockGate>,
        clock: Arc<dyn Clock>,
        shutdown: watch::Receiver<bool>,
    ) -> Self {
        Self {
            store,
            gate,
            clock,
            shutdown,
        }
    }
}

#[async_trait::async_trait]
impl crate::worker::Worker for StrandedSweep {
    fn name(&self) -> &'static str {
        "stranded reservations sweep"
    }

    async fn step(&self) -> anyhow::Result<crate::worker::Pass> {
        release_stranded(
            &self.store,
            self.gate.as_ref(),
            self.clock.as_ref(),
            STRANDED_GRACE,
            self.shutdown.clone(),
        )
        .await?;
        Ok(crate::worker::Pass::Done)
    }

    fn period(&self) -> Duration {
        Duration::from_secs(5)
    }
}
