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

/// A Redis gate on a key prefix no other test uses.
pub async fn redis(clock: Arc<ManualClock>, source: Arc<dyn SeedSource>) -> RedisGate {
    let prefix = format!("{}:", super::unique("fs-test"));
    RedisGate::connect(
        RedisGateConfig::new(redis_url(), prefix),
        clock as Arc<dyn Clock>,
        source,
    )
    .await
    .expect("Redis must run on 127.0.0.1:6379 (scripts/test.sh starts it)")
}
