//! Fault-test plumbing: how many times to repeat a scenario (`CHAOS_RUNS`, default 1), where
//! each run's tally goes (`CHAOS_REPORT`, one JSON line per run, read by
//! `scripts/reliability.sh`), a stampede of buyers through the real purchase path, and the
//! audit that counts oversold, lost and duplicated orders from the store itself.

use std::collections::HashMap;
use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use flashsale::app::{PurchaseResult, Purchases};
use flashsale::clock::{Clock, ManualClock};
use flashsale::domain::{Order, Quantity, RequestId, Sale, SaleId};
use flashsale::orders::{OrderWriter, WriterConfig};
use flashsale::stock::StockGate;
use flashsale::store::Store;
use serde::Serialize;

use super::{req, user};

/// How many repetitions of each scenario this run asks for (`CHAOS_RUNS`, 1..=100).
pub fn runs() -> u32 {
    std::env::var("CHAOS_RUNS")
        .ok()
        .and_then(|v| v.parse::<u32>().ok())
        .unwrap_or(1)
        .clamp(1, 100)
}

/// One run of one scenario, as reported in `docs/reliability.md`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Tally {
    pub scenario: String,
    pub run: u32,
    pub stock: u64,
    /// Units in order rows.
    pub sold: u64,
    /// Units in order rows beyond the stock.
    pub oversold: u64,
    /// Buyers told "won" whose order row does not exist.
    pub lost: u64,
    /// Units beyond a buyer's limit, second rows for one request, or messages sent twice.
    pub duplicates: u64,
    /// Buyers told "won".
    pub told_won: u64,
    /// Answers that said "try again".
    pub try_again: u64,
    /// Units the gate still held for reservations a crash cut off before their row was
    /// written (an undersell until `reconcile --repair`; never an oversell).
    pub stranded: u64,
    /// Buyers with an order who were never told (their answer failed); they see it in /orders.
    pub unnotified: u64,
    /// Seconds the run took.
    pub secs: f64,
}

impl Tally {
    /// Appends this tally to `CHAOS_REPORT` (when set) and fails the test unless it is clean.
    pub fn record_and_check(&self) {
        if let Ok(path) = std::env::var("CHAOS_REPORT") {
            let line = serde_json::to_string(self).expect("tally serialises");
            let mut f = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&path)
                .expect("open CHAOS_REPORT");
            writeln!(f, "{line}").expect("write CHAOS_REPORT");
        }
        assert_eq!(
            (self.oversold, self.lost, self.duplicates),
            (0, 0, 0),
            "{self:?}"
        );
    }
}

/// One answer one buyer got.
#[derive(Debug, Clone)]
pub struct Attempt {
    pub buyer: i64,
    pub request: RequestId,
    pub result: PurchaseResult,
}

/// Lets a test hold every buyer between two attempts (take the write side) and strike while
/// the sale is surely still selling.
pub type Pause = Arc<tokio::sync::RwLock<()>>;

