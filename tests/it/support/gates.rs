//! Real gates for tests: the embedded one, and the Redis one on its own key prefix.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use flashsale::clock::{Clock, ManualClock};
use flashsale::domain::SaleId;
use flashsale::stock::{EmbeddedGate, GateSeed, RedisGate, RedisGateConfig, SeedSource};

/// The Redis server the tests use (`TEST_REDIS_URL`, default the local one).
pub fn redis_url() -> String {
    std::env::var("TEST_REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".to_owned())
}

/// Seeds held in memory, for gate tests that do not involve SQL.
#[derive(Default)]
pub struct SeedMap(Mutex<HashMap<SaleId, GateSeed>>);

impl SeedMap {
    /// Makes `seed` the source's answer for its sale.
    pub fn put(&self, seed: GateSeed) {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(seed.sale, seed);
    }
}

#[async_trait]
impl SeedSource for SeedMap {
    async fn gate_seed(&self, sale: SaleId) -> anyhow::Result<Option<GateSeed>> {
        Ok(self
            .0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&sale)
            .cloned())
    }
}

/// An embedded gate reading from `source`.
pub fn embedded(clock: Arc<ManualClock>, source: Arc<dyn SeedSource>) -> EmbeddedGate {
    EmbeddedGate::new(clock as Arc<dyn Clock>, source)
}

/// The gate's settings for `url` on a fresh key prefix. Several stampedes run at once on two
/// shared cores here, so one call may wait longer than production's default before failing.
fn test_config(url: String) -> RedisGateConfig {
    let mut config = RedisGateConfig::new(url, format!("{}:", super::unique("fs-test")));
    config.response_timeout = std::time::Duration::from_secs(10);
    config
}

/// A Redis gate on a key prefix no other test uses.
pub async fn redis(clock: Arc<ManualClock>, source: Arc<dyn SeedSource>) -> RedisGate {
    RedisGate::connect(test_config(redis_url()), clock as Arc<dyn Clock>, source)
        .await
        .expect("Redis must run on 127.0.0.1:6379 (scripts/test.sh starts it)")
}

/// The local Redis Cluster's seed nodes (`TEST_REDIS_CLUSTER_URL`; scripts/test.sh starts one
/// on 7101-7106 with scripts/redis-cluster.sh).
pub fn redis_cluster_url() -> String {
    std::env::var("TEST_REDIS_CLUSTER_URL").unwrap_or_else(|_| {
        "redis://127.0.0.1:7101,redis://127.0.0.1:7102,redis://127.0.0.1:7103".to_owned()
    })
}

/// A Redis gate on the local cluster, on a key prefix no other test uses.
pub async fn redis_cluster(clock: Arc<ManualClock>, source: Arc<dyn SeedSource>) -> RedisGate {
    RedisGate::connect(
        test_config(redis_cluster_url()),
        clock as Arc<dyn Clock>,
        source,
    )
    .await
    .expect("a Redis Cluster must run on 127.0.0.1:7101-7106 (scripts/test.sh starts it with scripts/redis-cluster.sh)")
}
