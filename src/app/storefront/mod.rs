//! The storefront: what the Mini App shows and does (sales with live counts, a buy, my
//! orders, Pay, Cancel, the waitlist), over the same services the chat uses. Transports hand
//! it an authenticated [`Visitor`]; it never sees HTTP.

mod invoices;
mod listing;
mod orders;
mod views;

use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::app::assistant::Turn;
use crate::app::browse::Browse;
use crate::app::buy::Buy;
use crate::app::customer::Customer;
use crate::app::inbound::ChatId;
use crate::app::turn::users::Users;
use crate::clock::Clock;
use crate::domain::{RequestId, UserId};
use crate::i18n::{Locale, Texts};
use crate::stock::StockGate;
use crate::store::Store;

pub use invoices::{InvoiceLinks, InvoiceRequest, NoInvoiceLinks};
pub use views::PayReply;

/// Who is asking, as the transport authenticated them, and when.
#[derive(Debug, Clone)]
pub struct Visitor {
    pub user: UserId,
    pub locale: Locale,
    pub now: DateTime<Utc>,
}

/// The Mini App's use cases, routed to the services the chat uses.
pub struct Storefront {
    store: Store,
    clock: Arc<dyn Clock>,
    texts: Arc<Texts>,
    gate: Arc<dyn StockGate>,
    users: Arc<Users>,
    browse: Arc<Browse>,
    buy: Arc<Buy>,
    customer: Arc<Customer>,
}

/// What the storefront is built from (the services the assistant routes between).
pub(crate) struct StorefrontParts {
    pub store: Store,
    pub clock: Arc<dyn Clock>,
    pub texts: Arc<Texts>,
    pub gate: Arc<dyn StockGate>,
    pub users: Arc<Users>,
    pub browse: Arc<Browse>,
    pub buy: Arc<Buy>,
    pub customer: Arc<Customer>,
}

impl Storefront {
    /// The storefront over the chat's services.
    pub(crate) fn new(p: StorefrontParts) -> Self {
        Self {
            store: p.store,
            clock: p.clock,
            texts: p.texts,
            gate: p.gate,
            users: p.users,
            browse: p.browse,
            buy: p.buy,
            customer: p.customer,
        }
    }

    /// The visitor `user` now, answered in their chosen language in the bot, else
    /// `language_code` (Telegram's), else English.
    pub async fn visitor(&self, user: UserId, language_code: Option<&str>) -> Visitor {
        let now = self.clock.now();
        let locale = self.users.locale_of(user, language_code, None, now).await;
        Visitor { user, locale, now }
    }

    /// The rendered texts.
    pub fn texts(&self) -> &Texts {
        &self.texts
    }

    /// The clock everything is read with.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// A turn for `visitor` under `request` (the chat is their private chat with the bot).
    fn turn(&self, visitor: &Visitor, request: RequestId) -> Turn {
        Turn {
            chat: ChatId(visitor.user.get()),
            user: visitor.user,
            request,
            now: visitor.now,
            locale: visitor.locale,
            press: None,
        }
    }

    /// A turn for a request that buys nothing (reads, cancel, the waitlist).
    fn reading(&self, visitor: &Visitor) -> Turn {
        let request = RequestId::parse(&format!("web-read-{}", visitor.user.get()))
            .unwrap_or_else(|_| unreachable!("digits and letters make a request id"));
        self.turn(visitor, request)
    }
}
