//! Sales as the Mini App lists them (the cached catalog, the gate's live count for one
//! sale) and a buy from the page (through `Buy::buy_on_web`).

use std::collections::HashMap;
use std::sync::Arc;

use crate::app::browse::present::price;
use crate::app::buy::web::{WebCaptchaAnswer, WebOutcome};
use crate::app::failure::Failure;
use crate::app::storefront::views::{BuyReply, CaptchaCard, SaleCard};
use crate::app::storefront::{Storefront, Visitor};
use crate::domain::{Phase, RequestId, Sale, SaleId};
use crate::i18n::Msg;

/// Most orders read to count what a visitor holds per sale.
const HELD_ORDERS_READ: u32 = 200;

impl Storefront {
    /// Live and upcoming sales (not ended or cancelled), soonest first.
    pub async fn sales(&self, visitor: &Visitor) -> Result<Vec<SaleCard>, Failure> {
        let catalog = self.browse.catalog(visitor.now).await?;
        let held = self.held_by_sale(visitor).await;
        let mut cards: Vec<SaleCard> = catalog
            .views
            .iter()
            .filter(|v| !matches!(v.phase, Phase::Ended | Phase::Cancelled))
            .map(|v| {
                let held = held.get(&v.sale.id).copied().unwrap_or(0);
                sale_card(&v.sale, v.remaining, v.phase, held)
            })
            .collect();
        cards.sort_by_key(|c| (c.starts_at_ms, c.id));
        Ok(cards)
    }

    /// One sale with its live count (the gate's, else the store's); `None` when unknown.
    pub async fn sale(&self, visitor: &Visitor, id: SaleId) -> Result<Option<SaleCard>, Failure> {
        let Ok(sale) = self.browse.sale_for_buying(id).await? else {
            return Ok(None);
        };
        let remaining = self.remaining(&sale, visitor).await?;
        let held = self
            .held_by_sale(visitor)
            .await
            .get(&id)
            .copied()
            .unwrap_or(0);
        let phase = sale.phase(visitor.now, remaining);
        Ok(Some(sale_card(&sale, remaining, phase, held)))
    }

    /// Buys `qty` units of `sale` under `request` (derived from the visitor and the client's
    /// key); `None` when there is no such sale. A win is also told in the bot chat, once.
    pub async fn buy(
        &self,
        visitor: &Visitor,
        request: RequestId,
        sale: SaleId,
        qty: u32,
        captcha: Option<WebCaptchaAnswer>,
    ) -> Result<Option<BuyReply>, Failure> {
        let Ok(sale) = self.browse.sale_for_buying(sale).await? else {
            return Ok(None);
        };
        let turn = self.turn(visitor, request);
        let web = self.buy.buy_on_web(&turn, &sale, qty, captcha).await?;
        if web.order.is_some() {
            self.holdings.remove(&visitor.user);
        }
        let reply = web.answer.render(&self.texts, visitor.locale);
        if web.outcome == WebOutcome::Won
            && let Some(order) = web.order
        {
            // The same "you won" the chat shows, through the durable outbox, once per order.
            let body = reply.outbox_body();
            let key = format!("web-won:{}", order.get());
            if let Err(e) = body
                .queue(&self.store, visitor.user.get(), &key, visitor.now)
                .await
            {
                tracing::error!(order = order.get(), error = %e, "web win not queued for the chat");
            }
        }
        let order = match web.order {
            Some(id) => self.order_card_of(visitor, id, Some(&sale)).await,
            None => None,
        };
        let captcha = web.challenge.map(|c| CaptchaCard {
            token: c.nonce.to_string(),
            question: self.texts.render(
                visitor.locale,
                &Msg::new("captcha-question").arg("a", c.a).arg("b", c.b),
            ),
        });
        // The chat's "answer, then buy again" is not how the page works: there, sending the
        // answer goes on with the buy.
        let message = if web.answer.first_key() == Some("captcha-before-buy") {
            self.texts.render(
                visitor.locale,
                &Msg::new("miniapp-captcha-before-buy").arg("title", sale.draft.title.as_str()),
            )
        } else {
            reply.text
        };
        Ok(Some(BuyReply {
            outcome: web.outcome.name(),
            message,
            order,
            captcha,
            stock_left: web.remaining,
        }))
    }

    /// Units left of `sale`: the gate's count when it has the sale loaded, else the cached
    /// catalog's, else the store's.
    async fn remaining(&self, sale: &Sale, visitor: &Visitor) -> Result<u32, Failure> {
        match self.gate.snapshot(sale.id).await {
            Ok(Some(snapshot)) => return Ok(snapshot.remaining),
            Ok(None) => {}
            Err(e) => tracing::warn!(sale = sale.id.get(), error = %e, "gate snapshot not read"),
        }
        if let Some(view) = self.browse.catalog(visitor.now).await?.view(sale.id) {
            return Ok(view.remaining);
        }
        let counts = self
            .store
            .sale_counts(sale.id)
            .await
            .map_err(|e| Failure::new("sale counts not loaded", e).sale(sale.id))?;
        Ok(counts.remaining())
    }

    /// Units the visitor holds per sale (pending and paid orders), kept a few seconds; empty
    /// when unreadable.
    async fn held_by_sale(&self, visitor: &Visitor) -> Arc<HashMap<SaleId, u32>> {
        if let Some(held) = self.holdings.get(&visitor.user) {
            return held;
        }
        let mut held = HashMap::new();
        match self
            .store
            .orders_of_buyer(visitor.user, HELD_ORDERS_READ)
            .await
        {
            Ok(orders) => {
                for o in orders.iter().filter(|o| o.state.holds_stock()) {
                    *held.entry(o.sale).or_insert(0) += o.quantity.get();
                }
            }
            Err(e) => {
                tracing::warn!(user = visitor.user.get(), error = %e, "holdings not read");
                return Arc::new(held);
            }
        }
        let held = Arc::new(held);
        self.holdings.put(visitor.user, held.clone());
        held
    }
}

/// A sale as the page shows it.
fn sale_card(sale: &Sale, remaining: u32, phase: Phase, held: u32) -> SaleCard {
    let draft = &sale.draft;
    SaleCard {
        id: sale.id.get(),
        title: draft.title.as_str().to_owned(),
        description: None,
        price_text: price(draft.price),
        price_minor: draft.price.minor(),
        currency: draft.price.currency().code().to_owned(),
        starts_at_ms: draft.window.starts_at().timestamp_millis(),
        ends_at_ms: draft.window.ends_at().timestamp_millis(),
        state: match phase {
            Phase::Upcoming => "upcoming",
            Phase::Live => "live",
            Phase::SoldOut => "sold_out",
            Phase::Ended | Phase::Cancelled => "ended",
        },
        stock_left: remaining,
        stock_total: draft.stock.get(),
        per_user_limit: draft.per_user_limit.get(),
        held,
        captcha: draft.captcha,
    }
}
