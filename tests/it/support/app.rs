//! A purchase path wired like production: real store, real gate, real order writer.

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use flashsale::app::Purchases;
use flashsale::clock::{Clock, ManualClock};
use flashsale::domain::Sale;
use flashsale::orders::{OrderWriter, WriterConfig};
use flashsale::stock::{RedisGate, SeedSource, StockGate};
use flashsale::store::{SaleCounts, Store};
use tokio::task::JoinHandle;

use super::db::DbGuard;
use super::{draft_at, gates, t0};

/// Which gate a purchase-path test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GateKind {
    Embedded,
    Redis,
    /// The Redis gate on the local Redis Cluster.
    RedisCluster,
}

/// Everything a purchase-path test touches.
pub struct Shop {
    pub store: Store,
    pub clock: Arc<ManualClock>,
    pub gate: Arc<dyn StockGate>,
    pub redis: Option<Arc<RedisGate>>,
    pub purchases: Purchases,
    pub _writer_task: JoinHandle<()>,
    pub sale: Sale,
    pub _db: DbGuard,
}

impl Shop {
    /// A shop over `store` selling one sale of `stock` units, live from `t0()`.
    pub async fn open(kind: GateKind, db: (Store, DbGuard), stock: u32, limit: u32) -> Self {
        Self::open_at(kind, db, stock, limit, t0()).await
    }

    /// A shop whose clock and sale start at `start` (any calendar date).
    pub async fn open_at(
        kind: GateKind,
        (store, db): (Store, DbGuard),
        stock: u32,
        limit: u32,
        start: DateTime<Utc>,
    ) -> Self {
        let clock = Arc::new(ManualClock::new(start + Duration::seconds(1)));
        let source: Arc<dyn SeedSource> = Arc::new(store.clone());
        let (gate, redis): (Arc<dyn StockGate>, _) = match kind {
            GateKind::Embedded => (Arc::new(gates::embedded(clock.clone(), source)), None),
            GateKind::Redis => {
                let g = Arc::new(gates::redis(clock.clone(), source).await);
                (g.clone(), Some(g))
            }
            GateKind::RedisCluster => {
                let g = Arc::new(gates::redis_cluster(clock.clone(), source).await);
                (g.clone(), Some(g))
            }
        };
        let sale = store
            .create_sale(&draft_at(stock, limit, start), start)
            .await
            .expect("sale");
        super::reload_from_store(&store, gate.as_ref(), sale.id).await;
        let (writer, writer_task) = OrderWriter::spawn(store.clone(), WriterConfig::default());
        let purchases = Purchases::new(
            gate.clone(),
            writer,
            store.clone(),
            clock.clone() as Arc<dyn Clock>,
            Duration::minutes(10),
        );
        Self {
            store,
            clock,
            gate,
            redis,
            purchases,
            _writer_task: writer_task,
            sale,
            _db: db,
        }
    }

    /// The sale's counts as the store has them now.
    pub async fn counts(&self) -> SaleCounts {
        self.store.sale_counts(self.sale.id).await.expect("counts")
    }
}
