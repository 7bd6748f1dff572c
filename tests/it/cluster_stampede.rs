//! The Redis gate on a real Redis Cluster: a stampede over sales on several masters, and a
//! master killed mid-stampede (its replica takes over). SQL is checked after each: nobody is
//! told they won without a committed order, and no sale sells more than its stock.

use std::collections::{HashMap, HashSet};
use std::ops::RangeInclusive;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use chrono::Duration as ChronoDuration;
use flashsale::app::{PurchaseResult, Purchases};
use flashsale::clock::{Clock, ManualClock};
use flashsale::domain::{OrderId, Quantity, Sale, SaleId};
use flashsale::orders::stranded::release_stranded;
use flashsale::orders::{OrderWriter, WriterConfig, reconcile};
use flashsale::stock::{RedisGate, RedisGateConfig, SeedSource, StockGate};
use flashsale::store::Store;

use crate::support::db::{DbGuard, fresh_postgres};
use crate::support::gates::redis_cluster_url;
use crate::support::private_cluster::{PrivateCluster, master_of};
use crate::support::{draft_at, req, t0, unique, user};

const SALES: usize = 6;
const STOCK: u32 = 40;
const BUYERS: i64 = 400;
/// A node of the shared cluster scripts/test.sh starts.
const SHARED_CLUSTER_NODE: u16 = 7101;
/// (buyer, sale, order) of one win.
type Win = (i64, SaleId, OrderId);
/// How long buyers keep retrying "try again" (the failover takes a few seconds).
const PATIENCE: Duration = Duration::from_secs(60);

struct Market {
    store: Store,
    gate: Arc<RedisGate>,
    purchases: Purchases,
    sales: Vec<Sale>,
    _db: DbGuard,
}

async fn market(cluster_url: String, tag: &str) -> Market {
    let (store, db) = fresh_postgres(tag).await;
    let clock = Arc::new(ManualClock::new(t0() + ChronoDuration::seconds(1)));
    let mut config = RedisGateConfig::new(cluster_url, format!("{}:", unique("fs-test")));
    config.response_timeout = Duration::from_secs(5);
    let gate = Arc::new(
        RedisGate::connect(
            config,
            clock.clone() as Arc<dyn Clock>,
            Arc::new(store.clone()) as Arc<dyn SeedSource>,
        )
        .await
        .expect("the cluster answers"),
    );
    let mut sales = Vec::new();
    for _ in 0..SALES {
        let sale = store
            .create_sale(&draft_at(STOCK, 1, t0()), t0())
            .await
            .expect("sale");
        crate::support::reload_from_store(&store, gate.as_ref(), sale.id).await;
        sales.push(sale);
    }
    let (writer, _task) = OrderWriter::spawn(store.clone(), WriterConfig::default());
    let purchases = Purchases::new(
        gate.clone() as Arc<dyn StockGate>,
        writer,
        store.clone(),
        clock as Arc<dyn Clock>,
        ChronoDuration::minutes(10),
    );
    Market {
        store,
        gate,
        purchases,
        sales,
        _db: db,
    }
}

