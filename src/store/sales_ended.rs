//! Sales that ended lately, so a shopper naming one hears "that sale ended at …".

use chrono::{DateTime, Utc};

use super::sales::{SALE_COLUMNS, sale_from_row};
use super::time::to_ms;
use super::{Store, StoreError};
use crate::domain::Sale;

impl Store {
    /// Sales that ended between `since` and `now`, latest end first (bounded).
    pub async fn sales_ended_since(
        &self,
        since: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<Vec<Sale>, StoreError> {
        let sql = format!(
            "SELECT {SALE_COLUMNS} FROM sales WHERE ends_at <= $1 AND ends_at > $2 \
             ORDER BY ends_at DESC, id DESC LIMIT 200"
        );
        let q = sqlx::query(&sql).bind(to_ms(now)).bind(to_ms(since));
        self.rows(q, sale_from_row).await
    }
}
