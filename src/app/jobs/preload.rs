//! Gate preload: sales that start within the next few minutes (and live ones) are loaded into
//! the gate before their first press, so the first second of a sale reads no SQL. Creating or
//! editing a sale loads it at once; this worker covers the rest (a process or a Redis that
//! started after the sale was written, keys lost to a flush).

use std::sync::Arc;
use std::time::Duration;

use chrono::DateTime;
use chrono::Utc;

use crate::clock::Clock;
use crate::stock::{LoadMode, StockGate};
use crate::store::Store;

/// How far ahead of its start a sale is loaded.
pub const PRELOAD_AHEAD: Duration = Duration::from_secs(10 * 60);
/// How often the worker looks for sales to load.
pub const PRELOAD_EVERY: Duration = Duration::from_secs(15);

/// Loads sales about to start into the gate.
pub struct PreloadWorker {
    store: Store,
    gate: Arc<dyn StockGate>,
    clock: Arc<dyn Clock>,
    ahead: chrono::Duration,
}

impl PreloadWorker {
    /// A worker loading sales that start within [`PRELOAD_AHEAD`].
    pub fn new(store: Store, gate: Arc<dyn StockGate>, clock: Arc<dyn Clock>) -> Self {
        Self {
            store,
            gate,
            clock,
            ahead: chrono::Duration::from_std(PRELOAD_AHEAD).unwrap_or(chrono::Duration::zero()),
        }
    }

    /// One pass: every active sale starting by now + [`PRELOAD_AHEAD`] that the gate does not
    /// hold is read from the store and loaded (an already loaded sale is left as it is).
    /// Returns how many sales were loaded.
    pub async fn step(&self) -> anyhow::Result<u32> {
        // The first contacts of those sales' buyers start on a warm connection too (the
        // orders pool prepares its statement as each connection opens).
        if let Err(e) = self.store.warm_up().await {
            tracing::warn!(error = %e, "purchase path not warmed");
        }
        let now: DateTime<Utc> = self.clock.now();
        let mut loaded = 0;
        for sale in self.store.sales_starting_by(now, now + self.ahead).await? {
            if self.gate.snapshot(sale.id).await?.is_some() {
                continue;
            }
            let Some(seed) = self.store.load_gate_seed(sale.id).await? else {
                continue;
            };
            if self.gate.load(&seed, LoadMode::IfAbsent).await? {
                loaded += 1;
                tracing::info!(
                    sale = sale.id.get(),
                    starts_at = %sale.draft.window.starts_at(),
                    "sale preloaded into the gate"
                );
            }
        }
        Ok(loaded)
    }
}

#[async_trait::async_trait]
impl crate::worker::Worker for PreloadWorker {
    fn name(&self) -> &'static str {
        "gate preload"
    }

    async fn step(&self) -> anyhow::Result<crate::worker::Pass> {
        PreloadWorker::step(self).await?;
        Ok(crate::worker::Pass::Idle)
    }

    fn period(&self) -> Duration {
        PRELOAD_EVERY
    }
}
