//! `flashsale bench-announce`: one announcement to N subscribers through the real outbox
//! worker and Bot API sender, against the in-process fake Bot API, at a configured rate.
//! Reports the time taken against the ideal N / rate, duplicates and the busiest second.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use chrono::Utc;
use serde::Serialize;

use crate::app::Wired;
use crate::bootstrap::adapters::ReminderBodies;
use crate::clock::{Clock, SystemClock};
use crate::config::{BroadcastConfig, Config};
use crate::delivery::{OutboxConfig, OutboxWorker};
use crate::domain::{Currency, Money, PerUserLimit, SaleDraft, SaleWindow, Stock, Title, UserId};
use crate::sandbox::FakeBotApi;
use crate::store::{Audience, BroadcastMode};
use crate::telegram::callback::ButtonSigner;
use crate::telegram::sender::BotSender;

/// The first recipient's user id.
const FIRST: i64 = 1_000_000;

/// `flashsale bench-announce` arguments.
#[derive(Debug, Clone, clap::Args)]
pub struct BenchAnnounceArgs {
    /// Subscribers the sale's card goes to.
    #[arg(long, default_value_t = 600, value_parser = clap::value_parser!(u32).range(1..=200_000))]
    pub recipients: u32,
    /// The rate messages go out at (OUTBOX_PER_SEC, or OUTBOX_PAID_PER_SEC with --paid).
    #[arg(long, default_value_t = 29, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub per_sec: u32,
    /// Send as a paid broadcast (`allow_paid_broadcast`).
    #[arg(long)]
    pub paid: bool,
    /// Sends in flight at once.
    #[arg(long, default_value_t = 32, value_parser = clap::value_parser!(u32).range(1..=1_000))]
    pub concurrency: u32,
    /// Print the result as one JSON object.
    #[arg(long)]
    pub json: bool,
}

/// What one run measured.
#[derive(Debug, Clone, Serialize)]
pub struct AnnounceBenchReport {
    pub recipients: u32,
    pub per_sec: u32,
    pub paid: bool,
    /// Messages the fake Bot API accepted.
    pub delivered: u64,
    /// Recipients who got the card more than once (must be 0).
    pub duplicates: u64,
    /// Most sends the fake saw in any one second (must not exceed `per_sec`).
    pub busiest_second: u64,
    /// From the first step to the last message settled.
    pub seconds: f64,
    /// recipients / per_sec.
    pub ideal_seconds: f64,
    /// seconds / ideal_seconds.
    pub ratio: f64,
}

impl AnnounceBenchReport {
    /// A short human-readable summary.
    pub fn to_table(&self) -> String {
        format!(
            "recipients {} at {}/s{}: {:.2} s (ideal {:.2} s, ratio {:.3}), delivered {}, duplicates {}, busiest second {}",
            self.recipients,
            self.per_sec,
            if self.paid { " paid" } else { "" },
            self.seconds,
            self.ideal_seconds,
            self.ratio,
            self.delivered,
            self.duplicates,
            self.busiest_second
        )
    }
}

