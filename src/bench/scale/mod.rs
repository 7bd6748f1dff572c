//! `flashsale bench-scale`: two or three real `flashsale serve` processes in webhook mode
//! behind one Redis and one PostgreSQL, the in-process fake Bot API answering them, webhook
//! updates spread round-robin. One stampede (exactly `stock` winners, orders = winners), one
//! user hammering every instance (the shared limit holds), and the costs the capacity model
//! in `docs/scaling.md` rests on: CPU time per decision per instance, Redis calls per press.

mod args;
mod cluster;
mod probes;
mod sold_out;
pub(crate) mod traffic;

pub use args::{ScaleArgs, run_cli};
pub use cluster::Cluster;
pub use probes::{cpu_secs, delta, redis_calls};

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use chrono::Utc;
use futures::StreamExt;
use serde::Serialize;

use super::harness::live_sale;
use traffic::{hammer, press_update};

use super::telegram_report::{percentile, tally_answers, tenths};
use crate::app::Action;
use crate::clock::{Clock, SystemClock};
use crate::sandbox::FakeBotApi;
use crate::store::Store;
use crate::telegram::callback::ButtonSigner;

/// Webhook POSTs in flight at once across the cluster.
const IN_FLIGHT: usize = 64;
/// How long the instances are watched idle before the stampede.
const IDLE_WINDOW: Duration = Duration::from_secs(2);

/// What one run does.
#[derive(Debug, Clone)]
pub struct ScaleSettings {
    /// The `flashsale` executable to start (`serve`).
    pub exe: PathBuf,
    /// How many instances.
    pub instances: usize,
    /// Distinct users pressing Buy once each.
    pub users: u32,
    /// Units on sale (limit 1 per user).
    pub stock: u32,
    /// Messages the hammering user sends, spread over all instances.
    pub hammer: u32,
    /// `LIMIT_MESSAGES_PER_MIN` of every instance (the hammering user's shared allowance).
    pub messages_per_min: u32,
    /// PostgreSQL (or SQLite) every instance shares.
    pub database_url: String,
    /// Redis every instance shares (the gate and the limits).
    pub redis_url: String,
    /// How long to wait for answers.
    pub timeout: Duration,
    /// `SOLD_OUT_MEMO` of every instance (this process's setting).
    pub sold_out_memo: bool,
}

/// What one run measured.
#[derive(Debug, Clone, Serialize)]
pub struct ScaleReport {
    pub instances: usize,
    pub users: u32,
    pub stock: u32,
    /// Presses answered (exactly once each).
    pub answered: u64,
    pub answered_twice: u64,
    /// Presses told they won.
    pub won: u64,
    /// Units in the sale's orders.
    pub orders_in_db: u64,
    /// Winners without an order plus orders whose buyer was not told.
    pub told_vs_orders_mismatch: u64,
    /// Webhook POSTs each instance received during the stampede.
    pub presses_per_instance: Vec<u64>,
    /// CPU ms each instance used during the stampede (until every press was answered).
    pub cpu_ms_per_instance: Vec<f64>,
    /// CPU µs per decision, per instance.
    pub cpu_us_per_decision: Vec<f64>,
    /// CPU ms per second each instance uses while idle (workers, timers), measured before.
    pub idle_cpu_ms_per_sec: Vec<f64>,
    /// Redis calls per press (all commands, every instance), and per command.
    pub redis_calls_per_press: f64,
    /// Script calls (EVALSHA: the gate and the shared limiters) per press: network round trips.
    pub redis_scripts_per_press: f64,
    pub redis_calls_by_command: BTreeMap<String, u64>,
    /// Presses by fresh users once the sale sold out, and their Redis calls per press:
    /// all commands, scripts (EVALSHA), and per command.
    pub after_sold_out_presses: u32,
    pub redis_calls_per_press_after_sold_out: f64,
    pub redis_scripts_per_press_after_sold_out: f64,
    pub redis_calls_by_command_after_sold_out: BTreeMap<String, u64>,
    /// Webhook POST to answerCallbackQuery, in ms.
    pub p50_ms: f64,
    pub p99_ms: f64,
    /// Seconds from the first POST to the last answer.
    pub seconds: f64,
    /// The hammering user: messages sent, answered normally, told to slow down.
    pub hammer_sent: u32,
    pub hammer_answered: u64,
    pub hammer_told_slow_down: u64,
    /// The shared allowance over the hammer's duration: messages_per_min plus the refill.
    pub hammer_allowed: u64,
}