/// Buyers `first..first+buyers` each try to buy one unit until they get an answer other than
/// "try again" (at most `patience` tries, 20 ms apart), `workers` at a time. `won` counts wins
/// as they happen, so a test can strike mid-sale.
#[allow(clippy::too_many_arguments)]
pub async fn stampede(
    purchases: Purchases,
    sale: SaleId,
    first: i64,
    buyers: i64,
    workers: usize,
    patience: u32,
    won: Arc<AtomicUsize>,
    pause: Pause,
) -> Vec<Attempt> {
    let next = Arc::new(AtomicUsize::new(0));
    let mut tasks = Vec::new();
    for _ in 0..workers {
        let (purchases, next, won) = (purchases.clone(), next.clone(), won.clone());
        let pause = pause.clone();
        tasks.push(tokio::spawn(async move {
            let mut seen = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed) as i64;
                if i >= buyers {
                    return seen;
                }
                let buyer = first + i;
                for attempt in 0..patience {
                    let request = req(&format!("chaos-{buyer}-{attempt}"));
                    let one = Quantity::parse(1).expect("qty");
                    let result = {
                        let _go = pause.read().await;
                        purchases.buy(sale, user(buyer), one, &request).await
                    };
                    if matches!(result, PurchaseResult::Won { .. }) {
                        won.fetch_add(1, Ordering::Relaxed);
                    }
                    let retry = result == PurchaseResult::TryAgain;
                    seen.push(Attempt {
                        buyer,
                        request,
                        result,
                    });
                    if !retry {
                        break;
                    }
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
            }
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.expect("buyer task"));
    }
    all
}

/// Waits (bounded by `within`) until `counter` reaches `n`.
pub async fn wait_count(counter: &AtomicUsize, n: usize, within: Duration, what: &str) {
    let deadline = Instant::now() + within;
    while counter.load(Ordering::Relaxed) < n {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

/// Counts the sale's orders against what buyers were told: units beyond `stock`, "won"
/// answers without their row, units beyond `limit` per buyer and buyers told "won" twice.
pub fn audit(
    scenario: &str,
    run: u32,
    stock: u32,
    limit: u32,
    orders: &[Order],
    attempts: &[Attempt],
) -> Tally {
    let sold: u64 = orders.iter().map(|o| u64::from(o.quantity.get())).sum();
    let mut per_buyer: HashMap<i64, u64> = HashMap::new();
    let mut per_request: HashMap<&str, u64> = HashMap::new();
    for o in orders {
        *per_buyer.entry(o.buyer.get()).or_default() += u64::from(o.quantity.get());
        *per_request.entry(o.request.as_str()).or_default() += 1;
    }
    let mut won_per_buyer: HashMap<i64, u64> = HashMap::new();
    let mut lost = 0;
    let mut try_again = 0;
    for a in attempts {
        match a.result {
            PurchaseResult::Won { order, .. } => {
                *won_per_buyer.entry(a.buyer).or_default() += 1;
                let row = orders
                    .iter()
                    .any(|o| o.id == order && o.request == a.request && o.buyer.get() == a.buyer);
                lost += u64::from(!row);
            }
            PurchaseResult::TryAgain => try_again += 1,
            _ => {}
        }
    }
    let over_limit: u64 = per_buyer
        .values()
        .map(|u| u.saturating_sub(u64::from(limit)))
        .sum();
    let twice: u64 = per_request.values().map(|n| n - 1).sum::<u64>()
        + won_per_buyer
            .values()
            .map(|n| n.saturating_sub(u64::from(limit)))
            .sum::<u64>();
    Tally {
        scenario: scenario.to_owned(),
        run,
        stock: u64::from(stock),
        sold,
        oversold: sold.saturating_sub(u64::from(stock)),
        lost,
        duplicates: over_limit + twice,
        told_won: won_per_buyer.values().sum(),
        try_again,
        stranded: 0,
        unnotified: 0,
        secs: 0.0,
    }
}

/// The sale's orders, read fresh from the store.
pub async fn orders_of(store: &Store, sale: SaleId) -> Vec<Order> {
    store.orders_for_sale(sale).await.expect("read the orders")
}

/// A sale of `stock` units (limit 1) stored in `store` and loaded into `gate`.
pub async fn loaded_sale(store: &Store, gate: &dyn StockGate, stock: u32) -> Sale {
    let sale = store
        .create_sale(&super::draft(stock, 1), super::t0())
        .await
        .expect("sale");
    super::reload_from_store(store, gate, sale.id).await;
    sale
}

/// The purchase path over `gate` and `store`, with its own order writer (10-minute pay window).
pub fn purchases_over(
    store: &Store,
    gate: Arc<dyn StockGate>,
    clock: Arc<ManualClock>,
) -> Purchases {
    let (writer, _task) = OrderWriter::spawn(store.clone(), WriterConfig::default());
    Purchases::new(
        gate,
        writer,
        store.clone(),
        clock as Arc<dyn Clock>,
        chrono::Duration::minutes(10),
    )
}
