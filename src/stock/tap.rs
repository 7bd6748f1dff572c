//! A gate that forwards every call to the real one and lets a [`GateTap`] watch decisions and
//! releases go by: the benchmark notes when the last decision was made, tests count releases.
//! It decides nothing itself, so what it wraps keeps every promise of the conformance suite.

use std::sync::Arc;

use async_trait::async_trait;

use super::{
    BuyOutcome, GateError, GateSeed, GateSnapshot, LoadMode, ReleaseOutcome, ReloadLocks,
    RestockOutcome, SeedSource, StockGate,
};
use crate::domain::{Quantity, RequestId, SaleId, UserId};

/// What a [`Tapped`] gate tells its watcher; both default to noting nothing.
pub trait GateTap: Send + Sync {
    /// A purchase decision the real gate just returned.
    fn decided(&self, _sale: SaleId, _outcome: &Result<BuyOutcome, GateError>) {}

    /// A release the real gate just answered.
    fn released(&self, _request: &RequestId, _outcome: &Result<ReleaseOutcome, GateError>) {}
}

/// The real gate, watched by `tap`.
pub struct Tapped<T> {
    inner: Arc<dyn StockGate>,
    /// The watcher.
    pub tap: T,
}

impl<T: GateTap> Tapped<T> {
    /// Wraps `inner`, telling `tap` what goes by.
    pub fn new(inner: Arc<dyn StockGate>, tap: T) -> Self {
        Self { inner, tap }
    }
}

#[async_trait]
impl<T: GateTap> StockGate for Tapped<T> {
    fn name(&self) -> &'static str {
        self.inner.name()
    }

    async fn load(&self, seed: &GateSeed, mode: LoadMode) -> Result<bool, GateError> {
        self.inner.load(seed, mode).await
    }

    async fn try_buy_once_pressed(
        &self,
        sale: SaleId,
        user: UserId,
        qty: Quantity,
        request: &RequestId,
        token: Option<&str>,
    ) -> Result<BuyOutcome, GateError> {
        let r = self
            .inner
            .try_buy_once_pressed(sale, user, qty, request, token)
            .await;
        self.tap.decided(sale, &r);
        r
    }

    fn claims_tokens(&self) -> bool {
        self.inner.claims_tokens()
    }

    async fn release(
        &self,
        sale: SaleId,
        request: &RequestId,
    ) -> Result<ReleaseOutcome, GateError> {
        let r = self.inner.release(sale, request).await;
        self.tap.released(request, &r);
        r
    }

    async fn raise_stock(&self, sale: SaleId, stock: u32) -> Result<RestockOutcome, GateError> {
        self.inner.raise_stock(sale, stock).await
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

    fn reload_locks(&self) -> Option<&ReloadLocks> {
        self.inner.reload_locks()
    }
}
