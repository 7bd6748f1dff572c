//! Fault: PostgreSQL crashes mid-stampede (a private server, `pg_ctl stop -m immediate`) and
//! comes back a few seconds later. While it is down buys fail closed ("try again"), nobody is
//! told "won" without a row, and the same purchase path sells again once it is back, without
//! being rebuilt.

use std::sync::Arc;
use std::sync::atomic::AtomicUsize;
use std::time::{Duration, Instant};

use chrono::Duration as ChronoDuration;
use flashsale::app::PurchaseResult;
use flashsale::clock::{Clock, ManualClock};
use flashsale::domain::Quantity;
use flashsale::orders::reconcile;
use flashsale::stock::{SeedSource, StockGate};
use flashsale::store::Store;

use crate::support::chaos::{
    Attempt, Pause, audit, loaded_sale, orders_of, purchases_over, runs, stampede, wait_count,
};
use crate::support::private_services::PrivatePostgres;
use crate::support::{gates, req, t0, user};

const STOCK: u32 = 300;
const BUYERS: i64 = 1_000;

async fn one_run(run: u32) {
    let started = Instant::now();
    let mut pg = PrivatePostgres::start().await;
    let store = Store::open(&pg.url(), 8)
        .await
        .expect("store on the private server");
    let clock = Arc::new(ManualClock::new(t0() + ChronoDuration::seconds(1)));
    let source: Arc<dyn SeedSource> = Arc::new(store.clone());
    let gate: Arc<dyn StockGate> = Arc::new(gates::redis(clock.clone(), source).await);
    let sale = loaded_sale(&store, gate.as_ref(), STOCK).await;
    let purchases = purchases_over(&store, gate.clone(), clock.clone());

    let won = Arc::new(AtomicUsize::new(0));
    let pause = Pause::default();
    let buyers = tokio::spawn(stampede(
        purchases.clone(),
        sale.id,
        1_000,
        BUYERS,
        16,
        600,
        won.clone(),
        pause.clone(),
    ));
    wait_count(
        &won,
        STOCK as usize / 3,
        Duration::from_secs(60),
        "a third sold",
    )
    .await;
    // Hold the buyers (the sale is surely mid-way), crash the server, let them go again.
    let hold = pause.write().await;
    pg.crash();
    drop(hold);
    // While it is down, a buy fails closed.
    let one = Quantity::parse(1).expect("qty");
    let down = purchases
        .buy(sale.id, user(999_999), one, &req("while-pg-down"))
        .await;
    assert_eq!(
        down,
        PurchaseResult::TryAgain,
        "fail closed while SQL is down"
    );
    tokio::time::sleep(Duration::from_secs(2)).await;
    pg.start_again().await;

    let mut attempts = tokio::time::timeout(Duration::from_secs(180), buyers)
        .await
        .expect("the stampede ends")
        .expect("buyers");
    // Buyers caught mid-outage may simply wait for the pool until the server is back (and
    // win); the probe is the answer given while it was down.
    attempts.push(Attempt {
        buyer: 999_999,
        request: req("while-pg-down"),
        result: down,
    });
    let orders = orders_of(&store, sale.id).await;
    let mut tally = audit("postgres-restarted", run, STOCK, 1, &orders, &attempts);
    tally.secs = started.elapsed().as_secs_f64();
    tally.record_and_check();
    assert_eq!(tally.sold, u64::from(STOCK), "selling resumed by itself");
    let drifts = reconcile(&store, gate.as_ref(), clock.now(), false)
        .await
        .expect("reconcile");
    assert!(
        drifts.iter().all(|d| !d.drifted()),
        "reconcile is clean: {drifts:?}"
    );
    store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn when_postgres_crashes_mid_sale_buys_fail_closed_and_selling_resumes_by_itself() {
    for run in 1..=runs() {
        one_run(run).await;
    }
}
