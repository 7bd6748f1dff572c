//! Scoring the parser on a labelled JSONL file: exact accuracy, per language, confusion, false buys.

use std::fmt::Write as _;

use serde::Deserialize;

use super::model::{Intent, Lang};
use super::parser::IntentParser;

/// One labelled message (`{"text", "intent", "sale", "quantity"}`, optional `lang`).
#[derive(Debug, Clone, Deserialize)]
pub struct Labelled {
    /// The customer's message.
    pub text: String,
    /// The right intent.
    pub intent: Intent,
    /// The right sale id.
    #[serde(default)]
    pub sale: Option<String>,
    /// The right quantity.
    #[serde(default)]
    pub quantity: Option<u32>,
    /// en, zh or mixed; detected from the text when absent.
    #[serde(default)]
    pub lang: Option<Lang>,
}

/// Right and total counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// Fully right answers.
    pub right: usize,
    /// Messages scored.
    pub total: usize,
}

impl Tally {
    fn add(&mut self, ok: bool) {
        self.total += 1;
        self.right += usize::from(ok);
    }

    /// Share right, 1.0 when empty.
    pub fn rate(&self) -> f64 {
        if self.total == 0 {
            1.0
        } else {
            self.right as f64 / self.total as f64
        }
    }
}

/// Figures of one evaluation.
#[derive(Debug, Clone, Default)]
pub struct EvalReport {
    /// Intent, sale and quantity all right.
    pub overall: Tally,
    /// `overall` split by en, zh, mixed (in that order).
    pub by_lang: [Tally; 3],
    /// `confusion[gold][parsed]`, indexed like `Intent::ALL`.
    pub confusion: [[usize; 8]; 8],
    /// Messages whose gold is not buy but were parsed as buy.
    pub false_buys: Vec<String>,
    /// Every wrong message: text, gold line, parsed line.
    pub misses: Vec<(String, String, String)>,
}

fn index(intent: Intent) -> usize {
    Intent::ALL.iter().position(|&i| i == intent).unwrap_or(0)
}

/// Parses JSONL (blank lines skipped); the error names the line.
pub fn read_labelled(jsonl: &str) -> Result<Vec<Labelled>, String> {
    jsonl
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, l)| serde_json::from_str(l).map_err(|e| format!("line {}: {e}", n + 1)))
        .collect()
}

/// Scores `parser` on `cases`.
pub fn evaluate(parser: &IntentParser, cases: &[Labelled]) -> EvalReport {
    let mut report = EvalReport::default();
    for case in cases {
        let parsed = parser.parse(&case.text);
        let ok = parsed.intent == case.intent
            && parsed.sale == case.sale
            && parsed.quantity == case.quantity;
        report.overall.add(ok);
        let lang = case.lang.unwrap_or(parsed.language);
        report.by_lang[lang as usize].add(ok);
        report.confusion[index(case.intent)][index(parsed.intent)] += 1;
        if parsed.intent == Intent::Buy && case.intent != Intent::Buy {
            report.false_buys.push(case.text.clone());
        }
        if !ok {
            let gold = format!(
                "{} {} {:?}",
                case.intent.as_str(),
                case.sale.as_deref().unwrap_or("-"),
                case.quantity
            );
            let got = format!(
                "{} {} {:?} ({:.2}, {})",
                parsed.intent.as_str(),
                parsed.sale.as_deref().unwrap_or("-"),
                parsed.quantity,
                parsed.confidence,
                parsed.act.as_str()
            );
            report.misses.push((case.text.clone(), gold, got));
        }
    }
    report
}

impl EvalReport {
    /// The human-readable report printed by `flashsale intent --eval`.
    pub fn render(&self, with_misses: bool) -> String {
        let mut out = String::new();
        let pct = |t: &Tally| format!("{:.1}% ({}/{})", t.rate() * 100.0, t.right, t.total);
        let _ = writeln!(out, "exact overall: {}", pct(&self.overall));
        for (name, tally) in ["en", "zh", "mixed"].iter().zip(&self.by_lang) {
            let _ = writeln!(out, "exact {name}: {}", pct(tally));
        }
        let _ = writeln!(out, "\nconfusion (rows gold, columns parsed):");
        let _ = write!(out, "{:>10}", "");
        for intent in Intent::ALL {
            let _ = write!(out, "{:>10}", intent.as_str());
        }
        for (gold, row) in Intent::ALL.iter().zip(&self.confusion) {
            let _ = write!(out, "\n{:>10}", gold.as_str());
            for n in row {
                let _ = write!(out, "{n:>10}");
            }
        }
        let _ = writeln!(out, "\n\nfalse buys: {}", self.false_buys.len());
        for text in &self.false_buys {
            let _ = writeln!(out, "  {text}");
        }
        if with_misses {
            let _ = writeln!(out, "\nmisses: {}", self.misses.len());
            for (text, gold, got) in &self.misses {
                let _ = writeln!(out, "  {text}\n    want {gold}\n    got  {got}");
            }
        }
        out
    }
}
