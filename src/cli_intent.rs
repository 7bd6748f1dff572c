//! `flashsale intent`: customer text in, one `{"intent","sale","quantity","confidence"}` JSON
//! line out; with `--eval FILE`, the parser's scores on a labelled file.

use std::io::{BufRead, Write};
use std::process::ExitCode;

use anyhow::Context;

use crate::app::catalog_entry;
use crate::cli::IntentArgs;
use crate::clock::{Clock, SystemClock};
use crate::config::Config;
use crate::nlu::{CatalogEntry, IntentParser, eval, to_json_line};
use crate::store::Store;

/// Parses the TEXT argument, or every stdin line, against the catalog file or the store.
pub async fn run(config: &Config, args: IntentArgs) -> anyhow::Result<ExitCode> {
    let catalog = match &args.catalog {
        Some(path) => {
            let raw = std::fs::read_to_string(path)
                .with_context(|| format!("reading the catalog {}", path.display()))?;
            serde_json::from_str::<Vec<CatalogEntry>>(&raw).with_context(|| {
                format!(
                    "{} is not a JSON array of {{\"id\", \"title\", \"keywords\"}}",
                    path.display()
                )
            })?
        }
        None => {
            let store = Store::open(&config.database_url, 2)
                .await
                .context("opening DATABASE_URL for the current sales")?;
            let sales = store.current_sales(SystemClock.now()).await?;
            sales.iter().map(catalog_entry).collect()
        }
    };
    let parser = IntentParser::new(catalog);
    if let Some(path) = &args.eval {
        let raw = std::fs::read_to_string(path)
            .with_context(|| format!("reading the labelled file {}", path.display()))?;
        let cases =
            eval::read_labelled(&raw).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        let report = eval::evaluate(&parser, &cases);
        print!("{}", report.render(args.misses));
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = std::io::stdout().lock();
    if !args.text.is_empty() {
        writeln!(out, "{}", to_json_line(&parser.parse(&args.text.join(" "))))?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut input = std::io::stdin().lock();
    let mut raw = Vec::new();
    loop {
        raw.clear();
        if input.read_until(b'\n', &mut raw)? == 0 {
            break;
        }
        let line = String::from_utf8_lossy(&raw);
        let text = line.trim_end_matches(['\n', '\r']);
        writeln!(out, "{}", to_json_line(&parser.parse(text)))?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// `flashsale nlu train`: corpus in, model file out; prints how many messages it learned from.
pub fn train(corpus: &std::path::Path, out: &std::path::Path) -> anyhow::Result<ExitCode> {
    let raw = std::fs::read_to_string(corpus)
        .with_context(|| format!("reading the corpus {}", corpus.display()))?;
    let cases =
        eval::read_labelled(&raw).map_err(|e| anyhow::anyhow!("{}: {e}", corpus.display()))?;
    let model = crate::nlu::train(&cases);
    std::fs::write(out, &model).with_context(|| format!("writing {}", out.display()))?;
    println!(
        "trained on {} messages; wrote {} ({} bytes)",
        cases.len(),
        out.display(),
        model.len()
    );
    Ok(ExitCode::SUCCESS)
}