/// Runs the scenario; the run's sale is cancelled at the end.
pub async fn run_scale_bench(s: &ScaleSettings) -> anyhow::Result<ScaleReport> {
    let fake = FakeBotApi::start().await.context("fake Bot API")?;
    let nonce: u32 = rand::random::<u32>() >> 1;
    let secret = format!("flashsale scale-out bench {nonce:010}");
    let env: Vec<(String, String)> = [
        ("DATABASE_URL", s.database_url.clone()),
        ("REDIS_URL", s.redis_url.clone()),
        ("REDIS_KEY_PREFIX", format!("fs-scale:{nonce}:")),
        ("LIMIT_BACKEND", "redis".into()),
        ("LIMIT_MESSAGES_PER_MIN", s.messages_per_min.to_string()),
        ("TELEGRAM_BOT_TOKEN", "123:SCALE".into()),
        ("TELEGRAM_API_URL", fake.url.clone()),
        ("BUTTON_SECRET", secret.clone()),
        ("RUST_LOG", "error".into()),
        ("SOLD_OUT_MEMO", s.sold_out_memo.to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();

    let store = Store::open(&s.database_url, 2)
        .await
        .context("DATABASE_URL")?;
    store.migrate().await.context("migrating DATABASE_URL")?;
    let sale = live_sale(&store, &format!("[bench-scale] run {nonce}"), s.stock).await?;
    let cluster = Cluster::start(&s.exe, s.instances, &env, Duration::from_secs(60)).await?;
    let hooks = fake
        .wait_until(Duration::from_secs(30), |c| c.method == "setwebhook")
        .await;
    anyhow::ensure!(hooks.is_some(), "no instance registered its webhook");

    // The stampede: every user presses Buy once, POSTs round-robin over the instances.
    let signer = ButtonSigner::new(secret.as_bytes());
    let payload = Action::Buy(sale, 1).payload();
    let now = SystemClock.now().timestamp();
    let base = (i64::from(nonce) << 24) + 1;
    let mut updates = Vec::with_capacity(s.users as usize);
    for i in 0..s.users {
        let user = base + i64::from(i);
        let data = crate::bench::card_button(&signer, user, &payload, now)?;
        let query = format!("sc{nonce}-{i}");
        updates.push((
            query.clone(),
            press_update(i64::from(i) + 1, user, &query, &data),
        ));
    }
    let ours: HashSet<String> = updates.iter().map(|(q, _)| q.clone()).collect();
    let pids = cluster.pids();
    let idle_from: Vec<f64> = pids.iter().map(|p| cpu_secs(*p)).collect();
    tokio::time::sleep(IDLE_WINDOW).await;
    let idle: Vec<f64> = pids
        .iter()
        .zip(&idle_from)
        .map(|(p, b)| tenths((cpu_secs(*p) - b) * 1e3 / IDLE_WINDOW.as_secs_f64()))
        .collect();
    let cpu_before: Vec<f64> = pids.iter().map(|p| cpu_secs(*p)).collect();
    let redis_before = redis_calls(&s.redis_url).await?;
    let posted_at = Arc::new(std::sync::Mutex::new(HashMap::new()));
    let started = Instant::now();
    let n = cluster.len().max(1);
    let statuses: Vec<anyhow::Result<u16>> = futures::stream::iter(updates.into_iter().enumerate())
        .map(|(i, (query, body))| {
            let cluster = &cluster;
            let posted_at = posted_at.clone();
            async move {
                if let Ok(mut m) = posted_at.lock() {
                    m.insert(query, Instant::now());
                }
                cluster.post(i % n, body).await
            }
        })
        .buffer_unordered(IN_FLIGHT)
        .collect()
        .await;
    let refused = statuses.iter().filter(|r| !matches!(r, Ok(200))).count();
    anyhow::ensure!(refused == 0, "{refused} webhook POSTs were not accepted");
    let target = s.users as usize;
    fake.wait_until(s.timeout, |_| {
        fake.count_of("answercallbackquery") >= target
    })
    .await;
    let cpu_after: Vec<f64> = pids.iter().map(|p| cpu_secs(*p)).collect();
    let redis_after = redis_calls(&s.redis_url).await?;

    let posted = posted_at.lock().map(|m| m.clone()).unwrap_or_default();
    let tally = tally_answers(&fake.calls_of("answercallbackquery"), &ours, |q| {
        posted.get(q).copied()
    });
    let seconds = tally
        .last_answer
        .map_or(0.0, |l| l.saturating_duration_since(started).as_secs_f64());
    let orders = store.orders_for_sale(sale).await?;
    let units: u64 = orders.iter().map(|o| u64::from(o.quantity.get())).sum();
    let winner_users: HashSet<i64> = tally
        .winners
        .iter()
        .filter_map(|q| q.rsplit_once('-').and_then(|(_, i)| i.parse::<i64>().ok()))
        .map(|i| base + i)
        .collect();
    let buyers: HashSet<i64> = orders.iter().map(|o| o.buyer.get()).collect();
    let per_instance: Vec<u64> = (0..n)
        .map(|i| (s.users as usize / n + usize::from(i < s.users as usize % n)) as u64)
        .collect();
    let cpu_ms: Vec<f64> = cpu_before
        .iter()
        .zip(&cpu_after)
        .map(|(b, a)| tenths((a - b) * 1e3))
        .collect();
    let cpu_us: Vec<f64> = cpu_ms
        .iter()
        .zip(&per_instance)
        .map(|(ms, d)| tenths(ms * 1e3 / (*d).max(1) as f64))
        .collect();
    let by_command = delta(&redis_before, &redis_after);
    let total_calls: u64 = by_command.values().sum();

    let after = sold_out::press_after_sold_out(
        &cluster,
        &fake,
        &s.redis_url,
        &signer,
        &payload,
        base + i64::from(s.users) + 1_000,
        s.users.min(1_000),
        fake.count_of("answercallbackquery"),
    )
    .await?;
    let after_calls: u64 = after.calls_by_command.values().sum();
    let after_scripts = after.calls_by_command.get("evalsha").copied().unwrap_or(0);
    let per_after = |n: u64| tenths(n as f64 / f64::from(after.presses.max(1)));

    let (hammer_answered, hammer_told, hammer_allowed) = hammer(s, &cluster, &fake, base).await?;

    drop(cluster);
    store.cancel_sale(sale, Utc::now()).await?;
    store.close().await;
    Ok(ScaleReport {
        instances: s.instances,
        users: s.users,
        stock: s.stock,
        answered: tally.answered,
        answered_twice: tally.answered_twice,
        won: tally.winners.len() as u64,
        orders_in_db: units,
        told_vs_orders_mismatch: winner_users.symmetric_difference(&buyers).count() as u64,
        presses_per_instance: per_instance,
        cpu_ms_per_instance: cpu_ms,
        cpu_us_per_decision: cpu_us,
        idle_cpu_ms_per_sec: idle,
        redis_calls_per_press: tenths(total_calls as f64 / f64::from(s.users.max(1))),
        redis_scripts_per_press: tenths(
            by_command.get("evalsha").copied().unwrap_or(0) as f64 / f64::from(s.users.max(1)),
        ),
        redis_calls_by_command: by_command,
        after_sold_out_presses: after.presses,
        redis_calls_per_press_after_sold_out: per_after(after_calls),
        redis_scripts_per_press_after_sold_out: per_after(after_scripts),
        redis_calls_by_command_after_sold_out: after.calls_by_command,
        p50_ms: tenths(percentile(&tally.latencies_ms, 50.0)),
        p99_ms: tenths(percentile(&tally.latencies_ms, 99.0)),
        seconds,
        hammer_sent: s.hammer,
        hammer_answered,
        hammer_told_slow_down: hammer_told,
        hammer_allowed,
    })
}
