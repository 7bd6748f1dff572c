//! Leases on rows that fall due: a worker takes a batch of due rows by pushing their
//! `next_edit_at` to the lease's end, so no two workers hold one and a row whose worker
//! died comes back once the lease runs out.

use chrono::{DateTime, Utc};

use super::query::FromRow;
use super::time::to_ms;
use super::{Backend, Store, StoreError};

impl Store {
    /// The lock a claim's inner `SELECT` takes: on PostgreSQL rows another claimer holds
    /// are passed over; SQLite writes one at a time and needs none.
    pub(super) fn skip_locked(&self) -> &'static str {
        match self.backend() {
            Backend::Postgres => " FOR UPDATE SKIP LOCKED",
            Backend::Sqlite => "",
        }
    }

    /// Leases up to `limit` rows of `table` (keyed by `key`) due at `now`, earliest first,
    /// until `lease_until`; each row's `columns` are read with `read`, in no set order.
    pub(super) async fn lease_due<T>(
        &self,
        (table, key, columns): (&str, &str, &str),
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        limit: u32,
        read: FromRow<T>,
    ) -> Result<Vec<T>, StoreError> {
        let lock = self.skip_locked();
        let sql = format!(
            "UPDATE {table} SET next_edit_at = $2, updated_at = $1 \
             WHERE {key} IN (SELECT {key} FROM {table} WHERE next_edit_at <= $1 \
                          ORDER BY next_edit_at, {key} LIMIT $3{lock}) \
             RETURNING {columns}"
        );
        let q = sqlx::query(&sql)
            .bind(to_ms(now))
            .bind(to_ms(lease_until))
            .bind(i64::from(limit));
        self.rows(q, read).await
    }
}