/// Every buyer tries every sale once, retrying "try again" (a fresh request id each time)
/// until a definite answer or `PATIENCE` runs out. Returns (buyer, sale, order) per win.
async fn stampede(m: &Market, buyers: RangeInclusive<i64>, won: Arc<AtomicUsize>) -> Vec<Win> {
    let one = Quantity::parse(1).expect("qty");
    let ids: Vec<SaleId> = m.sales.iter().map(|s| s.id).collect();
    let mut tasks = Vec::new();
    for u in buyers {
        let p = m.purchases.clone();
        let ids = ids.clone();
        let won = won.clone();
        tasks.push(tokio::spawn(async move {
            let deadline = Instant::now() + PATIENCE;
            let mut wins = Vec::new();
            // Buyers start at different sales so every master is busy at once.
            for k in 0..ids.len() {
                let sale = ids[(k + u as usize) % ids.len()];
                for attempt in 0.. {
                    let r = req(&format!("u{u}-s{}-a{attempt}", sale.get()));
                    match p.buy(sale, user(u), one, &r).await {
                        PurchaseResult::Won { order, .. } => {
                            won.fetch_add(1, Ordering::Relaxed);
                            wins.push((u, sale, order));
                            break;
                        }
                        PurchaseResult::TryAgain if Instant::now() < deadline => {
                            tokio::time::sleep(Duration::from_millis(20)).await;
                        }
                        _ => break,
                    }
                }
            }
            wins
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.expect("buyer task"));
    }
    all
}

/// Every win is a committed row of that buyer and sale, told once; no sale has more live
/// units than its stock. Returns each sale's live units.
async fn check_books(m: &Market, wins: &[Win]) -> Vec<u32> {
    let mut per_sale: HashMap<SaleId, HashSet<i64>> = HashMap::new();
    for (u, sale, order) in wins {
        let row = m
            .store
            .order(*order)
            .await
            .expect("read")
            .expect("a winner's order is committed");
        assert_eq!((row.buyer, row.sale), (user(*u), *sale));
        assert!(
            per_sale.entry(*sale).or_default().insert(*u),
            "buyer {u} told twice they won sale {sale:?}"
        );
    }
    let mut live = Vec::new();
    for s in &m.sales {
        let counts = m.store.sale_counts(s.id).await.expect("counts");
        let told = per_sale.get(&s.id).map_or(0, HashSet::len);
        assert!(counts.live_units <= STOCK, "sale {:?} oversold", s.id);
        assert_eq!(
            counts.orders as usize, told,
            "one row per win, sale {:?}",
            s.id
        );
        live.push(counts.live_units);
    }
    live
}

fn masters_of(m: &Market, any_node: u16) -> HashSet<u16> {
    m.sales
        .iter()
        .map(|s| master_of(any_node, &m.gate.keys(s.id)[0]))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stampede_over_sales_on_several_masters_sells_each_exactly_its_stock() {
    let m = market(redis_cluster_url(), "cluster").await;
    assert!(
        masters_of(&m, SHARED_CLUSTER_NODE).len() >= 2,
        "the sales' keys live on several masters"
    );
    let wins = stampede(&m, 1..=BUYERS, Arc::new(AtomicUsize::new(0))).await;
    assert_eq!(wins.len(), SALES * STOCK as usize);
    assert_eq!(check_books(&m, &wins).await, vec![STOCK; SALES]);
    for s in &m.sales {
        let snap = m.gate.snapshot(s.id).await.expect("gate").expect("loaded");
        assert_eq!(
            snap.remaining, 0,
            "the gate agrees sale {:?} sold out",
            s.id
        );
    }
}

/// What an in-flight decision sees when its master dies: an error (the buyer is told to try
/// again, nothing is stored) or, once the replica has taken over, the replica's answer.
/// Replication is asynchronous, so the replica may lack the master's last writes: a unit
/// reserved (even ordered) there is free again in the gate. SQL refuses the extra unit
/// (`live_units <= stock`), the purchase path then rebuilds the gate from SQL; reservations
/// cut off mid-call are given back by the stranded-reservation sweep; `reconcile` finds
/// anything left.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_master_killed_mid_stampede_fails_over_without_overselling_or_a_win_without_its_order() {
    let mut cluster = PrivateCluster::start().await;
    let m = market(cluster.url(), "failover").await;
    let victim = cluster.master_of(&m.gate.keys(m.sales[0].id)[0]);
    // Half of every sale sells first, so the kill surely lands mid-sale.
    let won = Arc::new(AtomicUsize::new(0));
    let mut wins = stampede(&m, 1..=STOCK as i64 / 2, won.clone()).await;
    assert_eq!(wins.len(), SALES * STOCK as usize / 2);
    let killer = async {
        // The rest of the buyers are already pressing when the master dies.
        tokio::time::sleep(Duration::from_millis(20)).await;
        let at_kill = won.load(Ordering::Relaxed);
        cluster.kill(victim);
        cluster.wait_failed_over().await;
        at_kill
    };
    let (rest, at_kill) = tokio::join!(
        stampede(&m, STOCK as i64 / 2 + 1..=BUYERS, won.clone()),
        killer
    );
    wins.extend(rest);
    assert!(
        at_kill < SALES * STOCK as usize,
        "units were left when the master died"
    );
    let live = check_books(&m, &wins).await;
    // The repair: SQL is the source of truth for every sale's gate.
    let clock = ManualClock::new(t0() + ChronoDuration::seconds(1));
    let (_stop, stop) = tokio::sync::watch::channel(false);
    release_stranded(&m.store, m.gate.as_ref(), &clock, Duration::ZERO, stop)
        .await
        .expect("sweep");
    reconcile(&m.store, m.gate.as_ref(), clock.now(), true)
        .await
        .expect("repair");
    for (s, live) in m.sales.iter().zip(&live) {
        let snap = m.gate.snapshot(s.id).await.expect("gate").expect("loaded");
        assert_eq!(
            snap.remaining,
            STOCK - live,
            "gate == SQL for sale {:?}",
            s.id
        );
    }
    // Selling goes on: late buyers take whatever units the failover left, never more.
    wins.extend(stampede(&m, BUYERS + 1..=2 * BUYERS, won).await);
    assert_eq!(check_books(&m, &wins).await, vec![STOCK; SALES]);
}
