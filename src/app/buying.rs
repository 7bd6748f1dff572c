//! Buying from a conversation: limit and size checks, confirmation, then `Purchases::buy`.

use super::action::Action;
use super::answer::{Answer, InvoiceDraft};
use super::assistant::{Assistant, Turn};
use super::present::{price, total};
use super::purchase::PurchaseResult;
use crate::domain::{Currency, OrderId, Quantity, Sale, Span};
use crate::i18n::Msg;
use crate::limits::Verdict;
use crate::stock::BuyOutcome;

/// Quantities above this are confirmed with Yes/No before buying.
pub const CONFIRM_ABOVE: u32 = 5;

impl Assistant {
    /// Buys `qty` units of the sale for the customer; `confirmed` skips the big-quantity question.
    pub(crate) async fn buy(&self, turn: &Turn, sale: &Sale, qty: u32, confirmed: bool) -> Answer {
        let title = sale.draft.title.as_str().to_owned();
        let limit = sale.draft.per_user_limit.get();
        if qty > limit {
            return self.over_limit(turn, sale, qty).await;
        }
        if qty > CONFIRM_ABOVE && !confirmed {
            return Answer::new(Msg::new("buy-confirm").arg("qty", qty).arg("title", title))
                .button(Msg::new("button-yes"), Action::Confirm(sale.id, qty))
                .button(Msg::new("button-no"), Action::Cancel);
        }
        let Ok(quantity) = Quantity::parse(i64::from(qty)) else {
            return super::answers::quantity_issue(
                crate::nlu::QuantityIssue::TooLarge(u64::from(qty)),
                Some(limit),
            );
        };
        if self.blocklist.contains(&self.store, turn.user).await {
            tracing::info!(
                user = turn.user.get(),
                sale = sale.id.get(),
                "blocked user tried to buy"
            );
            metrics::counter!("flashsale_limit_refusals_total", "limit" => "blocked").increment(1);
            return Answer::new(Msg::new("buy-blocked"));
        }
        // The user's own pace first: a script's replayed presses count as attempts too, and
        // a refused user is hushed so their next presses can be dropped at the door.
        if let Verdict::SlowDown { secs, tell } = self
            .checked_limit(turn, self.limits.user_buy(turn.user))
            .await
        {
            tracing::debug!(
                user = turn.user.get(),
                sale = sale.id.get(),
                secs,
                "buy attempts rate-limited"
            );
            if !tell {
                // Told within the notice period already: silence.
                self.alerts.note_silenced(turn.user, turn.now).await;
                return Answer::silent();
            }
            return Answer::new(Msg::new("limit-slow-down").arg("secs", secs)).brief();
        }
        if let Some(refused) = self.check_press(turn, sale).await {
            return self
                .repeats
                .once_in_full(turn, sale.id, "refused-button", refused);
        }
        let (answer, order) = self.buy_within_limits(turn, sale, qty, quantity).await;
        self.settle_press(turn, order).await;
        answer
    }

    /// `verdict`, after raising the alert for a shared limiter that could not be reached.
    async fn checked_limit(
        &self,
        turn: &Turn,
        verdict: impl std::future::Future<Output = Verdict>,
    ) -> Verdict {
        let limiter_errors = self.limits.backend_errors();
        let verdict = verdict.await;
        if self.limits.backend_errors() > limiter_errors {
            self.alerts.note_backend_error("redis", turn.now).await;
        }
        verdict
    }

