//! What a customer owns: orders, payments, reminders and waitlist places.

pub(crate) mod dead_ends;
pub(crate) mod keyword_watch;
pub(crate) mod orders;
pub mod payments;
pub(crate) mod remind;
pub mod reminders;
pub(crate) mod waitlist_join;

use std::sync::Arc;

use chrono_tz::Tz;

use crate::app::browse::Browse;
use crate::app::buy::Buy;
use crate::app::buy::purchase::Purchases;
use crate::i18n::Texts;
use crate::store::Store;

/// What a customer owns: orders (pay, cancel), reminders and waitlist places.
pub(crate) struct Customer {
    store: Store,
    texts: Arc<Texts>,
    tz: Tz,
    purchases: Purchases,
    browse: Arc<Browse>,
    buy: Arc<Buy>,
}

impl Customer {
    /// A customer's side of the shop, buying through `buy`.
    pub(crate) fn new(
        store: Store,
        texts: Arc<Texts>,
        purchases: Purchases,
        browse: Arc<Browse>,
        buy: Arc<Buy>,
    ) -> Self {
        let tz = browse.tz();
        Self {
            store,
            texts,
            tz,
            purchases,
            browse,
            buy,
        }
    }
}
