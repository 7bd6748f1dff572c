//! `flashsale plot`: JSON lines of benchmark runs in, the benchmark plot PNG out.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;

use super::{BenchPoint, draw_bench_plot};

/// `flashsale plot` arguments.
#[derive(Debug, clap::Args)]
pub struct PlotArgs {
    /// JSON lines, each with backend, concurrency, decisions_per_sec and p99_us.
    #[arg(long)]
    pub input: PathBuf,
    /// Where to write the PNG.
    #[arg(long)]
    pub output: PathBuf,
    /// The plot's title.
    #[arg(
        long,
        default_value = "flashsale bench: throughput and p99 against concurrency"
    )]
    pub title: String,
}

/// Reads the runs, draws, writes the file.
pub fn run_cli(args: &PlotArgs) -> anyhow::Result<ExitCode> {
    let text = std::fs::read_to_string(&args.input)
        .with_context(|| format!("reading {}", args.input.display()))?;
    let points = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(serde_json::from_str::<BenchPoint>)
        .collect::<Result<Vec<_>, _>>()
        .context(
            "each line must be a JSON run with backend, concurrency, decisions_per_sec, p99_us",
        )?;
    anyhow::ensure!(!points.is_empty(), "no runs in {}", args.input.display());
    let png = draw_bench_plot(&points, &args.title)?;
    std::fs::write(&args.output, png)
        .with_context(|| format!("writing {}", args.output.display()))?;
    Ok(ExitCode::SUCCESS)
}
