//! `flashsale bench-telegram`: the real bot (`serve`, teloxide's dispatcher, long polling)
//! against the in-process fake Bot API, with N distinct users pressing a signed Buy button
//! within a time window. Measures from an update being handed to the bot to its answer.

use super::harness::bot_config;
use std::collections::HashSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use chrono::Utc;

use super::telegram_report::{TelegramBenchReport, percentile, tally_answers, tenths};
use crate::app::Action;
use crate::clock::{Clock, SystemClock};
use crate::config::Config;
use crate::domain::{SaleId, UserId};
use crate::sandbox::FakeBotApi;
use crate::stock::{RedisGate, RedisGateConfig};
use crate::store::Store;
use crate::telegram::callback::ButtonSigner;

/// How long the bot may take to start polling.
const START_TIMEOUT: Duration = Duration::from_secs(30);
/// How long serve may take to stop once asked.
const STOP_TIMEOUT: Duration = Duration::from_secs(30);

/// Everything one run needs.
#[derive(Debug, Clone)]
pub struct TelegramBenchSettings {
    /// Distinct users; each presses Buy once.
    pub users: u32,
    /// Units on sale (per-user limit 1).
    pub stock: u32,
    /// The presses are spread evenly over this many milliseconds (0: all at once).
    pub within_ms: u64,
    /// Where orders go.
    pub database_url: String,
    /// The Redis gate when set, else the embedded one.
    pub redis_url: Option<String>,
    /// How long to wait, after the last press, for every press to be answered.
    pub answer_timeout: Duration,
}

/// Runs the bot until `stop` fires (or is dropped): the benchmark's one call of `serve`.
pub(super) async fn serve_until(
    config: Config,
    stop: tokio::sync::oneshot::Receiver<()>,
) -> anyhow::Result<()> {
    let http = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .context("binding a loopback port for the bot's HTTP side")?;
    crate::telegram::serve::serve(&config, false, http, async {
        let _ = stop.await;
    })
    .await
}

/// Runs the benchmark; the run's sale is cancelled and its Redis keys removed afterwards.
pub async fn run_telegram_bench(s: &TelegramBenchSettings) -> anyhow::Result<TelegramBenchReport> {
    let fake = FakeBotApi::start()
        .await
        .context("starting the fake Bot API on loopback")?;
    let nonce: u32 = rand::random::<u32>() >> 1;
    let secret = format!("flashsale telegram bench {nonce:010}");
    let prefix = format!("fs-tgbench:{nonce}:");
    let config = bot_config(
        &s.database_url,
        s.redis_url.as_deref(),
        &fake.url,
        &secret,
        &prefix,
    )?;

    let store = Store::open(&s.database_url, 2)
        .await
        .context("opening the database for the benchmark")?;
    let sale = super::harness::live_sale(&store, &format!("[bench-telegram] run {nonce}"), s.stock)
        .await?;
    let presses = signed_presses(&secret, sale, nonce, s.users)?;
    let ours: HashSet<String> = presses.iter().map(|p| p.query.clone()).collect();

    let (stop, stopped) = tokio::sync::oneshot::channel();
    let mut serving = tokio::spawn(serve_until(config, stopped));
    let ready = wait_for(START_TIMEOUT, || fake.count_of("getupdates") > 0, &serving).await;
    if !ready {
        if serving.is_finished() {
            serving.await.context("serve task")?.context("serve")?;
        }
        bail!("the bot did not start polling within {START_TIMEOUT:?}");
    }

    let started = Instant::now();
    push_spread(&fake, &presses, s.within_ms).await;
    let target = presses.len();
    let all_answered = wait_for(
        s.answer_timeout,
        || fake.count_of("answercallbackquery") >= target,
        &serving,
    )
    .await;
    if !all_answered {
        tracing::warn!(
            answered = fake.count_of("answercallbackquery"),
            target,
            "not every press was answered in time"
        );
    }

    let _ = stop.send(());
    match tokio::time::timeout(STOP_TIMEOUT, &mut serving).await {
        Ok(joined) => joined.context("serve task")?.context("serve")?,
        Err(_) => {
            serving.abort();
            bail!("serve did not stop within {STOP_TIMEOUT:?}");
        }
    }

    let tally = tally_answers(&fake.calls_of("answercallbackquery"), &ours, |q| {
        fake.handed_at(q)
    });
    let orders = store.orders_for_sale(sale).await?;
    let units: u64 = orders.iter().map(|o| u64::from(o.quantity.get())).sum();
    let winners: HashSet<i64> = presses
        .iter()
        .filter(|p| tally.winners.contains(&p.query))
        .map(|p| p.user)
        .collect();
    let buyers: HashSet<i64> = orders.iter().map(|o| o.buyer.get()).collect();
    let mismatch = winners.symmetric_difference(&buyers).count() as u64;

    retire_sale(&store, s.redis_url.as_deref(), &prefix, sale).await?;
    let database = store.backend().name();
    store.close().await;

    let lat = &tally.latencies_ms;
    Ok(TelegramBenchReport {
        users: s.users,
        stock: s.stock,
        answered: tally.answered,
        won: tally.winners.len() as u64,
        orders_in_db: units,
        oversold: units.saturating_sub(u64::from(s.stock)),
        p50_ms: tenths(percentile(lat, 50.0)),
        p99_ms: tenths(percentile(lat, 99.0)),
        max_ms: tenths(lat.last().copied().unwrap_or(0.0)),
        seconds: tally
            .last_answer
            .map_or(0.0, |l| l.saturating_duration_since(started).as_secs_f64()),
        within_ms: s.within_ms,
        answered_twice: tally.answered_twice,
        told_vs_orders_mismatch: mismatch,
        gate: if s.redis_url.is_some() {
            "redis"
        } else {
            "embedded"
        }
        .to_owned(),
        database: database.to_owned(),
    })
}

