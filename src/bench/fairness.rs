//! `flashsale bench-fairness`: the real bot (its own `flashsale serve` process), its rate
//! limits on, against the fake Bot API in this process. After a warm-up, each round runs
//! two phases on fresh sales with the same stock and fresh users: the humans alone press
//! Buy once each, spread over a window (the no-bot case); then as many humans again while
//! scripts (a share of the users, placed evenly among the humans) fire many attempts each
//! from their turn on. The humans' answer times of all rounds are pooled per phase kind,
//! so a stall of the shared machine weighs on both alike. Reports the humans' share of
//! users against their share of winners, the peak memory of the bot's process, and the
//! humans' p50/p99 answer times in both kinds of phase. Each phase opens with one warm-up
//! press (its unit is left out of the shares). The model: scripts get the live card when
//! humans do (the buy window refuses earlier buttons); what they add is volume.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};

use super::bot_process::BotProcess;
use super::fairness_load::{Crowd, Press, SHED, push, schedule, settle};
use super::fairness_report::{FairnessReport, Phase, vm_hwm_mb};
use super::harness::{bot_env, live_sale};
use super::telegram::retire_sale;
use super::telegram_report::{percentile, tally_answers};
use crate::app::Action;
use crate::clock::{Clock, SystemClock};
use crate::domain::{SaleId, UserId};
use crate::sandbox::FakeBotApi;
use crate::store::Store;
use crate::telegram::callback::ButtonSigner;

/// Distinct users of the warm-up (at most as many as the humans).
const WARM_UP_USERS: u32 = 500;

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
    /// Rounds of (humans alone, humans with scripts), at least 1.
    pub rounds: u32,
    /// Where orders go.
    pub database_url: String,
    /// The Redis gate when set, else the embedded one.
    pub redis_url: Option<String>,
    /// How long to wait, after the last press, for every press to be answered.
    pub answer_timeout: Duration,
    /// The `flashsale` executable the bot runs as (`serve`, a process of its own).
    pub bot_exe: PathBuf,
}

/// One phase to run: its sale and presses, and whether scripts are among them.
struct PhasePlan {
    sale: SaleId,
    presses: Vec<Press>,
    with_scripts: bool,
}

/// The phases of one kind, added up, with their humans' answer times pooled.
#[derive(Default)]
struct Pooled {
    phase: Phase,
    latencies_ms: Vec<f64>,
}

/// What the bot and the fake need while phases run.
struct Rig<'a> {
    fake: &'a FakeBotApi,
    bot: BotProcess,
    signer: ButtonSigner,
    warm_up_user: i64,
    nonce: u32,
    timeout: Duration,
}

