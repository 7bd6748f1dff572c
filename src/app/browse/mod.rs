//! Browsing: the current sales, a sale's card and how a sale is described.

pub(crate) mod card;
pub(crate) mod catalog;
pub(crate) mod faq;
pub(crate) mod holding;
pub mod inline;
pub mod post_card;
pub(crate) mod present;
pub(crate) mod sales;

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::app::cache::Ttl;
use crate::app::failure::{Context, Failure};
use crate::app::jobs::alerts::Alerts;
use crate::clock::Clock;
use crate::domain::{Sale, SaleId};
use crate::i18n::{Msg, Texts};
use crate::store::Store;
use catalog::{Catalog, ParserCache};

/// The sales as customers see them: the catalog, cards and views, with the short-lived
/// caches that keep a stampede of presses off SQL.
pub(crate) struct Browse {
    store: Store,
    clock: Arc<dyn Clock>,
    texts: Arc<Texts>,
    tz: Tz,
    alerts: Arc<Alerts>,
    parsers: ParserCache,
    /// Sales as stored, for the buy path (which needs no counts).
    sales: Ttl<SaleId, Sale>,
    /// The current sales with their counts, for text messages.
    catalogs: Ttl<(), Arc<Catalog>>,
    /// How to reach each sale's seller, as a winner is told it (found or not).
    contacts: Ttl<SaleId, Msg>,
    /// Sales whose seller's contact is being read ahead of their winners (one read each).
    contacts_ahead: std::sync::Mutex<std::collections::HashSet<SaleId>>,
}

impl Browse {
    /// Sales read from `store`, shown in `tz`; store failures are counted by `alerts`.
    pub(crate) fn new(
        store: Store,
        clock: Arc<dyn Clock>,
        texts: Arc<Texts>,
        tz: Tz,
        alerts: Arc<Alerts>,
    ) -> Self {
        Self {
            store,
            clock,
            texts,
            tz,
            alerts,
            parsers: ParserCache::default(),
            sales: Ttl::new(Duration::from_secs(1), 10_000),
            catalogs: Ttl::new(Duration::from_millis(250), 1),
            contacts: Ttl::new(Duration::from_secs(1), 10_000),
            contacts_ahead: std::sync::Mutex::default(),
        }
    }

    /// The display time zone.
    pub(crate) fn tz(&self) -> Tz {
        self.tz
    }

    /// The current sales (read again at most every 250 ms).
    pub(crate) async fn catalog(&self, now: DateTime<Utc>) -> Result<Arc<Catalog>, Failure> {
        if let Some(c) = self.catalogs.get(&()) {
            return Ok(Arc::new(c.at(now)));
        }
        let c = catalog::load(&self.store, &self.parsers, now)
            .await
            .context("sales not loaded")?;
        let c = Arc::new(c);
        self.catalogs.put((), c.clone());
        Ok(c)
    }

    /// Counts changed (a sale sold, a unit came back): the catalog is read again.
    pub(crate) fn counts_changed(&self) {
        self.catalogs.clear();
    }

    /// A sale was created or edited: sales and the catalog are read again.
    pub(crate) fn sales_changed(&self) {
        self.sales.clear();
        self.catalogs.clear();
    }
}
