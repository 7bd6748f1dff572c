//! A watcher on the real gate that notes when the last purchase decision was made, so the
//! benchmark can tell decision throughput from the time winners spend waiting for their commit.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use crate::domain::SaleId;
use crate::stock::{BuyOutcome, GateError, GateTap, StockGate, Tapped};

/// The real gate, watched by [`LastDecision`].
pub type ObservedGate = Tapped<LastDecision>;

/// Records the latest decision time, measured from `start`.
pub struct LastDecision {
    start: Instant,
    last_decision_ns: AtomicU64,
}

/// Wraps `inner`; times are measured from `start`.
pub fn observed(inner: Arc<dyn StockGate>, start: Instant) -> ObservedGate {
    Tapped::new(
        inner,
        LastDecision {
            start,
            last_decision_ns: AtomicU64::new(0),
        },
    )
}

impl LastDecision {
    /// The instant times are measured from.
    pub fn start(&self) -> Instant {
        self.start
    }

    /// Seconds from `start` to the last decision returned.
    pub fn last_decision_secs(&self) -> f64 {
        self.last_decision_ns.load(Ordering::Relaxed) as f64 / 1e9
    }
}

impl GateTap for LastDecision {
    fn decided(&self, _sale: SaleId, _outcome: &Result<BuyOutcome, GateError>) {
        let ns = self.start.elapsed().as_nanos() as u64;
        self.last_decision_ns.fetch_max(ns, Ordering::Relaxed);
    }
}
