//! Unpaid orders lapse: past its payment deadline a pending order expires, its units go back
//! to the gate exactly once, and the buyer is told in their language (through the outbox).
//!
//! Exactly once, with any number of workers: only the worker whose state change succeeds
//! releases (`transition_order` is a compare-and-set), and a gate release is idempotent per
//! request id. A crash between the two is repaired by `recover`, which re-releases recently
//! closed orders (already released ones change nothing).

use std::sync::Arc;
use std::time::Duration as StdDuration;

use chrono::Duration;

use crate::app::jobs::notice::{give_back, sale_title, stored_locale};
use crate::clock::Clock;
use crate::delivery::OutboxBody;
use crate::domain::{Order, OrderState};
use crate::i18n::{Msg, Texts};
use crate::stock::StockGate;
use crate::store::{Store, StoreError};

/// What one pass did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ExpiryReport {
    /// Orders this worker expired.
    pub expired: u32,
    /// Units this worker put back in the gate.
    pub units_released: u32,
}

/// Expires overdue orders.
pub struct ExpiryWorker {
    store: Store,
    gate: Arc<dyn StockGate>,
    clock: Arc<dyn Clock>,
    texts: Arc<Texts>,
}

impl ExpiryWorker {
    /// A worker over the store and the gate; buyers are told through the outbox.
    pub fn new(
        store: Store,
        gate: Arc<dyn StockGate>,
        clock: Arc<dyn Clock>,
        texts: Arc<Texts>,
    ) -> Self {
        Self {
            store,
            gate,
            clock,
            texts,
        }
    }

    /// Expires up to 200 overdue orders.
    pub async fn step(&self) -> Result<ExpiryReport, StoreError> {
        let now = self.clock.now();
        let mut report = ExpiryReport::default();
        for order in self.store.overdue_orders(now, 200).await? {
            if !self
                .store
                .transition_order(order.id, OrderState::Pending, OrderState::Expired, now)
                .await?
            {
                continue; // another worker (or a payment) got there first
            }
            report.expired += 1;
            report.units_released += self.release(&order).await;
            self.tell_buyer(&order).await;
            tracing::info!(
                order = order.id.get(),
                sale = order.sale.get(),
                user = order.buyer.get(),
                "order expired"
            );
        }
        Ok(report)
    }

    /// Puts back units of orders closed in the last day whose release may have been lost
    /// (a crash after the state change); returns the units that were still missing.
    pub async fn recover(&self) -> Result<u32, StoreError> {
        let since = self.clock.now() - Duration::days(1);
        let mut units = 0;
        for order in self.store.orders_closed_since(since).await? {
            units += self.release(&order).await;
        }
        if units > 0 {
            tracing::warn!(
                units,
                "units of closed orders were missing from the gate; released"
            );
        }
        Ok(units)
    }

    async fn release(&self, order: &Order) -> u32 {
        give_back(self.gate.as_ref(), order.sale, &order.request)
            .await
            .unwrap_or_else(|e| {
                // The units stay held in the gate until `recover` or `reconcile --repair`:
                // it can undersell for a while, never oversell.
                tracing::error!(order = order.id.get(), error = %e, "expired order's units not released yet");
                0
            })
    }

    async fn tell_buyer(&self, order: &Order) {
        let locale = stored_locale(&self.store, order.buyer, None).await;
        let title = sale_title(&self.store, order.sale).await;
        let text = self.texts.render(
            locale,
            &Msg::new("order-expired")
                .arg("order", order.id.get())
                .arg("title", title),
        );
        // The units went back on sale: the card (with Buy while it lasts) is one tap away.
        let details = self.texts.render(locale, &Msg::new("button-details"));
        let body = OutboxBody {
            text,
            buttons: vec![vec![(
                details,
                crate::app::turn::action::Action::Info(order.sale).payload(),
            )]],
            lang: Some(locale.tag().to_owned()),
        };
        let key = format!("expired:{}", order.id);
        let queued = body
            .queue(&self.store, order.buyer.get(), &key, self.clock.now())
            .await;
        if let Err(e) = queued {
            tracing::error!(order = order.id.get(), error = %e, "expiry notice not queued");
        }
    }
}

#[async_trait::async_trait]
impl crate::worker::Worker for ExpiryWorker {
    fn name(&self) -> &'static str {
        "expiry"
    }

    async fn recover(&self) -> anyhow::Result<()> {
        ExpiryWorker::recover(self).await?;
        Ok(())
    }

    async fn step(&self) -> anyhow::Result<crate::worker::Pass> {
        ExpiryWorker::step(self).await?;
        Ok(crate::worker::Pass::Idle)
    }

    fn period(&self) -> StdDuration {
        StdDuration::from_secs(5)
    }
}
