//! `flashsale bench-telegram`: the real bot (`serve`, teloxide's dispatcher) and a bare bot
//! that only answers each press, each as its own process against the in-process fake Bot
//! API, with N distinct users pressing a signed Buy button within a time window (long
//! polling or webhook POSTs). Measures from an update reaching the bot to its answer, and
//! each bot process's CPU per press.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use chrono::Utc;

use super::harness::bot_env;
use super::telegram_latencies::Timings;
use super::telegram_phase::{Delivery, PhaseResult, Press, run_phase};
use super::telegram_report::TelegramBenchReport;
use super::telegram_rounds::{RoundOrders, RoundReport};
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
    /// Rounds of both phases, each on its own sale and users; the report takes the median.
    pub rounds: u32,
    /// Where to write every press's timing (`--latencies`), when set.
    pub latencies: Option<PathBuf>,
    /// The bare bot runs in the bot's place too (`--calibrate`): an A/A run, whose ratios
    /// are the harness's own spread for two identical bots on this machine.
    pub calibrate: bool,
}

/// The subcommand of the bot under test.
const BOT: &str = "serve";
/// The subcommand of the bare baseline.
const BARE: &str = "bench-bare-bot";

/// Runs `rounds` rounds, each on its own sale and users: the bare baseline and the bot on the
/// same presses, bare first in odd rounds and bot first in even ones. Each round's sale and
/// its pending orders are cancelled and its Redis keys removed after it.
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
    let mut timings = match &s.latencies {
        Some(path) => Some(Timings::create(path)?),
        None => None,
    };
    let mut rounds = Vec::new();
    for round in 0..s.rounds.max(1) {
        let title = format!("[bench-telegram] run {nonce} round {}", round + 1);
        let sale = super::harness::live_sale(&store, &title, s.stock).await?;
        let presses = signed_presses(&secret, sale, (nonce, round), s.users)?;
        let measured = run_round(s, &env, &presses, round % 2 == 0, &store, sale).await;
        if let (Some(t), Ok((_, base, bot))) = (timings.as_mut(), &measured) {
            t.write(round + 1, "bare", base)?;
            t.write(round + 1, "bot", bot)?;
        }
        let measured = measured.map(|(report, ..)| report);
        retire_sale(&store, s.redis_url.as_deref(), &prefix, sale).await?;
        rounds.push(measured?);
    }
    let database = store.backend().name();
    store.close().await;
    Ok(TelegramBenchReport::from_rounds(s, database, rounds))
}

/// One round: both phases on `presses` in the order `bare_first` says, then the store's
/// orders for `sale`.
async fn run_round(
    s: &TelegramBenchSettings,
    env: &[(String, String)],
    presses: &[Press],
    bare_first: bool,
    store: &Store,
    sale: SaleId,
) -> anyhow::Result<(RoundReport, PhaseResult, PhaseResult)> {
    let within = Duration::from_millis(s.within_ms);
    let phase = |subcommand: &'static str| {
        run_phase(
            &s.exe,
            subcommand,
            env.to_vec(),
            s.delivery,
            presses,
            within,
            s.answer_timeout,
        )
    };
    let tested = if s.calibrate { BARE } else { BOT };
    let (base, bot) = if bare_first {
        let base = phase(BARE).await.context("the bare baseline")?;
        (base, phase(tested).await.context("the bot")?)
    } else {
        let bot = phase(tested).await.context("the bot")?;
        (phase(BARE).await.context("the bare baseline")?, bot)
    };
    if bot.tally.answered < u64::from(s.users) {
        tracing::warn!(
            answered = bot.tally.answered,
            users = s.users,
            "not every press was answered in time"
        );
    }
    let orders = store.orders_for_sale(sale).await?;
    let orders = RoundOrders {
        units: orders.iter().map(|o| u64::from(o.quantity.get())).sum(),
        buyers: orders.iter().map(|o| o.buyer.get()).collect(),
    };
    let report = RoundReport::measure(
        bare_first,
        (s.users, s.stock),
        &base,
        &bot,
        &orders,
        presses,
    );
    Ok((report, base, bot))
}

/// Signs every user's Buy button for one round before the clock starts.
fn signed_presses(
    secret: &str,
    sale: SaleId,
    (nonce, round): (u32, u32),
    users: u32,
) -> anyhow::Result<Vec<Press>> {
    let signer = ButtonSigner::new(secret.as_bytes());
    let payload = Action::Buy(sale, 1).payload();
    let now = SystemClock.now().timestamp();
    // Distinct users per run and round, clear of real-looking ids and of other runs on the
    // same store.
    let base = (i64::from(nonce) << 24) + i64::from(round) * i64::from(users) + 1;
    (0..users)
        .map(|i| {
            let user = base + i64::from(i);
            let data = crate::bench::card_button(&signer, user, &payload, now)?;
            Ok(Press {
                user,
                query: format!("tb{nonce}-{round}-{i}"),
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
