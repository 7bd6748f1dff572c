//! Buying: gate decision, durable order, then (and only then) "you won".

use std::sync::Arc;

use chrono::Duration;
use tracing::Instrument;

use crate::clock::Clock;
use crate::domain::{OrderId, OrderSource, Quantity, RequestId, SaleId, UserId};
use crate::orders::{OrderWriter, WriteError};
use crate::stock::{BuyOutcome, LoadMode, ReleaseOutcome, StockGate};
use crate::store::{InsertOutcome, NewOrder, Store, StoreError};

/// What the buyer is told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PurchaseResult {
    /// The order is committed; `remaining` units were left after it. `held` is what the
    /// buyer now holds in the sale as the gate answered it (`None` for a claimed waitlist
    /// offer, whose units the gate held before).
    Won {
        order: OrderId,
        remaining: u32,
        held: Option<u32>,
    },
    /// This request was already turned into an order earlier (redelivered update).
    AlreadyOrdered { order: OrderId },
    /// The gate refused (sold out, limit, not started, ...); nothing was reserved.
    Refused(BuyOutcome),
    /// Something failed on our side; nothing is held, the buyer may retry.
    TryAgain,
}

impl PurchaseResult {
    /// The order this attempt bought or found, if any.
    pub fn order(&self) -> Option<OrderId> {
        match self {
            PurchaseResult::Won { order, .. } | PurchaseResult::AlreadyOrdered { order } => {
                Some(*order)
            }
            _ => None,
        }
    }
}

/// How the units being stored were reserved.
#[derive(Debug, Clone, Copy)]
enum Reserved<'a> {
    /// Just now, by a buyer who came from this source (`None`: their last deep link, else
    /// direct) and now holds `held` units of the sale, pressing the Buy button `token`.
    Fresh {
        source: Option<OrderSource>,
        held: u32,
        token: Option<&'a str>,
    },
    /// Earlier, for a waitlist offer now claimed.
    Claimed,
}

/// The purchase path shared by every transport.
#[derive(Clone)]
pub struct Purchases {
    gate: Arc<dyn StockGate>,
    writer: OrderWriter,
    store: Store,
    clock: Arc<dyn Clock>,
    pay_window: Duration,
}

impl Purchases {
    /// Wires the gate, the order writer, the store and the clock; pending orders get
    /// `pay_window` to be paid.
    pub fn new(
        gate: Arc<dyn StockGate>,
        writer: OrderWriter,
        store: Store,
        clock: Arc<dyn Clock>,
        pay_window: Duration,
    ) -> Self {
        Self {
            gate,
            writer,
            store,
            clock,
            pay_window,
        }
    }

    /// The gate behind this path.
    pub fn gate(&self) -> &Arc<dyn StockGate> {
        &self.gate
    }

    /// How long a won order stays pending before it expires.
    pub fn pay_window(&self) -> Duration {
        self.pay_window
    }

    /// The order writer behind this path.
    pub fn writer(&self) -> &OrderWriter {
        &self.writer
    }

    /// Tries to buy `qty` units for `user`; `request` makes a retried update harmless.
    pub async fn buy(
        &self,
        sale: SaleId,
        user: UserId,
        qty: Quantity,
        request: &RequestId,
    ) -> PurchaseResult {
        self.buy_from(sale, user, qty, request, None, None).await
    }

    /// [`Purchases::buy`] for a buyer who came from `source` (`None`: the deep link they
    /// last opened for the sale, else direct) pressing the signed Buy button `token`, which
    /// a won order spends in its own transaction (and a gate that claims tokens claims as it
    /// reserves, refusing a token another request holds: `BuyOutcome::Replayed`).
    pub async fn buy_from(
        &self,
        sale: SaleId,
        user: UserId,
        qty: Quantity,
        request: &RequestId,
        source: Option<OrderSource>,
        token: Option<&str>,
    ) -> PurchaseResult {
        let decided = async {
            let asked = std::time::Instant::now();
            let decided = self
                .gate
                .try_buy_pressed(sale, user, qty, request, token)
                .await;
            metrics::histogram!("flashsale_gate_seconds").record(asked.elapsed().as_secs_f64());
            let (remaining, held) = match decided {
                Ok(BuyOutcome::Reserved { remaining, held }) => (remaining, held),
                Ok(BuyOutcome::Duplicate) => return self.duplicate(request).await,
                Ok(other) => return PurchaseResult::Refused(other),
                Err(e) => {
                    tracing::warn!(error = %e, "gate unavailable; buyer told to retry");
                    return PurchaseResult::TryAgain;
                }
            };
            let reserved = Reserved::Fresh {
                source,
                held,
                token,
            };
            self.store_reserved(sale, user, qty, request, remaining, reserved)
                .await
        };
        let result = decided.instrument(span("purchase", sale, user, qty)).await;
        let outcome = match &result {
            PurchaseResult::Won { .. } => "won",
            PurchaseResult::AlreadyOrdered { .. } => "already_ordered",
            PurchaseResult::TryAgain => "try_again",
            PurchaseResult::Refused(o) => o.name(),
        };
        metrics::counter!("flashsale_buy_outcomes_total", "outcome" => outcome).increment(1);
        result
    }

