//! Store failures, with the constraint violations that mean a domain conflict told apart.

use thiserror::Error;

use crate::domain::DomainError;

/// Why a store call failed.
#[derive(Debug, Error)]
pub enum StoreError {
    /// The write would hold more live units than the sale's stock (`sales_stock_not_oversold`).
    #[error("the sale has no stock left for this order")]
    StockExceeded,
    /// The row breaks another rule of the schema (named constraint).
    #[error("the database refused the row: {0}")]
    Constraint(String),
    /// No row with that id.
    #[error("not found")]
    NotFound,
    /// A stored row no longer parses into a domain value.
    #[error("a stored row is invalid: {0}")]
    Corrupt(String),
    #[error("invalid database configuration: {0}")]
    Config(String),
    #[error("migrations failed: {0}")]
    Migration(String),
    /// The database is unreachable or failed; the caller should fail closed and retry later.
    #[error("database error: {0}")]
    Database(String),
}

const STOCK_CONSTRAINT: &str = "sales_stock_not_oversold";

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        if let sqlx::Error::Database(db) = &e {
            let msg = db.message();
            let constraint = db.constraint().unwrap_or_default();
            if constraint == STOCK_CONSTRAINT || msg.contains(STOCK_CONSTRAINT) {
                return Self::StockExceeded;
            }
            if db.is_unique_violation()
                || db.is_check_violation()
                || db.is_foreign_key_violation()
                || msg.contains("never")
            {
                return Self::Constraint(format!("{constraint} {msg}").trim().to_owned());
            }
        }
        if matches!(e, sqlx::Error::RowNotFound) {
            return Self::NotFound;
        }
        Self::Database(e.to_string())
    }
}

impl From<DomainError> for StoreError {
    fn from(e: DomainError) -> Self {
        Self::Corrupt(e.to_string())
    }
}
