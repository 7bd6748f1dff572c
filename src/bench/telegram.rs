//! `flashsale bench-telegram`: the real bot (`serve`, teloxide's dispatcher) and a bare bot
//! that only answers each press, each as its own process against the in-process fake Bot
//! API, with N distinct users pressing a signed Buy button within a time window (long
//! polling or webhook POSTs). Measures from an update reaching the bot to its answer, and
//! each bot process's CPU per press.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use chrono::Utc;

use super::harness::bot_env;
use super::telegram_phase::{Delivery, Press, run_phase};
use super::telegram_report::{TelegramBenchReport, percentile, tenths};
use crate::app::Action;
use crate::clock::{Clock, SystemClock};
use crate::domain::{OrderState, SaleId};
use crate::stock::{RedisGate, RedisGateConfig};
use crate::store::Store;
use crate::telegram::callback::ButtonSigner;

/// Everything one run needs.
#[derive(Debug, Clone)]
pub struct TelegramBenchSettings {
    /// The `flashsale` executable: the bot and the bare baseline run as its children.
    pub exe: PathBuf,
    /// How updates reach both bots.
    pub delivery: Delivery,
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

/// Runs the bare baseline, then the bot, on the same presses; the run's sale and its pending
/// orders are cancelled and its Redis keys removed afterwards.
pub async fn run_telegram_bench(s: &TelegramBenchSettings) -> anyhow::Result<TelegramBenchReport> {
    let nonce: u32 = rand::random::<u32>() >> 1;
    let secret = format!("flashsale telegram bench {nonce:010}");
    let prefix = format!("fs-tgbench:{nonce}:");
    let env = bot_env(
        &s.database_url,
        s.redis_url.as_deref(),
        "http://127.0.0.1:9",
        &secret,
        &prefix,
    );
    let store = Store::open(&s.database_url, 2)
        .await
        .context("opening the database for the benchmark")?;
    let sale = super::harness::live_sale(&store, &format!("[bench-telegram] run {nonce}"), s.stock)
        .await?;
    let presses = signed_presses(&secret, sale, nonce, s.users)?;
    let within = Duration::from_millis(s.within_ms);
    let base = run_phase(
        &s.exe,
        "bench-bare-bot",
        env.clone(),
        s.delivery,
        &presses,
        within,
        s.answer_timeout,
    )
    .await
    .context("the bare baseline")?;
    let bot = run_phase(
        &s.exe,
        "serve",
        env,
        s.delivery,
        &presses,
        within,
        s.answer_timeout,
    )
    .await
    .context("the bot")?;
    let tally = &bot.tally;
    if tally.answered < u64::from(s.users) {
        tracing::warn!(
            answered = tally.answered,
            users = s.users,
            "not every press was answered in time"
        );
    }

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
    let per_press = |cpu: f64| tenths(cpu * 1e6 / f64::from(s.users.max(1)));
    let (cpu_us, base_cpu_us) = (per_press(bot.cpu_secs), per_press(base.cpu_secs));
    let (p99, base_p99) = (
        tenths(percentile(lat, 99.0)),
        tenths(percentile(&base.tally.latencies_ms, 99.0)),
    );
    let ratio = |a: f64, b: f64| {
        if b > 0.0 {
            (a / b * 100.0).round() / 100.0
        } else {
            0.0
        }
    };
    Ok(TelegramBenchReport {
        users: s.users,
        stock: s.stock,
        answered: tally.answered,
        won: tally.winners.len() as u64,
        orders_in_db: units,
        oversold: units.saturating_sub(u64::from(s.stock)),
        p50_ms: tenths(percentile(lat, 50.0)),
        p99_ms: p99,
        max_ms: tenths(lat.last().copied().unwrap_or(0.0)),
        seconds: tally.last_answer.map_or(0.0, |l| {
            l.saturating_duration_since(bot.started).as_secs_f64()
        }),
        within_ms: s.within_ms,
        answered_twice: tally.answered_twice,
        told_vs_orders_mismatch: mismatch,
        gate: super::gate_name(s.redis_url.as_deref()),
        database: database.to_owned(),
        delivery: s.delivery,
        cpu_us_per_press: cpu_us,
        baseline_cpu_us_per_press: base_cpu_us,
        baseline_answered: base.tally.answered,
        baseline_p50_ms: tenths(percentile(&base.tally.latencies_ms, 50.0)),
        baseline_p99_ms: base_p99,
        cpu_ratio: ratio(cpu_us, base_cpu_us),
        p99_ratio: ratio(p99, base_p99),
        winners_p50_ms: tenths(percentile(&tally.winner_latencies_ms, 50.0)),
        winners_max_ms: tenths(tally.winner_latencies_ms.last().copied().unwrap_or(0.0)),
        losers_p99_ms: tenths(percentile(&tally.loser_latencies_ms, 99.0)),
    })
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
            let data = crate::bench::card_button(&signer, user, &payload, now)?;
            Ok(Press {
                user,
                query: format!("tb{nonce}-{i}"),
                data,
            })
        })
        .collect()
}

/// Cancels a run's sale and its pending orders in the store and, with the Redis gate
/// (`redis_url`), removes its keys under `prefix`.
pub(super) async fn retire_sale(
    store: &Store,
    redis_url: Option<&str>,
    prefix: &str,
    sale: SaleId,
) -> anyhow::Result<()> {
    let now = Utc::now();
    store.cancel_sale(sale, now).await?;
    // Its pending orders end now too: left pending, they would expire during a later run,
    // whose bot would then spend its measured CPU telling these buyers so.
    for order in store.orders_for_sale(sale).await? {
        if order.state == OrderState::Pending {
            store
                .transition_order(order.id, OrderState::Pending, OrderState::Cancelled, now)
                .await?;
        }
    }
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
