//! Orders after the gate: the batched durable writer and gate-vs-store reconciliation.

mod reconcile;
mod writer;

pub use reconcile::{SaleDrift, reconcile};
pub use writer::{OrderWriter, WriteError, WriterConfig, WriterStats};
