//! A customer's own orders: the list with time left to pay, Pay (the invoice again) and
//! Cancel (compare-and-set, then the units go back to the gate once).

use crate::app::assistant::Turn;
use crate::app::browse::present::total;
use crate::app::customer::Customer;
use crate::app::failure::Failure;
use crate::app::or_answer;
use crate::app::turn::action::Action;
use crate::app::turn::answer::{Answer, InvoiceDraft};
use crate::domain::{
    Currency, Order, OrderId, OrderState, Refusal, Sale, Span, check_payment, stars_due,
};
use crate::i18n::Msg;
use crate::stock::{ReleaseOutcome, StockGate};

/// Most orders listed in one reply.
const MAX_ORDERS: u32 = 10;

impl Customer {
    /// The customer's latest orders, with Pay and Cancel under the pending ones.
    pub(crate) async fn orders(&self, turn: &Turn) -> Result<Answer, Failure> {
        let (answer, has_orders) = self.orders_only(turn).await?;
        Ok(self.buy.with_held_units(turn, answer, has_orders).await)
    }

    /// The orders list alone, and whether it has any order.
    async fn orders_only(&self, turn: &Turn) -> Result<(Answer, bool), Failure> {
        let orders = self
            .store
            .orders_of_buyer(turn.user, MAX_ORDERS)
            .await
            .map_err(|e| Failure::new("orders not loaded", e).user(turn.user))?;
        if orders.is_empty() {
            let empty =
                Answer::new(Msg::new("orders-empty")).button(Msg::new("button-list"), Action::List);
            return Ok((empty, false));
        }
        let mut answer = Answer::new(Msg::new("orders-header"));
        let mut any_pending = false;
        for order in orders {
            let sale = self.store.sale(order.sale).await.ok().flatten();
            let title = sale.as_ref().map_or_else(
                || format!("#{}", order.sale),
                |s| s.draft.title.as_str().to_owned(),
            );
            answer = answer.line(
                Msg::new("orders-item")
                    .arg("order", order.id.get())
                    .arg("title", title)
                    .arg("qty", order.quantity.get())
                    .arg(
                        "total",
                        sale.as_ref().map_or_else(
                            || "—".to_owned(),
                            |s| total(s.draft.price, order.quantity.get()),
                        ),
                    )
                    .arg("state", order.state.as_str()),
            );
            if order.state != OrderState::Pending || order.is_overdue(turn.now) {
                continue;
            }
            answer = answer.line(
                Msg::new("orders-pay-within")
                    .arg("span", Span::until(turn.now, order.pay_deadline)),
            );
            if sale.as_ref().and_then(|s| stars_due(s, &order)).is_some() {
                answer = answer.button(
                    Msg::new("button-pay").arg("order", order.id.get()),
                    Action::Pay(order.id),
                );
            }
            answer = answer.button(
                Msg::new("button-cancel-order").arg("order", order.id.get()),
                Action::CancelOrder(order.id),
            );
            any_pending = true;
        }
        // Only closed orders (paid, expired, cancelled): the sales are the way on.
        if !any_pending {
            answer = answer.button(Msg::new("button-list"), Action::List);
        }
        Ok((answer, true))
    }

    /// The invoice of one of the customer's pending Stars orders, again.
    pub(crate) async fn pay(&self, turn: &Turn, id: OrderId) -> Result<Answer, Failure> {
        let (order, sale) = or_answer!(self.own_order(turn, id).await?);
        let stars = stars_due(&sale, &order).unwrap_or(0);
        Ok(
            match check_payment(
                &order,
                &sale,
                turn.user,
                Currency::Xtr.code(),
                stars,
                turn.now,
            ) {
                Ok(stars) => Answer::new(
                    Msg::new("pay-invoice")
                        .arg("order", order.id.get())
                        .arg("span", Span::until(turn.now, order.pay_deadline)),
                )
                .with_invoice(InvoiceDraft {
                    order: order.id,
                    title: sale.draft.title.as_str().to_owned(),
                    qty: order.quantity.get(),
                    stars,
                }),
                Err(refusal) => Answer::new(refusal_msg(refusal).arg("order", order.id.get()))
                    .button(Msg::new("button-orders"), Action::Orders),
            },
        )
    }

