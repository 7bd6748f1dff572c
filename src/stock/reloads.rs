//! One reload from the store per sale at a time. When a rush hits a sale the gate has not
//! loaded yet (a cold start, Redis flushed), every press finds it "not loaded"; without this,
//! each would read the sale from SQL at the same moment. With it, one press reloads and the
//! rest wait for it, then decide against the loaded sale. The turns also count the loads a
//! press had to make (a sale preloaded before its start costs its presses none).

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use tokio::sync::OwnedMutexGuard;

use crate::domain::SaleId;

/// Per-sale turns at reloading; a gate holds one.
#[derive(Debug, Default)]
pub struct ReloadLocks {
    locks: Mutex<HashMap<SaleId, Arc<tokio::sync::Mutex<()>>>>,
    press_loads: AtomicU64,
}

impl ReloadLocks {
    /// Waits for this sale's turn to reload; the turn ends when the guard drops.
    pub async fn turn(&self, sale: SaleId) -> OwnedMutexGuard<()> {
        let lock = {
            let mut locks = self.locks.lock().unwrap_or_else(|p| p.into_inner());
            locks.entry(sale).or_default().clone()
        };
        lock.lock_owned().await
    }

    /// Notes that a press found its sale not loaded and read it from the store.
    pub fn count_press_load(&self) {
        self.press_loads.fetch_add(1, Ordering::Relaxed);
        metrics::counter!("flashsale_gate_press_loads_total").increment(1);
    }

    /// Loads from the store that presses made so far (the cold starts preloading avoids).
    pub fn press_loads(&self) -> u64 {
        self.press_loads.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn one_turn_per_sale_at_a_time_and_sales_do_not_wait_for_each_other() {
        let locks = Arc::new(ReloadLocks::default());
        let a = SaleId::parse(1).unwrap();
        let b = SaleId::parse(2).unwrap();
        let first = locks.turn(a).await;
        let _other_sale = locks.turn(b).await;
        let waiting = tokio::spawn({
            let locks = locks.clone();
            async move {
                let _t = locks.turn(a).await;
            }
        });
        tokio::task::yield_now().await;
        assert!(
            !waiting.is_finished(),
            "a second turn on the same sale waits"
        );
        drop(first);
        waiting.await.unwrap();
    }
}
