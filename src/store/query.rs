//! The shapes nearly every query ends in: rows read as a type, or the count of rows a change
//! touched. Each repository file writes its SQL and binds; these run it on the pool.

use sqlx::any::{AnyArguments, AnyRow};
use sqlx::query::Query;
use sqlx::{Any, Row};

use chrono::{DateTime, Utc};

use super::time::to_ms;
use super::{Store, StoreError};
use crate::domain::{SaleId, UserId};

/// A query with its values bound, ready to run.
pub(super) type Bound<'q> = Query<'q, Any, AnyArguments<'q>>;

/// Turns one row into a value (the repository's `*_from_row`).
pub(super) type FromRow<T> = fn(&AnyRow) -> Result<T, StoreError>;

/// Reads a row's `user_id` column.
pub(super) fn user_id_of(row: &AnyRow) -> Result<UserId, StoreError> {
    Ok(UserId::parse(row.try_get("user_id")?)?)
}

/// Reads a row's `sale_id` column.
pub(super) fn sale_id_of(row: &AnyRow) -> Result<SaleId, StoreError> {
    Ok(SaleId::parse(row.try_get("sale_id")?)?)
}

impl Store {
    /// Every row `q` returns, read with `read`.
    pub(super) async fn rows<T>(
        &self,
        q: Bound<'_>,
        read: FromRow<T>,
    ) -> Result<Vec<T>, StoreError> {
        q.fetch_all(self.pool()).await?.iter().map(read).collect()
    }

    /// The row `q` returns, if any, read with `read`.
    pub(super) async fn row<T>(
        &self,
        q: Bound<'_>,
        read: FromRow<T>,
    ) -> Result<Option<T>, StoreError> {
        q.fetch_optional(self.pool())
            .await?
            .as_ref()
            .map(read)
            .transpose()
    }

    /// Runs the change `q` (how many rows it touched does not matter).
    pub(super) async fn run(&self, q: Bound<'_>) -> Result<(), StoreError> {
        q.execute(self.pool()).await?;
        Ok(())
    }

    /// How many rows the change `q` touched.
    pub(super) async fn changed(&self, q: Bound<'_>) -> Result<u64, StoreError> {
        Ok(q.execute(self.pool()).await?.rows_affected())
    }

    /// Moves row `id` of `table` from state `from` to `to` (stamping `updated_at`) unless
    /// something else moved it first: of two racing changes exactly one gets true.
    pub(super) async fn swap_state(
        &self,
        table: &'static str,
        id: i64,
        (from, to): (&str, &str),
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let sql =
            format!("UPDATE {table} SET state = $3, updated_at = $4 WHERE id = $1 AND state = $2");
        let q = sqlx::query(&sql)
            .bind(id)
            .bind(from)
            .bind(to)
            .bind(to_ms(now));
        Ok(self.changed(q).await? == 1)
    }
}
