//! The `flashsale` binary: parse the command line, check the configuration, run.

use std::process::ExitCode;

use clap::Parser;
use flashsale::cli::{Cli, Command, run};
use flashsale::config::Config;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let config = match Config::from_env() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("flashsale: configuration error: {e}");
            return ExitCode::from(2);
        }
    };
    // A benchmark logs only problems unless RUST_LOG says otherwise: per-order lines would
    // distort its figures.
    let default_level = match cli.command {
        Some(
            Command::Bench(_)
            | Command::BenchTelegram(_)
            | Command::BenchBareBot
            | Command::BenchAnnounce(_)
            | Command::BenchScale(_)
            | Command::BenchFairness(_),
        ) => "warn,sqlx=error",
        // The chat and the intent parser print to the terminal; only problems are logged.
        None | Some(Command::Chat | Command::Intent(_)) => "warn,sqlx=error",
        _ => "info",
    };
    flashsale::telemetry::init(config.log_format, default_level);
    run(cli, config).await
}
