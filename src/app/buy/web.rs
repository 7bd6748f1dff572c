//! Buying from the Mini App: the same guard, limits, gate and order writer as a press in
//! chat, with an outcome a page can act on. The request id is derived by the transport from
//! (user, the client's key), so a retried key finds its order instead of buying twice.

use crate::app::assistant::Turn;
use crate::app::buy::Buy;
use crate::app::buy::captcha::{Challenge, Checked};
use crate::app::buy::flow::explain;
use crate::app::buy::purchase::PurchaseResult;
use crate::app::failure::Failure;
use crate::app::turn::answer::Answer;
use crate::domain::{OrderId, Quantity, Sale};
use crate::i18n::Msg;
use crate::stock::BuyOutcome;

/// What a web buy came to, as the page tells it apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WebOutcome {
    Won,
    AlreadyOrdered,
    SoldOut,
    Limit,
    NotStarted,
    Ended,
    TooFast,
    Captcha,
    CaptchaWrong,
    Blocked,
    Invalid,
    TryAgain,
}

impl WebOutcome {
    /// The outcome's name on the wire.
    pub fn name(self) -> &'static str {
        match self {
            WebOutcome::Won => "won",
            WebOutcome::AlreadyOrdered => "already_ordered",
            WebOutcome::SoldOut => "sold_out",
            WebOutcome::Limit => "limit",
            WebOutcome::NotStarted => "not_started",
            WebOutcome::Ended => "ended",
            WebOutcome::TooFast => "too_fast",
            WebOutcome::Captcha => "captcha",
            WebOutcome::CaptchaWrong => "captcha_wrong",
            WebOutcome::Blocked => "blocked",
            WebOutcome::Invalid => "invalid",
            WebOutcome::TryAgain => "try_again",
        }
    }
}

/// A captcha answer sent with a web buy: the challenge's token and the typed sum (as the
/// page sends it in `POST /app/api/buy`).
#[derive(Debug, Clone, serde::Deserialize)]
pub struct WebCaptchaAnswer {
    pub token: String,
    pub answer: String,
}

/// The result of one web buy: the outcome, the answer the bot would give, the order bought
/// or found, and the challenge to answer (outcome `captcha` or `captcha_wrong`).
#[derive(Debug)]
pub(crate) struct WebBuy {
    pub outcome: WebOutcome,
    pub answer: Answer,
    pub order: Option<OrderId>,
    pub challenge: Option<Challenge>,
    pub remaining: Option<u32>,
}

impl WebBuy {
    fn told(outcome: WebOutcome, answer: Answer) -> Self {
        let challenge = answer.captcha_nonce().map(Challenge::from_nonce);
        Self {
            outcome,
            answer,
            order: None,
            challenge,
            remaining: None,
        }
    }
}

impl Buy {
    /// Buys `qty` units of `sale` for the web: an order already stored under the turn's
    /// request is returned as is; else a captcha answer (if any) is checked, then the guard,
    /// then the gate and the order writer.
    pub(crate) async fn buy_on_web(
        &self,
        turn: &Turn,
        sale: &Sale,
        qty: u32,
        captcha: Option<WebCaptchaAnswer>,
    ) -> Result<WebBuy, Failure> {
        let earlier = self
            .store
            .order_by_request(&turn.request)
            .await
            .map_err(|e| Failure::new("earlier web buy not looked up", e).user(turn.user))?;
        if let Some(order) = earlier.filter(|o| o.buyer == turn.user) {
            let found = PurchaseResult::AlreadyOrdered { order: order.id };
            let mut web = WebBuy::told(WebOutcome::AlreadyOrdered, explain(found, sale, qty, turn));
            web.order = Some(order.id);
            return Ok(web);
        }
        let Ok(quantity) = Quantity::parse(i64::from(qty)) else {
            let answer =
                Answer::new(Msg::new("qty-limit-is").arg("limit", sale.draft.per_user_limit.get()));
            return Ok(WebBuy::told(WebOutcome::Invalid, answer));
        };
        if sale.draft.captcha
            && let Some(given) = captcha
            && let Some(refused) = self.web_captcha(turn, sale, qty, &given).await
        {
            return Ok(refused);
        }
        let cleared = match self.guard(turn, sale, qty).await? {
            Ok(cleared) => cleared,
            Err(refused) => {
                let answer: Answer = refused.into();
                return Ok(WebBuy::told(refusal_outcome(&answer), answer));
            }
        };
        let (answer, result) = self.through_the_gate(cleared, turn, sale, quantity).await;
        let remaining = match result {
            PurchaseResult::Won { remaining, .. } => Some(remaining),
            PurchaseResult::Refused(BuyOutcome::SoldOut) => Some(0),
            PurchaseResult::Refused(BuyOutcome::NotEnough { remaining }) => Some(remaining),
            _ => None,
        };
        Ok(WebBuy {
            outcome: purchase_outcome(result),
            answer,
            order: result.order(),
            challenge: None,
            remaining,
        })
    }