/// Runs the warm-up and every round; the run's sales are cancelled (and Redis keys
/// removed) afterwards.
pub async fn run_fairness_bench(s: &FairnessSettings) -> anyhow::Result<FairnessReport> {
    if s.users < 2 || !(0.0..1.0).contains(&s.script_share) || s.script_attempts == 0 {
        bail!("need at least 2 users, a script share in [0, 1) and at least 1 attempt");
    }
    if s.rounds == 0 {
        bail!("need at least 1 round");
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
    let store = Store::open(&s.database_url, 2)
        .await
        .context("opening the database")?;
    let signer = ButtonSigner::new(secret.as_bytes());
    let base = (i64::from(nonce) << 24) + 1;
    let per_round = i64::from(humans + s.users);
    let alone = Crowd {
        humans,
        scripts: 0,
        attempts: 1,
        gap_ms: 0,
        within_ms: s.within_ms,
    };
    let rush = Crowd {
        scripts,
        attempts: s.script_attempts,
        gap_ms: s.script_gap_ms,
        ..alone
    };
    let mut plans = Vec::new();
    for r in 0..s.rounds {
        let first = base + i64::from(r) * per_round;
        for (tag, crowd, first) in [
            ("q", &alone, first),
            ("r", &rush, first + i64::from(humans)),
        ] {
            let title = format!("[bench-fairness] {tag}{r} {nonce}");
            let sale = live_sale(&store, &title, s.stock).await?;
            plans.push(PhasePlan {
                sale,
                presses: schedule(&signer, sale, first, crowd, &format!("{tag}{r}"), nonce)?,
                with_scripts: crowd.scripts > 0,
            });
        }
    }
    let warm_up_user = base + i64::from(s.rounds) * per_round;
    let warm_sale = live_sale(
        &store,
        &format!("[bench-fairness] warm-up {nonce}"),
        s.stock,
    )
    .await?;
    let warm_crowd = Crowd {
        humans: humans.min(WARM_UP_USERS),
        scripts: 0,
        attempts: 1,
        gap_ms: 0,
        within_ms: 1_000,
    };
    let warm = schedule(
        &signer,
        warm_sale,
        warm_up_user + 1,
        &warm_crowd,
        "w",
        nonce,
    )?;

    // Default limits, on: this run is about them.
    let env = bot_env(
        &s.database_url,
        s.redis_url.as_deref(),
        &fake.url,
        &secret,
        &prefix,
    );
    let mut bot = BotProcess::start(&s.bot_exe, &env)?;
    let deadline = Instant::now() + Duration::from_secs(30);
    while fake.count_of("getupdates") == 0 {
        if !bot.is_running() || Instant::now() > deadline {
            bail!("the bot did not start polling");
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // Warm-up: distinct users pressing on a sale of its own for a second grow the bot's
    // connection pools to their working size, so the first phase is not measured cold.
    push(&fake, &warm).await;
    let warm_queries: HashSet<String> = warm.iter().map(|p| p.query.clone()).collect();
    settle(&fake, &mut bot, &warm_queries, 0, Duration::from_secs(60)).await;
    let mut rig = Rig {
        fake: &fake,
        bot,
        signer,
        warm_up_user,
        nonce,
        timeout: s.answer_timeout,
    };
    let started = Instant::now();
    let (mut quiet, mut noisy) = (Pooled::default(), Pooled::default());
    for (i, plan) in plans.iter().enumerate() {
        let pooled = if plan.with_scripts {
            &mut noisy
        } else {
            &mut quiet
        };
        run_phase(&mut rig, i, plan, pooled).await?;
    }
    let seconds = started.elapsed().as_secs_f64();
    let bot_rss_mb = rig.bot.rss_peak_mb();
    rig.bot.stop(Duration::from_secs(30)).await?;
    let harness_rss_mb = vm_hwm_mb();

    let mut units: HashMap<i64, u64> = HashMap::new();
    let mut oversold = 0;
    for plan in &plans {
        let mut sold = 0;
        for o in store.orders_for_sale(plan.sale).await? {
            let n = u64::from(o.quantity.get());
            sold += n;
            if plan.with_scripts && o.buyer.get() != warm_up_user {
                *units.entry(o.buyer.get()).or_default() += n;
            }
        }
        oversold += sold.saturating_sub(u64::from(s.stock));
    }
    let human_ids: HashSet<i64> = plans
        .iter()
        .filter(|p| p.with_scripts)
        .flat_map(|p| p.presses.iter().filter(|p| p.human).map(|p| p.user))
        .collect();
    for sale in plans.iter().map(|p| p.sale).chain([warm_sale]) {
        retire_sale(&store, s.redis_url.as_deref(), &prefix, sale).await?;
    }
    let database = store.backend().name();
    store.close().await;
    Ok(FairnessReport::new(
        s,
        (humans, scripts),
        &[quiet.finish(), noisy.finish()],
        &units,
        &human_ids,
        oversold,
        (bot_rss_mb, harness_rss_mb),
        seconds,
        database,
    ))
}

/// Runs one phase: a warm-up press on its sale, then its presses, until each is answered
/// or dropped at the door; adds its figures and humans' answer times to `pooled`.
async fn run_phase(
    rig: &mut Rig<'_>,
    index: usize,
    plan: &PhasePlan,
    pooled: &mut Pooled,
) -> anyhow::Result<()> {
    let fake = rig.fake;
    // One press before the clock starts loads the sale into the gate and the caches, as a
    // merchant's own test press would; its unit is left out of the shares.
    let warm = rig.signer.sign_fresh(
        UserId::parse(rig.warm_up_user)?,
        &Action::Buy(plan.sale, 1).payload(),
        SystemClock.now().timestamp(),
    )?;
    let warm_query = format!("warm-{index}-{}", rig.nonce);
    fake.press(rig.warm_up_user, &warm_query, &warm);
    settle(
        fake,
        &mut rig.bot,
        &HashSet::from([warm_query]),
        0,
        Duration::from_secs(30),
    )
    .await;
    let shed_before = rig.bot.counter(SHED).await;
    let messages_before = fake.count_of("sendmessage");
    push(fake, &plan.presses).await;
    // Done when every press was answered or dropped at the door (its user refused).
    let all_q: HashSet<String> = plan.presses.iter().map(|p| p.query.clone()).collect();
    let shed = settle(fake, &mut rig.bot, &all_q, shed_before, rig.timeout).await;
    let humans_q: HashSet<String> = plan
        .presses
        .iter()
        .filter(|p| p.human)
        .map(|p| p.query.clone())
        .collect();
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
    tracing::info!(phase = index, shed, ?toasts, "answers by their first words");
    let p = &mut pooled.phase;
    p.presses += plan.presses.len() as u64;
    p.answered += all_tally.answered;
    p.answered_twice += all_tally.answered_twice;
    p.shed += shed;
    p.humans_unanswered += (humans_q.len() as u64).saturating_sub(human_tally.answered);
    p.messages += (fake.count_of("sendmessage") - messages_before) as u64;
    pooled.latencies_ms.extend(human_tally.latencies_ms);
    Ok(())
}

impl Pooled {
    /// The added-up phase with the pooled answer times' p50 and p99.
    fn finish(mut self) -> Phase {
        self.latencies_ms.sort_by(f64::total_cmp);
        Phase {
            p50_ms: percentile(&self.latencies_ms, 50.0),
            p99_ms: percentile(&self.latencies_ms, 99.0),
            ..self.phase
        }
    }
}
