//! "Tell me when there is an iPhone sale": a shopper who asked for a product with no sale
//! accepts the offered watch; when a merchant creates a sale matching its keyword, the
//! sale's card is queued to them through the outbox (durable, sent once).

use crate::app::assistant::Turn;
use crate::app::customer::Customer;
use crate::app::failure::Failure;
use crate::app::turn::answer::Answer;

use crate::i18n::Msg;

/// The id of one offered keyword watch, as its button carries it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WatchId(pub(crate) i64);

impl WatchId {
    /// The number stored and put on the button.
    pub fn get(self) -> i64 {
        self.0
    }

    /// Reads a button's id back (positive numbers only).
    pub fn parse(raw: &str) -> Option<Self> {
        raw.parse::<i64>().ok().filter(|n| *n > 0).map(WatchId)
    }
}

impl Customer {
    /// Offers a watch on `keyword` to the customer; `None` when it could not be stored
    /// (logged), so no button promises what cannot be kept.
    pub(crate) async fn offer_watch(&self, turn: &Turn, keyword: &str) -> Option<WatchId> {
        let keyword: String = keyword.chars().take(60).collect();
        match self
            .store
            .offer_watch(turn.user, &keyword, turn.locale.code(), turn.now)
            .await
        {
            Ok(id) => Some(WatchId(id)),
            Err(e) => {
                tracing::warn!(user = turn.user.get(), error = %e, "keyword watch not offered");
                None
            }
        }
    }

    /// The Notify-me button of a no-such-sale answer.
    pub(crate) async fn accept_watch(
        &self,
        turn: &Turn,
        watch: WatchId,
    ) -> Result<Answer, Failure> {
        let accepted = self
            .store
            .accept_watch(watch.get(), turn.user)
            .await
            .map_err(|e| Failure::new("keyword watch not stored", e).user(turn.user))?;
        Ok(match accepted {
            Some(keyword) => {
                tracing::info!(
                    user = turn.user.get(),
                    watch = watch.get(),
                    "keyword watch on"
                );
                Answer::new(Msg::new("watch-on").arg("keyword", keyword)).button(
                    Msg::new("button-list"),
                    crate::app::turn::action::Action::List,
                )
            }
            None => Answer::new(Msg::new("watch-gone")).with_way_out(),
        })
    }
}
