//! The command line: `flashsale [chat] | web | intent | migrate | bench | bench-telegram |
//! bench-announce | bench-fairness | bench-scale | bench-shards | plot | reconcile`.

use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use clap::{Parser, Subcommand};

use crate::bench::{
    BenchBackend, BenchSettings, TelegramBenchSettings, run_bench, run_telegram_bench,
};
use crate::clock::{Clock, SystemClock};
use crate::config::Config;
use crate::orders::reconcile;
use crate::store::Store;

/// flashsale: limited-time flash sales in Telegram, with a stock gate that never oversells.
#[derive(Debug, Parser)]
#[command(name = "flashsale", version, about, args_override_self = true)]
pub struct Cli {
    /// What to do; with none, the local chat.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// What to do.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Chat with the bot in this terminal as a customer (the default; demo sales included).
    Chat,
    /// Run the bot on Telegram (needs TELEGRAM_BOT_TOKEN): long polling, or a webhook with
    /// WEBHOOK_URL; /healthz on HTTP_ADDR.
    Serve {
        /// Seed the demo sales (an upcoming, a live and a sold-out sale) for trying the bot.
        #[arg(long)]
        demo: bool,
    },
    /// Serve the Mini App on localhost for a demo user (no Telegram needed): prints the URL
    /// to open; GET / redirects to it.
    Web(crate::miniapp::local::WebArgs),
    /// Parse customer messages and print one JSON line each: {"intent","sale","quantity"}.
    Intent(IntentArgs),
    /// The intent model: `nlu train` retrains it from the labelled corpus.
    #[command(subcommand)]
    Nlu(NluCommand),
    /// Apply database migrations to DATABASE_URL and exit.
    Migrate,
    /// Run a simulated sale through the real gate and order writer and report the figures.
    Bench(BenchArgs),
    /// Run the real bot against an in-process fake Bot API while N users press Buy at once.
    BenchTelegram(BenchTelegramArgs),
    /// The bare bot `bench-telegram` measures against (teloxide answering each press with a
    /// fixed toast); run by the benchmark as its own process.
    #[command(hide = true)]
    BenchBareBot,
    /// Send one announcement to N subscribers through the outbox against an in-process fake
    /// Bot API at a configured rate; report the time against the ideal N / rate.
    BenchAnnounce(crate::bench::BenchAnnounceArgs),
    /// Start several `serve` processes (webhook mode, one Redis, one database) and stampede them.
    BenchScale(crate::bench::scale::ScaleArgs),
    /// Simulate one hot sale's stock split into K buckets on K Redis shards: fairness cost.
    BenchShards(crate::bench::shards::ShardArgs),
    /// Draw the benchmark plot (throughput and p99 against concurrency) from JSON lines.
    Plot(crate::chart::PlotArgs),
    /// Humans and scripts press Buy through the real bot (limits on): shares, memory, p99.
    BenchFairness(crate::bench::FairnessArgs),
    /// Compare the gate with the store for every current sale; print the drift.
    Reconcile {
        /// Rebuild drifted gate state from the store (run when the sale is quiet).
        #[arg(long)]
        repair: bool,
        /// Print one JSON object per sale.
        #[arg(long)]
        json: bool,
    },
}

/// `flashsale intent` arguments (a public contract, documented in docs/operations.md).
#[derive(Debug, clap::Args)]
pub struct IntentArgs {
    /// JSON array of {"id","title","keywords"}; without it, the current sales in DATABASE_URL.
    #[arg(long)]
    pub catalog: Option<std::path::PathBuf>,
    /// Score the parser on a labelled JSONL file instead (exact accuracy, per language,
    /// confusion table, false buys).
    #[arg(long, value_name = "FILE")]
    pub eval: Option<std::path::PathBuf>,
    /// With --eval: also list every wrong message.
    #[arg(long, requires = "eval")]
    pub misses: bool,
    /// The message; without it, one message per line is read from stdin.
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    pub text: Vec<String>,
}

/// `flashsale nlu ...`.
#[derive(Debug, Subcommand)]
pub enum NluCommand {
    /// Train the intent model on the corpus and write the model file (deterministic).
    Train {
        /// Labelled JSONL corpus.
        #[arg(long, default_value = "data/nlu/corpus.jsonl")]
        corpus: std::path::PathBuf,
        /// Where the model goes (embedded at the next build).
        #[arg(long, default_value = "data/nlu/intent-model.txt")]
        out: std::path::PathBuf,
    },
}

