//! The buy guard: every check a buy passes before the gate, in one ordered function. A
//! refusal is an answer for the customer, not an error; the gate stays the final say on
//! stock, the sale's window and the per-user limit.
//!
//! Order (cheapest and most telling first):
//! 1. the blocklist;
//! 2. the user's buy pace (a replayed or early button counts as an attempt too, and a
//!    refused user is hushed so their next presses drop at the transport's door);
//! 3. the signed button's window and replay ([`Buy::check_press`] in `window.rs`), which
//!    claims the button's token (across instances in Redis before the gate, unless the gate
//!    claims it itself as it reserves: the Redis gate does);
//! 4. the sale's pace (attempts shed before the gate);
//! 5. the captcha (`captcha_flow.rs`).
//!
//! The message pace is not here: the router counts every message and press once, before
//! any feature runs. The transport's door only reads who is hushed; it counts nothing.

use crate::app::assistant::Turn;
use crate::app::buy::Buy;
use crate::app::buy::purchase::PurchaseResult;
use crate::app::failure::Failure;
use crate::app::turn::action::Action;
use crate::app::turn::answer::Answer;
use crate::domain::Sale;
use crate::i18n::Msg;
use crate::limits::Verdict;
use crate::stock::BuyOutcome;

/// A buy the guard let through. The press's token, if any, is claimed for it: settle it
/// with [`Buy::settle_won`], [`Buy::free_press`] or [`Buy::settle_press`] once the gate has
/// answered.
#[derive(Debug)]
pub(crate) struct Cleared(());

/// Why the guard refused a buy, as the answer that tells the customer.
#[derive(Debug)]
pub(crate) struct Refusal(Answer);

impl From<Refusal> for Answer {
    fn from(refusal: Refusal) -> Self {
        refusal.0
    }
}

impl Buy {
    /// Runs the checks before the gate for `qty` units of `sale`, in the order above.
    pub(crate) async fn guard(
        &self,
        turn: &Turn,
        sale: &Sale,
        qty: u32,
    ) -> Result<Result<Cleared, Refusal>, Failure> {
        if self.blocklist.contains(&self.store, turn.user).await {
            tracing::info!(
                user = turn.user.get(),
                sale = sale.id.get(),
                "blocked user tried to buy"
            );
            metrics::counter!("flashsale_limit_refusals_total", "limit" => "blocked").increment(1);
            return Ok(Err(Refusal(Answer::new(Msg::new("buy-blocked")))));
        }
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
                return Ok(Err(Refusal(Answer::hushed())));
            }
            return Ok(Err(Refusal(
                Answer::new(Msg::new("limit-slow-down").arg("secs", secs)).brief(),
            )));
        }
        // Sold out a moment ago (this process's memo): no token claim, no gate call.
        if turn.press.is_some() && self.purchases.gate().known_sold_out(sale.id) {
            let sold_out = PurchaseResult::Refused(BuyOutcome::SoldOut);
            let answer = crate::app::buy::flow::explain(sold_out, sale, qty, turn);
            let told = self.repeats.sold_out(turn, sale.id, answer);
            return Ok(Err(Refusal(told)));
        }
        if let Some(refused) = self.check_press(turn, sale).await? {
            let told = self
                .repeats
                .once_in_full(turn, sale.id, "refused-button", refused);
            return Ok(Err(Refusal(told)));
        }
        // From here on the press's token is claimed: a refusal frees it again.
        if let Some(refused) = self.paced_and_verified(turn, sale, qty).await {
            self.free_press(turn, sale.id).await;
            return Ok(Err(Refusal(refused)));
        }
        Ok(Ok(Cleared(())))
    }

    /// The sale's pace, then the captcha: the answer refusing the buy, if any.
    async fn paced_and_verified(&self, turn: &Turn, sale: &Sale, qty: u32) -> Option<Answer> {
        if let Verdict::Busy { secs } | Verdict::SlowDown { secs, .. } = self
            .checked_limit(turn, self.limits.sale_buy(sale.id))
            .await
        {
            tracing::warn!(
                sale = sale.id.get(),
                secs,
                "sale busy: attempts shed before the gate"
            );
            return Some(
                Answer::new(Msg::new("limit-busy").arg("secs", secs))
                    .button(Msg::new("button-retry"), Action::Buy(sale.id, qty)),
            );
        }
        // Most sales ask for none: their buys never enter the captcha code.
        if !sale.draft.captcha {
            return None;
        }
        self.captcha_needed(turn, sale, qty).await
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
}
