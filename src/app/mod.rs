//! Use cases every transport calls; transports never decide anything themselves.

mod purchase;

pub use purchase::{PurchaseResult, Purchases};
