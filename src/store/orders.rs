//! Orders: batched inserts that the schema refuses past the stock, reads, and state changes.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::time::{from_ms, to_ms};
use super::{Backend, Store, StoreError};
use crate::domain::{Order, OrderId, OrderSource, OrderState, Quantity, RequestId, SaleId, UserId};

/// An order about to be stored for a reservation the gate made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOrder {
    pub sale: SaleId,
    pub buyer: UserId,
    pub quantity: Quantity,
    pub request: RequestId,
    pub created_at: DateTime<Utc>,
    pub pay_deadline: DateTime<Utc>,
    /// Where the buyer came from when the press said so; `None` takes the deep link they
    /// last opened for the sale (`sale_referrals`), else the order is direct.
    pub source: Option<OrderSource>,
    /// The signed Buy button's token this order spends, recorded (`spent_buy_tokens`) in
    /// the order's own transaction, so a replay is refused across restarts.
    pub token: Option<String>,
}

/// What happened to one order of a batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InsertOutcome {
    /// Committed as a new pending order.
    Inserted(OrderId),
    /// An order with this request id was already stored (a redelivered request).
    AlreadyStored(OrderId),
}

const ORDER_COLUMNS: &str =
    "id, sale_id, buyer_id, quantity, request_id, state, created_at, updated_at, pay_deadline";

fn order_from_row(row: &AnyRow) -> Result<Order, StoreError> {
    let request: String = row.try_get("request_id")?;
    let state: String = row.try_get("state")?;
    Ok(Order {
        id: OrderId::parse(row.try_get("id")?)?,
        sale: SaleId::parse(row.try_get("sale_id")?)?,
        buyer: UserId::parse(row.try_get("buyer_id")?)?,
        quantity: Quantity::parse(row.try_get("quantity")?)?,
        request: RequestId::parse(&request)?,
        state: OrderState::parse(&state)?,
        created_at: from_ms(row.try_get("created_at")?)?,
        updated_at: from_ms(row.try_get("updated_at")?)?,
        pay_deadline: from_ms(row.try_get("pay_deadline")?)?,
    })
}

impl Store {
    /// Stores a batch of pending orders in one statement (one transaction).
    ///
    /// The outer error means nothing in the batch is known to be stored (database down).
    /// When the statement is refused for one order (e.g. past the stock), each order is
    /// retried alone so one refusal never sinks the others; the inner results say which.
    pub async fn insert_orders(
        &self,
        batch: &[NewOrder],
    ) -> Result<Vec<Result<InsertOutcome, StoreError>>, StoreError> {
        if batch.is_empty() {
            return Ok(Vec::new());
        }
        match self.insert_orders_at_once(batch).await {
            Ok(done) => Ok(done.into_iter().map(Ok).collect()),
            Err(StoreError::StockExceeded | StoreError::Constraint(_)) if batch.len() > 1 => {
                let mut results = Vec::with_capacity(batch.len());
                for order in batch {
                    match self
                        .insert_orders_at_once(std::slice::from_ref(order))
                        .await
                    {
                        Ok(mut one) => results.push(Ok(one.remove(0))),
                        Err(e @ (StoreError::StockExceeded | StoreError::Constraint(_))) => {
                            results.push(Err(e))
                        }
                        Err(e) => return Err(e),
                    }
                }
                Ok(results)
            }
            Err(e) => Err(e),
        }
    }

