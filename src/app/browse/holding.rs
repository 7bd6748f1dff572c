//! What one customer holds of one sale: the units of their pending and paid orders, the
//! figure the per-person limit counts. Read for a live card shown to that customer and for
//! "you can buy N more"; never on the Buy button stampede (the gate decides there).

use crate::app::browse::Browse;
use crate::domain::{OrderId, SaleId, UserId};
use crate::i18n::Msg;

/// A customer's pending and paid orders of one sale.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Holding {
    /// Units in those orders.
    pub units: u32,
    /// The orders, oldest first.
    pub orders: Vec<OrderId>,
}

impl Holding {
    /// The card line saying what is held under `limit` and how many more may be bought.
    pub fn held_line(&self, limit: u32) -> Msg {
        let more = limit.saturating_sub(self.units);
        Msg::new(if more == 0 {
            "card-held-max"
        } else {
            "card-held-some"
        })
        .arg("held", self.units)
        .arg("limit", limit)
        .arg("more", more)
        .arg(
            "count",
            u32::try_from(self.orders.len()).unwrap_or(u32::MAX),
        )
        .arg("orders", self.order_list())
    }

    /// Units a customer holding this may still buy under `limit`, within `remaining`.
    pub fn room(&self, limit: u32, remaining: u32) -> u32 {
        limit.saturating_sub(self.units).min(remaining)
    }

    /// The orders as the customer reads them ("#12, #14").
    pub fn order_list(&self) -> String {
        self.orders
            .iter()
            .map(|o| format!("#{}", o.get()))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl Browse {
    /// What `user` holds of `sale`; `None` when the store cannot be read (logged).
    pub(crate) async fn holding(&self, user: UserId, sale: SaleId) -> Option<Holding> {
        match self.store.holding_orders(user, sale).await {
            Ok(orders) => Some(Holding {
                units: orders.iter().map(|o| o.quantity.get()).sum(),
                orders: orders.iter().map(|o| o.id).collect(),
            }),
            Err(e) => {
                tracing::warn!(sale = sale.get(), error = %e, "holding not read");
                None
            }
        }
    }
}
