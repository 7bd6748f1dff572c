//! Unit tests of quantity reading.

use super::*;
use crate::nlu::normalize::normalize;

fn first(text: &str) -> Option<Reading> {
    let tokens = normalize(text).tokens;
    mentions(Lexicon::get(), &tokens).first().map(|m| m.reading)
}

#[test]
fn digits_and_x_forms_read_as_counts() {
    assert_eq!(first("buy 2 airpods"), Some(Ok(2)));
    assert_eq!(first("2x airpods"), Some(Ok(2)));
    assert_eq!(first("airpods x2"), Some(Ok(2)));
    assert_eq!(first("airpods x 3"), Some(Ok(3)));
}

#[test]
fn x_alone_or_inside_words_is_not_a_number() {
    assert_eq!(read_digits("x"), None);
    assert_eq!(read_digits("xbox"), None);
    assert_eq!(read_digits("2x2"), None);
}

#[test]
fn english_words_read_with_couples_pairs_and_dozens() {
    assert_eq!(first("grab me three kindles"), Some(Ok(3)));
    assert_eq!(first("a couple of moutai"), Some(Ok(2)));
    assert_eq!(first("a pair of airpods"), Some(Ok(2)));
    assert_eq!(first("a dozen lego"), Some(Ok(12)));
    assert_eq!(first("two dozen lego"), Some(Ok(24)));
    assert_eq!(first("twenty one switches"), Some(Ok(21)));
    assert_eq!(first("buy a switch"), None);
}

#[test]
fn chinese_numerals_need_a_classifier_unless_standalone() {
    assert_eq!(first("来两个耳机"), Some(Ok(2)));
    assert_eq!(first("买十二瓶白酒"), Some(Ok(12)));
    assert_eq!(first("买二十盒乐高"), Some(Ok(20)));
    assert_eq!(first("买一百盒乐高"), Some(Ok(100)));
    assert_eq!(first("茅台要俩"), Some(Ok(2)));
    assert_eq!(first("提醒我一下"), None);
    assert_eq!(first("乐高千年隼"), None);
}

#[test]
fn digits_before_a_chinese_classifier_read() {
    assert_eq!(first("3台戴森"), Some(Ok(3)));
    assert_eq!(first("帮我抢2个airpods"), Some(Ok(2)));
}

#[test]
fn huge_negative_and_fractional_numbers_become_issues() {
    assert_eq!(first("buy -3 airpods"), Some(Err(QuantityIssue::Negative)));
    assert_eq!(
        first("buy 1.5 kindles"),
        Some(Err(QuantityIssue::NotANumber))
    );
    assert_eq!(first("buy 1e9"), Some(Ok(1_000_000_000)));
    assert_eq!(first("buy 99999999999999999999999"), Some(Ok(u64::MAX)));
    assert_eq!(first("1e99999999999"), Some(Ok(u64::MAX)));
    assert_eq!(first("买三千万个耳机"), Some(Ok(30_000_000)));
}

#[test]
fn quantities_outside_one_to_a_million_are_refused() {
    assert_eq!(to_quantity(Ok(0)), Err(QuantityIssue::Zero));
    assert_eq!(to_quantity(Ok(1_000_000)), Ok(1_000_000));
    assert_eq!(
        to_quantity(Ok(1_000_001)),
        Err(QuantityIssue::TooLarge(1_000_001))
    );
    assert_eq!(
        to_quantity(Err(QuantityIssue::Negative)),
        Err(QuantityIssue::Negative)
    );
}

#[test]
fn chinese_numeral_reader_handles_units_and_sections() {
    let lexicon = Lexicon::get();
    assert_eq!(read_zh_numeral(lexicon, "十"), Some(10));
    assert_eq!(read_zh_numeral(lexicon, "二十五"), Some(25));
    assert_eq!(read_zh_numeral(lexicon, "一千零一"), Some(1001));
    assert_eq!(read_zh_numeral(lexicon, "三千万"), Some(30_000_000));
    assert_eq!(read_zh_numeral(lexicon, "一亿三千万"), Some(130_000_000));
    assert!(read_zh_numeral(lexicon, "万亿亿亿亿亿").is_some_and(|v| v > MAX_QUANTITY));
    assert_eq!(read_zh_numeral(lexicon, "好"), None);
}

#[test]
fn numbers_followed_by_a_unit_are_measures_not_counts() {
    assert_eq!(first("is that moutai 53 degree"), None);
    assert_eq!(first("ping me 10 minutes before"), None);
    assert_eq!(first("5分钟前提醒我"), None);
}