    /// Cancels one of the customer's pending orders; its units go back on sale once.
    pub(crate) async fn cancel_order(&self, turn: &Turn, id: OrderId) -> Result<Answer, Failure> {
        let (order, sale) = or_answer!(self.own_order(turn, id).await?);
        let title = sale.draft.title.as_str().to_owned();
        let closed = || {
            Answer::new(Msg::new("order-cancel-closed").arg("order", order.id.get()))
                .button(Msg::new("button-orders"), Action::Orders)
        };
        if order.state != OrderState::Pending {
            return Ok(closed());
        }
        let cancelled = self
            .store
            .transition_order(
                order.id,
                OrderState::Pending,
                OrderState::Cancelled,
                turn.now,
            )
            .await
            .map_err(|e| Failure::new("order not cancelled", e).about("order", id.get()))?;
        if !cancelled {
            return Ok(closed()); // paid, expired or cancelled meanwhile
        }
        let units = release_order(self.purchases.gate().as_ref(), &order).await;
        tracing::info!(
            order = id.get(),
            sale = order.sale.get(),
            user = turn.user.get(),
            units,
            "order cancelled by the buyer"
        );
        Ok(Answer::new(
            Msg::new("order-cancelled")
                .arg("order", order.id.get())
                .arg("title", title),
        )
        .button(Msg::new("button-orders"), Action::Orders))
    }

    /// An order of the asking customer and its sale; someone else's order looks unknown.
    async fn own_order(
        &self,
        turn: &Turn,
        id: OrderId,
    ) -> Result<Result<(Order, Sale), Answer>, Failure> {
        let failed = |what| move |e| Failure::new(what, e).about("order", id.get());
        let order = match self
            .store
            .order(id)
            .await
            .map_err(failed("order not loaded"))?
        {
            Some(o) if o.buyer == turn.user => o,
            _ => {
                tracing::warn!(
                    order = id.get(),
                    user = turn.user.get(),
                    "order not the user's"
                );
                return Ok(Err(Answer::new(Msg::new("order-unknown"))
                    .button(Msg::new("button-orders"), Action::Orders)));
            }
        };
        let sale = self.store.sale(order.sale).await;
        Ok(match sale.map_err(failed("sale not loaded"))? {
            Some(sale) => Ok((order, sale)),
            None => Err(Answer::new(Msg::new("order-unknown"))),
        })
    }
}

/// Puts a closed order's units back in the gate; idempotent per request id, so calling it
/// after every successful compare-and-set releases them exactly once. Returns the units.
pub(crate) async fn release_order(gate: &dyn StockGate, order: &Order) -> u32 {
    match gate.release(order.sale, &order.request).await {
        Ok(ReleaseOutcome::Released { units }) => units,
        Ok(_) => 0,
        Err(e) => {
            // Held until `ExpiryWorker::recover` or `reconcile --repair`: undersell, never oversell.
            tracing::error!(order = order.id.get(), error = %e, "closed order's units not released yet");
            0
        }
    }
}

/// The reason a payment is refused, as a message (with an `order` argument to add).
pub(crate) fn refusal_msg(refusal: Refusal) -> Msg {
    match refusal {
        Refusal::UnknownOrder | Refusal::NotPayable => Msg::new("pay-refused-unknown"),
        Refusal::Expired | Refusal::Closed(OrderState::Expired) => Msg::new("pay-refused-expired"),
        Refusal::Closed(OrderState::Paid) => Msg::new("pay-refused-paid"),
        Refusal::Closed(_) => Msg::new("pay-refused-closed"),
        Refusal::WrongCurrency | Refusal::WrongAmount => Msg::new("pay-refused-mismatch"),
    }
}
