//! The signed buy window: a Buy button pressed on Telegram carries its mint time and a token
//! id (both under the button's MAC). A Buy button minted before the sale's start is refused
//! (cards shown before the start carry Remind and Verify, not Buy; the countdown flips them
//! to live cards with freshly minted Buy buttons), and so is a *replayed* token.
//!
//! Replay, precisely: one minted Buy (or Yes) button — its token id is unique per minting —
//! pressed by a second callback query while the first press of it is being handled or after
//! that press bought. The same callback query delivered again (a Telegram redelivery) is no
//! replay: it keeps its request id and gets its original order back. A press that did not
//! buy (sold out, limits, captcha, try again) leaves the token usable, and the card a buy
//! leaves behind carries fresh tokens, so a second legitimate buy within the per-user limit
//! always has a button. The gate stays the final say on the sale's window (its own clock).
//!
//! With Redis configured, a claim is also taken in Redis (`<prefix>{sale:N}:tok:<token>`, the
//! press's request id while in flight, then `request|order` once it bought), so a replay
//! reaching another instance is refused the same way; without Redis there is one instance.
//! The Redis gate takes that claim in the purchase script itself, in the same atomic step as
//! the decision and only when it reserves (`StockGate::try_buy_pressed`): a press costs one
//! round trip, and a refused press leaves nothing in Redis to free.
//!
//! A token that bought is recorded in SQL (`spent_buy_tokens`) before the buyer is answered
//! and kept for [`SPENT_TOKENS_KEPT_SECS`], longer than a button lives; a press this process
//! cannot vouch for from memory (a token minted before it started, or older than its memory)
//! is looked up there (in its sale's set, read once: `spent_by_sale.rs`), so a replay after a
//! restart is refused with the order it bought.

use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{DateTime, Utc};

use crate::app::assistant::Turn;
use crate::app::buy::spent_by_sale::SpentBySale;
use crate::app::cache::Ttl;
use crate::app::failure::Failure;
use crate::app::shared::SharedKeys;
use crate::app::turn::action::Action;
use crate::app::turn::answer::Answer;
use crate::domain::{OrderId, RequestId, Sale, SaleId};
use crate::i18n::Msg;
use crate::stock::{TOKEN_IN_FLIGHT, token_key_name};

/// How long a used token is remembered (tokens are bound to one user; the gate's per-user
/// limit bounds whatever a forgotten token could still do).
const REMEMBER: std::time::Duration = std::time::Duration::from_secs(6 * 3600);

/// How long a spent token stays in SQL: a day longer than a Buy button lives (7 days).
pub const SPENT_TOKENS_KEPT_SECS: i64 = 8 * 24 * 3600;

/// Spent tokens older than [`SPENT_TOKENS_KEPT_SECS`] are deleted once per this many records.
const FORGET_EVERY: u64 = 256;

/// What a transport knows about the signed button that was pressed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Press {
    /// When the button was minted (authenticated by its signature).
    pub minted_at: DateTime<Utc>,
    /// The button's unique token id, when it has one (buttons minted by this version do).
    pub token: Option<String>,
    /// The button sits on a sale's card: the answer brings the card as it is now.
    pub on_card: bool,
    /// Where the presser came from, when the button says so (a sale post's button).
    pub source: Option<crate::domain::OrderSource>,
    /// The language of the message the button was under, when the button says so.
    pub shown_in: Option<crate::i18n::Locale>,
}

/// A token's use: the request that used it and, once it bought, the order.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Use {
    request: RequestId,
    order: Option<OrderId>,
}

/// What claiming a token found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Claim {
    /// First use (or a redelivery of the same press): go on.
    Go,
    /// Another press of the same token is in flight or already bought.
    Replayed(Option<OrderId>),
}

/// Buy tokens in use or spent, in this process.
pub(crate) struct SpentTokens {
    uses: Ttl<String, Use>,
    /// When this process started remembering: older tokens may be spent in SQL only.
    since: DateTime<Utc>,
    /// Spent tokens recorded in SQL by this process.
    recorded: AtomicU64,
    /// The claims every instance sees (Redis), when configured.
    pub(crate) shared: Option<SharedKeys>,
    /// The gate claims tokens in Redis as it decides: no claim of its own before it.
    gate_claims: bool,
    /// What SQL says was spent, per sale, for tokens this process cannot vouch for.
    by_sale: SpentBySale,
}

