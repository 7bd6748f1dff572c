//! Runs one simulated sale with C concurrent buyers' tasks and measures it.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use anyhow::Context;
use chrono::Duration;

use super::observed::observed;
use super::{BenchReport, Plan};
use crate::app::{PurchaseResult, Purchases};
use crate::clock::{Clock, SystemClock};
use crate::domain::{
    Currency, Money, PerUserLimit, Quantity, RequestId, SaleDraft, SaleWindow, Stock, Title, UserId,
};
use crate::orders::{OrderWriter, WriterConfig};
use crate::stock::{EmbeddedGate, GateSeed, LoadMode, RedisGate, RedisGateConfig, StockGate};
use crate::store::{Backend, NaiveOutcome, Store};

/// Which purchase path the simulation drives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum BenchBackend {
    /// The in-process gate.
    Embedded,
    /// The Redis Lua gate.
    Redis,
    /// The brief's read-then-write SQL (the baseline; it oversells).
    NaiveSql,
}

impl BenchBackend {
    fn name(self) -> &'static str {
        match self {
            Self::Embedded => "embedded",
            Self::Redis => "redis",
            Self::NaiveSql => "naive-sql",
        }
    }
}

/// Everything one run needs.
#[derive(Debug, Clone)]
pub struct BenchSettings {
    pub backend: BenchBackend,
    pub buyers: u32,
    pub stock: u32,
    pub per_user_limit: u32,
    pub concurrency: u32,
    pub retry_share: f64,
    pub duplicate_share: f64,
    pub database_url: String,
    pub redis_url: String,
    pub seed: u64,
}

/// One attempt with its ids already parsed.
struct Prepared {
    user: UserId,
    request: RequestId,
    duplicated: bool,
}

#[derive(Default)]
struct Tally {
    sold: u64,
    /// Winning attempts whose request id was sent twice; more than one win per id is a bug.
    duplicated_wins: Vec<RequestId>,
    errors: u64,
    latencies_ns: Vec<u64>,
}

impl Tally {
    /// Wins beyond the first for any request id that was sent twice.
    fn duplicates_accepted(&self) -> u64 {
        let mut wins = self.duplicated_wins.clone();
        wins.sort_unstable();
        let total = wins.len();
        wins.dedup();
        (total - wins.len()) as u64
    }
}

/// Runs the simulation and reports it; the run's sale is cancelled and its Redis keys removed after.
pub async fn run_bench(s: &BenchSettings) -> anyhow::Result<BenchReport> {
    let store = Store::open(&s.database_url, s.concurrency.clamp(2, 64) + 2)
        .await
        .context("opening the database for the benchmark")?;
    let nonce: u32 = rand::random::<u32>() >> 1;
    let user_base = (i64::from(nonce) << 24) + 1;
    let plan = Plan::new(s.buyers, s.retry_share, s.duplicate_share, s.seed);
    // Ids are built before the clock starts: the run measures purchases, not string formatting.
    let prepared: Vec<Prepared> = plan
        .attempts
        .iter()
        .map(|a| {
            Ok(Prepared {
                user: UserId::parse(user_base + i64::from(a.buyer))?,
                request: RequestId::parse(&format!("bench{nonce}-{}", a.request))?,
                duplicated: a.duplicated,
            })
        })
        .collect::<Result<_, crate::domain::DomainError>>()?;
    let prepared = Arc::new(prepared);

    let (tally, wall, decide_secs, orders_in_db, batches, largest) = match s.backend {
        BenchBackend::NaiveSql => {
            let item = store.naive_setup(s.stock).await?;
            let limit = s.per_user_limit;
            let st = store.clone();
            let (tally, _, wall) = drive(prepared.clone(), s.concurrency, move |all, i| {
                let st = st.clone();
                async move {
                    let a = &all[i];
                    match st
                        .naive_buy(item, a.user.get(), 1, limit, a.request.as_str())
                        .await
                    {
                        Ok(NaiveOutcome::Bought) => Ok(true),
                        Ok(_) => Ok(false),
                        Err(e) => Err(e.to_string()),
                    }
                }
            })
            .await;
            let (_, units) = store.naive_units_sold(item).await?;
            // Each naive decision ends with its own commit: deciding takes the whole run.
            (tally, wall, wall, u64::from(units), 0, 0)
        }
        BenchBackend::Embedded | BenchBackend::Redis => {
            let clock: Arc<dyn Clock> = Arc::new(SystemClock);
            let now = clock.now();
            let draft = SaleDraft::new(
                Title::parse(&format!("[bench] run {nonce}"))?,
                vec!["bench".into()],
                Money::from_minor(100, Currency::Cny)?,
                Stock::parse(i64::from(s.stock))?,
                PerUserLimit::parse(i64::from(s.per_user_limit))?,
                SaleWindow::new(now - Duration::seconds(1), now + Duration::minutes(30))?,
                UserId::parse(1)?,
            )?;
            let sale = store.create_sale(&draft, now).await?;
            let source = Arc::new(store.clone());
            let redis_gate = if s.backend == BenchBackend::Redis {
                let mut cfg = RedisGateConfig::new(&s.redis_url, format!("fs-bench:{nonce}:"));
                cfg.connections = 2;
                Some(Arc::new(
                    RedisGate::connect(cfg, clock.clone(), source.clone())
                        .await
                        .with_context(|| format!("connecting to Redis at {}", s.redis_url))?,
                ))
            } else {
                None
            };
            let gate: Arc<dyn StockGate> = match &redis_gate {
                Some(g) => g.clone(),
                None => Arc::new(EmbeddedGate::new(clock.clone(), source)),
            };
            let seed = GateSeed::fresh(
                sale.id,
                s.stock,
                s.per_user_limit,
                sale.draft.window.starts_at(),
                sale.draft.window.ends_at(),
            );
            gate.load(&seed, LoadMode::Replace).await?;
            let observed = Arc::new(observed(gate.clone(), Instant::now()));
            let (writer, writer_task) = OrderWriter::spawn(store.clone(), WriterConfig::default());
            let purchases = Arc::new(Purchases::new(
                observed.clone(),
                writer.clone(),
                store.clone(),
                clock,
                Duration::minutes(10),
            ));
            let qty = Quantity::parse(1)?;
            let (tally, started, wall) = drive(prepared.clone(), s.concurrency, move |all, i| {
                let p = purchases.clone();
                async move {
                    let a = &all[i];
                    match p.buy(sale.id, a.user, qty, &a.request).await {
                        PurchaseResult::Won { .. } => Ok(true),
                        PurchaseResult::TryAgain => Err("try again".into()),
                        _ => Ok(false),
                    }
                }
            })
            .await;
            let stats = writer.stats();
            let (batches, largest) = (
                stats.batches.load(Ordering::Relaxed),
                stats.largest_batch.load(Ordering::Relaxed),
            );
            drop(writer);
            writer_task.await.context("order writer task")?;
            let counts = store.sale_counts(sale.id).await?;
            store.cancel_sale(sale.id, chrono::Utc::now()).await?;
            if let Some(g) = redis_gate {
                g.forget(sale.id).await?;
            }
            let decide_secs = observed.tap.last_decision_secs()
                - started.duration_since(observed.tap.start()).as_secs_f64();
            (
                tally,
                wall,
                decide_secs,
                u64::from(counts.live_units),
                batches,
                largest,
            )
        }
    };
    store.close().await;

    let duplicates_accepted = tally.duplicates_accepted();
    let mut lat = tally.latencies_ns;
    lat.sort_unstable();
    let pct = |p: usize| {
        lat.get((lat.len() * p / 100).min(lat.len().saturating_sub(1)))
            .map_or(0, |ns| ns / 1_000)
    };
    let attempts = plan.attempts.len() as u64;
    Ok(BenchReport {
        backend: s.backend.name().to_owned(),
        buyers: s.buyers,
        stock: s.stock,
        sold: tally.sold,
        oversold: tally.sold.saturating_sub(u64::from(s.stock)),
        orders_in_db,
        duplicates_accepted,
        decisions_per_sec: attempts as f64 / decide_secs.max(1e-9),
        completed_per_sec: attempts as f64 / wall.max(1e-9),
        p50_us: pct(50),
        p99_us: pct(99),
        per_user_limit: s.per_user_limit,
        concurrency: s.concurrency,
        attempts,
        errors: tally.errors,
        wall_ms: wall * 1_000.0,
        database: Backend::from_url(&s.database_url)?.name().into(),
        writer_batches: batches,
        writer_largest_batch: largest,
    })
}

