//! What `flashsale bench-telegram` reports: answers and wins read off the fake Bot API,
//! orders read from the store, and press-to-answer latencies.

use std::collections::{HashMap, HashSet};
use std::time::Instant;

use serde::Serialize;

use super::telegram_rounds::{RoundReport, median_of, ratio, sum_of};
use crate::sandbox::Call;

/// The start of the English toast that tells a buyer they won (`buy-won` in locales/en).
pub const WON_TOAST: &str = "You got it";

/// One run of the Telegram path. The first ten fields are the contract. Counts
/// are totals over the run's rounds (`users` and `stock` too, so `answered == users` and
/// `won == orders_in_db == stock` hold for any number of rounds); latencies and seconds are
/// the median round's; CPU per press is the mean over all presses; the ratios are of those.
#[derive(Debug, Clone, Serialize)]
pub struct TelegramBenchReport {
    /// Distinct users over all rounds, each pressing once.
    pub users: u32,
    /// Units on sale over all rounds' sales.
    pub stock: u32,
    /// Distinct presses that got an answerCallbackQuery.
    pub answered: u64,
    /// Presses whose toast said the buyer won.
    pub won: u64,
    /// Units in durable orders for the run's sales.
    pub orders_in_db: u64,
    /// Units in orders beyond each round's stock.
    pub oversold: u64,
    /// From getUpdates handing a press to the bot to its answerCallbackQuery, in ms.
    pub p50_ms: f64,
    pub p99_ms: f64,
    /// The slowest answer of any round.
    pub max_ms: f64,
    /// From the first press pushed to the last answer received.
    pub seconds: f64,
    /// Rounds run; each round's users pressed within `within_ms`.
    pub rounds: u32,
    pub users_per_round: u32,
    pub stock_per_round: u32,
    /// The window the presses were spread over.
    pub within_ms: u64,
    /// Presses answered more than once (must be 0).
    pub answered_twice: u64,
    /// Winners told they won without an order, plus orders whose buyer was not told (must be 0).
    pub told_vs_orders_mismatch: u64,
    /// "embedded" or "redis".
    pub gate: String,
    /// "postgres" or "sqlite".
    pub database: String,
    /// How updates reached the bots: "polling" or "webhook".
    pub delivery: super::telegram_phase::Delivery,
    /// User + system CPU of the bot's process from the first press to the last answer,
    /// per press, in µs.
    pub cpu_us_per_press: f64,
    /// The same for the bare bot (teloxide answering each press with a fixed toast).
    pub baseline_cpu_us_per_press: f64,
    /// Distinct presses the bare bot answered.
    pub baseline_answered: u64,
    /// The bare bot's latencies, measured like the bot's.
    pub baseline_p50_ms: f64,
    pub baseline_p99_ms: f64,
    /// cpu_us_per_press / baseline_cpu_us_per_press (0 when the baseline is 0).
    pub cpu_ratio: f64,
    /// p99_ms / baseline_p99_ms (0 when the baseline is 0).
    pub p99_ratio: f64,
    /// The winners' own latencies (their answer waits for the durable order), in ms.
    pub winners_p50_ms: f64,
    pub winners_max_ms: f64,
    /// The p99 of the presses that did not win.
    pub losers_p99_ms: f64,
    /// True for an A/A run (`--calibrate`): the bare bot ran in the bot's place, so the
    /// ratios are the harness's own spread and nothing was bought.
    pub calibration: bool,
    /// Every round's own figures, in the order they ran.
    pub per_round: Vec<RoundReport>,
}

