//! Why a value from outside could not become a domain value.

use thiserror::Error;

/// A rule a value broke; each variant names the field so transports can explain it.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DomainError {
    #[error("{field} must be a positive whole number, got {value}")]
    NotPositive { field: &'static str, value: i64 },
    #[error("{field} is too large: {value} (at most {max})")]
    TooLarge {
        field: &'static str,
        value: i64,
        max: i64,
    },
    #[error("{field} is invalid: {reason}")]
    Invalid {
        field: &'static str,
        reason: &'static str,
    },
    #[error("the sale must end after it starts")]
    EndsBeforeStart,
    #[error("the per-user limit ({limit}) is larger than the stock ({stock})")]
    LimitAboveStock { limit: u32, stock: u32 },
    #[error("an order cannot go from {from} to {to}")]
    BadTransition {
        from: &'static str,
        to: &'static str,
    },
}
