//! Criterion benchmark of the stock gate alone: one decision, in process and over Redis.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use async_trait::async_trait;
use chrono::{Duration, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use flashsale::clock::{Clock, SystemClock};
use flashsale::domain::{Quantity, RequestId, SaleId, UserId};
use flashsale::stock::{
    EmbeddedGate, GateSeed, LoadMode, RedisGate, RedisGateConfig, SeedSource, StockGate,
};

/// The gates here are loaded up front; a reload would be a bug in the benchmark.
struct NoSource;

#[async_trait]
impl SeedSource for NoSource {
    async fn gate_seed(&self, _: SaleId) -> anyhow::Result<Option<GateSeed>> {
        Ok(None)
    }
}

fn seed(stock: u32) -> GateSeed {
    let now = Utc::now();
    GateSeed::fresh(
        SaleId::parse(1).expect("id"),
        stock,
        1,
        now - Duration::seconds(1),
        now + Duration::hours(1),
    )
}

fn decide(c: &mut Criterion, name: &str, rt: &tokio::runtime::Runtime, gate: Arc<dyn StockGate>) {
    let n = AtomicU64::new(0);
    let qty = Quantity::parse(1).expect("qty");
    let sale = SaleId::parse(1).expect("id");
    c.bench_function(name, |b| {
        b.to_async(rt).iter(|| {
            let i = n.fetch_add(1, Ordering::Relaxed) as i64 + 1;
            let request = RequestId::parse(&format!("r{i}")).expect("request id");
            let gate = gate.clone();
            async move {
                gate.try_buy(sale, UserId::parse(i).expect("id"), qty, &request)
                    .await
                    .expect("decision")
            }
        })
    });
}

fn gates(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let embedded = Arc::new(EmbeddedGate::new(clock.clone(), Arc::new(NoSource)));
    // Sold out after 100 units: the stampede's common case is a refusal.
    rt.block_on(embedded.load(&seed(100), LoadMode::Replace))
        .expect("load");
    decide(
        c,
        "embedded try_buy (sold-out stampede)",
        &rt,
        embedded.clone(),
    );
    rt.block_on(embedded.load(&seed(10_000_000), LoadMode::Replace))
        .expect("load");
    decide(c, "embedded try_buy (reserve)", &rt, embedded);

    let url = std::env::var("REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".into());
    let prefix = format!("fs-criterion:{}:", std::process::id());
    let redis = match rt.block_on(RedisGate::connect(
        RedisGateConfig::new(url.clone(), prefix),
        clock,
        Arc::new(NoSource),
    )) {
        Ok(g) => Arc::new(g),
        Err(e) => {
            eprintln!("skipping the Redis gate benchmark: no Redis at {url} ({e})");
            return;
        }
    };
    rt.block_on(redis.load(&seed(100), LoadMode::Replace))
        .expect("load");
    decide(c, "redis try_buy round trip (sold-out)", &rt, redis.clone());
    let _ = rt.block_on(redis.forget(SaleId::parse(1).expect("id")));
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).measurement_time(std::time::Duration::from_secs(3));
    targets = gates
}
criterion_main!(benches);
