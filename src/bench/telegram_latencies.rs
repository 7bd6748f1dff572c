//! `bench-telegram --latencies FILE`: every press's timing, one line each, to see *when*
//! in a round the slow presses were handed over (a burst at the start, a stall in the
//! middle), which the percentiles alone do not say.
//!
//! Format: a header line, then `round who handed_ms latency_ms won` per press, where `who`
//! is `bare` or `bot`, `handed_ms` counts from the phase's first press and `won` is 0 or 1.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use anyhow::Context;

use super::telegram_phase::PhaseResult;

/// The open latencies file.
pub(super) struct Timings {
    out: BufWriter<File>,
}

impl Timings {
    /// Creates (or truncates) `path` and writes the header.
    pub(super) fn create(path: &Path) -> anyhow::Result<Self> {
        let file = File::create(path)
            .with_context(|| format!("creating the latencies file {}", path.display()))?;
        let mut out = BufWriter::new(file);
        writeln!(out, "round who handed_ms latency_ms won")?;
        Ok(Self { out })
    }

    /// Appends one phase's presses (`who`: `bare` or `bot`) of `round`, in hand-over order.
    pub(super) fn write(
        &mut self,
        round: u32,
        who: &str,
        phase: &PhaseResult,
    ) -> anyhow::Result<()> {
        let mut presses: Vec<_> = phase.tally.presses.iter().collect();
        presses.sort_by_key(|(handed, ..)| *handed);
        for &(handed, latency_ms, won) in presses {
            let at = handed
                .saturating_duration_since(phase.started)
                .as_secs_f64()
                * 1e3;
            writeln!(
                self.out,
                "{round} {who} {at:.3} {latency_ms:.3} {}",
                u8::from(won)
            )?;
        }
        self.out.flush().context("writing the latencies file")
    }
}