    /// Turns units the gate already holds under `request` (a claimed waitlist offer) into a
    /// pending order; on failure the units are released and the buyer may retry.
    pub async fn confirm_reserved(
        &self,
        sale: SaleId,
        user: UserId,
        qty: Quantity,
        request: &RequestId,
    ) -> PurchaseResult {
        let remaining = match self.gate.snapshot(sale).await {
            Ok(Some(s)) => s.remaining,
            _ => 0,
        };
        self.store_reserved(sale, user, qty, request, remaining, Reserved::Claimed)
            .instrument(span("claim", sale, user, qty))
            .await
    }

    async fn store_reserved(
        &self,
        sale: SaleId,
        user: UserId,
        qty: Quantity,
        request: &RequestId,
        remaining: u32,
        reserved: Reserved<'_>,
    ) -> PurchaseResult {
        let (fresh, source, held, token) = match reserved {
            Reserved::Fresh {
                source,
                held,
                token,
            } => (true, source, Some(held), token),
            Reserved::Claimed => (false, None, None, None),
        };
        let now = self.clock.now();
        let order = NewOrder {
            sale,
            buyer: user,
            quantity: qty,
            request: request.clone(),
            created_at: now,
            pay_deadline: now + self.pay_window,
            source,
            token: token.map(str::to_owned),
        };
        match self.writer.write(order).await {
            Ok(InsertOutcome::Inserted(order)) => {
                tracing::info!(order = order.get(), "order stored");
                PurchaseResult::Won {
                    order,
                    remaining,
                    held,
                }
            }
            Ok(InsertOutcome::AlreadyStored(order)) => {
                // A fresh reservation for a stored request means the gate had forgotten it: the
                // units just reserved are extra. A claimed hold already is that order's units.
                if fresh {
                    self.release(sale, request).await;
                }
                PurchaseResult::AlreadyOrdered { order }
            }
            Err(e) => {
                match &e {
                    WriteError::Refused(_) => tracing::warn!(error = %e, "store refused the order"),
                    WriteError::Unavailable(_) => tracing::error!(error = %e, "order not stored"),
                }
                self.release(sale, request).await;
                if matches!(e, WriteError::Refused(StoreError::StockExceeded)) {
                    self.resync(sale).await;
                }
                PurchaseResult::TryAgain
            }
        }
    }

    /// The store refused units the gate had let through: the gate is ahead of the store (it
    /// was rebuilt while reservations were in flight, e.g. after Redis lost its keys, and
    /// those then committed). Rebuild it from the store, or every later buyer would be told
    /// "try again" forever instead of "sold out".
    async fn resync(&self, sale: SaleId) {
        let rebuilt = match self.store.load_gate_seed(sale).await {
            Ok(Some(seed)) => self.gate.load(&seed, LoadMode::Replace).await.map(|_| ()),
            Ok(None) => Ok(()),
            Err(e) => {
                tracing::error!(error = %e, "gate not rebuilt; run reconcile --repair");
                return;
            }
        };
        match rebuilt {
            Ok(()) => tracing::warn!("gate was ahead of the store; rebuilt from the store"),
            Err(e) => tracing::error!(error = %e, "gate not rebuilt; run reconcile --repair"),
        }
    }

    async fn duplicate(&self, request: &RequestId) -> PurchaseResult {
        // The first attempt with this id may still be in flight or may have failed.
        // Report its order when it is stored; otherwise a duplicate is just refused.
        match self.store.order_by_request(request).await {
            Ok(Some(order)) => PurchaseResult::AlreadyOrdered { order: order.id },
            Ok(None) => PurchaseResult::Refused(BuyOutcome::Duplicate),
            Err(e) => {
                tracing::warn!(error = %e, "could not look up the earlier attempt");
                PurchaseResult::Refused(BuyOutcome::Duplicate)
            }
        }
    }

    async fn release(&self, sale: SaleId, request: &RequestId) {
        match self.gate.release(sale, request).await {
            Ok(ReleaseOutcome::Released { units }) => tracing::info!(units, "reservation released"),
            Ok(other) => tracing::warn!(outcome = ?other, "reservation release changed nothing"),
            // The gate then counts the units as sold until `reconcile --repair`: it can undersell, never oversell.
            Err(e) => tracing::error!(error = %e, "reservation not released; run reconcile"),
        }
    }
}

/// The span one purchase (`kind` "purchase") or claim ("claim") logs under.
fn span(kind: &'static str, sale: SaleId, user: UserId, qty: Quantity) -> tracing::Span {
    tracing::info_span!(
        "purchase",
        kind,
        sale = sale.get(),
        user = user.get(),
        qty = qty.get()
    )
}
