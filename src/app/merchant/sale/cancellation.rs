//! A merchant cancels a sale: the sale is marked cancelled (the gate refuses from then on),
//! pending orders are cancelled and their units released, paid ones cancelled and refunded,
//! and each buyer is told once through the outbox.
//!
//! Every step is a compare-and-set or keyed by a dedupe key, so running it again (after a
//! crash or a failed refund) finishes what is left and repeats nothing.

use crate::domain::{OrderState, SaleId};
use crate::i18n::Msg;
use crate::stock::LoadMode;
use crate::store::{PaymentState, StoreError};

use crate::app::customer::orders::release_order;
use crate::app::customer::payments::Payments;

/// What one cancellation run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SaleCancelReport {
    /// Pending orders this run cancelled.
    pub cancelled: u32,
    /// Payments this run refunded.
    pub refunded: u32,
    /// Refunds that failed and are still owed (run again to retry).
    pub refunds_owed: u32,
}

impl Payments {
    /// Cancels sale `id` with everything it sold; `NotFound` when there is no such sale.
    pub async fn cancel_sale(&self, id: SaleId) -> Result<SaleCancelReport, StoreError> {
        let now = self.clock.now();
        let sale = self.store.sale(id).await?.ok_or(StoreError::NotFound)?;
        let title = sale.draft.title.as_str().to_owned();
        if self.store.cancel_sale(id, now).await? {
            tracing::info!(sale = id.get(), "sale cancelled");
        }
        // The gate learns the sale is cancelled, so no new order starts from here on.
        if let Some(seed) = self.store.load_gate_seed(id).await?
            && let Err(e) = self.gate.load(&seed, LoadMode::Replace).await
        {
            tracing::error!(sale = id.get(), error = %e, "gate not told of the cancellation");
        }
        let mut report = SaleCancelReport::default();
        for order in self.store.orders_for_sale(id).await? {
            let from = match order.state {
                OrderState::Pending | OrderState::Paid => order.state,
                _ => continue,
            };
            if !self
                .store
                .transition_order(order.id, from, OrderState::Cancelled, now)
                .await?
            {
                continue; // paid, expired or cancelled meanwhile: another run or worker has it
            }
            let units = release_order(self.gate.as_ref(), &order).await;
            tracing::info!(
                order = order.id.get(),
                sale = id.get(),
                user = order.buyer.get(),
                units,
                "order cancelled with its sale"
            );
            if from == OrderState::Pending {
                report.cancelled += 1;
                let msg = Msg::new("sale-cancelled-order")
                    .arg("order", order.id.get())
                    .arg("title", title.as_str());
                self.notify(order.buyer, &format!("salecancel:{}", order.id), msg)
                    .await;
            }
        }
        // Money held for cancelled orders goes back (including refunds an earlier run owed).
        for order in self.store.orders_for_sale(id).await? {
            if order.state != OrderState::Cancelled {
                continue;
            }
            for payment in self.store.payments_of_order(order.id).await? {
                if payment.state != PaymentState::Paid {
                    continue;
                }
                if !self.refund(payment.buyer, &payment.charge, true).await {
                    report.refunds_owed += 1;
                    continue;
                }
                report.refunded += 1;
                let msg = Msg::new("sale-cancelled-refunded")
                    .arg("order", order.id.get())
                    .arg("title", title.as_str())
                    .arg("stars", payment.amount);
                self.notify(payment.buyer, &format!("refund:{}", payment.charge), msg)
                    .await;
            }
        }
        Ok(report)
    }
}
