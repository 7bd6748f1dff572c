//! Joining a sold-out sale's waitlist, and claiming the unit an offer holds.

use crate::app::assistant::Turn;
use crate::app::buy::flow::explain;
use crate::app::buy::held::is_claim_word;
use crate::app::buy::purchase::PurchaseResult;
use crate::app::customer::Customer;
use crate::app::failure::Failure;
use crate::app::or_answer;
use crate::app::turn::action::Action;
use crate::app::turn::answer::Answer;
use crate::domain::{OfferId, OfferState, Phase, Quantity, SaleId};
use crate::i18n::Msg;
use crate::store::SubscriptionKind;

impl Customer {
    /// A typed claim word: claims the user's open offer (the oldest, when several are open).
    /// `None` when `text` is not a claim word.
    pub(crate) async fn typed_claim(&self, turn: &Turn, text: &str) -> Option<Answer> {
        if !is_claim_word(text) {
            return None;
        }
        let Some(offer) = self.buy.open_offers(turn).await.into_iter().next() else {
            return Some(Answer::new(Msg::new("waitlist-nothing-held")).with_way_out());
        };
        Some(self.claim(turn, offer.id).await)
    }

    /// Puts the customer in line for units that come back; only offered while sold out.
    pub(crate) async fn join_waitlist(&self, turn: &Turn, id: SaleId) -> Result<Answer, Failure> {
        let sale = or_answer!(self.browse.sale_for_buying(id).await);
        let title = sale.draft.title.as_str().to_owned();
        let gate = self.purchases.gate();
        let remaining = match gate.snapshot(id).await {
            Ok(Some(s)) => Some(s.remaining),
            Ok(None) => match gate.reload_from_store(id).await {
                Ok(true) => gate.snapshot(id).await.ok().flatten().map(|s| s.remaining),
                _ => None,
            },
            Err(e) => {
                tracing::warn!(sale = id.get(), error = %e, "gate unavailable for waitlist");
                None
            }
        };
        let Some(remaining) = remaining else {
            return Err(Failure::new("waitlist not joined", "the gate has no count").sale(id));
        };
        match sale.phase(turn.now, remaining) {
            Phase::SoldOut => {}
            Phase::Live => {
                return Ok(
                    Answer::new(Msg::new("waitlist-not-sold-out").arg("title", title))
                        .button(Msg::new("button-buy-now"), Action::Buy(id, 1)),
                );
            }
            Phase::Upcoming | Phase::Ended | Phase::Cancelled => {
                return Ok(
                    Answer::new(Msg::new("waitlist-closed").arg("title", title)).with_way_out()
                );
            }
        }
        let store = &self.store;
        let joined = store
            .subscribe(id, turn.user, SubscriptionKind::Waitlist, turn.now)
            .await
            .map_err(|e| {
                Failure::new("waitlist not joined", e)
                    .sale(id)
                    .user(turn.user)
            })?;
        // The offer comes later, unasked: in the language they joined in.
        if let Err(e) = store
            .note_seen_language(turn.user, turn.locale.code())
            .await
        {
            tracing::warn!(user = turn.user.get(), error = %e, "language not noted");
        }
        let position = match store.subscribers(id, SubscriptionKind::Waitlist).await {
            Ok(line) => line
                .iter()
                .position(|u| *u == turn.user)
                .map_or(0, |p| p + 1),
            Err(_) => 0,
        };
        tracing::info!(
            sale = id.get(),
            user = turn.user.get(),
            position,
            joined,
            "waitlist joined"
        );
        let key = if joined {
            "waitlist-joined"
        } else {
            "waitlist-already"
        };
        Ok(Answer::new(
            Msg::new(key)
                .arg("title", title)
                .arg("position", position as i64),
        )
        .button(Msg::new("button-orders"), Action::Orders))
    }

    /// Turns the unit an open offer holds into the customer's order.
    pub(crate) async fn claim(&self, turn: &Turn, id: OfferId) -> Answer {
        let offer = match self.store.offer(id).await {
            Ok(Some(o)) if o.user == turn.user => o,
            Ok(_) => {
                tracing::warn!(
                    offer = id.get(),
                    user = turn.user.get(),
                    "offer not the user's"
                );
                return Answer::new(Msg::new("waitlist-offer-gone")).with_way_out();
            }
            Err(e) => {
                tracing::error!(offer = id.get(), error = %e, "offer not loaded");
                return Answer::new(Msg::new("error-try-again"));
            }
        };
        if offer.state != OfferState::Offered || offer.is_overdue(turn.now) {
            return Answer::new(Msg::new("waitlist-offer-gone")).with_way_out();
        }
        let sale = match self.browse.sale_for_buying(offer.sale).await {
            Ok(s) => s,
            Err(a) => return a,
        };
        if sale.phase(turn.now, 1) != Phase::Live {
            // The worker lapses the offer and gives its unit back.
            return Answer::new(Msg::new("waitlist-offer-gone")).with_way_out();
        }
        // Claim and lapse race on the same compare-and-set: exactly one wins.
        match self
            .store
            .set_offer_state(id, OfferState::Offered, OfferState::Claimed, turn.now)
            .await
        {
            Ok(true) => {}
            Ok(false) => return Answer::new(Msg::new("waitlist-offer-gone")).with_way_out(),
            Err(e) => {
                tracing::error!(offer = id.get(), error = %e, "offer not claimed");
                return Answer::new(Msg::new("error-try-again"));
            }
        }
        let Ok(qty) = Quantity::parse(i64::from(offer.units)) else {
            return Answer::new(Msg::new("error-try-again"));
        };
        let result = self
            .purchases
            .confirm_reserved(offer.sale, turn.user, qty, &offer.request())
            .await;
        if let PurchaseResult::TryAgain = result {
            // The units went back to the gate; the offer must not count as holding them.
            let _ = self
                .store
                .set_offer_state(id, OfferState::Claimed, OfferState::Lapsed, turn.now)
                .await;
        }
        if let Err(e) = self
            .store
            .unsubscribe(offer.sale, turn.user, SubscriptionKind::Waitlist)
            .await
        {
            tracing::warn!(offer = id.get(), error = %e, "claimer still in line");
        }
        self.browse.counts_changed();
        tracing::info!(
            offer = id.get(),
            sale = offer.sale.get(),
            user = turn.user.get(),
            outcome = ?result,
            "waitlist offer claimed"
        );
        let answer = explain(result, &sale, offer.units, turn);
        match result {
            PurchaseResult::Won { order, .. } => {
                self.buy.how_to_pay(answer, &sale, order, offer.units).await
            }
            _ => answer,
        }
    }
}
