//! The rounds of one `flashsale bench-telegram` run: each round puts the bare bot and the
//! bot on their own sale and presses, in alternating order (bare first, then bot first, …),
//! and the run reports the median round, so a few seconds of a shared machine's noise land
//! on one round instead of deciding the ratio.

use std::collections::HashSet;

use serde::Serialize;

use super::telegram_phase::{PhaseResult, Press};
use super::telegram_report::{percentile, tenths};

/// One round's figures, measured like the run's: a bare phase and a bot phase on one sale.
#[derive(Debug, Clone, Serialize)]
pub struct RoundReport {
    /// Whether the bare bot ran before the bot in this round.
    pub bare_first: bool,
    pub answered: u64,
    pub won: u64,
    pub orders_in_db: u64,
    pub oversold: u64,
    pub answered_twice: u64,
    pub told_vs_orders_mismatch: u64,
    pub baseline_answered: u64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    pub seconds: f64,
    pub baseline_p50_ms: f64,
    pub baseline_p99_ms: f64,
    pub cpu_us_per_press: f64,
    pub baseline_cpu_us_per_press: f64,
    pub cpu_ratio: f64,
    pub p99_ratio: f64,
    pub winners_p50_ms: f64,
    pub winners_max_ms: f64,
    pub losers_p99_ms: f64,
}

/// What the store held for a round's sale after its bot phase.
pub(super) struct RoundOrders {
    /// Units in orders for the sale.
    pub units: u64,
    /// The users with an order for the sale.
    pub buyers: HashSet<i64>,
}

impl RoundReport {
    /// One round's report from its two phases on `users` presses for `stock` units, the
    /// store's orders and the `presses` made (who pressed which query).
    pub(super) fn measure(
        bare_first: bool,
        (users, stock): (u32, u32),
        base: &PhaseResult,
        bot: &PhaseResult,
        orders: &RoundOrders,
        presses: &[Press],
    ) -> Self {
        let tally = &bot.tally;
        let winners: HashSet<i64> = presses
            .iter()
            .filter(|p| tally.winners.contains(&p.query))
            .map(|p| p.user)
            .collect();
        let presses = f64::from(users.max(1));
        let lat = &tally.latencies_ms;
        let per_press = |cpu: f64| tenths(cpu * 1e6 / presses);
        let (cpu_us, base_cpu_us) = (per_press(bot.cpu_secs), per_press(base.cpu_secs));
        let (p99, base_p99) = (
            tenths(percentile(lat, 99.0)),
            tenths(percentile(&base.tally.latencies_ms, 99.0)),
        );
        Self {
            bare_first,
            answered: tally.answered,
            won: tally.winners.len() as u64,
            orders_in_db: orders.units,
            oversold: orders.units.saturating_sub(u64::from(stock)),
            answered_twice: tally.answered_twice,
            told_vs_orders_mismatch: winners.symmetric_difference(&orders.buyers).count() as u64,
            baseline_answered: base.tally.answered,
            p50_ms: tenths(percentile(lat, 50.0)),
            p99_ms: p99,
            max_ms: tenths(lat.last().copied().unwrap_or(0.0)),
            seconds: tally.last_answer.map_or(0.0, |l| {
                l.saturating_duration_since(bot.started).as_secs_f64()
            }),
            baseline_p50_ms: tenths(percentile(&base.tally.latencies_ms, 50.0)),
            baseline_p99_ms: base_p99,
            cpu_us_per_press: cpu_us,
            baseline_cpu_us_per_press: base_cpu_us,
            cpu_ratio: ratio(cpu_us, base_cpu_us),
            p99_ratio: ratio(p99, base_p99),
            winners_p50_ms: tenths(percentile(&tally.winner_latencies_ms, 50.0)),
            winners_max_ms: tenths(tally.winner_latencies_ms.last().copied().unwrap_or(0.0)),
            losers_p99_ms: tenths(percentile(&tally.loser_latencies_ms, 99.0)),
        }
    }
}

/// The median of one figure over the rounds (the mean of the middle two for an even count;
/// 0 for none).
pub(super) fn median_of(rounds: &[RoundReport], figure: impl Fn(&RoundReport) -> f64) -> f64 {
    let mut v: Vec<f64> = rounds.iter().map(figure).collect();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    match n {
        0 => 0.0,
        _ if n % 2 == 1 => v[n / 2],
        _ => tenths((v[n / 2 - 1] + v[n / 2]) / 2.0),
    }
}

/// The sum of one count over the rounds.
pub(super) fn sum_of(rounds: &[RoundReport], count: impl Fn(&RoundReport) -> u64) -> u64 {
    rounds.iter().map(count).sum()
}

/// `a / b` to two decimals (0 when `b` is 0).
pub(super) fn ratio(a: f64, b: f64) -> f64 {
    if b > 0.0 {
        (a / b * 100.0).round() / 100.0
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round(p99: f64, base_p99: f64) -> RoundReport {
        RoundReport {
            bare_first: true,
            answered: 10,
            won: 1,
            orders_in_db: 1,
            oversold: 0,
            answered_twice: 0,
            told_vs_orders_mismatch: 0,
            baseline_answered: 10,
            p50_ms: 1.0,
            p99_ms: p99,
            max_ms: p99,
            seconds: 1.0,
            baseline_p50_ms: 1.0,
            baseline_p99_ms: base_p99,
            cpu_us_per_press: 1.0,
            baseline_cpu_us_per_press: 1.0,
            cpu_ratio: 1.0,
            p99_ratio: ratio(p99, base_p99),
            winners_p50_ms: 1.0,
            winners_max_ms: 1.0,
            losers_p99_ms: 1.0,
        }
    }

    #[test]
    fn the_median_round_decides_and_one_noisy_round_does_not() {
        let rounds = [round(20.0, 10.0), round(90.0, 10.0), round(18.0, 12.0)];
        assert_eq!(median_of(&rounds, |r| r.p99_ms), 20.0);
        assert_eq!(median_of(&rounds, |r| r.baseline_p99_ms), 10.0);
        assert_eq!(median_of(&rounds[..2], |r| r.p99_ms), 55.0);
        assert_eq!(median_of(&[], |r| r.p99_ms), 0.0);
        assert_eq!(sum_of(&rounds, |r| r.answered), 30);
    }

    #[test]
    fn ratios_round_to_two_decimals_and_a_zero_baseline_gives_zero() {
        assert_eq!(ratio(2.0, 3.0), 0.67);
        assert_eq!(ratio(5.0, 0.0), 0.0);
    }
}
