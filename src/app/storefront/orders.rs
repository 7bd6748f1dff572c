//! The visitor's orders in the Mini App: the list, Pay (a Stars invoice link) and Cancel,
//! and joining a sale's waitlist, through the chat's customer services.

use crate::app::browse::present::total;
use crate::app::customer::orders::refusal_msg;
use crate::app::failure::Failure;
use crate::app::storefront::invoices::InvoiceLinks;
use crate::app::storefront::views::{OrderCard, PayReply, WaitlistReply};
use crate::app::storefront::{Storefront, Visitor};
use crate::app::turn::answer::InvoiceDraft;
use crate::domain::{Currency, Order, OrderId, OrderState, Sale, SaleId, check_payment, stars_due};
use crate::i18n::Msg;

/// Most orders listed.
const MAX_ORDERS: u32 = 50;

impl Storefront {
    /// The visitor's latest orders, newest first.
    pub async fn orders(&self, visitor: &Visitor) -> Result<Vec<OrderCard>, Failure> {
        let orders = self
            .store
            .orders_of_buyer(visitor.user, MAX_ORDERS)
            .await
            .map_err(|e| Failure::new("orders not loaded", e).user(visitor.user))?;
        let mut cards = Vec::with_capacity(orders.len());
        for order in &orders {
            let sale = self.browse.sale_for_buying(order.sale).await?.ok();
            cards.push(self.order_card(visitor, order, sale.as_ref()));
        }
        Ok(cards)
    }

    /// A Stars invoice link for one of the visitor's pending orders.
    pub async fn pay(
        &self,
        visitor: &Visitor,
        id: OrderId,
        links: &dyn InvoiceLinks,
    ) -> Result<PayReply, Failure> {
        let Some((order, sale)) = self.own_order(visitor, id).await? else {
            return Ok(PayReply::Unknown);
        };
        let stars = stars_due(&sale, &order).unwrap_or(0);
        let checked = check_payment(
            &order,
            &sale,
            visitor.user,
            Currency::Xtr.code(),
            stars,
            visitor.now,
        );
        let stars = match checked {
            Ok(stars) => stars,
            Err(refusal) => {
                let msg = refusal_msg(refusal).arg("order", id.get());
                return Ok(PayReply::Refused(self.texts.render(visitor.locale, &msg)));
            }
        };
        // The invoice the chat would send for this order, as a link.
        let invoice = InvoiceDraft {
            order: id,
            title: sale.draft.title.as_str().to_owned(),
            qty: order.quantity.get(),
            stars,
        }
        .render(&self.texts, visitor.locale);
        let link = links.create(&invoice).await.map_err(|e| {
            Failure::new("invoice link not created", format!("{e:#}")).about("order", id.get())
        })?;
        tracing::info!(order = id.get(), stars, "invoice link created");
        Ok(PayReply::Link(link))
    }

    /// Cancels one of the visitor's pending orders: what the bot says and the order now;
    /// `None` when it is not theirs.
    pub async fn cancel(
        &self,
        visitor: &Visitor,
        id: OrderId,
    ) -> Result<Option<(String, OrderCard)>, Failure> {
        if self.own_order(visitor, id).await?.is_none() {
            return Ok(None);
        }
        let turn = self.reading(visitor);
        let answer = self.customer.cancel_order(&turn, id).await?;
        self.browse.counts_changed();
        self.holdings.remove(&visitor.user);
        let message = answer.render(&self.texts, visitor.locale).text;
        let Some((order, sale)) = self.own_order(visitor, id).await? else {
            return Ok(None);
        };
        Ok(Some((
            message,
            self.order_card(visitor, &order, Some(&sale)),
        )))
    }

    /// Puts the visitor in line for a sold-out sale; `None` when there is no such sale.
    pub async fn join_waitlist(
        &self,
        visitor: &Visitor,
        sale: SaleId,
    ) -> Result<Option<WaitlistReply>, Failure> {
        if self.browse.sale_for_buying(sale).await?.is_err() {
            return Ok(None);
        }
        let turn = self.reading(visitor);
        let answer = self.customer.join_waitlist(&turn, sale).await?;
        let joined = matches!(
            answer.first_key(),
            Some("waitlist-joined" | "waitlist-already")
        );
        let message = answer.render(&self.texts, visitor.locale).text;
        Ok(Some(WaitlistReply { joined, message }))
    }

    /// The card of order `id` (the visitor's), with `sale` when known; `None` when unreadable.
    pub(super) async fn order_card_of(
        &self,
        visitor: &Visitor,
        id: OrderId,
        sale: Option<&Sale>,
    ) -> Option<OrderCard> {
        match self.store.order(id).await {
            Ok(Some(order)) => Some(self.order_card(visitor, &order, sale)),
            Ok(None) => None,
            Err(e) => {
                tracing::warn!(order = id.get(), error = %e, "order not read back");
                None
            }
        }
    }

    /// An order of the visitor and its sale; `None` for someone else's or an unknown one.
    async fn own_order(
        &self,
        visitor: &Visitor,
        id: OrderId,
    ) -> Result<Option<(Order, Sale)>, Failure> {
        let failed = |what| move |e| Failure::new(what, e).about("order", id.get());
        let order = self
            .store
            .order(id)
            .await
            .map_err(failed("order not loaded"))?;
        let Some(order) = order.filter(|o| o.buyer == visitor.user) else {
            return Ok(None);
        };
        let sale = self
            .store
            .sale(order.sale)
            .await
            .map_err(failed("sale not loaded"))?;
        Ok(sale.map(|s| (order, s)))
    }

    /// An order as the page shows it.
    fn order_card(&self, visitor: &Visitor, order: &Order, sale: Option<&Sale>) -> OrderCard {
        let open = order.state == OrderState::Pending && !order.is_overdue(visitor.now);
        let status = order.state.as_str();
        OrderCard {
            id: order.id.get(),
            sale: order.sale.get(),
            title: sale.map_or_else(
                || format!("#{}", order.sale),
                |s| s.draft.title.as_str().to_owned(),
            ),
            quantity: order.quantity.get(),
            total_text: sale.map_or_else(
                || "—".to_owned(),
                |s| total(s.draft.price, order.quantity.get()),
            ),
            status,
            status_text: self.texts.render(
                visitor.locale,
                &Msg::new("miniapp-order-status").arg("state", status),
            ),
            pay_until_ms: (order.state == OrderState::Pending)
                .then(|| order.pay_deadline.timestamp_millis()),
            can_pay: open && sale.is_some_and(|s| stars_due(s, order).is_some()),
            can_cancel: open,
        }
    }
}
