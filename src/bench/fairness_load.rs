//! The load of `flashsale bench-fairness`: who presses when (humans once, scripts many
//! times), pushing the presses into the fake Bot API on time, and waiting until the bot
//! has answered or dropped them all.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use super::bot_process::BotProcess;
use crate::app::Action;
use crate::clock::{Clock, SystemClock};
use crate::domain::SaleId;
use crate::sandbox::{AnswerWatch, FakeBotApi};
use crate::telegram::callback::ButtonSigner;

/// Most updates left waiting in the fake at once (Telegram keeps the rest on its side).
const QUEUE_CAP: usize = 20_000;
/// The bot's counter of updates dropped unanswered at the door (user refused right now).
pub(super) const SHED: &str = crate::metrics::UPDATES_SHED;

/// One press to push: when (µs after the phase starts), who, the query id, the button.
pub(super) struct Press {
    pub due_us: u64,
    pub user: i64,
    pub human: bool,
    pub query: String,
    pub data: String,
}

/// How one phase's users behave.
pub(super) struct Crowd {
    /// Distinct humans, each pressing once.
    pub humans: u32,
    /// Distinct scripts, placed evenly among the humans.
    pub scripts: u32,
    /// Presses each script fires, `gap_ms` apart, from its turn on.
    pub attempts: u32,
    pub gap_ms: u64,
    /// Turns (first presses) are spread evenly over this many milliseconds.
    pub within_ms: u64,
}

/// The presses of one phase on `sale`, by due time, for users `first`, `first + 1`, …
/// Query ids start with `tag` and carry `nonce`, so they are unique across runs.
pub(super) fn schedule(
    signer: &ButtonSigner,
    sale: SaleId,
    first: i64,
    crowd: &Crowd,
    tag: &str,
    nonce: u32,
) -> anyhow::Result<Vec<Press>> {
    let users = u64::from(crowd.humans + crowd.scripts);
    let scripts = u64::from(crowd.scripts);
    let payload = Action::Buy(sale, 1).payload();
    let now = SystemClock.now().timestamp();
    let mut out = Vec::new();
    for k in 0..users {
        let is_script = (k + 1) * scripts / users > k * scripts / users;
        let user = first + k as i64;
        let data = crate::bench::card_button(signer, user, &payload, now)?;
        let at = crowd.within_ms * 1_000 * k / users;
        let (kind, attempts) = if is_script {
            ('s', crowd.attempts)
        } else {
            ('h', 1)
        };
        for a in 0..attempts {
            out.push(Press {
                due_us: at + u64::from(a) * crowd.gap_ms * 1_000,
                user,
                human: !is_script,
                query: format!("{tag}{kind}{k}-{a}-{nonce}"),
                data: data.clone(),
            });
        }
    }
    out.sort_by_key(|p| p.due_us);
    Ok(out)
}

/// Pushes the presses when due, keeping at most [`QUEUE_CAP`] waiting in the fake.
pub(super) async fn push(fake: &FakeBotApi, presses: &[Press]) {
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

/// Waits up to `timeout` until each of `queries` was answered or dropped at the door: the
/// answers to those very queries, plus the presses the bot dropped since its shed counter
/// read `shed_before`, reach their number; returns those dropped. Answers to other presses
/// (a late one from an earlier phase) do not count.
pub(super) async fn settle(
    fake: &FakeBotApi,
    bot: &mut BotProcess,
    queries: &HashSet<String>,
    shed_before: u64,
    timeout: Duration,
) -> u64 {
    let deadline = Instant::now() + timeout;
    let mut watch = AnswerWatch::default();
    loop {
        let shed = bot.counter(SHED).await.saturating_sub(shed_before);
        if fake.answered_among(queries, &mut watch) + shed as usize >= queries.len() {
            return shed;
        }
        if !bot.is_running() || Instant::now() >= deadline {
            tracing::warn!(
                presses = queries.len(),
                "not every press was answered in time"
            );
            return shed;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
