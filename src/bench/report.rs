//! The benchmark's result, printed as the public JSON contract or as a short table.

use serde::Serialize;

/// One run's figures. The first ten fields are the public contract; the rest add context.
#[derive(Debug, Clone, Serialize)]
pub struct BenchReport {
    pub backend: String,
    pub buyers: u32,
    pub stock: u32,
    /// Units buyers were told they got.
    pub sold: u64,
    /// Units sold beyond the stock.
    pub oversold: u64,
    /// Units in durable orders for this run.
    pub orders_in_db: u64,
    /// Repeated request ids that bought again.
    pub duplicates_accepted: u64,
    /// Attempts decided by the gate per second, from the first attempt to the last decision.
    /// For naive-sql a decision is its whole transaction.
    pub decisions_per_sec: f64,
    pub p50_us: u64,
    pub p99_us: u64,
    pub per_user_limit: u32,
    pub concurrency: u32,
    pub attempts: u64,
    /// Attempts that failed with an error (store or gate unavailable, serialization failures).
    pub errors: u64,
    /// Attempts fully answered per second (winners after their order is committed).
    pub completed_per_sec: f64,
    pub wall_ms: f64,
    /// "postgres" or "sqlite".
    pub database: String,
    /// Order-writer batches and the largest one (0 for the naive baseline).
    pub writer_batches: u64,
    pub writer_largest_batch: u64,
}

impl BenchReport {
    /// A few human-readable lines.
    pub fn to_table(&self) -> String {
        format!(
            "backend {} on {} · {} buyers, stock {}, limit {}, concurrency {}\n\
             sold {} · oversold {} · orders in db {} · duplicates accepted {} · errors {}\n\
             {:.0} decisions/s · {:.0} answered/s · p50 {} µs · p99 {} µs · {} attempts in {:.1} ms\n\
             order writer: {} batches, largest {}",
            self.backend,
            self.database,
            self.buyers,
            self.stock,
            self.per_user_limit,
            self.concurrency,
            self.sold,
            self.oversold,
            self.orders_in_db,
            self.duplicates_accepted,
            self.errors,
            self.decisions_per_sec,
            self.completed_per_sec,
            self.p50_us,
            self.p99_us,
            self.attempts,
            self.wall_ms,
            self.writer_batches,
            self.writer_largest_batch
        )
    }
}
