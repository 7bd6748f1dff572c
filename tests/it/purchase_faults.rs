//! Faults on the purchase path: SQL down, Redis down. Buyers are told to retry; nothing is
//! left reserved or recorded half-way.

use std::net::TcpListener;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Duration as StdDuration;

use chrono::Duration;
use flashsale::app::{PurchaseResult, Purchases};
use flashsale::clock::{Clock, ManualClock};
use flashsale::domain::Quantity;
use flashsale::orders::{OrderWriter, WriterConfig};
use flashsale::stock::{RedisGate, RedisGateConfig, SeedSource, StockGate};

use crate::support::app::{GateKind, Shop};
use crate::support::db::fresh_postgres;
use crate::support::{draft, req, t0, user};

fn one() -> Quantity {
    Quantity::parse(1).expect("qty")
}

async fn sql_down_means_try_again_and_the_units_go_back(kind: GateKind) {
    let shop = Shop::open(kind, fresh_postgres("sqldown").await, 3, 1).await;
    shop.store.close().await;
    let r = shop
        .purchases
        .buy(shop.sale.id, user(1), one(), &req("while-down"))
        .await;
    assert_eq!(r, PurchaseResult::TryAgain);
    let snap = shop
        .gate
        .snapshot(shop.sale.id)
        .await
        .expect("snapshot")
        .expect("loaded");
    assert_eq!(snap.remaining, 3, "the reservation was released");
}

#[tokio::test]
async fn with_sql_down_the_embedded_path_never_says_won() {
    sql_down_means_try_again_and_the_units_go_back(GateKind::Embedded).await
}

#[tokio::test]
async fn with_sql_down_the_redis_path_never_says_won() {
    sql_down_means_try_again_and_the_units_go_back(GateKind::Redis).await
}

/// A private redis-server on a free loopback port, stopped when dropped.
struct PrivateRedis {
    child: std::process::Child,
    port: u16,
}

impl PrivateRedis {
    fn start() -> Self {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("free port")
            .port();
        let child = Command::new("redis-server")
            .args([
                "--port",
                &port.to_string(),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ])
            .stdout(Stdio::null())
            .spawn()
            .expect("redis-server is installed (scripts/test.sh installs it)");
        Self { child, port }
    }

    fn url(&self) -> String {
        format!("redis://127.0.0.1:{}", self.port)
    }
}

impl Drop for PrivateRedis {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test]
async fn with_redis_down_buyers_are_told_to_retry_and_nothing_is_recorded() {
    let (store, _db) = fresh_postgres("redisdown").await;
    let redis = PrivateRedis::start();
    let clock = Arc::new(ManualClock::new(t0() + Duration::seconds(1)));
    let source: Arc<dyn SeedSource> = Arc::new(store.clone());
    let mut config = RedisGateConfig::new(redis.url(), "fault:");
    config.response_timeout = StdDuration::from_millis(500);
    let mut gate = None;
    for _ in 0..50 {
        match RedisGate::connect(
            config.clone(),
            clock.clone() as Arc<dyn Clock>,
            source.clone(),
        )
        .await
        {
            Ok(g) => {
                gate = Some(g);
                break;
            }
            Err(_) => tokio::time::sleep(StdDuration::from_millis(100)).await,
        }
    }
    let gate: Arc<dyn StockGate> = Arc::new(gate.expect("private redis came up"));
    let sale = store.create_sale(&draft(5, 1), t0()).await.expect("sale");
    crate::support::reload_from_store(&store, gate.as_ref(), sale.id).await;
    let (writer, _task) = OrderWriter::spawn(store.clone(), WriterConfig::default());
    let purchases = Purchases::new(gate, writer, store.clone(), clock, Duration::minutes(10));
    let ok = purchases.buy(sale.id, user(1), one(), &req("before")).await;
    assert!(matches!(ok, PurchaseResult::Won { .. }));

    drop(redis); // Redis dies mid-sale.
    let r = purchases.buy(sale.id, user(2), one(), &req("during")).await;
    assert_eq!(r, PurchaseResult::TryAgain);
    assert!(
        store
            .order_by_request(&req("during"))
            .await
            .expect("read")
            .is_none()
    );
    assert_eq!(store.sale_counts(sale.id).await.expect("counts").orders, 1);
}