/// `flashsale bench` arguments (a public contract, documented in docs/operations.md).
#[derive(Debug, clap::Args)]
pub struct BenchArgs {
    /// Which purchase path to drive.
    #[arg(long, value_enum)]
    pub backend: BenchBackend,
    /// Distinct buyers; each tries once (plus retries and duplicates).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=10_000_000))]
    pub buyers: u32,
    /// Units on sale.
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=10_000_000))]
    pub stock: u32,
    /// Most units one buyer may hold (at most the stock).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=1_000))]
    pub per_user_limit: u32,
    /// Buyers' requests in flight at once.
    #[arg(long, default_value_t = 64, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub concurrency: u32,
    /// Share of buyers who try a second time with a new request.
    #[arg(long, default_value_t = 0.1)]
    pub retry_share: f64,
    /// Share of buyers whose first request is delivered twice.
    #[arg(long, default_value_t = 0.05)]
    pub duplicate_share: f64,
    /// Seed for the order of attempts.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Print the result as one JSON object.
    #[arg(long)]
    pub json: bool,
}

/// `flashsale bench-telegram` arguments.
#[derive(Debug, clap::Args)]
pub struct BenchTelegramArgs {
    /// Distinct users; each presses a Buy button signed for them once.
    #[arg(long, default_value_t = 10_000, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub users: u32,
    /// Units on sale (per-user limit 1).
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub stock: u32,
    /// Spread the presses evenly over this many milliseconds (0: all at once).
    #[arg(long, default_value_t = 1_000, value_parser = clap::value_parser!(u64).range(0..=600_000))]
    pub within_ms: u64,
    /// How updates reach the bot and the bare baseline.
    #[arg(long, value_enum, default_value_t = crate::bench::Delivery::Polling)]
    pub delivery: crate::bench::Delivery,
    /// Give up waiting for answers this many seconds after the last press.
    #[arg(long, default_value_t = 120, value_parser = clap::value_parser!(u64).range(1..=3_600))]
    pub timeout_secs: u64,
    /// Rounds, each with its own sale and users, the bare bot and the bot in alternating
    /// order; latencies are the median round's.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=9))]
    pub rounds: u32,
    /// Also write every press's timing to this file: `round who handed_ms latency_ms won`.
    #[arg(long, value_name = "FILE")]
    pub latencies: Option<std::path::PathBuf>,
    /// Run the bare bot in the bot's place too (A/A): the ratios are then the harness's own
    /// spread for two identical bots on this machine; nothing is bought.
    #[arg(long)]
    pub calibrate: bool,
    /// Print the result as one JSON object.
    #[arg(long)]
    pub json: bool,
}

/// Resolves on Ctrl-C or SIGTERM: the only place the process listens for signals.
async fn stop_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = term => {}
    }
}

