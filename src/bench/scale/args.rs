//! `flashsale bench-scale` arguments and the command itself.

use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;

use super::{ScaleSettings, run_scale_bench};
use crate::config::Config;

/// `flashsale bench-scale` arguments.
#[derive(Debug, clap::Args)]
pub struct ScaleArgs {
    /// How many `flashsale serve` processes to start (webhook mode).
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=8))]
    pub instances: u32,
    /// Distinct users; each presses Buy once.
    #[arg(long, default_value_t = 3_000, value_parser = clap::value_parser!(u32).range(1..=200_000))]
    pub users: u32,
    /// Units on sale (per-user limit 1).
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..=200_000))]
    pub stock: u32,
    /// Messages one user sends across all instances to test the shared limit.
    #[arg(long, default_value_t = 60, value_parser = clap::value_parser!(u32).range(0..=10_000))]
    pub hammer: u32,
    /// Print the result as one JSON object.
    #[arg(long)]
    pub json: bool,
}

/// Runs `bench-scale` on `DATABASE_URL` and `REDIS_URL` (both required).
pub async fn run_cli(config: &Config, args: ScaleArgs) -> anyhow::Result<ExitCode> {
    let redis_url = config
        .redis_url
        .clone()
        .context("bench-scale needs REDIS_URL (the instances share one Redis)")?;
    let settings = ScaleSettings {
        exe: std::env::current_exe().context("this executable's path")?,
        instances: args.instances as usize,
        users: args.users,
        stock: args.stock,
        hammer: args.hammer,
        messages_per_min: 20,
        database_url: config.database_url.expose().to_owned(),
        redis_url: redis_url.expose().to_owned(),
        timeout: Duration::from_secs(120),
        sold_out_memo: config.sold_out_memo,
    };
    let report = run_scale_bench(&settings).await?;
    if args.json {
        println!("{}", serde_json::to_string(&report)?);
    } else {
        println!("{}", serde_json::to_string_pretty(&report)?);
    }
    let exact = report.won == u64::from(report.stock.min(report.users))
        && report.orders_in_db == report.won
        && report.told_vs_orders_mismatch == 0;
    Ok(if exact {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
