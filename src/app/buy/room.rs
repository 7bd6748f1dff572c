//! How much a customer may still buy of a sale: the per-person limit minus the units they
//! hold (pending and paid orders, [`Holding`]), never more than the stock left. Read only
//! before refusing or confirming a quantity, never on the button stampede.

use crate::app::assistant::Turn;
use crate::app::browse::holding::Holding;
use crate::app::buy::Buy;
use crate::app::turn::action::Action;
use crate::app::turn::answer::Answer;
use crate::domain::Sale;
use crate::i18n::Msg;

/// What is left for one customer of one sale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Room {
    /// Units the customer holds in pending and paid orders.
    pub held: u32,
    /// Units left in the sale.
    pub remaining: u32,
    /// The per-person limit.
    pub limit: u32,
}

impl Room {
    /// Units the customer can still buy now.
    pub fn can(self) -> u32 {
        self.limit.saturating_sub(self.held).min(self.remaining)
    }
}

impl Buy {
    /// The customer's room in `sale`; `None` when the store cannot be read (logged).
    pub(crate) async fn room(&self, turn: &Turn, sale: &Sale) -> Option<Room> {
        let counts = match self.store.sale_counts(sale.id).await {
            Ok(c) => c,
            Err(e) => {
                tracing::warn!(sale = sale.id.get(), error = %e, "buying room not read");
                return None;
            }
        };
        let Holding { units, .. } = self.browse.holding(turn.user, sale.id).await?;
        Some(Room {
            held: units,
            remaining: counts.remaining(),
            limit: sale.draft.per_user_limit.get(),
        })
    }

    /// The answer to asking for `qty` units when that is more than the customer can buy now
    /// (`None`: they can). Sold out comes before any limit talk; then "you can buy N more"
    /// with a Buy N button, or, when the stock is what is short, how many are left.
    pub(crate) async fn beyond_room(&self, turn: &Turn, sale: &Sale, qty: u32) -> Option<Answer> {
        let title = sale.draft.title.as_str().to_owned();
        let limit = sale.draft.per_user_limit.get();
        let Some(room) = self.room(turn, sale).await else {
            return (qty > limit).then(|| {
                Answer::new(
                    Msg::new("buy-over-limit")
                        .arg("qty", qty)
                        .arg("limit", limit)
                        .arg("title", title),
                )
            });
        };
        let can = room.can();
        if qty <= can {
            return None;
        }
        if room.remaining == 0 && room.held >= limit {
            return Some(sold_out_holding(sale, room.held, limit));
        }
        if room.remaining == 0 {
            return Some(
                Answer::new(Msg::new("buy-sold-out").arg("title", title))
                    .button(Msg::new("button-waitlist"), Action::Waitlist(sale.id))
                    .with_way_out(),
            );
        }
        let buy_can = |answer: Answer| match can {
            0 => answer.button(Msg::new("button-orders"), Action::Orders),
            can => answer.button(
                Msg::new("button-buy-n").arg("qty", can),
                Action::Buy(sale.id, can),
            ),
        };
        if qty > limit.saturating_sub(room.held) {
            return Some(buy_can(Answer::new(
                Msg::new("room-over")
                    .arg("qty", qty)
                    .arg("limit", limit)
                    .arg("held", room.held)
                    .arg("can", can)
                    .arg("title", title),
            )));
        }
        Some(buy_can(Answer::new(
            Msg::new("buy-not-enough")
                .arg("qty", qty)
                .arg("remaining", room.remaining)
                .arg("title", title),
        )))
    }
}

/// "Sold out" to someone who holds all they may of it: their orders instead of the
/// waitlist (a unit coming back could not be theirs).
pub(crate) fn sold_out_holding(sale: &Sale, held: u32, limit: u32) -> Answer {
    Answer::new(Msg::new("buy-sold-out").arg("title", sale.draft.title.as_str()))
        .line(
            Msg::new("buy-sold-out-holding")
                .arg("held", held)
                .arg("limit", limit),
        )
        .button(Msg::new("button-orders"), Action::Orders)
}