impl SpentTokens {
    /// The same, keeping what every instance must agree on in `shared` (Redis) when set.
    pub(crate) fn sharing(mut self, shared: Option<crate::app::shared::SharedKeys>) -> Self {
        self.shared = shared;
        self
    }

    /// The same, leaving the shared claim to the gate when `gate_claims` (the Redis gate
    /// claims a press's token in the purchase script, see `StockGate::claims_tokens`).
    pub(crate) fn claimed_by_gate(mut self, gate_claims: bool) -> Self {
        self.gate_claims = gate_claims;
        self
    }

    /// Nothing used yet in this process, which starts remembering at `since`.
    pub fn new(since: DateTime<Utc>) -> Self {
        Self {
            uses: Ttl::new(REMEMBER, 1_000_000),
            since,
            recorded: AtomicU64::new(0),
            shared: None,
            gate_claims: false,
            by_sale: SpentBySale::new(),
        }
    }

    /// Whether a token minted at `minted_at` may have been spent without this process's
    /// memory knowing: minted before it started, or older than what it remembers.
    fn may_be_spent_elsewhere(&self, minted_at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
        let remembered = chrono::Duration::from_std(REMEMBER).unwrap_or(chrono::Duration::MAX);
        minted_at <= self.since || now - minted_at >= remembered
    }

    /// Claims `token` for `request`.
    pub fn claim(&self, token: &str, request: &RequestId) -> Claim {
        match self.uses.get(&token.to_owned()) {
            Some(u) if &u.request != request => Claim::Replayed(u.order),
            Some(_) => Claim::Go,
            None => {
                self.uses.put(
                    token.to_owned(),
                    Use {
                        request: request.clone(),
                        order: None,
                    },
                );
                Claim::Go
            }
        }
    }

    /// The Redis claims, when there are any and the gate does not take them itself.
    fn shared_claims(&self) -> Option<&SharedKeys> {
        self.shared.as_ref().filter(|_| !self.gate_claims)
    }

    /// [`Self::claim`], then the same claim in Redis when shared and the gate does not take
    /// it; `Err` when Redis could not say (the press is refused rather than risk a second
    /// buy; the local claim is undone).
    pub async fn claim_shared(
        &self,
        sale: SaleId,
        token: &str,
        request: &RequestId,
    ) -> Result<Claim, redis::RedisError> {
        let local = self.claim(token, request);
        let Some(shared) = self.shared_claims().filter(|_| local == Claim::Go) else {
            return Ok(local);
        };
        let found = shared
            .set_new(
                &token_key_name(sale, token),
                request.as_str(),
                TOKEN_IN_FLIGHT,
            )
            .await
            .inspect_err(|_| self.settle(token, request, None))?;
        let Some(found) = found else {
            return Ok(Claim::Go);
        };
        let (by, order) = found.split_once('|').unwrap_or((found.as_str(), ""));
        if by == request.as_str() {
            return Ok(Claim::Go);
        }
        let order = order
            .parse::<i64>()
            .ok()
            .and_then(|o| OrderId::parse(o).ok());
        self.settle(token, request, None);
        Ok(Claim::Replayed(order))
    }

    /// [`Self::settle`], and the same in Redis when shared.
    pub async fn settle_shared(
        &self,
        sale: SaleId,
        token: &str,
        request: &RequestId,
        order: Option<OrderId>,
    ) {
        self.settle(token, request, order);
        let Some(shared) = &self.shared else { return };
        settle_in(shared, sale, token, request, order).await;
    }

    /// Spends `token` on `order` here at once and in Redis (when shared) in the background,
    /// so the buyer is not kept waiting for it: until it lands, every instance still finds
    /// the press's claim in flight and refuses a replay all the same.
    pub fn settle_won(&self, sale: SaleId, token: &str, request: &RequestId, order: OrderId) {
        self.settle(token, request, Some(order));
        let Some(shared) = self.shared.clone() else {
            return;
        };
        let (token, request) = (token.to_owned(), request.clone());
        tokio::spawn(async move { settle_in(&shared, sale, &token, &request, Some(order)).await });
    }