/// Runs every attempt on `concurrency` tasks; `buy` answers whether the attempt bought a unit.
async fn drive<F, Fut>(
    attempts: Arc<Vec<Prepared>>,
    concurrency: u32,
    buy: F,
) -> (Tally, Instant, f64)
where
    F: Fn(Arc<Vec<Prepared>>, usize) -> Fut + Clone + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<bool, String>> + Send,
{
    let next = Arc::new(AtomicUsize::new(0));
    let clients = concurrency.max(1) as usize;
    // Every simulated client is spawned and waiting before the sale opens, like real buyers
    // on a countdown: the clock starts when they are released, not while tasks are spawned.
    let gate = Arc::new(tokio::sync::Barrier::new(clients + 1));
    // The last one to reach the barrier releases everyone and notes the instant; a woken
    // waiter could note it late, after other clients already decided.
    let started = Arc::new(std::sync::OnceLock::new());
    let mut tasks = Vec::with_capacity(clients);
    for _ in 0..clients {
        let (attempts, next, buy) = (attempts.clone(), next.clone(), buy.clone());
        let (gate, started) = (gate.clone(), started.clone());
        tasks.push(tokio::spawn(async move {
            if gate.wait().await.is_leader() {
                let _ = started.set(Instant::now());
            }
            let mut t = Tally::default();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(a) = attempts.get(i) else { break };
                let t0 = Instant::now();
                let r = buy(attempts.clone(), i).await;
                t.latencies_ns.push(t0.elapsed().as_nanos() as u64);
                match r {
                    Ok(true) => {
                        t.sold += 1;
                        if a.duplicated {
                            t.duplicated_wins.push(a.request.clone());
                        }
                    }
                    Ok(false) => {}
                    Err(e) => {
                        t.errors += 1;
                        tracing::debug!(error = %e, "attempt failed");
                    }
                }
            }
            t
        }));
    }
    if gate.wait().await.is_leader() {
        let _ = started.set(Instant::now());
    }
    let start = *started.get_or_init(Instant::now);
    let mut total = Tally::default();
    for task in tasks {
        if let Ok(t) = task.await {
            total.sold += t.sold;
            total.duplicated_wins.extend(t.duplicated_wins);
            total.errors += t.errors;
            total.latencies_ns.extend(t.latencies_ns);
        }
    }
    (total, start, start.elapsed().as_secs_f64())
}
