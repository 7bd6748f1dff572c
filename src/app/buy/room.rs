//! How much a customer may still buy of a sale: the per-person limit minus the units they
//! hold (pending and paid orders), never more than the stock left. Read only on the paths
//! that refuse an over-limit quantity, never on the button stampede.

use crate::app::assistant::Turn;
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
        let counts = self.store.sale_counts(sale.id).await;
        let orders = self.store.orders_of_buyer(turn.user, 500).await;
        match (counts, orders) {
            (Ok(c), Ok(orders)) => Some(Room {
                held: orders
                    .iter()
                    .filter(|o| o.sale == sale.id && o.state.holds_stock())
                    .map(|o| o.quantity.get())
                    .sum(),
                remaining: c.remaining(),
                limit: sale.draft.per_user_limit.get(),
            }),
            (Err(e), _) | (_, Err(e)) => {
                tracing::warn!(sale = sale.id.get(), error = %e, "buying room not read");
                None
            }
        }
    }

    /// The answer to asking for `qty` units over what the customer may buy: sold out wins
    /// over the limit; otherwise "you can buy N more" with a Buy N button (when N > 0).
    pub(crate) async fn over_limit(&self, turn: &Turn, sale: &Sale, qty: u32) -> Answer {
        let title = sale.draft.title.as_str().to_owned();
        let limit = sale.draft.per_user_limit.get();
        let Some(room) = self.room(turn, sale).await else {
            return Answer::new(
                Msg::new("buy-over-limit")
                    .arg("qty", qty)
                    .arg("limit", limit)
                    .arg("title", title),
            );
        };
        if room.remaining == 0 {
            return Answer::new(Msg::new("buy-sold-out").arg("title", title))
                .button(Msg::new("button-waitlist"), Action::Waitlist(sale.id))
                .with_way_out();
        }
        let can = room.can();
        let answer = Answer::new(
            Msg::new("room-over")
                .arg("qty", qty)
                .arg("limit", limit)
                .arg("held", room.held)
                .arg("can", can)
                .arg("title", title),
        );
        if can == 0 {
            return answer.button(Msg::new("button-orders"), Action::Orders);
        }
        answer.button(
            Msg::new("button-buy-n").arg("qty", can),
            Action::Buy(sale.id, can),
        )
    }
}