    /// The press of `token` by `request` ended: spent with the order it bought, or free again.
    pub fn settle(&self, token: &str, request: &RequestId, order: Option<OrderId>) {
        let key = token.to_owned();
        match order {
            Some(order) => self.uses.put(
                key,
                Use {
                    request: request.clone(),
                    order: Some(order),
                },
            ),
            None => {
                if self
                    .uses
                    .get(&key)
                    .is_some_and(|u| &u.request == request && u.order.is_none())
                {
                    self.uses.remove(&key);
                }
            }
        }
    }
}

impl crate::app::buy::Buy {
    /// Refuses a Buy button minted before the sale's start, or a replayed one; otherwise
    /// claims its token for this press (settle it with [`Self::settle_press`]).
    pub(crate) async fn check_press(
        &self,
        turn: &Turn,
        sale: &Sale,
    ) -> Result<Option<Answer>, Failure> {
        let Some(press) = turn.press.as_ref() else {
            return Ok(None);
        };
        let title = sale.draft.title.as_str();
        // Whole seconds: buttons are minted with a one-second resolution.
        if press.minted_at.timestamp() < sale.draft.window.starts_at().timestamp() {
            crate::metrics::button_refused("early");
            // Counted in metrics; per-press lines at debug (a flood must not flood the log).
            tracing::debug!(
                user = turn.user.get(),
                sale = sale.id.get(),
                "buy button minted before the start refused"
            );
            return Ok(Some(
                Answer::new(Msg::new("buy-token-early").arg("title", title))
                    .button(Msg::new("button-refresh"), Action::Refresh(sale.id)),
            ));
        }
        let Some(token) = press.token.as_deref() else {
            return Ok(None);
        };
        let failed = |what, e| {
            Failure::new(what, e)
                .user(turn.user)
                .sale(sale.id)
                .answer_with("buy-try-again")
        };
        let mut claim = self
            .spent
            .claim_shared(sale.id, token, &turn.request)
            .await
            .map_err(|e| {
                failed(
                    "shared buy token claim failed; press refused",
                    e.to_string(),
                )
            })?;
        if claim == Claim::Go && self.spent.may_be_spent_elsewhere(press.minted_at, turn.now) {
            match self.spent.by_sale.spent(&self.store, sale.id, token).await {
                Ok(Some((request, order))) if request != turn.request => {
                    self.spent.settle(token, &request, Some(order));
                    claim = Claim::Replayed(Some(order));
                }
                Ok(_) => {}
                Err(e) => {
                    // Unsure whether it was spent: buy nothing rather than maybe twice.
                    self.spent.settle(token, &turn.request, None);
                    return Err(failed(
                        "spent buy tokens unreadable; press refused",
                        e.to_string(),
                    ));
                }
            }
        }
        Ok(match claim {
            Claim::Go => None,
            Claim::Replayed(order) => Some(replayed(turn, sale.id, order)),
        })
    }

    /// Ends the claim of a press that just won `order`, whose own transaction recorded the
    /// token as spent in SQL: in this process's memory (and Redis) too.
    pub(crate) fn settle_won(&self, turn: &Turn, sale: SaleId, order: OrderId) {
        let Some(token) = turn.press.as_ref().and_then(|p| p.token.as_deref()) else {
            return;
        };
        self.spent.settle_won(sale, token, &turn.request, order);
        self.forget_expired_tokens(turn.now);
    }

    /// Frees this press's claim on its token after a refusal that left nothing claimed in
    /// Redis: one the guard made before the gate, or the gate's own when it claims tokens
    /// (it claims only as it reserves).
    pub(crate) async fn free_press(&self, turn: &Turn, sale: SaleId) {
        match turn.press.as_ref().and_then(|p| p.token.as_deref()) {
            Some(token) if self.spent.gate_claims => self.spent.settle(token, &turn.request, None),
            _ => self.settle_press(turn, sale, None).await,
        }
    }

