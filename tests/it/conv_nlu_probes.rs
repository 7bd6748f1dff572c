//! The intent parser on the probe sets of `tests/data/conv/probe_*.txt`, written by helper
//! sessions to break it: no non-purchase is read as a buy confident enough to place an order
//! at once (only a Yes/No may be asked), and every request to buy now is read as a buy.

use flashsale::app::turn::policy::MIN_BUY_CONFIDENCE;
use flashsale::nlu::{CatalogEntry, Intent, IntentParser};

fn parser() -> IntentParser {
    let catalog: Vec<CatalogEntry> =
        serde_json::from_str(include_str!("../../data/nlu/catalog.json")).unwrap();
    IntentParser::new(catalog)
}

/// The messages of a probe file (comment lines skipped).
fn messages(raw: &str) -> Vec<&str> {
    raw.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
}

/// The labelled messages of a JSON-lines probe file (blank lines skipped).
fn labelled<T: serde::de::DeserializeOwned>(raw: &str) -> Vec<T> {
    raw.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn no_probed_non_purchase_would_buy_at_once() {
    let parser = parser();
    let all = messages(include_str!("../data/conv/probe_not_purchases.txt"));
    assert!(all.len() > 1000, "the list is there");
    let bought: Vec<String> = all
        .iter()
        .filter_map(|text| {
            let parsed = parser.parse(text);
            (parsed.intent == Intent::Buy && parsed.confidence >= MIN_BUY_CONFIDENCE)
                .then(|| format!("{text:?} -> {:?} × {:?}", parsed.sale, parsed.quantity))
        })
        .collect();
    assert!(
        bought.is_empty(),
        "would buy at once:\n{}",
        bought.join("\n")
    );
}

#[test]
fn every_probed_request_is_read_as_a_buy() {
    let parser = parser();
    let all = messages(include_str!("../data/conv/probe_purchases.txt"));
    assert!(all.len() > 150, "the list is there");
    let missed: Vec<String> = all
        .iter()
        .filter_map(|text| {
            let parsed = parser.parse(text);
            (parsed.intent != Intent::Buy).then(|| format!("{text:?} -> {:?}", parsed.intent))
        })
        .collect();
    assert!(
        missed.is_empty(),
        "not read as a buy:\n{}",
        missed.join("\n")
    );
    // Nearly all buy at once; the rest ask Yes/No first (364 of 373 when this was written).
    let at_once = all
        .iter()
        .filter(|text| parser.parse(text).confidence >= MIN_BUY_CONFIDENCE)
        .count();
    assert!(
        at_once * 100 >= all.len() * FLOOR_AT_ONCE_PERCENT,
        "{at_once} of {} buy at once",
        all.len()
    );
}

/// Requests that must buy at once, not after a Yes/No (see docs/nlu.md); lowering it
/// needs a reason there.
const FLOOR_AT_ONCE_PERCENT: usize = 95;

/// One message of `probe_numbers.jsonl`: a helper's blind set of messages holding numbers.
#[derive(serde::Deserialize)]
struct Numbered {
    text: String,
    /// Whether it asks to buy now.
    buy_now: bool,
    /// How many it asks for, when that is clear.
    quantity: Option<u32>,
    /// Why the parser still gets it wrong, for the few it does (docs/nlu.md).
    #[serde(default)]
    known_miss: Option<String>,
}

#[test]
fn a_number_in_a_message_never_orders_a_wrong_quantity_at_once() {
    let parser = parser();
    let all: Vec<Numbered> = labelled(include_str!("../data/conv/probe_numbers.jsonl"));
    assert!(all.len() >= 300, "the set is there");
    let mut wrong = Vec::new();
    for m in all.iter().filter(|m| m.known_miss.is_none()) {
        let parsed = parser.parse(&m.text);
        let at_once = parsed.intent == Intent::Buy
            && parsed.confidence >= MIN_BUY_CONFIDENCE
            && parsed
                .quantity
                .is_some_and(|q| q <= flashsale::app::CONFIRM_ABOVE);
        if !at_once {
            continue;
        }
        // An order placed at once must be asked for, in the number asked for.
        if !m.buy_now || m.quantity != parsed.quantity {
            wrong.push(format!(
                "{:?} -> {:?} (asked: {}, {:?})",
                m.text, parsed.quantity, m.buy_now, m.quantity
            ));
        }
    }
    assert!(wrong.is_empty(), "ordered at once:\n{}", wrong.join("\n"));
}

/// One message of `probe_people.jsonl`: a helper's blind set naming other people.
#[derive(serde::Deserialize)]
struct AboutPeople {
    text: String,
    /// Whether it asks to buy now (a gift, "one for me one for my sister").
    buy_now: bool,
}

#[test]
fn naming_other_people_never_buys_at_once_for_a_report_and_gifts_are_read_as_buys() {
    let parser = parser();
    let all: Vec<AboutPeople> = labelled(include_str!("../data/conv/probe_people.jsonl"));
    assert!(all.len() >= 240, "the set is there");
    let mut bought = Vec::new();
    let mut read_as_buys = 0;
    for m in &all {
        let parsed = parser.parse(&m.text);
        let buy = parsed.intent == Intent::Buy;
        if !m.buy_now && buy && parsed.confidence >= MIN_BUY_CONFIDENCE {
            bought.push(m.text.clone());
        }
        read_as_buys += usize::from(m.buy_now && buy);
    }
    assert!(bought.is_empty(), "bought at once:\n{}", bought.join("\n"));
    // 84 of the 120 requests when this was written (52 before the change); the rest are
    // answered without a purchase (docs/nlu.md).
    let requests = all.iter().filter(|m| m.buy_now).count();
    assert!(
        read_as_buys * 100 >= requests * 65,
        "{read_as_buys} of {requests} requests read as buys"
    );
}