/// Runs a parsed command with a checked configuration.
pub async fn run(cli: Cli, config: Config) -> ExitCode {
    let result = match cli.command {
        None | Some(Command::Chat) => crate::chat::run(&config).await.map(|()| ExitCode::SUCCESS),
        Some(Command::Intent(args)) => crate::cli_intent::run(&config, args).await,
        Some(Command::Nlu(NluCommand::Train { corpus, out })) => {
            crate::cli_intent::train(&corpus, &out)
        }
        Some(Command::Serve { demo }) => serve(&config, demo).await,
        Some(Command::Web(args)) => crate::miniapp::local::run(&config, args, stop_signal())
            .await
            .map(|()| ExitCode::SUCCESS),
        Some(Command::Migrate) => migrate(&config).await,
        Some(Command::Bench(args)) => bench(&config, args).await,
        Some(Command::BenchTelegram(args)) => bench_telegram(&config, args).await,
        Some(Command::BenchBareBot) => crate::bench::run_bare_bot(&config)
            .await
            .map(|()| ExitCode::SUCCESS),
        Some(Command::BenchAnnounce(args)) => crate::bench::bench_announce(&config, args).await,
        Some(Command::BenchScale(args)) => crate::bench::scale::run_cli(&config, args).await,
        Some(Command::BenchShards(args)) => crate::bench::shards::run_cli(&args),
        Some(Command::Plot(args)) => crate::chart::run_plot_cli(&args),
        Some(Command::BenchFairness(args)) => crate::bench::bench_fairness(&config, args).await,
        Some(Command::Reconcile { repair, json }) => reconcile_cmd(&config, repair, json).await,
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("flashsale: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(config: &Config, demo: bool) -> anyhow::Result<ExitCode> {
    let http = tokio::net::TcpListener::bind(config.http_addr)
        .await
        .with_context(|| format!("HTTP_ADDR: cannot listen on {}", config.http_addr))?;
    let metrics = match config.metrics_addr {
        Some(addr) => Some(
            tokio::net::TcpListener::bind(addr)
                .await
                .with_context(|| format!("METRICS_ADDR: cannot listen on {addr}"))?,
        ),
        None => None,
    };
    crate::telegram::serve::serve_with_metrics_port(config, demo, http, metrics, stop_signal())
        .await?;
    Ok(ExitCode::SUCCESS)
}

async fn migrate(config: &Config) -> anyhow::Result<ExitCode> {
    let store = Store::connect(&config.database_url, 2)
        .await
        .context("connecting to DATABASE_URL")?;
    let applied = store.migrate().await?;
    println!("migrations applied: {applied} new");
    Ok(ExitCode::SUCCESS)
}

async fn bench(config: &Config, a: BenchArgs) -> anyhow::Result<ExitCode> {
    if a.per_user_limit > a.stock {
        eprintln!(
            "flashsale: --per-user-limit ({}) must not exceed --stock ({})",
            a.per_user_limit, a.stock
        );
        return Ok(ExitCode::from(2));
    }
    if !(0.0..=1.0).contains(&a.retry_share) || !(0.0..=1.0).contains(&a.duplicate_share) {
        eprintln!("flashsale: --retry-share and --duplicate-share must be between 0 and 1");
        return Ok(ExitCode::from(2));
    }
    // Never mix benchmark sales into the local chat's database.
    let database = crate::bench::BenchDatabase::for_run(config, "bench");
    let settings = BenchSettings {
        backend: a.backend,
        buyers: a.buyers,
        stock: a.stock,
        per_user_limit: a.per_user_limit,
        concurrency: a.concurrency,
        retry_share: a.retry_share,
        duplicate_share: a.duplicate_share,
        redis_url: config
            .redis_url
            .as_ref()
            .map_or("redis://127.0.0.1:6379", |u| u.expose())
            .to_owned(),
        database_url: database.url.clone(),
        seed: a.seed,
    };
    let report = run_bench(&settings).await?;
    crate::bench::print_report(&report, a.json, |r| r.to_table())?;
    Ok(ExitCode::SUCCESS)
}

async fn bench_telegram(config: &Config, a: BenchTelegramArgs) -> anyhow::Result<ExitCode> {
    // Never mix benchmark sales into the local chat's database: a temporary SQLite file
    // unless DATABASE_URL is set explicitly.
    let database = crate::bench::BenchDatabase::for_run(config, "tgbench");
    let settings = TelegramBenchSettings {
        exe: std::env::current_exe().context("locating the flashsale executable")?,
        delivery: a.delivery,
        users: a.users,
        stock: a.stock,
        within_ms: a.within_ms,
        database_url: database.url.clone(),
        redis_url: config.redis_url.as_ref().map(|u| u.expose().to_owned()),
        answer_timeout: std::time::Duration::from_millis(a.within_ms)
            + std::time::Duration::from_secs(a.timeout_secs),
        rounds: a.rounds,
        latencies: a.latencies,
        calibrate: a.calibrate,
    };
    let result = run_telegram_bench(&settings).await;
    drop(database);
    let report = result?;
    crate::bench::print_report(&report, a.json, |r| r.to_table())?;
    let complete = report.answered == u64::from(report.users)
        && report.baseline_answered == u64::from(report.users)
        && report.oversold == 0
        && report.answered_twice == 0
        && report.told_vs_orders_mismatch == 0;
    Ok(if complete {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

async fn reconcile_cmd(config: &Config, repair: bool, json: bool) -> anyhow::Result<ExitCode> {
    let store = Store::open(&config.database_url, 4)
        .await
        .context("opening DATABASE_URL")?;
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    // Without REDIS_URL the gate lives inside the bot process: only the store's own
    // counters are checked here.
    let gate = crate::app::build_gate(config, clock.clone(), &store).await?;
    let drifts = reconcile(&store, gate.as_ref(), clock.now(), repair).await?;
    let drifted = drifts.iter().filter(|d| d.drifted()).count();
    for d in &drifts {
        if json {
            println!("{}", serde_json::to_string(d)?);
        } else {
            let gate = d
                .gate_remaining
                .map_or_else(|| "not loaded".to_owned(), |g| g.to_string());
            let status = match (d.drifted(), d.repaired) {
                (false, _) => "ok",
                (true, true) => "DRIFT (repaired)",
                (true, false) => "DRIFT",
            };
            println!(
                "sale {:>6}  stock {:>7}  store remaining {:>7}  gate remaining {:>10}  {status}  {}",
                d.sale, d.stock, d.store_remaining, gate, d.title
            );
        }
    }
    if !json {
        println!("{} sales checked, {drifted} drifted", drifts.len());
    }
    Ok(if drifted > 0 && !repair {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