/// One simulated user's press: who, the callback query id, and the signed button data.
struct Press {
    user: i64,
    query: String,
    data: String,
}

/// Signs every user's Buy button before the clock starts.
fn signed_presses(
    secret: &str,
    sale: SaleId,
    nonce: u32,
    users: u32,
) -> anyhow::Result<Vec<Press>> {
    let signer = ButtonSigner::new(secret.as_bytes());
    let payload = Action::Buy(sale, 1).payload();
    let now = SystemClock.now().timestamp();
    // Distinct users per run, clear of real-looking ids and of other runs on the same store.
    let base = (i64::from(nonce) << 24) + 1;
    (0..users)
        .map(|i| {
            let user = base + i64::from(i);
            let data = signer.sign_fresh(UserId::parse(user)?, &payload, now)?;
            Ok(Press {
                user,
                query: format!("tb{nonce}-{i}"),
                data,
            })
        })
        .collect()
}

/// Pushes the presses spread evenly over `within_ms` (press i is due at within·i/n).
async fn push_spread(fake: &FakeBotApi, presses: &[Press], within_ms: u64) {
    let n = presses.len() as u128;
    let window_us = u128::from(within_ms) * 1_000;
    let started = Instant::now();
    let mut pushed = 0usize;
    while pushed < presses.len() {
        let due = (started.elapsed().as_micros() * n)
            .checked_div(window_us)
            .map_or(n, |d| (d + 1).min(n)) as usize;
        for p in &presses[pushed..due.max(pushed)] {
            fake.press(p.user, &p.query, &p.data);
        }
        pushed = due.max(pushed);
        if pushed < presses.len() {
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
    }
}

/// Polls `done` every 10 ms for up to `timeout`; gives up early if serve has ended.
pub(super) async fn wait_for(
    timeout: Duration,
    done: impl Fn() -> bool,
    serving: &tokio::task::JoinHandle<anyhow::Result<()>>,
) -> bool {
    let deadline = Instant::now() + timeout;
    loop {
        if done() {
            return true;
        }
        if serving.is_finished() || Instant::now() >= deadline {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// Cancels a run's sale in the store and, with the Redis gate (`redis_url`), removes its
/// keys under `prefix`.
pub(super) async fn retire_sale(
    store: &Store,
    redis_url: Option<&str>,
    prefix: &str,
    sale: SaleId,
) -> anyhow::Result<()> {
    store.cancel_sale(sale, Utc::now()).await?;
    let Some(url) = redis_url else {
        return Ok(());
    };
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let gate = RedisGate::connect(
        RedisGateConfig::new(url, prefix),
        clock,
        Arc::new(store.clone()),
    )
    .await
    .context("connecting to REDIS_URL to clean up")?;
    gate.forget(sale).await?;
    Ok(())
}
