//! Warming the purchase path: each connection the order writer may use runs the statements
//! a won press will run, with no rows, so the first orders of a sale do not also pay for a
//! cold connection (the server's catalog and plan caches, the stock trigger's first compile).

use sqlx::Executor;
use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyPool};

use super::{Store, StoreError, WARM_CONNECTIONS};

/// Touches what a won press writes: the order (and its stock trigger, which runs even for no
/// rows), the deep link it may take its source from, and the spent Buy token.
const ORDER_PATH: [&str; 2] = [
    "INSERT INTO orders (sale_id, buyer_id, quantity, request_id, state, created_at, \
     updated_at, pay_deadline, source) SELECT o.sale_id, o.buyer_id, o.quantity, \
     o.request_id, o.state, o.created_at, o.updated_at, o.pay_deadline, \
     COALESCE(o.source, (SELECT r.source FROM sale_referrals r WHERE r.user_id = o.buyer_id \
     AND r.sale_id = o.sale_id)) FROM orders o WHERE 1 = 0",
    "INSERT INTO spent_buy_tokens (token, request_id, order_id, spent_at) \
     SELECT token, request_id, order_id, spent_at FROM spent_buy_tokens WHERE 1 = 0",
];

/// Touches what a first contact writes.
const FIRST_CONTACT: &str = "INSERT INTO users (id, created_at, updated_at, seen_language) \
     SELECT id, created_at, updated_at, seen_language FROM users WHERE 1 = 0";

impl Store {
    /// Runs the purchase path's statements, with no rows, on every connection kept open
    /// (all held at once, so each is a different one), and the first contact's on the
    /// bookkeeping pool. Changes nothing.
    pub async fn warm_up(&self) -> Result<(), StoreError> {
        // SQLite has no server whose caches a first statement would fill.
        if self.backend() == super::Backend::Sqlite {
            return Ok(());
        }
        let held = hold(self.pool(), WARM_CONNECTIONS).await?;
        for mut conn in held {
            for sql in ORDER_PATH {
                conn.execute(sql).await?;
            }
        }
        self.relaxed_pool().execute(FIRST_CONTACT).await?;
        Ok(())
    }
}

/// Up to `n` connections of `pool` at once (fewer when the pool is smaller or busy).
async fn hold(pool: &AnyPool, n: u32) -> Result<Vec<PoolConnection<Any>>, StoreError> {
    let mut held = vec![pool.acquire().await?];
    for _ in 1..n {
        match pool.try_acquire() {
            Some(conn) => held.push(conn),
            None => break,
        }
    }
    Ok(held)
}
