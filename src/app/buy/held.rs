//! Units held for a customer by a waitlist offer, everywhere the customer looks: a typed
//! "claim" / "领取" claims the open offer, a buy refused because of the held unit points to
//! it, and `my orders` lists it with its Claim button.

use crate::app::assistant::Turn;
use crate::app::buy::Buy;
use crate::app::turn::action::Action;
use crate::app::turn::answer::Answer;
use crate::domain::{Offer, SaleId, Span};
use crate::i18n::Msg;

/// Whole messages that mean "claim the unit held for me" (after trimming punctuation).
const CLAIM_WORDS: &[&str] = &[
    "claim",
    "claim it",
    "claim now",
    "claim the unit",
    "claim my unit",
    "i claim it",
    "领取",
    "领",
    "立即领取",
    "马上领取",
    "我要领取",
    "领取它",
    "认领",
];

/// Whether `text` is one of the claim words (case and end punctuation ignored).
pub(crate) fn is_claim_word(text: &str) -> bool {
    let lowered = text.to_lowercase();
    let word = lowered.trim_matches(|c: char| c.is_ascii_punctuation() || "！。，～ ".contains(c));
    CLAIM_WORDS.contains(&word)
}

impl Buy {
    /// The user's open offers, or nothing when the store cannot say (logged).
    pub(crate) async fn open_offers(&self, turn: &Turn) -> Vec<Offer> {
        match self.store.open_offers_of_user(turn.user, turn.now).await {
            Ok(offers) => offers,
            Err(e) => {
                tracing::warn!(user = turn.user.get(), error = %e, "open offers not loaded");
                Vec::new()
            }
        }
    }

    /// When the user holds an open offer on `sale`, the answer pointing to it (with Claim):
    /// a buy refused for "sold out" or "limit reached" was refused because of that unit.
    pub(crate) async fn held_answer(&self, turn: &Turn, sale: SaleId) -> Option<Answer> {
        let offer = self
            .open_offers(turn)
            .await
            .into_iter()
            .find(|o| o.sale == sale)?;
        let title = self.title_of(sale).await;
        Some(
            Answer::new(
                Msg::new("waitlist-held-already")
                    .arg("title", title)
                    .arg("units", offer.units)
                    .arg("span", Span::until(turn.now, offer.expires_at)),
            )
            .button(Msg::new("button-claim"), Action::Claim(offer.id)),
        )
    }

    /// `answer` (the orders list) with the units held for the user first, each with Claim;
    /// `has_orders` says whether the list shows any order.
    pub(crate) async fn with_held_units(
        &self,
        turn: &Turn,
        answer: Answer,
        has_orders: bool,
    ) -> Answer {
        let offers = self.open_offers(turn).await;
        if offers.is_empty() {
            return answer;
        }
        let mut held = Answer::new(Msg::new("orders-held-header"));
        for offer in &offers {
            let title = self.title_of(offer.sale).await;
            held = held
                .line(
                    Msg::new("orders-held-item")
                        .arg("title", title)
                        .arg("units", offer.units)
                        .arg("span", Span::until(turn.now, offer.expires_at)),
                )
                .button(Msg::new("button-claim"), Action::Claim(offer.id));
        }
        if has_orders { held.merge(answer) } else { held }
    }

    /// The sale's title for a list line, or `#id` when it is gone or unreadable (logged).
    async fn title_of(&self, sale: SaleId) -> String {
        match self.browse.sale_for_buying(sale).await {
            Ok(Ok(s)) => s.draft.title.as_str().to_owned(),
            Ok(Err(_)) => format!("#{sale}"),
            Err(failure) => {
                failure.log();
                format!("#{sale}")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claim_words_are_recognised_whole_in_both_languages() {
        for yes in [
            "claim",
            "Claim!",
            "CLAIM IT",
            " claim now.",
            "领取",
            "我要领取！",
            "领取。",
        ] {
            assert!(is_claim_word(yes), "{yes}");
        }
        for no in [
            "claimed",
            "don't claim",
            "claim moutai",
            "不领取",
            "领取失败了",
            "buy",
        ] {
            assert!(!is_claim_word(no), "{no}");
        }
    }
}
