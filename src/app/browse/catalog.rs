//! The current sales as the assistant sees them, and the intent parser built for them.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};

use crate::app::browse::Browse;
use crate::app::browse::present::SaleView;
use crate::domain::SaleId;
use crate::nlu::{CatalogEntry, IntentParser};
use crate::store::{Store, StoreError};

/// The sales on offer at one instant and a parser that knows their names.
pub(crate) struct Catalog {
    pub views: Vec<SaleView>,
    pub parser: Arc<IntentParser>,
}

impl Catalog {
    /// The same sales with their phases as of `now` (for a catalog cached a moment ago).
    pub fn at(&self, now: DateTime<Utc>) -> Catalog {
        Catalog {
            views: self
                .views
                .iter()
                .map(|v| SaleView {
                    phase: v.sale.phase(now, v.remaining),
                    ..v.clone()
                })
                .collect(),
            parser: self.parser.clone(),
        }
    }

    /// The view of one sale, if it is among the current ones.
    pub fn view(&self, id: SaleId) -> Option<&SaleView> {
        self.views.iter().find(|v| v.sale.id == id)
    }
}

/// The parser for the last catalog seen; rebuilt only when the sales change.
#[derive(Default)]
pub(crate) struct ParserCache(Mutex<Option<(Vec<CatalogEntry>, Arc<IntentParser>)>>);

impl ParserCache {
    fn parser(&self, entries: Vec<CatalogEntry>) -> Arc<IntentParser> {
        let mut slot = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((seen, parser)) = slot.as_ref()
            && *seen == entries
        {
            return parser.clone();
        }
        let parser = Arc::new(IntentParser::new(entries.clone()));
        *slot = Some((entries, parser.clone()));
        parser
    }
}

/// One sale as the `flashsale intent` catalog and the parser name it.
pub fn catalog_entry(sale: &crate::domain::Sale) -> CatalogEntry {
    CatalogEntry {
        id: sale.id.to_string(),
        title: sale.draft.title.as_str().to_owned(),
        keywords: sale.draft.keywords.clone(),
    }
}

/// Loads one sale's view (any sale, current or not).
pub(crate) async fn view_of(
    store: &Store,
    sale: crate::domain::Sale,
    now: DateTime<Utc>,
) -> Result<SaleView, StoreError> {
    let remaining = store.sale_counts(sale.id).await?.remaining();
    let phase = sale.phase(now, remaining);
    Ok(SaleView {
        sale,
        remaining,
        phase,
    })
}

impl Browse {
    /// Sale `id` as it is now, with that instant; `None` once the sale is gone.
    pub(crate) async fn view_now(
        &self,
        id: SaleId,
    ) -> Result<Option<(SaleView, DateTime<Utc>)>, StoreError> {
        let Some(sale) = self.store.sale(id).await? else {
            return Ok(None);
        };
        let now = self.clock.now();
        Ok(Some((view_of(&self.store, sale, now).await?, now)))
    }
}

/// Loads the current sales (not yet ended) and the parser for them.
pub(crate) async fn load(
    store: &Store,
    cache: &ParserCache,
    now: DateTime<Utc>,
) -> Result<Catalog, StoreError> {
    let mut views = Vec::new();
    for sale in store.current_sales(now).await? {
        views.push(view_of(store, sale, now).await?);
    }
    let entries = views.iter().map(|v| catalog_entry(&v.sale)).collect();
    Ok(Catalog {
        parser: cache.parser(entries),
        views,
    })
}
