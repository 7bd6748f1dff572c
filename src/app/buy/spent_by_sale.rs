//! A sale's spent Buy tokens as SQL holds them, read once per sale per process (and again
//! after [`KEEP`]). A press this process cannot vouch for from memory (its button was
//! minted before the process started) is checked against this set instead of with a SQL
//! read of its own, so a stampede on a freshly started bot does no SQL per press.
//!
//! As good as a read per press: a token spent before the set was read is in it; one spent
//! after it was read was claimed after that too, by this process (its memory, see
//! `window.rs`) or by another instance (Redis, where the claim is taken before the gate
//! call and kept once spent): the same trust a token minted after the process started
//! gets. Both remember a use for longer than [`KEEP`], after which the set is read again.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use crate::app::cache::Ttl;
use crate::domain::{OrderId, RequestId, SaleId};
use crate::store::{Store, StoreError};

/// How long a sale's set answers before it is read again (well within the memory of uses).
const KEEP: Duration = Duration::from_secs(3600);
/// The most tokens kept per sale; a sale with more is checked press by press.
const MAX_TOKENS: u32 = 100_000;
/// The most sales whose sets are kept at once.
const MAX_SALES: usize = 1_024;

/// One sale's spent tokens: the press and order each bought, or too many to keep.
enum SaleSpent {
    Known(HashMap<String, (RequestId, OrderId)>),
    TooMany,
}

/// The spent tokens of the sales pressed lately, per sale, as SQL held them.
pub(crate) struct SpentBySale {
    sales: Ttl<SaleId, Arc<SaleSpent>>,
}

impl SpentBySale {
    /// Nothing read yet.
    pub(crate) fn new() -> Self {
        Self {
            sales: Ttl::new(KEEP, MAX_SALES),
        }
    }

    /// The press that spent `token` on an order of `sale` and the order, if one did (as
    /// far as SQL and this process's claims can tell, see above). The first call per sale
    /// reads the sale's set; concurrent first calls share that one read.
    pub(crate) async fn spent(
        &self,
        store: &Store,
        sale: SaleId,
        token: &str,
    ) -> Result<Option<(RequestId, OrderId)>, StoreError> {
        let set = self
            .sales
            .get_or_load(sale, || async {
                let rows = store.spent_tokens_of_sale(sale, MAX_TOKENS + 1).await?;
                let set = if rows.len() > MAX_TOKENS as usize {
                    SaleSpent::TooMany
                } else {
                    let spent = rows.into_iter().map(|(t, r, o)| (t, (r, o))).collect();
                    SaleSpent::Known(spent)
                };
                Ok::<_, StoreError>(Some(Arc::new(set)))
            })
            .await?;
        match set.as_deref() {
            Some(SaleSpent::Known(spent)) => Ok(spent.get(token).cloned()),
            Some(SaleSpent::TooMany) | None => store.spent_token(token).await,
        }
    }
}
