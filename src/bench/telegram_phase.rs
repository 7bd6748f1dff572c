//! One phase of `flashsale bench-telegram`: one bot (the real `serve`, or the bare bot) as
//! its own process against a fresh fake Bot API, the same presses delivered by long polling
//! or as webhook POSTs, and the CPU that process used while answering them.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use futures::StreamExt;

use super::bot_process::BotProcess;
use super::scale::cpu_secs;
use super::scale::traffic::press_update;
use super::telegram_report::{AnswerTally, tally_answers};
use crate::sandbox::{AnswerWatch, FakeBotApi, PreparedPress};

/// How long a bot may take to start.
const START_TIMEOUT: Duration = Duration::from_secs(60);
/// How long a bot may take to stop once asked.
const STOP_TIMEOUT: Duration = Duration::from_secs(30);
/// Webhook POSTs in flight at once (Telegram's default `max_connections`).
const WEBHOOK_CONNECTIONS: usize = 40;
/// The webhook route and secret both bots are configured with.
const WEBHOOK_URL: &str = "https://bench.example.com/telegram/hook";
const WEBHOOK_PATH: &str = "/telegram/hook";
const WEBHOOK_SECRET: &str = "bench-telegram-webhook-secret";

/// How updates reach the bot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Delivery {
    /// The bot long-polls getUpdates.
    Polling,
    /// Telegram POSTs each update to the bot's webhook.
    Webhook,
}

/// One simulated user's press: who, the callback query id, and the signed button data.
pub(super) struct Press {
    pub user: i64,
    pub query: String,
    pub data: String,
}

/// What one phase measured.
pub(super) struct PhaseResult {
    pub tally: AnswerTally,
    /// User + system CPU seconds of the bot's process from the first press to the last answer.
    pub cpu_secs: f64,
    /// When the first press was delivered.
    pub started: Instant,
}

