//! Fault: Redis loses the sale mid-stampede, by a flush of the sale's keys or by a restart of
//! the server. The gate must rebuild itself from SQL, selling must carry on to the last unit,
//! nothing may be oversold or lost, and reconciliation must come out clean.

use std::sync::Arc;
use std::sync::atomic::AtomicUsize;
use std::time::{Duration, Instant};

use chrono::Duration as ChronoDuration;
use flashsale::clock::{Clock, ManualClock};
use flashsale::orders::reconcile;
use flashsale::stock::{RedisGate, RedisGateConfig, SeedSource, StockGate};
use flashsale::store::Store;

use crate::support::chaos::{
    Pause, audit, loaded_sale, orders_of, purchases_over, runs, stampede, wait_count,
};
use crate::support::db::fresh_postgres;
use crate::support::private_services::PrivateRedis;
use crate::support::{gates, t0, unique};

const STOCK: u32 = 300;
const BUYERS: i64 = 1_200;

/// What happens to Redis mid-sale.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Strike {
    /// The sale's keys vanish (as after FLUSHALL, but only this test's keys).
    Flush,
    /// The server is killed, stays down a moment, and comes back empty.
    Restart,
}

async fn raw_del(url: &str, keys: &[String]) {
    let client = redis::Client::open(url).expect("redis url");
    let mut c = client
        .get_multiplexed_async_connection()
        .await
        .expect("redis connection");
    let _: i64 = redis::cmd("DEL")
        .arg(keys)
        .query_async(&mut c)
        .await
        .expect("DEL");
}

async fn one_run(strike: Strike, run: u32) {
    let started = Instant::now();
    let (store, _db) = fresh_postgres("chaos_redis").await;
    let mut private = match strike {
        Strike::Restart => Some(PrivateRedis::start().await),
        Strike::Flush => None,
    };
    let url = private
        .as_ref()
        .map_or_else(gates::redis_url, PrivateRedis::url);
    let clock = Arc::new(ManualClock::new(t0() + ChronoDuration::seconds(1)));
    let source: Arc<dyn SeedSource> = Arc::new(store.clone());
    let mut config = RedisGateConfig::new(url.clone(), format!("{}:", unique("fs-chaos")));
    config.response_timeout = Duration::from_millis(500);
    let redis = Arc::new(
        RedisGate::connect(config, clock.clone() as Arc<dyn Clock>, source)
            .await
            .expect("redis gate"),
    );
    let gate: Arc<dyn StockGate> = redis.clone();
    let sale = loaded_sale(&store, gate.as_ref(), STOCK).await;
    let purchases = purchases_over(&store, gate.clone(), clock.clone());

    let won = Arc::new(AtomicUsize::new(0));
    let buyers = tokio::spawn(stampede(
        purchases,
        sale.id,
        1_000,
        BUYERS,
        32,
        400,
        won.clone(),
        Pause::default(),
    ));
    let within = Duration::from_secs(30);
    wait_count(
        &won,
        STOCK as usize / 3,
        within,
        "a third of the stock sold",
    )
    .await;
    match strike {
        Strike::Flush => {
            raw_del(&url, &redis.keys(sale.id)).await;
            wait_count(&won, STOCK as usize * 2 / 3, within, "selling after flush").await;
            raw_del(&url, &redis.keys(sale.id)).await;
        }
        Strike::Restart => {
            let server = private.as_mut().expect("private redis");
            server.kill();
            tokio::time::sleep(Duration::from_millis(800)).await;
            server.restart().await;
        }
    }
    let attempts = tokio::time::timeout(Duration::from_secs(120), buyers)
        .await
        .expect("the stampede ends")
        .expect("buyers");

    let orders = orders_of(&store, sale.id).await;
    let name = match strike {
        Strike::Flush => "redis-flushed",
        Strike::Restart => "redis-restarted",
    };
    let mut tally = audit(name, run, STOCK, 1, &orders, &attempts);
    tally.secs = started.elapsed().as_secs_f64();
    tally.record_and_check();
    assert_eq!(
        tally.sold,
        u64::from(STOCK),
        "selling carried on to the last unit"
    );
    assert!(tally.told_won > 0);
    assert_clean(&store, gate.as_ref(), clock.now()).await;
    store.close().await;
}

async fn assert_clean(store: &Store, gate: &dyn StockGate, now: chrono::DateTime<chrono::Utc>) {
    let drifts = reconcile(store, gate, now, false).await.expect("reconcile");
    assert!(!drifts.is_empty(), "the sale is checked");
    assert!(
        drifts.iter().all(|d| !d.drifted()),
        "reconcile is clean: {drifts:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn when_the_sales_redis_keys_are_flushed_mid_sale_the_gate_reloads_from_sql_and_never_oversells()
 {
    for run in 1..=runs() {
        one_run(Strike::Flush, run).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn when_redis_restarts_mid_sale_buyers_retry_selling_resumes_and_nothing_is_oversold() {
    for run in 1..=runs() {
        one_run(Strike::Restart, run).await;
    }
}
