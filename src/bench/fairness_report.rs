//! What `flashsale bench-fairness` reports, and the process's peak memory.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use super::fairness::FairnessSettings;
use super::telegram_report::tenths;

/// One phase's answers and the humans' answer times.
#[derive(Debug, Clone, Copy, Default)]
pub struct Phase {
    /// Presses pushed.
    pub presses: u64,
    /// Presses answered (at least once).
    pub answered: u64,
    /// Presses answered more than once (must be 0).
    pub answered_twice: u64,
    /// Presses the bot dropped unanswered at the door: their user was refused right then
    /// and had been told how long to wait.
    pub shed: u64,
    /// Humans' presses never answered (must be 0).
    pub humans_unanswered: u64,
    /// Messages the bot sent during the phase (besides the presses' toasts).
    pub messages: u64,
    /// Humans' median press-to-answer time, ms.
    pub p50_ms: f64,
    /// Humans' 99th-percentile press-to-answer time, ms.
    pub p99_ms: f64,
}

/// One run: shares, limits, memory and the humans' answer times with and without scripts.
#[derive(Debug, Clone, Serialize)]
pub struct FairnessReport {
    /// Users in the phase with scripts, humans among them, scripts among them.
    pub users: u32,
    pub humans: u32,
    pub scripts: u32,
    /// Attempts each script fired.
    pub script_attempts: u32,
    /// Units on sale in each phase, and the per-user limit.
    pub stock: u32,
    pub per_user_limit: u32,
    /// Presses pushed in both phases, how many got an answer (and more than one), how many
    /// the bot dropped at the door (their user refused right then), and humans' presses
    /// left unanswered.
    pub presses: u64,
    pub answered: u64,
    pub answered_twice: u64,
    pub shed: u64,
    pub humans_unanswered: u64,
    /// Messages sent during the phase with scripts, besides the toasts.
    pub messages_with_bots: u64,
    /// Humans / users in the phase with scripts.
    pub human_user_share: f64,
    /// Human winners / winners, and human units / units sold, with scripts.
    pub human_win_share: f64,
    pub human_unit_share: f64,
    pub winners: u64,
    pub human_winners: u64,
    pub human_units: u64,
    pub script_units: u64,
    /// Rounds of (humans alone, humans with scripts); answer times are pooled across them.
    pub rounds: u32,
    /// Most units any one user holds (at most the per-user limit).
    pub max_units_per_user: u64,
    /// Units sold beyond the stock, in either phase.
    pub oversold: u64,
    /// Humans' press-to-answer times without and with scripts, and the p99 ratio.
    pub p50_humans_no_bots_ms: f64,
    pub p99_humans_no_bots_ms: f64,
    pub p50_humans_with_bots_ms: f64,
    pub p99_humans_with_bots_ms: f64,
    pub p99_ratio: f64,
    /// Peak resident memory of the bot's process (`flashsale serve`).
    pub rss_peak_mb: f64,
    /// Peak resident memory of the benchmark's own process (fake Bot API, load generator).
    pub harness_rss_peak_mb: f64,
    pub seconds: f64,
    pub gate: String,
    pub database: String,
}