    /// Ends this press's claim on its token: spent when it found `order` (an order of an
    /// earlier delivery of the same press; recorded in SQL before the buyer is answered),
    /// else free again.
    pub(crate) async fn settle_press(&self, turn: &Turn, sale: SaleId, order: Option<OrderId>) {
        let Some(token) = turn.press.as_ref().and_then(|p| p.token.as_deref()) else {
            return;
        };
        self.spent
            .settle_shared(sale, token, &turn.request, order)
            .await;
        let Some(order) = order else { return };
        if let Err(e) = self
            .store
            .record_spent_token(token, &turn.request, order, turn.now)
            .await
        {
            // The order stands; only a replay after a restart could then reach the gate,
            // where the per-user limit still bounds it.
            tracing::error!(user = turn.user.get(), order = order.get(), error = %e,
                "spent buy token not recorded");
            return;
        }
        self.forget_expired_tokens(turn.now);
    }

    /// Once per [`FORGET_EVERY`] tokens spent, deletes those spent longer ago than a button
    /// lives, in the background (no buyer waits for it).
    fn forget_expired_tokens(&self, now: DateTime<Utc>) {
        let recorded = self.spent.recorded.fetch_add(1, Ordering::Relaxed) + 1;
        if !recorded.is_multiple_of(FORGET_EVERY) {
            return;
        }
        let cutoff = now - chrono::Duration::seconds(SPENT_TOKENS_KEPT_SECS);
        let store = self.store.clone();
        tokio::spawn(async move {
            match store.forget_spent_tokens_before(cutoff).await {
                Ok(n) if n > 0 => tracing::info!(tokens = n, "expired spent buy tokens deleted"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "expired spent buy tokens not deleted"),
            }
        });
    }
}

/// The answer refusing a replayed button: the order it bought, when known.
pub(crate) fn replayed(turn: &Turn, sale: SaleId, order: Option<OrderId>) -> Answer {
    crate::metrics::button_refused("replayed");
    tracing::debug!(
        user = turn.user.get(),
        sale = sale.get(),
        "replayed buy button refused"
    );
    let said = match order {
        Some(o) => Msg::new("buy-token-replayed-order").arg("order", o.get()),
        None => Msg::new("buy-token-replayed"),
    };
    Answer::new(said)
        .button(Msg::new("button-refresh"), Action::Refresh(sale))
        .button(Msg::new("button-orders"), Action::Orders)
}

/// Records in Redis that the claim on `token` by `request` ended: spent on `order`, or free.
async fn settle_in(
    shared: &SharedKeys,
    sale: SaleId,
    token: &str,
    request: &RequestId,
    order: Option<OrderId>,
) {
    let key = token_key_name(sale, token);
    let done = match order {
        Some(o) => {
            let spent = format!("{}|{}", request.as_str(), o.get());
            shared.set(&key, &spent, REMEMBER).await
        }
        None => shared.del_if(&key, request.as_str()).await.map(|_| ()),
    };
    if let Err(e) = done {
        // Spent: SQL still has it for presses this process cannot vouch for. Free: the
        // claim lapses after TOKEN_IN_FLIGHT.
        tracing::warn!(error = %e, "shared buy token not settled");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(s: &str) -> RequestId {
        RequestId::parse(s).unwrap()
    }

    #[test]
    fn a_token_that_bought_is_refused_to_another_press_but_not_to_a_redelivery() {
        let t = SpentTokens::new(Utc::now());
        assert_eq!(t.claim("tok", &req("cb1")), Claim::Go);
        assert_eq!(t.claim("tok", &req("cb2")), Claim::Replayed(None));
        let order = OrderId::parse(7).unwrap();
        t.settle("tok", &req("cb1"), Some(order));
        assert_eq!(t.claim("tok", &req("cb1")), Claim::Go);
        assert_eq!(t.claim("tok", &req("cb3")), Claim::Replayed(Some(order)));
    }

    #[test]
    fn a_press_that_did_not_buy_leaves_the_token_usable() {
        let t = SpentTokens::new(Utc::now());
        assert_eq!(t.claim("tok", &req("cb1")), Claim::Go);
        t.settle("tok", &req("cb1"), None);
        assert_eq!(t.claim("tok", &req("cb2")), Claim::Go);
    }
}
