//! Orders after the gate: the batched durable writer, gate-vs-store reconciliation, and the
//! start-up sweep of reservations a crash cut off.

mod reconcile;
pub mod stranded;
mod writer;

pub use reconcile::{ReconcileError, SaleDrift, reconcile};
pub use writer::{OrderWriter, WriteError, WriterConfig, WriterStats};