impl FairnessReport {
    /// Puts the figures together.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        s: &FairnessSettings,
        (humans, scripts): (u32, u32),
        phases: &[Phase],
        units: &HashMap<i64, u64>,
        human_ids: &HashSet<i64>,
        oversold: u64,
        (rss_peak_mb, harness_rss_peak_mb): (f64, f64),
        seconds: f64,
        database: &str,
    ) -> Self {
        let quiet = phases.first().copied().unwrap_or_default();
        let rush = phases.get(1).copied().unwrap_or_default();
        let sold: u64 = units.values().sum();
        let human_units: u64 = units
            .iter()
            .filter(|(u, _)| human_ids.contains(u))
            .map(|(_, n)| n)
            .sum();
        let human_winners = units.keys().filter(|u| human_ids.contains(u)).count() as u64;
        let share = |a: u64, b: u64| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        let round = |x: f64| (x * 10_000.0).round() / 10_000.0;
        Self {
            users: humans + scripts,
            humans,
            scripts,
            script_attempts: s.script_attempts,
            stock: s.stock,
            per_user_limit: 1,
            presses: quiet.presses + rush.presses,
            answered: quiet.answered + rush.answered,
            answered_twice: quiet.answered_twice + rush.answered_twice,
            shed: quiet.shed + rush.shed,
            humans_unanswered: quiet.humans_unanswered + rush.humans_unanswered,
            messages_with_bots: rush.messages,
            human_user_share: round(share(u64::from(humans), u64::from(humans + scripts))),
            human_win_share: round(share(human_winners, units.len() as u64)),
            human_unit_share: round(share(human_units, sold)),
            winners: units.len() as u64,
            human_winners,
            human_units,
            rounds: s.rounds,
            script_units: sold - human_units,
            max_units_per_user: units.values().copied().max().unwrap_or(0),
            oversold,
            p50_humans_no_bots_ms: tenths(quiet.p50_ms),
            p99_humans_no_bots_ms: tenths(quiet.p99_ms),
            p50_humans_with_bots_ms: tenths(rush.p50_ms),
            p99_humans_with_bots_ms: tenths(rush.p99_ms),
            p99_ratio: if quiet.p99_ms > 0.0 {
                (rush.p99_ms / quiet.p99_ms * 100.0).round() / 100.0
            } else {
                0.0
            },
            rss_peak_mb: tenths(rss_peak_mb),
            harness_rss_peak_mb: tenths(harness_rss_peak_mb),
            seconds: tenths(seconds),
            gate: super::gate_name(s.redis_url.as_deref()),
            database: database.to_owned(),
        }
    }

    /// A few human-readable lines.
    pub fn to_table(&self) -> String {
        format!(
            "fairness · {} gate on {} · {} round(s) of {} users ({} scripts × {} attempts), stock {}\n\
             humans: {:.1}% of users, {:.1}% of winners, {:.1}% of units · max units per user {} · oversold {}\n\
             {} presses: {} answered (twice: {}), {} dropped at the door (user refused), humans unanswered {}\n\
             {} messages besides toasts with scripts · peak RSS: bot {} MB, bench {} MB · {} s\n\
             humans' p99: {} ms alone, {} ms with scripts (×{})",
            self.gate,
            self.database,
            self.rounds,
            self.users,
            self.scripts,
            self.script_attempts,
            self.stock,
            self.human_user_share * 100.0,
            self.human_win_share * 100.0,
            self.human_unit_share * 100.0,
            self.max_units_per_user,
            self.oversold,
            self.presses,
            self.answered,
            self.answered_twice,
            self.shed,
            self.humans_unanswered,
            self.messages_with_bots,
            self.rss_peak_mb,
            self.harness_rss_peak_mb,
            self.seconds,
            self.p99_humans_no_bots_ms,
            self.p99_humans_with_bots_ms,
            self.p99_ratio
        )
    }

    /// The correctness part: every press answered once or dropped at the door (every
    /// human's answered), none twice, nobody over the limit, no oversell, humans' share of
    /// winners and of units no worse than their share of users (to within one).
    pub fn fair_and_complete(&self) -> bool {
        self.answered + self.shed == self.presses
            && self.humans_unanswered == 0
            && self.answered_twice == 0
            && self.max_units_per_user <= u64::from(self.per_user_limit)
            && self.oversold == 0
            && self.short_of_share(self.human_winners, self.winners) < 1.0
            && self.short_of_share(self.human_units, self.human_units + self.script_units) < 1.0
    }

    /// How many of `of` humans fall short of their share of users (a share of 999 units
    /// cannot be met to the fraction: less than one short is fair).
    fn short_of_share(&self, got: u64, of: u64) -> f64 {
        self.human_user_share * of as f64 - got as f64
    }
}

/// This process's peak resident memory in MB (`VmHWM`; 0 off Linux).
pub fn vm_hwm_mb() -> f64 {
    vm_hwm_mb_of("/proc/self/status")
}

/// The peak resident memory in MB in a `/proc/<pid>/status` file (0 when unreadable).
pub fn vm_hwm_mb_of(status: &str) -> f64 {
    std::fs::read_to_string(status)
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

#[cfg(test)]
mod tests {
    #[test]
    fn peak_memory_is_read_on_linux() {
        if cfg!(target_os = "linux") {
            assert!(super::vm_hwm_mb() > 0.0);
        }
    }
}