    /// The rest of a buy once its button is accepted: the sale's pace, captcha, then the gate.
    async fn buy_within_limits(
        &self,
        turn: &Turn,
        sale: &Sale,
        qty: u32,
        quantity: Quantity,
    ) -> (Answer, Option<OrderId>) {
        if let Verdict::Busy { secs } | Verdict::SlowDown { secs, .. } = self
            .checked_limit(turn, self.limits.sale_buy(sale.id))
            .await
        {
            tracing::warn!(
                sale = sale.id.get(),
                secs,
                "sale busy: attempts shed before the gate"
            );
            return (
                Answer::new(Msg::new("limit-busy").arg("secs", secs))
                    .button(Msg::new("button-retry"), Action::Buy(sale.id, qty)),
                None,
            );
        }
        if let Some(challenge) = self.captcha_needed(turn, sale, qty).await {
            return (challenge, None);
        }
        if self.fresh_users.get(&turn.user).is_some() {
            self.alerts
                .note_new_buyer(sale.id, sale.draft.window.starts_at(), turn.user, turn.now)
                .await;
        }
        let result = self
            .purchases
            .buy(sale.id, turn.user, quantity, &turn.request)
            .await;
        if matches!(result, PurchaseResult::TryAgain) {
            self.alerts.note_purchase_error(turn.now).await;
        }
        if matches!(result, PurchaseResult::Won { .. }) {
            // The counts shown in lists changed.
            self.catalogs.clear();
        }
        let order = match result {
            PurchaseResult::Won { order, .. } | PurchaseResult::AlreadyOrdered { order } => {
                Some(order)
            }
            _ => None,
        };
        // A unit held for them by a waitlist offer explains the refusal. Looked up (one SQL
        // read) only when the gate says they hold units, or for a typed "sold out" answer:
        // never for the signed-button stampede on a sold-out sale.
        let may_hold = match result {
            PurchaseResult::Refused(BuyOutcome::LimitReached { held, .. }) => held > 0,
            PurchaseResult::Refused(BuyOutcome::SoldOut) => turn.press.is_none(),
            _ => false,
        };
        if may_hold && let Some(held) = self.held_answer(turn, sale.id).await {
            return (held, None);
        }
        let reserved = explain(result, sale, qty, turn);
        let answer = match result {
            PurchaseResult::Won { order, .. } => self.how_to_pay(reserved, sale, order, qty).await,
            PurchaseResult::AlreadyOrdered { .. } => {
                self.repeats
                    .once_in_full(turn, sale.id, "already-ordered", reserved)
            }
            PurchaseResult::Refused(BuyOutcome::SoldOut) => self
                .repeats
                .once_in_full(turn, sale.id, "sold-out", reserved),
            PurchaseResult::Refused(BuyOutcome::LimitReached { .. }) => {
                self.repeats
                    .once_in_full(turn, sale.id, "limit-reached", reserved)
            }
            _ => reserved,
        };
        (answer, order)
    }

    /// A won order on a sale priced in Stars comes with its invoice; any other is a
    /// reservation, with how to claim it before it lapses.
    pub(super) async fn how_to_pay(
        &self,
        won: Answer,
        sale: &Sale,
        order: OrderId,
        qty: u32,
    ) -> Answer {
        let price = sale.draft.price;
        let stars = (price.currency() == Currency::Xtr)
            .then(|| price.minor().checked_mul(i64::from(qty)))
            .flatten()
            .and_then(|total| u32::try_from(total).ok());
        let within = Span::of(self.purchases.pay_window());
        match stars {
            Some(stars) => won
                .line(
                    Msg::new("buy-pay-stars")
                        .arg("stars", stars)
                        .arg("span", within),
                )
                .with_invoice(InvoiceDraft {
                    order,
                    title: sale.draft.title.as_str().to_owned(),
                    qty,
                    stars,
                }),
            None => won
                .line(
                    Msg::new("buy-claim")
                        .arg("order", order.get())
                        .arg("span", within),
                )
                .line(self.seller_contact(sale).await),
        }
    }

