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
    pub(crate) async fn typed_claim(
        &self,
        turn: &Turn,
        text: &str,
    ) -> Option<Result<Answer, Failure>> {
        if !is_claim_word(text) {
            return None;
        }
        let Some(offer) = self.buy.open_offers(turn).await.into_iter().next() else {
            return Some(Ok(
                Answer::new(Msg::new("waitlist-nothing-held")).with_way_out()
            ));
        };
        Some(self.claim(turn, offer.id).await)
    }

    /// Puts the customer in line for units that come back; only offered while sold out.
    pub(crate) async fn join_waitlist(&self, turn: &Turn, id: SaleId) -> Result<Answer, Failure> {
        let sale = or_answer!(self.browse.sale_for_buying(id).await?);
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
    pub(crate) async fn claim(&self, turn: &Turn, id: OfferId) -> Result<Answer, Failure> {
        let failed = |what| move |e| Failure::new(what, e).about("offer", id.get());
        let gone = || Ok(Answer::new(Msg::new("waitlist-offer-gone")).with_way_out());
        let offer = match self
            .store
            .offer(id)
            .await
            .map_err(failed("offer not loaded"))?
        {
            Some(o) if o.user == turn.user => o,
            _ => {
                tracing::warn!(
                    offer = id.get(),
                    user = turn.user.get(),
                    "offer not the user's"
                );
                return gone();
            }
        };
        if offer.state != OfferState::Offered || offer.is_overdue(turn.now) {
            return gone();
        }
        let sale = or_answer!(self.browse.sale_for_buying(offer.sale).await?);
        if sale.phase(turn.now, 1) != Phase::Live {
            // The worker lapses the offer and gives its unit back.
            return gone();
        }
        // Claim and lapse race on the same compare-and-set: exactly one wins.
        let claimed = self
            .store
            .set_offer_state(id, OfferState::Offered, OfferState::Claimed, turn.now)
            .await
            .map_err(failed("offer not claimed"))?;
        if !claimed {
            return gone();
        }
        let qty = Quantity::parse(i64::from(offer.units))
            .map_err(|e| Failure::new("offer units unusable", e).about("offer", id.get()))?;
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
        Ok(match result {
            PurchaseResult::Won { order, .. } => {
                self.buy.how_to_pay(answer, &sale, order, offer.units).await
            }
            _ => answer,
        })
    }
}