impl TelegramBenchReport {
    /// The run's report from its rounds (at least one).
    pub(super) fn from_rounds(
        s: &super::TelegramBenchSettings,
        database: &str,
        per_round: Vec<RoundReport>,
    ) -> Self {
        let rounds = per_round.len() as u32;
        let r = per_round.as_slice();
        let median = |f: fn(&RoundReport) -> f64| median_of(r, f);
        let sum = |f: fn(&RoundReport) -> u64| sum_of(r, f);
        let (p99, base_p99) = (median(|x| x.p99_ms), median(|x| x.baseline_p99_ms));
        let mean_cpu = |f: fn(&RoundReport) -> f64| {
            tenths(r.iter().map(f).sum::<f64>() / f64::from(rounds.max(1)))
        };
        let (cpu, base_cpu) = (
            mean_cpu(|x| x.cpu_us_per_press),
            mean_cpu(|x| x.baseline_cpu_us_per_press),
        );
        Self {
            users: s.users.saturating_mul(rounds),
            stock: s.stock.saturating_mul(rounds),
            answered: sum(|x| x.answered),
            won: sum(|x| x.won),
            orders_in_db: sum(|x| x.orders_in_db),
            oversold: sum(|x| x.oversold),
            p50_ms: median(|x| x.p50_ms),
            p99_ms: p99,
            max_ms: r.iter().map(|x| x.max_ms).fold(0.0, f64::max),
            seconds: median(|x| x.seconds),
            rounds,
            users_per_round: s.users,
            stock_per_round: s.stock,
            within_ms: s.within_ms,
            answered_twice: sum(|x| x.answered_twice),
            told_vs_orders_mismatch: sum(|x| x.told_vs_orders_mismatch),
            gate: super::gate_name(s.redis_url.as_deref()),
            database: database.to_owned(),
            delivery: s.delivery,
            cpu_us_per_press: cpu,
            baseline_cpu_us_per_press: base_cpu,
            baseline_answered: sum(|x| x.baseline_answered),
            baseline_p50_ms: median(|x| x.baseline_p50_ms),
            baseline_p99_ms: base_p99,
            cpu_ratio: ratio(cpu, base_cpu),
            p99_ratio: ratio(p99, base_p99),
            winners_p50_ms: median(|x| x.winners_p50_ms),
            winners_max_ms: median(|x| x.winners_max_ms),
            losers_p99_ms: median(|x| x.losers_p99_ms),
            calibration: s.calibrate,
            per_round,
        }
    }

    /// A few human-readable lines.
    pub fn to_table(&self) -> String {
        let mut out = format!(
            "telegram path · {} gate on {} · {} round(s) of {} users within {} ms, stock {} each\n\
             answered {} of {} (twice: {}) · won {} · orders in db {} · oversold {} · told/orders mismatch {}\n\
             median round: handed→answered p50 {} ms · p99 {} ms · {:.2} s first press to last answer · max of all {} ms\n\
             CPU {} µs/press · bare bot ({:?}): answered {}, CPU {} µs/press, p50 {} ms, p99 {} ms · \
             ratios CPU {}×, p99 {}×\n             winners p50 {} ms, max {} ms · the others' p99 {} ms",
            self.gate,
            self.database,
            self.rounds,
            self.users_per_round,
            self.within_ms,
            self.stock_per_round,
            self.answered,
            self.users,
            self.answered_twice,
            self.won,
            self.orders_in_db,
            self.oversold,
            self.told_vs_orders_mismatch,
            self.p50_ms,
            self.p99_ms,
            self.seconds,
            self.max_ms,
            self.cpu_us_per_press,
            self.delivery,
            self.baseline_answered,
            self.baseline_cpu_us_per_press,
            self.baseline_p50_ms,
            self.baseline_p99_ms,
            self.cpu_ratio,
            self.p99_ratio,
            self.winners_p50_ms,
            self.winners_max_ms,
            self.losers_p99_ms
        );
        if self.calibration {
            out.push_str(
                "\n  calibration (A/A): the bare bot ran in the bot's place; \
                 the ratios are the harness's own spread",
            );
        }
        if self.per_round.len() > 1 {
            for (i, r) in self.per_round.iter().enumerate() {
                out.push_str(&format!(
                    "\n  round {} ({} first): p99 {} ms vs bare {} ms ({}×) · CPU {} vs {} µs/press ({}×) · won {}, orders {}",
                    i + 1,
                    if r.bare_first { "bare" } else { "bot" },
                    r.p99_ms,
                    r.baseline_p99_ms,
                    r.p99_ratio,
                    r.cpu_us_per_press,
                    r.baseline_cpu_us_per_press,
                    r.cpu_ratio,
                    r.won,
                    r.orders_in_db
                ));
            }
        }
        out
    }
}

/// The answers to this run's presses, as the fake Bot API saw them.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct AnswerTally {
    /// Distinct presses answered.
    pub answered: u64,
    /// Presses answered more than once.
    pub answered_twice: u64,
    /// Query ids whose toast said the buyer won.
    pub winners: HashSet<String>,
    /// Handed-to-answered latencies in ms, sorted ascending.
    pub latencies_ms: Vec<f64>,
    /// The same, of the winners alone and of the rest, sorted ascending.
    pub winner_latencies_ms: Vec<f64>,
    pub loser_latencies_ms: Vec<f64>,
    /// When the last answer arrived.
    pub last_answer: Option<Instant>,
    /// Each answered press in answer order: when it was handed over, its latency in ms,
    /// and whether it won (for `bench-telegram --latencies`).
    pub presses: Vec<(Instant, f64, bool)>,
}

