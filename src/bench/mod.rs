//! `flashsale bench`: a simulated sale through the real gate and order writer (or the naive
//! SQL baseline), reported as the JSON object docs/operations.md specifies; and
//! `flashsale bench-telegram`, the same stampede through the real bot and a fake Bot API;
//! `flashsale bench-fairness`, humans and scripts through the real bot with its limits on.

mod announce;
mod bare_bot;
mod bot_process;
mod fairness;
mod fairness_cli;
mod fairness_load;
mod fairness_report;
mod harness;
mod observed;
mod plan;
mod report;
mod run;
pub mod scale;
pub mod shards;
mod telegram;
mod telegram_latencies;
mod telegram_phase;
mod telegram_report;
mod telegram_rounds;

pub use announce::{
    AnnounceBenchReport, BenchAnnounceArgs, bench_announce, busiest_second, run_announce_bench,
};
pub use bare_bot::run_bare_bot;
pub use bot_process::BotProcess;
pub use fairness::{FairnessSettings, run_fairness_bench};
pub use fairness_cli::{FairnessArgs, bench_fairness};
pub use fairness_report::FairnessReport;
pub(crate) use harness::BenchDatabase;

/// The language tag the simulated users' Buy buttons carry, as the bot mints a card's
/// buttons for a user it answers in English.
const CARD_LANG: &str = "en";

/// The callback data of a button with `payload` as the bot puts it on a card it shows
/// `user` at `now` (unix seconds): signed for them, with a token and the card's language.
pub(crate) fn card_button(
    signer: &crate::telegram::callback::ButtonSigner,
    user: i64,
    payload: &str,
    now: i64,
) -> anyhow::Result<String> {
    let user = crate::domain::UserId::parse(user)?;
    Ok(signer.sign_fresh_in(user, payload, now, Some(CARD_LANG))?)
}

/// The gate a run used, as its report names it: Redis when a URL was given.
pub(crate) fn gate_name(redis_url: Option<&str>) -> String {
    if redis_url.is_some() {
        "redis"
    } else {
        "embedded"
    }
    .to_owned()
}

/// Prints a benchmark's report: one JSON line with `--json`, else its table.
pub(crate) fn print_report<R: serde::Serialize>(
    report: &R,
    json: bool,
    table: impl FnOnce(&R) -> String,
) -> anyhow::Result<()> {
    if json {
        println!("{}", serde_json::to_string(report)?);
    } else {
        println!("{}", table(report));
    }
    Ok(())
}
pub use plan::{Attempt, Plan};
pub use report::BenchReport;
pub use run::{BenchBackend, BenchSettings, run_bench};
pub use telegram::{TelegramBenchSettings, run_telegram_bench};
pub use telegram_phase::Delivery;
pub use telegram_report::TelegramBenchReport;
pub use telegram_rounds::RoundReport;
