//! The brief's naive purchase (read the stock, `stock -= 1`, insert, commit), kept on purpose
//! as the benchmark baseline. It oversells under concurrency; nothing else may use it.

use sqlx::{Executor, Row};

use super::{Store, StoreError};

/// How one naive purchase went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NaiveOutcome {
    Bought,
    SoldOut,
    LimitReached,
}

impl Store {
    /// Creates the baseline's own tables and one item with `stock` units; returns its id.
    pub async fn naive_setup(&self, stock: u32) -> Result<i64, StoreError> {
        let id_type = match self.backend() {
            super::Backend::Postgres => "BIGSERIAL PRIMARY KEY",
            super::Backend::Sqlite => "INTEGER PRIMARY KEY AUTOINCREMENT",
        };
        self.pool()
            .execute(
                format!(
                    "CREATE TABLE IF NOT EXISTS naive_items (id {id_type}, stock BIGINT NOT NULL); \
                     CREATE TABLE IF NOT EXISTS naive_orders (id {id_type}, item_id BIGINT NOT NULL, \
                       user_id BIGINT NOT NULL, quantity BIGINT NOT NULL, request_id TEXT NOT NULL)"
                )
                .as_str(),
            )
            .await?;
        let row = sqlx::query("INSERT INTO naive_items (stock) VALUES ($1) RETURNING id")
            .bind(i64::from(stock))
            .fetch_one(self.pool())
            .await?;
        Ok(row.try_get("id")?)
    }

    /// The brief's purchase: read, check, write the decremented value back, insert, commit.
    pub async fn naive_buy(
        &self,
        item: i64,
        user: i64,
        qty: u32,
        limit: u32,
        request: &str,
    ) -> Result<NaiveOutcome, StoreError> {
        let mut tx = self.pool().begin().await?;
        let stock: i64 = sqlx::query("SELECT stock FROM naive_items WHERE id = $1")
            .bind(item)
            .fetch_one(&mut *tx)
            .await?
            .try_get("stock")?;
        if stock < i64::from(qty) {
            tx.rollback().await?;
            return Ok(NaiveOutcome::SoldOut);
        }
        let held: i64 = sqlx::query(
            "SELECT CAST(COALESCE(SUM(quantity), 0) AS BIGINT) AS held FROM naive_orders \
             WHERE item_id = $1 AND user_id = $2",
        )
        .bind(item)
        .bind(user)
        .fetch_one(&mut *tx)
        .await?
        .try_get("held")?;
        if held + i64::from(qty) > i64::from(limit) {
            tx.rollback().await?;
            return Ok(NaiveOutcome::LimitReached);
        }
        sqlx::query("UPDATE naive_items SET stock = $2 WHERE id = $1")
            .bind(item)
            .bind(stock - i64::from(qty))
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO naive_orders (item_id, user_id, quantity, request_id) VALUES ($1, $2, $3, $4)",
        )
        .bind(item)
        .bind(user)
        .bind(i64::from(qty))
        .bind(request)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(NaiveOutcome::Bought)
    }

    /// Units the baseline stored for an item.
    pub async fn naive_units_sold(&self, item: i64) -> Result<(u32, u32), StoreError> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS orders, CAST(COALESCE(SUM(quantity), 0) AS BIGINT) AS units \
             FROM naive_orders WHERE item_id = $1",
        )
        .bind(item)
        .fetch_one(self.pool())
        .await?;
        let orders: i64 = row.try_get("orders")?;
        let units: i64 = row.try_get("units")?;
        Ok((
            u32::try_from(orders).unwrap_or(u32::MAX),
            u32::try_from(units).unwrap_or(u32::MAX),
        ))
    }
}
