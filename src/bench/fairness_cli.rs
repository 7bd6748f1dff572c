//! `flashsale bench-fairness` arguments and the command itself.

use std::process::ExitCode;
use std::time::Duration;

use super::fairness::{FairnessSettings, run_fairness_bench};
use crate::config::Config;

/// `flashsale bench-fairness` arguments.
#[derive(Debug, clap::Args)]
pub struct FairnessArgs {
    /// Distinct users in the phase with scripts (humans and scripts).
    #[arg(long, default_value_t = 10_000, value_parser = clap::value_parser!(u32).range(2..=1_000_000))]
    pub users: u32,
    /// Share of the users that are scripts (0 to below 1).
    #[arg(long, default_value_t = 0.2)]
    pub script_share: f64,
    /// Attempts each script fires.
    #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub script_attempts: u32,
    /// Milliseconds between one script's attempts.
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u64).range(0..=60_000))]
    pub script_gap_ms: u64,
    /// Units on sale in each phase (per-user limit 1).
    #[arg(long, default_value_t = 1_000, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub stock: u32,
    /// First presses are spread evenly over this many milliseconds.
    #[arg(long, default_value_t = 2_000, value_parser = clap::value_parser!(u64).range(0..=600_000))]
    pub within_ms: u64,
    /// Rounds of (humans alone, humans with scripts); answer times are pooled across them.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=20))]
    pub rounds: u32,
    /// Give up waiting for answers this many seconds after a phase's last press.
    #[arg(long, default_value_t = 180, value_parser = clap::value_parser!(u64).range(1..=3_600))]
    pub timeout_secs: u64,
    /// Print the result as one JSON object.
    #[arg(long)]
    pub json: bool,
}

/// Runs the benchmark; exit 1 unless it was fair and complete (see
/// [`super::FairnessReport::fair_and_complete`]), 2 on bad arguments.
pub async fn bench_fairness(config: &Config, a: FairnessArgs) -> anyhow::Result<ExitCode> {
    if !(0.0..1.0).contains(&a.script_share) {
        eprintln!("flashsale: --script-share must be at least 0 and below 1");
        return Ok(ExitCode::from(2));
    }
    let database = super::BenchDatabase::for_run(config, "fairbench");
    let settings = FairnessSettings {
        users: a.users,
        script_share: a.script_share,
        script_attempts: a.script_attempts,
        script_gap_ms: a.script_gap_ms,
        stock: a.stock,
        within_ms: a.within_ms,
        rounds: a.rounds,
        database_url: database.url.clone(),
        redis_url: config.redis_url.as_ref().map(|u| u.expose().to_owned()),
        answer_timeout: Duration::from_secs(a.timeout_secs),
        bot_exe: std::env::current_exe()?,
    };
    let result = run_fairness_bench(&settings).await;
    drop(database);
    let report = result?;
    super::print_report(&report, a.json, |r| r.to_table())?;
    Ok(if report.fair_and_complete() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
