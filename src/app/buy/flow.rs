//! Buying from a conversation: size checks, confirmation, the guard (`guard.rs`), then
//! `Purchases::buy` and the answer.

use crate::app::assistant::Turn;
use crate::app::browse::card::WonPress;
use crate::app::browse::present::{price, total};
use crate::app::buy::Buy;
use crate::app::buy::guard::Cleared;
use crate::app::buy::purchase::PurchaseResult;
use crate::app::buy::room::sold_out_holding;
use crate::app::failure::Failure;
use crate::app::turn::action::Action;
use crate::app::turn::answer::{Answer, InvoiceDraft};
use crate::app::turn::users::NewBuyer;
use crate::domain::{Currency, OrderId, Quantity, Sale, Span};
use crate::i18n::Msg;
use crate::stock::BuyOutcome;

/// The one confirmation rule, stated in the question itself and in docs/customers.md: an
/// order of more than this many units is confirmed with Yes/No first, whichever way it was
/// asked for (typed, a button, a "Buy N" offer). Smaller orders never are.
pub const CONFIRM_ABOVE: u32 = 5;

impl Buy {
    /// Buys `qty` units of the sale for the customer; `confirmed` skips the big-order question.
    pub(crate) async fn buy(
        &self,
        turn: &Turn,
        sale: &Sale,
        qty: u32,
        confirmed: bool,
    ) -> Result<Answer, Failure> {
        let limit = sale.draft.per_user_limit.get();
        let to_confirm = qty > CONFIRM_ABOVE && !confirmed;
        // What they may still buy is read (SQL) only for a quantity past the limit or one to
        // confirm: a Yes must never be asked for what would then be refused.
        if (qty > limit || to_confirm)
            && let Some(refusal) = self.beyond_room(turn, sale, qty).await
        {
            return Ok(refusal);
        }
        if to_confirm {
            return Ok(Answer::new(
                Msg::new("buy-confirm")
                    .arg("qty", qty)
                    .arg("title", sale.draft.title.as_str())
                    .arg("total", total(sale.draft.price, qty))
                    .arg("over", CONFIRM_ABOVE),
            )
            .button(Msg::new("button-yes"), Action::Confirm(sale.id, qty))
            .button(Msg::new("button-no"), Action::Cancel));
        }
        let Ok(quantity) = Quantity::parse(i64::from(qty)) else {
            return Ok(crate::app::browse::sales::quantity_issue(
                crate::nlu::QuantityIssue::TooLarge(u64::from(qty)),
                Some(limit),
            ));
        };
        let cleared = match self.guard(turn, sale, qty).await? {
            Ok(cleared) => cleared,
            Err(refused) => return Ok(refused.into()),
        };
        let (answer, result) = self.through_the_gate(cleared, turn, sale, quantity).await;
        match result {
            // The order's own transaction recorded its token as spent.
            PurchaseResult::Won { order, .. } => self.settle_won(turn, sale.id, order),
            // A gate that claims tokens claimed nothing for a refused press.
            PurchaseResult::Refused(_) => self.free_press(turn, sale.id).await,
            other => self.settle_press(turn, sale.id, other.order()).await,
        }
        Ok(answer)
    }