    async fn insert_orders_at_once(
        &self,
        batch: &[NewOrder],
    ) -> Result<Vec<InsertOutcome>, StoreError> {
        let rows = match self.backend() {
            // One statement of one shape: the orders and their spent tokens, one commit.
            Backend::Postgres => {
                sqlx::query(super::orders_pg::INSERT_ORDERS)
                    .bind(super::orders_pg::orders_json(batch)?)
                    .fetch_all(self.pool())
                    .await?
            }
            Backend::Sqlite => {
                let orders = orders_insert_sql(batch.len());
                if batch.iter().any(|o| o.token.is_some()) {
                    // The spent tokens in the same transaction.
                    self.insert_spending_in_one_transaction(&orders, batch)
                        .await?
                } else {
                    bind_orders(sqlx::query(&orders), batch)
                        .fetch_all(self.pool())
                        .await?
                }
            }
        };
        let inserted = inserted_ids(&rows)?;
        let mut out = Vec::with_capacity(batch.len());
        for o in batch {
            match inserted.get(o.request.as_str()) {
                Some(id) => out.push(InsertOutcome::Inserted(*id)),
                None => {
                    let existing = self.order_by_request(&o.request).await?.ok_or_else(|| {
                        StoreError::Database("order vanished after conflict".into())
                    })?;
                    out.push(InsertOutcome::AlreadyStored(existing.id));
                }
            }
        }
        Ok(out)
    }

