//! The per-process sold-out memo: a gate wrapper that remembers, per sale, that the gate just
//! answered "sold out", so later presses get that answer without a Redis round trip.
//!
//! Correctness rules (a stale "sold out" can only under-sell for a moment, never over-sell):
//! - a memo is born from the gate's own `SoldOut` answer, or from its reservation of the last
//!   unit (`Reserved` with none remaining: the presses decided after it, in a stampede the
//!   next getUpdates batch, ask no one), and lives [`MEMO_LIFE`] (100 ms);
//!   after that one press at a time asks the gate again and its answer renews or ends the
//!   memo, while the others keep the memo's answer for at most [`MEMO_MAX`] (1 s);
//! - anything that can put units back through this process (a release: expiry, cancelled
//!   order, waitlist return; a restock; a (re)load, as on cancel, edit or reconcile) ends the
//!   sale's memo at once, before its call returns;
//! - the same on another instance ends it here within [`MEMO_LIFE`]: the next gate answer
//!   after the memo's life is the authoritative check, at the cost a version key's read
//!   would have (one round trip), without a second source of truth.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use async_trait::async_trait;

use super::{
    BuyOutcome, GateError, GateSeed, GateSnapshot, LoadMode, ReleaseOutcome, ReloadLocks,
    RestockOutcome, SeedSource, StockGate,
};
use crate::domain::{Quantity, RequestId, SaleId, UserId};

/// How long a "sold out" from the gate is answered without asking again.
pub const MEMO_LIFE: Duration = Duration::from_millis(100);
/// The longest a memo answers while one press re-asks the gate.
pub const MEMO_MAX: Duration = Duration::from_secs(1);

/// One sale's memo: when the gate last said sold out, and whether a press is re-asking.
#[derive(Debug, Clone, Copy)]
struct Memo {
    at: Instant,
    asking: bool,
}

/// A gate that answers "sold out" from memory for a moment after the gate said so.
pub struct SoldOutMemo<G> {
    inner: G,
    memos: Mutex<HashMap<SaleId, Memo>>,
    life: Duration,
    hits: AtomicU64,
}

impl<G: StockGate> SoldOutMemo<G> {
    /// Wraps `inner` with the standard memo life.
    pub fn new(inner: G) -> Self {
        Self::with_life(inner, MEMO_LIFE)
    }

    /// Wraps `inner`; memos live `life` (tests use a long one to count calls).
    pub fn with_life(inner: G, life: Duration) -> Self {
        Self {
            inner,
            memos: Mutex::new(HashMap::new()),
            life,
            hits: AtomicU64::new(0),
        }
    }

    /// Presses answered from the memo so far.
    pub fn hits(&self) -> u64 {
        self.hits.load(Ordering::Relaxed)
    }

    fn memos(&self) -> std::sync::MutexGuard<'_, HashMap<SaleId, Memo>> {
        self.memos.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Whether the memo answers for `sale` now; when it is due a re-ask and `claim`, this
    /// caller becomes the one re-asking.
    fn answers(&self, sale: SaleId, claim: bool) -> bool {
        let mut memos = self.memos();
        let Some(m) = memos.get_mut(&sale) else {
            return false;
        };
        let age = m.at.elapsed();
        if age < self.life || (m.asking && age < MEMO_MAX.max(self.life)) {
            return true;
        }
        if claim {
            m.asking = true;
        }
        false
    }

    fn note(&self, sale: SaleId, outcome: &Result<BuyOutcome, GateError>) {
        let mut memos = self.memos();
        match outcome {
            Ok(BuyOutcome::SoldOut | BuyOutcome::Reserved { remaining: 0, .. }) => {
                if memos.len() > 10_000 {
                    memos.clear();
                }
                memos.insert(
                    sale,
                    Memo {
                        at: Instant::now(),
                        asking: false,
                    },
                );
            }
            _ => {
                memos.remove(&sale);
            }
        }
    }

    /// The memo's "sold out" while it answers for `sale`, else what `ask` (the gate) decides,
    /// noted.
    async fn remembered(
        &self,
        sale: SaleId,
        ask: impl std::future::Future<Output = Result<BuyOutcome, GateError>>,
    ) -> Result<BuyOutcome, GateError> {
        if self.answers(sale, true) {
            self.count_hit();
            return Ok(BuyOutcome::SoldOut);
        }
        let r = ask.await;
        self.note(sale, &r);
        r
    }

    /// One press answered from the memo.
    fn count_hit(&self) {
        self.hits.fetch_add(1, Ordering::Relaxed);
        metrics::counter!("flashsale_sold_out_memo_hits_total").increment(1);
    }

    fn forget(&self, sale: SaleId) {
        self.memos().remove(&sale);
    }
}

#[async_trait]
impl<G: StockGate> StockGate for SoldOutMemo<G> {
    fn name(&self) -> &'static str {
        self.inner.name()
    }

    async fn load(&self, seed: &GateSeed, mode: LoadMode) -> Result<bool, GateError> {
        self.forget(seed.sale);
        let r = self.inner.load(seed, mode).await;
        self.forget(seed.sale);
        r
    }

    async fn try_buy_once_pressed(
        &self,
        sale: SaleId,
        user: UserId,
        qty: Quantity,
        request: &RequestId,
        token: Option<&str>,
    ) -> Result<BuyOutcome, GateError> {
        self.remembered(
            sale,
            self.inner
                .try_buy_once_pressed(sale, user, qty, request, token),
        )
        .await
    }

    fn claims_tokens(&self) -> bool {
        self.inner.claims_tokens()
    }

    async fn try_buy_pressed(
        &self,
        sale: SaleId,
        user: UserId,
        qty: Quantity,
        request: &RequestId,
        token: Option<&str>,
    ) -> Result<BuyOutcome, GateError> {
        self.remembered(
            sale,
            self.inner.try_buy_pressed(sale, user, qty, request, token),
        )
        .await
    }

    async fn release(
        &self,
        sale: SaleId,
        request: &RequestId,
    ) -> Result<ReleaseOutcome, GateError> {
        let r = self.inner.release(sale, request).await;
        self.forget(sale);
        r
    }

    async fn raise_stock(&self, sale: SaleId, stock: u32) -> Result<RestockOutcome, GateError> {
        let r = self.inner.raise_stock(sale, stock).await;
        self.forget(sale);
        r
    }

    async fn snapshot(&self, sale: SaleId) -> Result<Option<GateSnapshot>, GateError> {
        self.inner.snapshot(sale).await
    }

    async fn held_requests(&self, sale: SaleId) -> Result<Vec<RequestId>, GateError> {
        self.inner.held_requests(sale).await
    }

    async fn ready(&self) -> Result<(), GateError> {
        self.inner.ready().await
    }

    fn seed_source(&self) -> &dyn SeedSource {
        self.inner.seed_source()
    }

    fn reload_locks(&self) -> Option<&ReloadLocks> {
        self.inner.reload_locks()
    }

    fn known_sold_out(&self, sale: SaleId) -> bool {
        let known = self.answers(sale, false);
        if known {
            self.count_hit();
        }
        known
    }
}
