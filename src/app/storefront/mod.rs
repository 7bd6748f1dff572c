//! The storefront: what the Mini App shows and does (sales with live counts, a buy, my
//! orders, Pay, Cancel, the waitlist), over the same services the chat uses. Transports hand
//! it an authenticated [`Visitor`]; it never sees HTTP.

mod invoices;
mod listing;
mod orders;
mod views;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::app::assistant::Turn;
use crate::app::browse::Browse;
use crate::app::buy::Buy;
use crate::app::cache::Ttl;
use crate::app::customer::Customer;
use crate::app::failure::Failure;
use crate::app::inbound::ChatId;
use crate::app::jobs::alerts::Alerts;
use crate::app::turn::users::Users;
use crate::clock::Clock;
use crate::domain::{RequestId, SaleId, UserId};
use crate::i18n::{Locale, Texts};
use crate::stock::StockGate;
use crate::store::Store;

pub use invoices::{InvoiceLinks, NoInvoiceLinks};
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
    alerts: Arc<Alerts>,
    /// Units each visitor holds per sale, kept a few seconds: the page polls a sale every
    /// ~2 s, and a poll must not be an SQL read. A visitor's own buy or cancel forgets theirs.
    holdings: Ttl<UserId, Arc<HashMap<SaleId, u32>>>,
}

/// How long a visitor's holdings are kept.
const HOLDINGS_TTL: Duration = Duration::from_secs(5);
/// Most visitors whose holdings are kept at once (then the cache starts over).
const HOLDINGS_MAX: usize = 100_000;

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
    pub alerts: Arc<Alerts>,
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
            alerts: p.alerts,
            holdings: Ttl::new(HOLDINGS_TTL, HOLDINGS_MAX),
        }
    }

    /// A use case's failure, the one place it is handled: logged once with its context, and
    /// told to the alerts when it names a backend. The transport answers "try again".
    pub(crate) async fn settle(&self, failure: Failure) {
        self.alerts.note_failure(&failure, self.clock.now()).await;
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
