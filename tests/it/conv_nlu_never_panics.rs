//! `IntentParser::parse` never panics and always yields a contract-shaped answer.

use flashsale::nlu::{CatalogEntry, Intent, IntentParser, to_json_line};
use proptest::prelude::*;

fn parser() -> IntentParser {
    let catalog: Vec<CatalogEntry> =
        serde_json::from_str(include_str!("../data/catalog.json")).unwrap();
    IntentParser::new(catalog)
}

fn assert_contract(parser: &IntentParser, text: &str) {
    let parsed = parser.parse(text);
    let json: serde_json::Value = serde_json::from_str(&to_json_line(&parsed)).unwrap();
    assert_eq!(json.as_object().map(|o| o.len()), Some(4));
    assert!(
        (0.0..=1.0).contains(&parsed.confidence),
        "{}",
        parsed.confidence
    );
    if parsed.intent == Intent::Buy {
        assert_eq!(parsed.act, flashsale::nlu::SpeechAct::Request);
    }
    if parsed.intent != Intent::Buy {
        assert_eq!(parsed.quantity, None);
    }
    if let Some(q) = parsed.quantity {
        assert!((1..=1_000_000).contains(&q));
    }
    assert!(parsed.quantity.is_none() || parsed.quantity_issue.is_none());
}

proptest! {
    #[test]
    fn arbitrary_unicode_never_panics(text in any::<String>()) {
        assert_contract(&parser(), &text);
    }

    #[test]
    fn long_strings_of_mixed_scripts_never_panic(text in "[a-z0-9 \\-.x个两十百千万亿零俩耳机茅台买要?？🙂\u{0}-\u{1f}]{0,4000}") {
        assert_contract(&parser(), &text);
    }

    #[test]
    fn buy_with_any_digit_string_keeps_quantity_in_range(digits in "-?[0-9]{1,40}(\\.[0-9]{1,5}|e[0-9]{1,12})?") {
        assert_contract(&parser(), &format!("buy {digits} airpods"));
    }
}

#[test]
fn hostile_and_degenerate_inputs_parse_calmly() {
    let parser = parser();
    let long = "买".repeat(4000);
    let long_latin = "airpods ".repeat(600);
    let cases = [
        "",
        "   ",
        "'; DROP TABLE sales;--",
        "🍕🍕🍕🙂🙂",
        "\u{0}\u{1}\u{7f}\u{202e}",
        "ｂｕｙ　２　ａｉｒｐｏｄｓ",
        "-",
        "x",
        "1e99999999999999999999",
        "零零零零零个",
        "九千九百九十九亿亿亿个耳机",
        long.as_str(),
        long_latin.as_str(),
    ];
    for text in cases {
        assert_contract(&parser, text);
    }
    assert_eq!(parser.parse("'; DROP TABLE sales;--").sale, None);
}