    /// Checks a typed captcha answer: `None` when solved (the buy goes on), else the
    /// refusal (a new challenge, or a wait after too many wrong answers).
    async fn web_captcha(
        &self,
        turn: &Turn,
        sale: &Sale,
        qty: u32,
        given: &WebCaptchaAnswer,
    ) -> Option<WebBuy> {
        if self
            .captchas
            .solved_shared(&self.store, sale.id, turn.user)
            .await
        {
            return None;
        }
        if let Some(wait) = self.lockout(turn, sale).await {
            return Some(WebBuy::told(WebOutcome::TooFast, wait));
        }
        let nonce = given.token.trim().parse::<u32>().unwrap_or(0);
        let challenge = Challenge::from_nonce(nonce);
        let typed = given.answer.trim().parse::<u32>().ok();
        // A typed sum that is no option counts as a wrong choice.
        let choice = typed
            .and_then(|n| challenge.options.iter().position(|o| *o == n))
            .and_then(|i| u8::try_from(i).ok())
            .unwrap_or((challenge.correct + 1) % 4);
        let checked = self
            .captchas
            .check_shared(sale.id, turn.user, nonce, choice, turn.now)
            .await;
        match checked {
            Checked::Solved { .. } => {
                self.captcha_solved(turn, sale).await;
                None
            }
            Checked::Wrong { locked_secs, .. } => {
                self.captcha_wrong(turn, sale).await;
                Some(match locked_secs {
                    Some(secs) => WebBuy::told(
                        WebOutcome::TooFast,
                        Answer::new(Msg::new("captcha-wrong-wait").arg("secs", secs)),
                    ),
                    None => {
                        let again = self
                            .challenge_or_wait(turn, sale, qty, Msg::new("captcha-wrong"))
                            .await;
                        WebBuy::told(WebOutcome::CaptchaWrong, again)
                    }
                })
            }
            Checked::NotYours | Checked::Stale => {
                let intro = Msg::new("captcha-stale");
                let again = self.challenge_or_wait(turn, sale, qty, intro).await;
                Some(WebBuy::told(WebOutcome::Captcha, again))
            }
        }
    }
}

/// The outcome of a buy the guard refused, told apart by the refusal's first line.
fn refusal_outcome(answer: &Answer) -> WebOutcome {
    if answer.captcha_nonce().is_some() {
        return WebOutcome::Captcha;
    }
    match answer.first_key() {
        Some("buy-blocked") => WebOutcome::Blocked,
        Some("buy-sold-out") => WebOutcome::SoldOut,
        Some("captcha-before-buy" | "captcha-wrong") => WebOutcome::Captcha,
        _ => WebOutcome::TooFast,
    }
}

/// The outcome of a buy the gate decided.
fn purchase_outcome(result: PurchaseResult) -> WebOutcome {
    match result {
        PurchaseResult::Won { .. } => WebOutcome::Won,
        PurchaseResult::AlreadyOrdered { .. } => WebOutcome::AlreadyOrdered,
        PurchaseResult::TryAgain => WebOutcome::TryAgain,
        PurchaseResult::Refused(outcome) => match outcome {
            BuyOutcome::SoldOut => WebOutcome::SoldOut,
            BuyOutcome::NotEnough { .. } => WebOutcome::Invalid,
            BuyOutcome::LimitReached { .. } => WebOutcome::Limit,
            BuyOutcome::NotStarted { .. } => WebOutcome::NotStarted,
            BuyOutcome::Ended | BuyOutcome::Cancelled => WebOutcome::Ended,
            // A web buy presses no signed button: no replay reaches here.
            BuyOutcome::Duplicate
            | BuyOutcome::Replayed { .. }
            | BuyOutcome::Reserved { .. }
            | BuyOutcome::NotLoaded
            | BuyOutcome::UnknownSale => WebOutcome::TryAgain,
        },
    }
}
