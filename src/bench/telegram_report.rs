//! What `flashsale bench-telegram` reports: answers and wins read off the fake Bot API,
//! orders read from the store, and press-to-answer latencies.

use std::collections::{HashMap, HashSet};
use std::time::Instant;

use serde::Serialize;

use crate::sandbox::Call;

/// The start of the English toast that tells a buyer they won (`buy-won` in locales/en).
pub const WON_TOAST: &str = "You got it";

/// One run of the Telegram path. The first ten fields are the contract.
#[derive(Debug, Clone, Serialize)]
pub struct TelegramBenchReport {
    pub users: u32,
    pub stock: u32,
    /// Distinct presses that got an answerCallbackQuery.
    pub answered: u64,
    /// Presses whose toast said the buyer won.
    pub won: u64,
    /// Units in durable orders for the run's sale.
    pub orders_in_db: u64,
    /// Units in orders beyond the stock.
    pub oversold: u64,
    /// From getUpdates handing a press to the bot to its answerCallbackQuery, in ms.
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    /// From the first press pushed to the last answer received.
    pub seconds: f64,
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
}

impl TelegramBenchReport {
    /// A few human-readable lines.
    pub fn to_table(&self) -> String {
        format!(
            "telegram path · {} gate on {} · {} users within {} ms, stock {}\n\
             answered {} (twice: {}) · won {} · orders in db {} · oversold {} · told/orders mismatch {}\n\
             handed→answered p50 {} ms · p99 {} ms · max {} ms · {:.2} s first press to last answer\n\
             CPU {} µs/press · bare bot ({:?}): answered {}, CPU {} µs/press, p50 {} ms, p99 {} ms · \
             ratios CPU {}×, p99 {}×\n             winners p50 {} ms, max {} ms · the others' p99 {} ms",
            self.gate,
            self.database,
            self.users,
            self.within_ms,
            self.stock,
            self.answered,
            self.answered_twice,
            self.won,
            self.orders_in_db,
            self.oversold,
            self.told_vs_orders_mismatch,
            self.p50_ms,
            self.p99_ms,
            self.max_ms,
            self.seconds,
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
        )
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
