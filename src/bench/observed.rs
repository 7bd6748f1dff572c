//! A pass-through gate that notes when the last purchase decision was made, so the benchmark
//! can tell decision throughput from the time winners spend waiting for their commit.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use async_trait::async_trait;

use crate::domain::{Quantity, RequestId, SaleId, UserId};
use crate::stock::{
    BuyOutcome, GateError, GateSeed, GateSnapshot, LoadMode, ReleaseOutcome, SeedSource, StockGate,
};

/// Delegates every call to the real gate; records the latest decision time.
pub struct ObservedGate {
    inner: Arc<dyn StockGate>,
    start: Instant,
    last_decision_ns: AtomicU64,
}

impl ObservedGate {
    /// Wraps `inner`; times are measured from `start`.
    pub fn new(inner: Arc<dyn StockGate>, start: Instant) -> Self {
        Self {
            inner,
            start,
            last_decision_ns: AtomicU64::new(0),
        }
    }

    /// The instant times are measured from.
    pub fn start(&self) -> Instant {
        self.start
    }

    /// Seconds from `start` to the last decision returned.
    pub fn last_decision_secs(&self) -> f64 {
        self.last_decision_ns.load(Ordering::Relaxed) as f64 / 1e9
    }
}

#[async_trait]
impl StockGate for ObservedGate {
    fn name(&self) -> &'static str {
        self.inner.name()
    }

    async fn load(&self, seed: &GateSeed, mode: LoadMode) -> Result<bool, GateError> {
        self.inner.load(seed, mode).await
    }

    async fn try_buy_once(
        &self,
        sale: SaleId,
        user: UserId,
        qty: Quantity,
        request: &RequestId,
    ) -> Result<BuyOutcome, GateError> {
        let r = self.inner.try_buy_once(sale, user, qty, request).await;
        let ns = self.start.elapsed().as_nanos() as u64;
        self.last_decision_ns.fetch_max(ns, Ordering::Relaxed);
        r
    }

    async fn release(
        &self,
        sale: SaleId,
        request: &RequestId,
    ) -> Result<ReleaseOutcome, GateError> {
        self.inner.release(sale, request).await
    }

    async fn raise_stock(
        &self,
        sale: SaleId,
        stock: u32,
    ) -> Result<crate::stock::RestockOutcome, GateError> {
        self.inner.raise_stock(sale, stock).await
    }

    fn reload_locks(&self) -> Option<&crate::stock::ReloadLocks> {
        self.inner.reload_locks()
    }

    async fn snapshot(&self, sale: SaleId) -> Result<Option<GateSnapshot>, GateError> {
        self.inner.snapshot(sale).await
    }

    async fn held_requests(&self, sale: SaleId) -> Result<Vec<RequestId>, GateError> {
        self.inner.held_requests(sale).await
    }

    fn seed_source(&self) -> &dyn SeedSource {
        self.inner.seed_source()
    }
}