/// Runs the benchmark on `database_url` (a fresh, throwaway database is best).
pub async fn run_announce_bench(
    a: &BenchAnnounceArgs,
    database_url: &str,
) -> anyhow::Result<AnnounceBenchReport> {
    let fake = FakeBotApi::start()
        .await
        .context("starting the fake Bot API on loopback")?;
    let config = Config::from_lookup(|k| (k == "DATABASE_URL").then(|| database_url.to_owned()))?;
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let wired = Wired::build(&config, clock.clone()).await?;
    let store = wired.store.clone();
    let now = clock.now();
    let owner = UserId::parse(1)?;
    let draft = SaleDraft::new(
        Title::parse("Benchmark announcement")?,
        vec!["bench".into()],
        Money::from_minor(100, Currency::Cny)?,
        Stock::parse(1_000)?,
        PerUserLimit::parse(1)?,
        SaleWindow::new(now, now + chrono::Duration::hours(1))?,
        owner,
    )?;
    let sale = store.create_sale(&draft, now).await?;
    store
        .add_subscribed_users(sale.id, FIRST, a.recipients, now)
        .await?;
    let mode = if a.paid {
        BroadcastMode::Paid
    } else {
        BroadcastMode::Free
    };
    let draft = store
        .create_announcement(sale.id, owner, Audience::Subscribers, None, now)
        .await?;
    store.start_announcement(draft.id, mode, now).await?;
    let ann = store
        .announcement(draft.id)
        .await?
        .context("the announcement was just stored")?;
    wired.assistant.queue_announcement(&ann).await?;
    let rates = BroadcastConfig {
        free_per_sec: if a.paid { 29 } else { a.per_sec },
        paid_per_sec: if a.paid { a.per_sec } else { 1_000 },
        concurrency: a.concurrency,
        ..BroadcastConfig::default()
    };
    let signer = Arc::new(ButtonSigner::new(b"flashsale announce bench secret"));
    let sender = BotSender::new(fake.bot(), signer, clock.clone());
    let worker = OutboxWorker::new(
        store.clone(),
        Arc::new(sender),
        clock.clone(),
        OutboxConfig::paced(rates),
    )
    // As `serve` renders them: each announced card is fitted to its recipient when sent.
    .with_renderer(Arc::new(ReminderBodies::new(
        store.clone(),
        wired.texts.clone(),
        clock.clone(),
    )));
    let campaign = ann.campaign();
    let limit =
        Duration::from_secs_f64(f64::from(a.recipients) / f64::from(a.per_sec) * 3.0 + 30.0);
    let started = Instant::now();
    loop {
        worker.step().await?;
        if store.outbox_counts(Some(&campaign)).await?.pending == 0 {
            break;
        }
        if started.elapsed() > limit {
            bail!("the announcement did not finish within {limit:?}");
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    let sends = fake.calls_of("sendmessage");
    let mut per_chat: HashMap<i64, u64> = HashMap::new();
    for c in sends.iter().filter(|c| c.status == 200) {
        *per_chat
            .entry(c.body["chat_id"].as_i64().unwrap_or(0))
            .or_default() += 1;
    }
    let times: Vec<Instant> = sends.iter().map(|c| c.at).collect();
    let busiest = busiest_second(&times);
    store.cancel_sale(sale.id, Utc::now()).await?;
    drop(worker);
    wired.close().await?;
    let ideal = f64::from(a.recipients) / f64::from(a.per_sec);
    Ok(AnnounceBenchReport {
        recipients: a.recipients,
        per_sec: a.per_sec,
        paid: a.paid,
        delivered: per_chat.values().sum(),
        duplicates: per_chat.values().map(|n| n.saturating_sub(1)).sum(),
        busiest_second: busiest as u64,
        seconds,
        ideal_seconds: ideal,
        ratio: seconds / ideal,
    })
}

/// `flashsale bench-announce`: runs on a throwaway SQLite file unless DATABASE_URL is set.
pub async fn bench_announce(
    config: &Config,
    a: BenchAnnounceArgs,
) -> anyhow::Result<std::process::ExitCode> {
    let database = super::BenchDatabase::for_run(config, "annbench");
    let result = run_announce_bench(&a, &database.url).await;
    drop(database);
    let report = result?;
    super::print_report(&report, a.json, |r| r.to_table())?;
    let ok = report.duplicates == 0
        && report.delivered == u64::from(report.recipients)
        && report.busiest_second <= u64::from(report.per_sec);
    Ok(if ok {
        std::process::ExitCode::SUCCESS
    } else {
        std::process::ExitCode::FAILURE
    })
}

/// The most of `times` (in order) that fall within any one second.
pub fn busiest_second(times: &[Instant]) -> usize {
    let mut busiest = 0;
    let mut j = 0;
    for i in 0..times.len() {
        while j < times.len() && times[j].duration_since(times[i]) < Duration::from_secs(1) {
            j += 1;
        }
        busiest = busiest.max(j - i);
    }
    busiest
}