    /// A buy the guard cleared: the gate, then the answer and what the gate decided (as the
    /// customer hears it: a limit refusal on a sold-out sale is "sold out").
    pub(crate) async fn through_the_gate(
        &self,
        _cleared: Cleared,
        turn: &Turn,
        sale: &Sale,
        quantity: Quantity,
    ) -> (Answer, PurchaseResult) {
        let qty = quantity.get();
        let starts = sale.draft.window.starts_at();
        // A buyer being met by this very press (answered without waiting for the write) is
        // counted once the store says whether they are new.
        self.users.count_new_buyer(
            turn.user,
            NewBuyer {
                alerts: self.alerts.clone(),
                sale: sale.id,
                starts,
                now: turn.now,
            },
        );
        self.browse.expect_winners(sale);
        let result = self
            .purchases
            .buy_from(
                sale.id,
                turn.user,
                quantity,
                &turn.request,
                turn.press.as_ref().and_then(|p| p.source),
                turn.press.as_ref().and_then(|p| p.token.as_deref()),
            )
            .await;
        let held_some = matches!(
            result,
            PurchaseResult::Refused(BuyOutcome::LimitReached { held, .. }) if held > 0
        );
        let at_limit = match result {
            PurchaseResult::Refused(BuyOutcome::LimitReached { held, limit }) if held >= limit => {
                Some((held, limit))
            }
            _ => None,
        };
        // The gate weighs the limit before the stock; the customer hears "sold out" first.
        let result = match result {
            PurchaseResult::Refused(BuyOutcome::LimitReached { .. })
                if self.sold_out_now(sale).await =>
            {
                PurchaseResult::Refused(BuyOutcome::SoldOut)
            }
            other => other,
        };
        if matches!(result, PurchaseResult::TryAgain) {
            self.alerts.note_purchase_error(turn.now).await;
        }
        if matches!(result, PurchaseResult::Won { .. }) {
            // The counts shown in lists changed.
            self.browse.counts_changed();
        }
        // A unit held for them by a waitlist offer explains the refusal. Looked up (one SQL
        // read) only when the gate says they hold units, or for a typed "sold out" answer:
        // never for the signed-button stampede on a sold-out sale.
        let may_hold = match result {
            PurchaseResult::Refused(BuyOutcome::LimitReached { .. }) => held_some,
            PurchaseResult::Refused(BuyOutcome::SoldOut) => held_some || turn.press.is_none(),
            _ => false,
        };
        if may_hold && let Some(held) = self.held_answer(turn, sale.id).await {
            return (held, result);
        }
        let reserved = match (result, at_limit) {
            // Sold out, and they hold all they may: their orders, not the waitlist.
            (PurchaseResult::Refused(BuyOutcome::SoldOut), Some((held, limit))) => {
                sold_out_holding(sale, held, limit)
            }
            _ => explain(result, sale, qty, turn),
        };
        let answer = match result {
            PurchaseResult::Won {
                order,
                remaining,
                held,
            } => {
                let answer = self.how_to_pay(reserved, sale, order, qty).await;
                // On a card, the card after the win is drawn from what the gate answered.
                let won = held.map(|held| WonPress {
                    order,
                    qty,
                    remaining,
                    held,
                });
                match won {
                    Some(won) if turn.press.as_ref().is_some_and(|p| p.on_card) => {
                        match self.browse.card_after_win(sale, turn.user, won).await {
                            Some(card) => answer.with_pressed_card(card),
                            None => answer,
                        }
                    }
                    _ => answer,
                }
            }
            PurchaseResult::AlreadyOrdered { .. } => {
                self.repeats
                    .once_in_full(turn, sale.id, "already-ordered", reserved)
            }
            PurchaseResult::Refused(BuyOutcome::SoldOut) => {
                self.repeats.sold_out(turn, sale.id, reserved)
            }
            PurchaseResult::Refused(BuyOutcome::LimitReached { .. }) => {
                self.repeats
                    .once_in_full(turn, sale.id, "limit-reached", reserved)
            }
            // Refused by the gate that claims tokens, as the guard refuses one this
            // process knows is replayed.
            PurchaseResult::Refused(BuyOutcome::Replayed { .. }) => {
                self.repeats
                    .once_in_full(turn, sale.id, "refused-button", reserved)
            }
            _ => reserved,
        };
        (answer, result)
    }

    /// Whether `sale` has no unit left, as the gate knows it now (one read, only after a
    /// limit refusal); false when the gate cannot say.
    async fn sold_out_now(&self, sale: &Sale) -> bool {
        let gate = self.purchases.gate();
        if gate.known_sold_out(sale.id) {
            return true;
        }
        match gate.snapshot(sale.id).await {
            Ok(Some(snapshot)) => snapshot.remaining == 0,
            Ok(None) => false,
            Err(e) => {
                tracing::warn!(sale = sale.id.get(), error = %e, "gate snapshot not read");
                false
            }
        }
    }

    /// A won order on a sale priced in Stars comes with its invoice; any other is a
    /// reservation, with how to claim it before it lapses.
    pub(crate) async fn how_to_pay(
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
                .line(self.browse.seller_contact(sale).await),
        }
    }
}

/// What the customer is told about one purchase attempt.
pub(crate) fn explain(result: PurchaseResult, sale: &Sale, qty: u32, turn: &Turn) -> Answer {
    let title = sale.draft.title.as_str().to_owned();
    let limit = sale.draft.per_user_limit.get();
    let (sale, draft) = (sale.id, &sale.draft);
    match result {
        PurchaseResult::Won {
            order, remaining, ..
        } => Answer::new(
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
            BuyOutcome::Replayed { order } => crate::app::buy::window::replayed(turn, sale, order),
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
