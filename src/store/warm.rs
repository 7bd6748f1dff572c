//! Warming the purchase path, so a sale's first orders do not also pay for cold server
//! caches: every connection of the orders pool prepares the order batch statement as it
//! opens (the server's catalog and plan caches, the stock trigger's first compile), and the
//! bookkeeping pool touches what a first contact writes.

use sqlx::{AnyConnection, Executor};

use super::orders_pg::INSERT_ORDERS;
use super::{Store, StoreError};

/// No orders, for [`INSERT_ORDERS`]: it is prepared and planned, its stock trigger runs
/// (even for no rows), and nothing is written.
const NO_ORDERS: &str = "[]";

/// Touches what a first contact writes.
const FIRST_CONTACT: &str = "INSERT INTO users (id, created_at, updated_at, seen_language) \
     SELECT id, created_at, updated_at, seen_language FROM users WHERE 1 = 0";

/// Runs the order batch statement with no orders on a new PostgreSQL connection, so the
/// statement (by its very text) is in the connection's statement cache before its first
/// flush. Best effort: before the first migration there is no table to prepare it against.
pub(super) async fn prepare_order_batch(conn: &mut AnyConnection) {
    if let Err(e) = sqlx::query(INSERT_ORDERS)
        .bind(NO_ORDERS)
        .execute(&mut *conn)
        .await
    {
        tracing::debug!(error = %e, "order batch statement not prepared on a new connection");
    }
}

impl Store {
    /// Touches the first contact's statement on the bookkeeping pool. Changes nothing.
    pub async fn warm_up(&self) -> Result<(), StoreError> {
        // SQLite has no server whose caches a first statement would fill.
        if self.backend() == super::Backend::Sqlite {
            return Ok(());
        }
        self.relaxed_pool().execute(FIRST_CONTACT).await?;
        Ok(())
    }
}
