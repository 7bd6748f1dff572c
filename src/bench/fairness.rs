//! `flashsale bench-fairness`: the real bot (its own `flashsale serve` process), its rate
//! limits on, against the fake Bot API in this process. Phase one: the humans alone press Buy once each, spread over a window (the
//! no-bot case). Phase two, on a second sale with the same stock and as many fresh humans:
//! the same, while scripts (a share of the users, placed evenly among the humans) fire many
//! attempts each from their turn on. Reports the humans' share of users against their share
//! of winners, the peak memory of the process, and the humans' p99 answer time in both
//! phases. Each phase opens with one warm-up press (its unit is left out of the shares). The model: scripts get the live card when humans do (the buy window refuses
//! earlier buttons); what they add is volume.

use super::bot_process::BotProcess;
use super::harness::{bot_env, live_sale};
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use chrono::Utc;

use super::fairness_report::{FairnessReport, Phase, vm_hwm_mb};
use super::telegram::forget_redis_keys;
use super::telegram_report::{percentile, tally_answers};
use crate::app::Action;
use crate::clock::{Clock, SystemClock};
use crate::domain::{SaleId, UserId};
use crate::sandbox::FakeBotApi;
use crate::store::{Backend, Store};
use crate::telegram::callback::ButtonSigner;

/// Most updates left waiting in the fake at once (Telegram keeps the rest on its side).
const QUEUE_CAP: usize = 20_000;
/// Distinct users of the warm-up (at most as many as the humans).
const WARM_UP_USERS: u32 = 500;
/// The bot's counter of updates dropped unanswered at the door (user refused right now).
const SHED: &str = "flashsale_updates_shed_total";

/// Everything one run needs.
#[derive(Debug, Clone)]
pub struct FairnessSettings {
    /// Distinct users in the run with scripts (humans and scripts).
    pub users: u32,
    /// Share of those users that are scripts, in [0, 1).
    pub script_share: f64,
    /// Attempts each script fires.
    pub script_attempts: u32,
    /// Milliseconds between a script's attempts.
    pub script_gap_ms: u64,
    /// Units on sale in each phase (per-user limit 1).
    pub stock: u32,
    /// First presses are spread evenly over this many milliseconds.
    pub within_ms: u64,
    /// Where orders go.
    pub database_url: String,
    /// The Redis gate when set, else the embedded one.
    pub redis_url: Option<String>,
    /// How long to wait, after the last press, for every press to be answered.
    pub answer_timeout: Duration,
    /// The `flashsale` executable the bot runs as (`serve`, a process of its own).
    pub bot_exe: PathBuf,
}

/// One press to push: when (µs after the phase starts), who, the query id, the button.
struct Press {
    due_us: u64,
    user: i64,
    query: String,
    data: String,
}

