//! The drift watch: every minute, gate vs store for the current sales (report only, no
//! repair); a sale that drifts in two checks running (reservations still being written show
//! as drift for a moment) is alerted to the admins.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::app::jobs::alerts::{Alerts, Anomaly};
use crate::clock::Clock;
use crate::domain::SaleId;
use crate::orders::reconcile;
use crate::stock::StockGate;
use crate::store::Store;

/// How often the watch checks.
pub const DRIFT_EVERY: Duration = Duration::from_secs(60);

/// Compares gate and store now and then, and alerts on lasting drift.
pub struct DriftWatch {
    store: Store,
    gate: Arc<dyn StockGate>,
    alerts: Arc<Alerts>,
    clock: Arc<dyn Clock>,
    /// Sales that drifted at the last check, with (gate, store) remaining then.
    last: Mutex<HashMap<i64, (u32, u32)>>,
}

impl DriftWatch {
    /// A watch over `gate` and `store`, alerting through `alerts`.
    pub fn new(
        store: Store,
        gate: Arc<dyn StockGate>,
        alerts: Arc<Alerts>,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self {
            store,
            gate,
            alerts,
            clock,
            last: Mutex::new(HashMap::new()),
        }
    }

    /// One check; returns the sales alerted about (drifted now and at the check before).
    pub async fn step(&self) -> Vec<SaleId> {
        let now = self.clock.now();
        let report = match reconcile(&self.store, self.gate.as_ref(), now, false).await {
            Ok(r) => r,
            Err(e) => {
                tracing::warn!(error = %e, "drift check failed");
                return Vec::new();
            }
        };
        let drifted: HashMap<i64, (u32, u32)> = report
            .iter()
            .filter(|d| d.drifted())
            .map(|d| {
                let gate = d.gate_remaining.unwrap_or(0);
                (d.sale, (gate, d.store_remaining))
            })
            .collect();
        let before = std::mem::replace(
            &mut *self.last.lock().unwrap_or_else(|p| p.into_inner()),
            drifted.clone(),
        );
        let mut alerted = Vec::new();
        for (sale, (gate, store)) in drifted {
            if !before.contains_key(&sale) {
                continue;
            }
            let Ok(id) = SaleId::parse(sale) else {
                continue;
            };
            self.alerts
                .raise(
                    Anomaly::Drift {
                        sale: id,
                        gate,
                        store,
                    },
                    now,
                )
                .await;
            alerted.push(id);
        }
        alerted
    }
}

#[async_trait::async_trait]
impl crate::worker::Worker for DriftWatch {
    fn name(&self) -> &'static str {
        "drift watch"
    }

    async fn step(&self) -> anyhow::Result<crate::worker::Pass> {
        DriftWatch::step(self).await;
        Ok(crate::worker::Pass::Idle)
    }

    fn period(&self) -> Duration {
        DRIFT_EVERY
    }

    /// A check compares with the one before: the first comes one period in.
    fn waits_first(&self) -> bool {
        true
    }
}
