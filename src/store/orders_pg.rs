//! PostgreSQL's order batch: one statement of one shape for any number of orders, the
//! orders passed as one JSON array, so every connection parses and plans it once.
//!
//! A statement with one `VALUES` row per order is a new statement for every batch size:
//! each connection parsed and planned it afresh, and planning a 99-row statement took
//! 21 ms of the first orders' time in a stampede (`docs/benchmarks.md`, "The statement,
//! the blocklist and the winners' reads"). Here the orders are one parameter read by
//! `json_to_recordset`, the statement is prepared once per connection (as the connection
//! opens: `warm.rs`), and each won order's Buy token is recorded in the same statement, so
//! one round trip and one commit.

use serde::Serialize;

use super::StoreError;
use super::orders::NewOrder;
use super::time::to_ms;

/// Inserts the orders of `$1` (see [`orders_json`]), skipping a stored request id; takes a
/// deep link's source for an order without one; records each inserted order's Buy token as
/// spent; returns the id and request id of each order inserted.
pub(super) const INSERT_ORDERS: &str = "WITH v AS (SELECT * FROM json_to_recordset($1::json) \
     AS v(sale_id bigint, buyer_id bigint, quantity bigint, request_id text, \
     created_at bigint, pay_deadline bigint, source text, token text)), \
     o AS (INSERT INTO orders (sale_id, buyer_id, quantity, request_id, state, created_at, \
     updated_at, pay_deadline, source) SELECT v.sale_id, v.buyer_id, v.quantity, \
     v.request_id, 'pending', v.created_at, v.created_at, v.pay_deadline, \
     COALESCE(v.source, (SELECT r.source FROM sale_referrals r WHERE r.user_id = v.buyer_id \
     AND r.sale_id = v.sale_id)) FROM v ON CONFLICT (request_id) DO NOTHING \
     RETURNING id, request_id), \
     t AS (INSERT INTO spent_buy_tokens (token, request_id, order_id, spent_at) \
     SELECT v.token, o.request_id, o.id, v.created_at FROM o JOIN v \
     ON v.request_id = o.request_id WHERE v.token IS NOT NULL ON CONFLICT (token) DO NOTHING) \
     SELECT id, request_id FROM o";

/// One order as [`INSERT_ORDERS`] reads it.
#[derive(Serialize)]
struct Row<'a> {
    sale_id: i64,
    buyer_id: i64,
    quantity: i64,
    request_id: &'a str,
    created_at: i64,
    pay_deadline: i64,
    source: Option<String>,
    token: Option<&'a str>,
}

/// `batch` as the JSON array [`INSERT_ORDERS`] takes.
pub(super) fn orders_json(batch: &[NewOrder]) -> Result<String, StoreError> {
    let rows: Vec<Row<'_>> = batch
        .iter()
        .map(|o| Row {
            sale_id: o.sale.get(),
            buyer_id: o.buyer.get(),
            quantity: i64::from(o.quantity.get()),
            request_id: o.request.as_str(),
            created_at: to_ms(o.created_at),
            pay_deadline: to_ms(o.pay_deadline),
            source: o.source.map(|s| s.code()),
            token: o.token.as_deref(),
        })
        .collect();
    serde_json::to_string(&rows).map_err(|e| StoreError::Database(e.to_string()))
}