/// Runs both phases; the run's sales are cancelled (and Redis keys removed) afterwards.
pub async fn run_fairness_bench(s: &FairnessSettings) -> anyhow::Result<FairnessReport> {
    if s.users < 2 || !(0.0..1.0).contains(&s.script_share) || s.script_attempts == 0 {
        bail!("need at least 2 users, a script share in [0, 1) and at least 1 attempt");
    }
    let scripts = ((f64::from(s.users) * s.script_share).round() as u32).min(s.users - 1);
    let humans = s.users - scripts;
    let fake = FakeBotApi::start()
        .await
        .context("starting the fake Bot API")?;
    fake.record_lean();
    let nonce: u32 = rand::random::<u32>() >> 1;
    let secret = format!("flashsale fairness bench {nonce:010}");
    let prefix = format!("fs-fairbench:{nonce}:");
    // Default limits, on: this run is about them.
    let env = bot_env(
        &s.database_url,
        s.redis_url.as_deref(),
        &fake.url,
        &secret,
        &prefix,
    );
    let store = Store::open(&s.database_url, 2)
        .await
        .context("opening the database")?;
    let quiet_sale = live_sale(&store, &format!("[bench-fairness] quiet {nonce}"), s.stock).await?;
    let rush_sale = live_sale(&store, &format!("[bench-fairness] rush {nonce}"), s.stock).await?;
    let warm_sale = live_sale(
        &store,
        &format!("[bench-fairness] warm-up {nonce}"),
        s.stock,
    )
    .await?;

    let signer = ButtonSigner::new(secret.as_bytes());
    let base = (i64::from(nonce) << 24) + 1;
    let quiet = schedule(&signer, quiet_sale, base, humans, 0, s, "q")?;
    let rush = schedule(
        &signer,
        rush_sale,
        base + i64::from(humans),
        humans,
        scripts,
        s,
        "r",
    )?;
    let human_ids: HashSet<i64> = rush
        .iter()
        .filter(|p| p.query.starts_with("rh"))
        .map(|p| p.user)
        .collect();

    let mut bot = BotProcess::start(&s.bot_exe, &env)?;
    let deadline = Instant::now() + Duration::from_secs(30);
    while fake.count_of("getupdates") == 0 {
        if !bot.is_running() || Instant::now() > deadline {
            bail!("the bot did not start polling");
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // Warm-up: distinct users pressing on a sale of its own for a second grow the bot's
    // connection pools to their working size, so the no-bot phase is not measured cold.
    let warm_users = humans.min(WARM_UP_USERS);
    let warm_settings = FairnessSettings {
        within_ms: 1_000,
        ..s.clone()
    };
    let warm_first = base + 2 * i64::from(s.users) + 1;
    let warm = schedule(
        &signer,
        warm_sale,
        warm_first,
        warm_users,
        0,
        &warm_settings,
        "w",
    )?;
    push(&fake, &warm).await;
    settle(&fake, &mut bot, warm.len(), 0, Duration::from_secs(60)).await;
    let started = Instant::now();
    let mut answered_target = fake.count_of("answercallbackquery");
    let mut phases = Vec::new();
    let warm_up_user = base + 2 * i64::from(s.users);
    for (i, (sale, presses)) in [(quiet_sale, &quiet), (rush_sale, &rush)]
        .into_iter()
        .enumerate()
    {
        // One press before the clock starts loads the sale into the gate and the caches, as
        // a merchant's own test press would; its unit is left out of the shares.
        let warm = signer.sign_fresh(
            UserId::parse(warm_up_user)?,
            &Action::Buy(sale, 1).payload(),
            SystemClock.now().timestamp(),
        )?;
        fake.press(warm_up_user, &format!("warm-{i}-{nonce}"), &warm);
        answered_target += 1;
        settle(&fake, &mut bot, answered_target, 0, Duration::from_secs(30)).await;
        let shed_before = bot.counter(SHED).await;
        let messages_before = fake.count_of("sendmessage");
        push(&fake, presses).await;
        // Done when every press was answered or dropped at the door (its user refused).
        let shed = settle(
            &fake,
            &mut bot,
            answered_target + presses.len(),
            shed_before,
            s.answer_timeout,
        )
        .await;
        answered_target += presses.len() - shed as usize;
        let humans_q: HashSet<String> = presses
            .iter()
            .filter(|p| p.query.starts_with(&['q', 'r'][..]) && p.query[1..].starts_with('h'))
            .map(|p| p.query.clone())
            .collect();
        let all_q: HashSet<String> = presses.iter().map(|p| p.query.clone()).collect();
        let calls = fake.calls_of("answercallbackquery");
        let human_tally = tally_answers(&calls, &humans_q, |q| fake.handed_at(q));
        let all_tally = tally_answers(&calls, &all_q, |_| None);
        let mut toasts = std::collections::BTreeMap::new();
        for c in &calls {
            if c.body["callback_query_id"]
                .as_str()
                .is_some_and(|q| all_q.contains(q))
            {
                let t: String = c.body["text"]
                    .as_str()
                    .unwrap_or_default()
                    .chars()
                    .take(24)
                    .collect();
                *toasts.entry(t).or_insert(0u64) += 1;
            }
        }
        tracing::info!(phase = i, shed, ?toasts, "answers by their first words");
        phases.push(Phase {
            presses: presses.len() as u64,
            answered: all_tally.answered,
            answered_twice: all_tally.answered_twice,
            shed,
            humans_unanswered: (humans_q.len() as u64).saturating_sub(human_tally.answered),
            messages: (fake.count_of("sendmessage") - messages_before) as u64,
            p50_ms: percentile(&human_tally.latencies_ms, 50.0),
            p99_ms: percentile(&human_tally.latencies_ms, 99.0),
        });
    }
    let seconds = started.elapsed().as_secs_f64();
    let bot_rss_mb = bot.rss_peak_mb();
    bot.stop(Duration::from_secs(30)).await?;
    let harness_rss_mb = vm_hwm_mb();

    let mut units: HashMap<i64, u64> = HashMap::new();
    let mut warm_units = 0;
    for o in store.orders_for_sale(rush_sale).await? {
        if o.buyer.get() == warm_up_user {
            warm_units += u64::from(o.quantity.get());
            continue;
        }
        *units.entry(o.buyer.get()).or_default() += u64::from(o.quantity.get());
    }
    let quiet_units: u64 = store
        .orders_for_sale(quiet_sale)
        .await?
        .iter()
        .map(|o| u64::from(o.quantity.get()))
        .sum();
    for sale in [quiet_sale, rush_sale, warm_sale] {
        store.cancel_sale(sale, Utc::now()).await?;
        if let Some(url) = &s.redis_url {
            forget_redis_keys(url, &prefix, &store, sale).await?;
        }
    }
    let database = match store.backend() {
        Backend::Postgres => "postgres",
        Backend::Sqlite => "sqlite",
    };
    store.close().await;
    Ok(FairnessReport::new(
        s,
        humans,
        scripts,
        &phases,
        &units,
        &human_ids,
        (quiet_units, warm_units),
        (bot_rss_mb, harness_rss_mb),
        seconds,
        database,
    ))
}

/// The presses of one phase, by due time: `humans` and `scripts` users from `first` on,
/// scripts placed evenly among the humans; a script fires `script_attempts` presses of its
/// one Buy button, `script_gap_ms` apart, from its turn on. Query ids: `<tag>h…` for humans,
/// `<tag>s…` for scripts.
fn schedule(
    signer: &ButtonSigner,
    sale: SaleId,
    first: i64,
    humans: u32,
    scripts: u32,
    s: &FairnessSettings,
    tag: &str,
) -> anyhow::Result<Vec<Press>> {
    let users = u64::from(humans + scripts);
    let payload = Action::Buy(sale, 1).payload();
    let now = SystemClock.now().timestamp();
    let mut out = Vec::new();
    for k in 0..users {
        let is_script = (k + 1) * u64::from(scripts) / users > k * u64::from(scripts) / users;
        let user = first + k as i64;
        let data = signer.sign_fresh(UserId::parse(user)?, &payload, now)?;
        let at = s.within_ms * 1_000 * k / users;
        let (kind, attempts) = if is_script {
            ('s', s.script_attempts)
        } else {
            ('h', 1)
        };
        for a in 0..attempts {
            out.push(Press {
                due_us: at + u64::from(a) * s.script_gap_ms * 1_000,
                user,
                // The run's nonce keeps query ids (request ids) apart from earlier runs.
                query: format!("{tag}{kind}{k}-{a}-{}", first >> 24),
                data: data.clone(),
            });
        }
    }
    out.sort_by_key(|p| p.due_us);
    Ok(out)
}

/// Waits up to `timeout` until the answers the fake has seen, plus the presses the bot
/// dropped since its shed counter read `shed_before`, reach `target`; those dropped.
async fn settle(
    fake: &FakeBotApi,
    bot: &mut BotProcess,
    target: usize,
    shed_before: u64,
    timeout: Duration,
) -> u64 {
    let deadline = Instant::now() + timeout;
    loop {
        let shed = bot.counter(SHED).await.saturating_sub(shed_before);
        if fake.count_of("answercallbackquery") + shed as usize >= target {
            return shed;
        }
        if !bot.is_running() || Instant::now() >= deadline {
            tracing::warn!(target, "not every press was answered in time");
            return shed;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Pushes the presses when due, keeping at most [`QUEUE_CAP`] waiting in the fake.
async fn push(fake: &FakeBotApi, presses: &[Press]) {
    let started = Instant::now();
    let mut next = 0;
    while next < presses.len() {
        let now_us = started.elapsed().as_micros() as u64;
        while next < presses.len()
            && presses[next].due_us <= now_us
            && fake.pending_updates() < QUEUE_CAP
        {
            let p = &presses[next];
            fake.press(p.user, &p.query, &p.data);
            next += 1;
        }
        if next < presses.len() {
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
    }
}