/// Tallies the answerCallbackQuery `calls` for the presses in `ours`; `handed` says when the
/// fake handed each query to the bot.
pub fn tally_answers(
    calls: &[Call],
    ours: &HashSet<String>,
    handed: impl Fn(&str) -> Option<Instant>,
) -> AnswerTally {
    let mut seen: HashMap<&str, u32> = HashMap::new();
    let mut t = AnswerTally::default();
    for c in calls.iter().filter(|c| c.method == "answercallbackquery") {
        let Some(id) = c.body["callback_query_id"].as_str() else {
            continue;
        };
        let Some(id) = ours.get(id) else { continue };
        let n = seen.entry(id.as_str()).or_default();
        *n += 1;
        if *n > 1 {
            continue;
        }
        let won = c.body["text"]
            .as_str()
            .is_some_and(|text| text.contains(WON_TOAST));
        if won {
            t.winners.insert(id.clone());
        }
        if let Some(at) = handed(id) {
            let ms = c.at.saturating_duration_since(at).as_secs_f64() * 1e3;
            t.latencies_ms.push(ms);
            t.presses.push((at, ms, won));
            if won {
                t.winner_latencies_ms.push(ms);
            } else {
                t.loser_latencies_ms.push(ms);
            }
        }
        t.last_answer = Some(t.last_answer.map_or(c.at, |l| l.max(c.at)));
    }
    t.answered = seen.len() as u64;
    t.answered_twice = seen.values().filter(|n| **n > 1).count() as u64;
    t.latencies_ms.sort_by(f64::total_cmp);
    t.winner_latencies_ms.sort_by(f64::total_cmp);
    t.loser_latencies_ms.sort_by(f64::total_cmp);
    t
}

/// The nearest-rank `p`th percentile of ascending `sorted` values (0 when empty).
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// Rounds to 0.1 ms for the report.
pub fn tenths(ms: f64) -> f64 {
    (ms * 10.0).round() / 10.0
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use serde_json::json;

    use super::*;

    fn answer(id: &str, text: &str, at: Instant) -> Call {
        Call {
            method: "answercallbackquery".into(),
            body: json!({"callback_query_id": id, "text": text}),
            at,
            status: 200,
        }
    }

    #[test]
    fn percentiles_use_the_nearest_rank() {
        let v: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(percentile(&v, 50.0), 50.0);
        assert_eq!(percentile(&v, 99.0), 99.0);
        assert_eq!(percentile(&v, 100.0), 100.0);
        assert_eq!(percentile(&[7.0], 99.0), 7.0);
        assert_eq!(percentile(&[], 50.0), 0.0);
    }

    #[test]
    fn answers_are_counted_once_per_press_and_strangers_are_ignored() {
        let t0 = Instant::now();
        let ours: HashSet<String> = ["a", "b", "c"].map(String::from).into();
        let calls = vec![
            answer(
                "a",
                "🎉 You got it: 1 × X, order #1.",
                t0 + Duration::from_millis(5),
            ),
            answer("b", "😢 X is sold out.", t0 + Duration::from_millis(9)),
            answer("b", "😢 X is sold out.", t0 + Duration::from_millis(12)),
            answer("zz", "🎉 You got it", t0 + Duration::from_millis(20)),
            Call {
                method: "sendmessage".into(),
                body: json!({"text": "You got it"}),
                at: t0,
                status: 200,
            },
        ];
        let t = tally_answers(&calls, &ours, |_| Some(t0));
        assert_eq!((t.answered, t.answered_twice), (2, 1));
        assert_eq!(t.winners, HashSet::from(["a".to_owned()]));
        assert_eq!(t.latencies_ms.len(), 2);
        assert!(
            (t.latencies_ms[0] - 5.0).abs() < 0.5,
            "{:?}",
            t.latencies_ms
        );
        assert_eq!(t.last_answer, Some(t0 + Duration::from_millis(9)));
        assert_eq!(
            (t.winner_latencies_ms.len(), t.loser_latencies_ms.len()),
            (1, 1),
            "a winner's and a loser's latency, each counted once"
        );
        assert!((t.loser_latencies_ms[0] - 9.0).abs() < 0.5);
    }
}