    /// How to reach the seller of `sale`: their Telegram @username when the bot has seen it.
    pub(crate) async fn seller_contact(&self, sale: &Sale) -> Msg {
        // A contact the merchant wrote (`/faq contact=…`) wins over their username.
        match self.store.faq_answer(Some(sale.id), "contact").await {
            Ok(Some(contact)) => return Msg::new("faq-contact").arg("contact", contact),
            Ok(None) => {}
            Err(e) => tracing::warn!(sale = sale.id.get(), error = %e, "faq contact not read"),
        }
        match self.store.username_of(sale.draft.owner).await {
            Ok(Some(name)) => Msg::new("seller-contact").arg("username", name),
            Ok(None) => Msg::new("seller-contact-unknown").arg("seller", sale.draft.owner.get()),
            Err(e) => {
                tracing::warn!(sale = sale.id.get(), error = %e, "seller username not read");
                Msg::new("seller-contact-unknown").arg("seller", sale.draft.owner.get())
            }
        }
    }
}

/// What the customer is told about one purchase attempt.
pub(super) fn explain(result: PurchaseResult, sale: &Sale, qty: u32, turn: &Turn) -> Answer {
    let title = sale.draft.title.as_str().to_owned();
    let limit = sale.draft.per_user_limit.get();
    let (sale, draft) = (sale.id, &sale.draft);
    match result {
        PurchaseResult::Won { order, remaining } => Answer::new(
            Msg::new("buy-won")
                .arg("qty", qty)
                .arg("title", title)
                .arg("price", price(draft.price))
                .arg("total", total(draft.price, qty))
                .arg("order", order.get()),
        )
        .line(Msg::new("buy-remaining").arg("remaining", remaining))
        .button(Msg::new("button-orders"), Action::Orders),
        PurchaseResult::AlreadyOrdered { order } => {
            Answer::new(Msg::new("buy-already-ordered").arg("order", order.get()))
                .button(Msg::new("button-orders"), Action::Orders)
        }
        PurchaseResult::TryAgain => Answer::new(Msg::new("buy-try-again"))
            .button(Msg::new("button-retry"), Action::Buy(sale, qty)),
        PurchaseResult::Refused(outcome) => match outcome {
            BuyOutcome::SoldOut => Answer::new(Msg::new("buy-sold-out").arg("title", title))
                .button(Msg::new("button-waitlist"), Action::Waitlist(sale))
                .with_way_out(),
            BuyOutcome::NotEnough { remaining } => Answer::new(
                Msg::new("buy-not-enough")
                    .arg("qty", qty)
                    .arg("remaining", remaining)
                    .arg("title", title),
            )
            .button(
                Msg::new("button-buy-n").arg("qty", remaining),
                Action::Buy(sale, remaining.max(1)),
            ),
            BuyOutcome::LimitReached { held, limit } => Answer::new(
                Msg::new("buy-limit-reached")
                    .arg("held", held)
                    .arg("limit", limit)
                    .arg("can", limit.saturating_sub(held)),
            )
            .button(Msg::new("button-orders"), Action::Orders)
            .merge(match limit.saturating_sub(held).min(qty) {
                0 => Answer::silent(),
                can => Answer::silent().button(
                    Msg::new("button-buy-n").arg("qty", can),
                    Action::Buy(sale, can),
                ),
            }),
            BuyOutcome::NotStarted { starts_at } => Answer::new(
                Msg::new("buy-not-started")
                    .arg("title", title)
                    .arg("span", Span::until(turn.now, starts_at)),
            )
            .button(Msg::new("button-remind"), Action::Remind(sale)),
            BuyOutcome::Ended => {
                Answer::new(Msg::new("buy-ended").arg("title", title)).with_way_out()
            }
            BuyOutcome::Cancelled => {
                Answer::new(Msg::new("buy-cancelled-sale").arg("title", title)).with_way_out()
            }
            BuyOutcome::Duplicate => Answer::new(Msg::new("buy-duplicate"))
                .button(Msg::new("button-orders"), Action::Orders),
            BuyOutcome::Reserved { .. } | BuyOutcome::NotLoaded | BuyOutcome::UnknownSale => {
                tracing::warn!(
                    sale = sale.get(),
                    outcome = outcome.name(),
                    "unexpected gate outcome"
                );
                Answer::new(Msg::new("buy-try-again"))
                    .line(Msg::new("qty-limit-is").arg("limit", limit))
            }
        },
    }
}
