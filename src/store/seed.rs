//! The store as the gates' source of truth: a sale's seed rebuilt from its orders.

use async_trait::async_trait;
use sqlx::Row;

use super::{Store, StoreError};
use crate::domain::{OfferState, OrderState, RequestId, SaleId, SaleStatus, UserId};
use crate::stock::{GateSeed, RequestRecord, SeedSource};

impl Store {
    /// The sale's gate state: remaining = stock − units of live orders and open waitlist
    /// offers, and every request id.
    pub async fn load_gate_seed(&self, id: SaleId) -> Result<Option<GateSeed>, StoreError> {
        let Some(sale) = self.sale(id).await? else {
            return Ok(None);
        };
        let rows = sqlx::query(
            "SELECT request_id, buyer_id, quantity, state FROM orders WHERE sale_id = $1",
        )
        .bind(id.get())
        .fetch_all(self.pool())
        .await?;
        let mut requests = Vec::with_capacity(rows.len());
        for row in &rows {
            let request: String = row.try_get("request_id")?;
            let state: String = row.try_get("state")?;
            let units: i64 = row.try_get("quantity")?;
            requests.push(RequestRecord {
                request: RequestId::parse(&request)?,
                user: UserId::parse(row.try_get("buyer_id")?)?,
                units: u32::try_from(units).map_err(|e| StoreError::Corrupt(e.to_string()))?,
                holds_stock: OrderState::parse(&state)?.holds_stock(),
            });
        }
        // Units held for waitlist offers count too: open offers, and claimed ones whose order
        // is not stored yet (once it is, the order's own record above says whether it holds).
        let open = [OfferState::Offered, OfferState::Claimed];
        for offer in self.offers_of_sale(id, &open).await? {
            let request = offer.request();
            if requests.iter().all(|r| r.request != request) {
                requests.push(RequestRecord {
                    request,
                    user: offer.user,
                    units: offer.units,
                    holds_stock: true,
                });
            }
        }
        Ok(Some(GateSeed {
            sale: sale.id,
            stock: sale.draft.stock.get(),
            per_user_limit: sale.draft.per_user_limit.get(),
            starts_at: sale.draft.window.starts_at(),
            ends_at: sale.draft.window.ends_at(),
            cancelled: sale.status == SaleStatus::Cancelled,
            requests,
        }))
    }
}

#[async_trait]
impl SeedSource for Store {
    async fn gate_seed(&self, sale: SaleId) -> anyhow::Result<Option<GateSeed>> {
        Ok(self.load_gate_seed(sale).await?)
    }
}