/// Runs `exe subcommand` with `env` against a fresh fake, delivers `presses` spread over
/// `within`, waits up to `timeout` for every answer, stops the bot (SIGTERM: it flushes).
pub(super) async fn run_phase(
    exe: &Path,
    subcommand: &str,
    mut env: Vec<(String, String)>,
    delivery: Delivery,
    presses: &[Press],
    within: Duration,
    timeout: Duration,
) -> anyhow::Result<PhaseResult> {
    let fake = FakeBotApi::start()
        .await
        .context("starting the fake Bot API on loopback")?;
    fake.record_lean();
    env.retain(|(k, _)| k != "TELEGRAM_API_URL");
    env.push(("TELEGRAM_API_URL".into(), fake.url.clone()));
    if delivery == Delivery::Webhook {
        env.push(("WEBHOOK_URL".into(), WEBHOOK_URL.into()));
        env.push(("WEBHOOK_SECRET".into(), WEBHOOK_SECRET.into()));
    }
    let mut bot = BotProcess::start_as(exe, subcommand, &env)?;
    let ready_call = match delivery {
        Delivery::Polling => "getupdates",
        Delivery::Webhook => "setwebhook",
    };
    let deadline = Instant::now() + START_TIMEOUT;
    while fake.count_of(ready_call) == 0 {
        if !bot.is_running() || Instant::now() >= deadline {
            bail!("{subcommand} did not start within {START_TIMEOUT:?}");
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let ours: HashSet<String> = presses.iter().map(|p| p.query.clone()).collect();
    // The updates are written out before the clock starts: the harness shares the cores
    // with the bot under test, and its JSON work is Telegram's, not the bot's.
    let ready = match delivery {
        Delivery::Polling => Ready::Queued(
            presses
                .iter()
                .map(|p| fake.prepare_press(p.user, &p.query, &p.data))
                .collect(),
        ),
        Delivery::Webhook => Ready::Posted(
            presses
                .iter()
                .enumerate()
                .map(|(i, p)| press_update(i as i64 + 1, p.user, &p.query, &p.data))
                .collect(),
        ),
    };
    let pid = bot.pid();
    let cpu_before = cpu_secs(pid);
    let started = Instant::now();
    let posted = Arc::new(Mutex::new(HashMap::new()));
    match ready {
        Ready::Queued(updates) => push_spread(&fake, updates, within).await,
        Ready::Posted(bodies) => {
            post_spread(
                bot.http_addr(),
                &fake.url,
                presses,
                &bodies,
                within,
                &posted,
            )
            .await?
        }
    }
    let deadline = Instant::now() + timeout;
    let mut watch = AnswerWatch::default();
    while fake.answered_among(&ours, &mut watch) < ours.len() && Instant::now() < deadline {
        if !bot.is_running() {
            bail!("{subcommand} exited during the run");
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let cpu = cpu_secs(pid) - cpu_before;
    bot.stop(STOP_TIMEOUT).await?;
    let calls = fake.calls_of("answercallbackquery");
    let tally = match delivery {
        Delivery::Polling => tally_answers(&calls, &ours, |q| fake.handed_at(q)),
        Delivery::Webhook => {
            let posted = posted.lock().map(|m| m.clone()).unwrap_or_default();
            tally_answers(&calls, &ours, |q| posted.get(q).copied())
        }
    };
    Ok(PhaseResult {
        tally,
        cpu_secs: cpu,
        started,
    })
}

/// The presses as they are delivered: prepared for getUpdates, or webhook bodies.
enum Ready {
    Queued(Vec<PreparedPress>),
    Posted(Vec<String>),
}

/// Queues the presses for getUpdates spread evenly over `within` (press i due at within·i/n).
async fn push_spread(fake: &FakeBotApi, presses: Vec<PreparedPress>, within: Duration) {
    let total = presses.len();
    let n = total as u128;
    let mut presses = presses.into_iter();
    let window_us = within.as_micros();
    let started = Instant::now();
    let mut pushed = 0usize;
    while pushed < total {
        let due = (started.elapsed().as_micros() * n)
            .checked_div(window_us)
            .map_or(n, |d| (d + 1).min(n)) as usize;
        for p in presses.by_ref().take(due.saturating_sub(pushed)) {
            fake.push_prepared(p);
        }
        pushed = due.max(pushed);
        if pushed < total {
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
    }
}

/// POSTs the presses to the webhook at `addr` as Telegram would: each when it is due, at
/// most [`WEBHOOK_CONNECTIONS`] at once, a refused one again after 100 ms (at most 50
/// times). Records when each was first posted. A response carrying a method (the press's
/// answer) is performed against the Bot API at `api`, as Telegram would.
async fn post_spread(
    addr: std::net::SocketAddr,
    api: &str,
    presses: &[Press],
    bodies: &[String],
    within: Duration,
    posted: &Mutex<HashMap<String, Instant>>,
) -> anyhow::Result<()> {
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(WEBHOOK_CONNECTIONS)
        .build()
        .context("HTTP client")?;
    let url = format!("http://{addr}{WEBHOOK_PATH}");
    let n = presses.len().max(1) as u32;
    let started = tokio::time::Instant::now();
    let refused = futures::stream::iter(presses.iter().zip(bodies).enumerate())
        .map(|(i, (p, body))| {
            let (http, url) = (&http, &url);
            let due = started + within.mul_f64(f64::from(i as u32) / f64::from(n));
            async move {
                tokio::time::sleep_until(due).await;
                if let Ok(mut m) = posted.lock() {
                    m.insert(p.query.clone(), Instant::now());
                }
                for _ in 0..50 {
                    let sent = http
                        .post(url)
                        .header("content-type", "application/json")
                        .header("X-Telegram-Bot-Api-Secret-Token", WEBHOOK_SECRET)
                        .body(body.clone())
                        .send()
                        .await;
                    if let Ok(r) = sent
                        && r.status().is_success()
                    {
                        let reply = r.bytes().await.unwrap_or_default();
                        crate::sandbox::perform_webhook_reply(http, api, &reply).await;
                        return 0usize;
                    }
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                1
            }
        })
        .buffer_unordered(WEBHOOK_CONNECTIONS)
        .fold(0usize, |a, b| async move { a + b })
        .await;
    if refused > 0 {
        tracing::warn!(refused, "webhook POSTs never accepted");
    }
    Ok(())
}