    /// Runs `orders` (from [`orders_insert_sql`]) for `batch` and records the Buy tokens
    /// the inserted orders spend, in one transaction; the rows `orders` returned.
    async fn insert_spending_in_one_transaction(
        &self,
        orders: &str,
        batch: &[NewOrder],
    ) -> Result<Vec<AnyRow>, StoreError> {
        let mut tx = self.pool().begin().await?;
        let rows = bind_orders(sqlx::query(orders), batch)
            .fetch_all(&mut *tx)
            .await?;
        let ids = inserted_ids(&rows)?;
        let spent: Vec<(&str, &NewOrder, OrderId)> = batch
            .iter()
            .filter_map(|o| Some((o.token.as_deref()?, o, *ids.get(o.request.as_str())?)))
            .collect();
        if !spent.is_empty() {
            let sql = super::spent_tokens::spent_tokens_sql(spent.len());
            let mut q = sqlx::query(&sql);
            for (token, order, id) in &spent {
                q = q
                    .bind(*token)
                    .bind(order.request.as_str())
                    .bind(id.get())
                    .bind(to_ms(order.created_at));
            }
            q.execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(rows)
    }

    /// The order stored for a request id.
    pub async fn order_by_request(&self, request: &RequestId) -> Result<Option<Order>, StoreError> {
        let sql = format!("SELECT {ORDER_COLUMNS} FROM orders WHERE request_id = $1");
        let q = sqlx::query(&sql).bind(request.as_str());
        self.row(q, order_from_row).await
    }

    /// One order by id.
    pub async fn order(&self, id: OrderId) -> Result<Option<Order>, StoreError> {
        let sql = format!("SELECT {ORDER_COLUMNS} FROM orders WHERE id = $1");
        let q = sqlx::query(&sql).bind(id.get());
        self.row(q, order_from_row).await
    }

    /// Every order of one sale, oldest first.
    pub async fn orders_for_sale(&self, sale: SaleId) -> Result<Vec<Order>, StoreError> {
        let sql = format!("SELECT {ORDER_COLUMNS} FROM orders WHERE sale_id = $1 ORDER BY id");
        let q = sqlx::query(&sql).bind(sale.get());
        self.rows(q, order_from_row).await
    }

    /// A buyer's most recent orders, newest first.
    pub async fn orders_of_buyer(
        &self,
        buyer: UserId,
        limit: u32,
    ) -> Result<Vec<Order>, StoreError> {
        let sql = format!(
            "SELECT {ORDER_COLUMNS} FROM orders WHERE buyer_id = $1 ORDER BY id DESC LIMIT $2"
        );
        let q = sqlx::query(&sql).bind(buyer.get()).bind(i64::from(limit));
        self.rows(q, order_from_row).await
    }

    /// A buyer's orders of one sale that hold stock (pending and paid), oldest first: what
    /// counts against the per-person limit.
    pub async fn holding_orders(
        &self,
        buyer: UserId,
        sale: SaleId,
    ) -> Result<Vec<Order>, StoreError> {
        let sql = format!(
            "SELECT {ORDER_COLUMNS} FROM orders WHERE buyer_id = $1 AND sale_id = $2 \
             AND state IN ('pending', 'paid') ORDER BY id"
        );
        let rows = sqlx::query(&sql)
            .bind(buyer.get())
            .bind(sale.get())
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(order_from_row).collect()
    }

    /// Moves an order from `from` to `to` (a legal transition) unless something else moved it
    /// first; true when this call made the change, so the caller releases units exactly once.
    pub async fn transition_order(
        &self,
        id: OrderId,
        from: OrderState,
        to: OrderState,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        from.transition(to)?;
        self.swap_state("orders", id.get(), (from.as_str(), to.as_str()), now)
            .await
    }
}

impl Store {
    /// Pending orders whose payment deadline has passed at `now`, oldest first.
    pub async fn overdue_orders(
        &self,
        now: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<Order>, StoreError> {
        let sql = format!(
            "SELECT {ORDER_COLUMNS} FROM orders WHERE state = 'pending' AND pay_deadline <= $1 \
             ORDER BY pay_deadline, id LIMIT $2"
        );
        let q = sqlx::query(&sql).bind(to_ms(now)).bind(i64::from(limit));
        self.rows(q, order_from_row).await
    }

    /// Orders closed (expired or cancelled) since `since`: their units must be back in the gate.
    pub async fn orders_closed_since(
        &self,
        since: DateTime<Utc>,
    ) -> Result<Vec<Order>, StoreError> {
        let sql = format!(
            "SELECT {ORDER_COLUMNS} FROM orders WHERE state IN ('expired', 'cancelled') \
             AND updated_at >= $1 ORDER BY id"
        );
        let q = sqlx::query(&sql).bind(to_ms(since));
        self.rows(q, order_from_row).await
    }
}

/// SQLite's statement inserting `n` pending orders (PostgreSQL's is in `orders_pg.rs`), 7
/// parameters each in [`bind_orders`]'s order, returning the id and request id of each one
/// inserted; a stored request id is skipped. An order without a source of its own takes the
/// deep link its buyer last opened.
fn orders_insert_sql(n: usize) -> String {
    let mut sql = String::from(
        "INSERT INTO orders (sale_id, buyer_id, quantity, request_id, state, created_at, \
         updated_at, pay_deadline, source) VALUES ",
    );
    for i in 0..n {
        let p = i * 7;
        if i > 0 {
            sql.push(',');
        }
        sql.push_str(&format!(
            "(${}, ${}, ${}, ${}, 'pending', ${}, ${}, ${}, COALESCE(${}, (SELECT r.source \
             FROM sale_referrals r WHERE r.user_id = ${} AND r.sale_id = ${})))",
            p + 1,
            p + 2,
            p + 3,
            p + 4,
            p + 5,
            p + 5,
            p + 6,
            p + 7,
            p + 2,
            p + 1
        ));
    }
    sql.push_str(" ON CONFLICT (request_id) DO NOTHING RETURNING id, request_id");
    sql
}

/// Binds `batch` to [`orders_insert_sql`]'s parameters.
fn bind_orders<'q>(
    mut q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    batch: &'q [NewOrder],
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    for o in batch {
        q = q
            .bind(o.sale.get())
            .bind(o.buyer.get())
            .bind(i64::from(o.quantity.get()))
            .bind(o.request.as_str())
            .bind(to_ms(o.created_at))
            .bind(to_ms(o.pay_deadline))
            .bind(o.source.map(|s| s.code()));
    }
    q
}

/// The ids of the orders an insert returned, by request id.
fn inserted_ids(rows: &[AnyRow]) -> Result<HashMap<String, OrderId>, StoreError> {
    rows.iter()
        .map(|row| {
            Ok((
                row.try_get("request_id")?,
                OrderId::parse(row.try_get("id")?)?,
            ))
        })
        .collect()
}
