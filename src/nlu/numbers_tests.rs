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

#[test]
fn times_prices_places_ages_codes_and_ratings_are_not_counts() {
    let lexicon = Lexicon::get();
    for text in [
        "buy me airpods by 3 o'clock",
        "buy the airpods at 199",
        "buy the airpods for $199",
        "buy airpods for room 5",
        "buy the lego, he's 5",
        "buy the lego for my son who turns 5",
        "buy the switch, game 2 is out",
        "buy the airpods, 5 stars",
        "buy airpods 4 u",
        "buy airpods, call me at 555 1234",
        "buy airpods, my code is 4821",
        "buy airpods 😀 100% sure",
        "buy airpods, 10/10 would buy again",
        "buy airpods dec 12",
        "buy the kindle, 2 of my friends love it",
        "get me the switch for my 2 sons",
        "买耳机，房间302",
        "帮我买耳机，第2次抢了",
        "买耳机，预算200",
        "买耳机，200以内",
    ] {
        let numbers = numbers(lexicon, &normalize(text).tokens);
        assert!(numbers.counts.is_empty(), "{text}: {:?}", numbers.counts);
        assert!(numbers.set_aside, "{text}");
    }
}

#[test]
fn a_count_beside_a_number_that_is_not_one_is_still_read() {
    for (text, count) in [
        ("order 2 rice cookers at 299 each", 2),
        ("buy airpods, 2 please", 2),
        ("2 of the lego please", 2),
        ("i'd like 3 airpods by 5pm", 3),
        ("买2个耳机，房间302", 2),
    ] {
        assert_eq!(first(text), Some(Ok(count)), "{text}");
    }
}

#[test]
fn tokens_know_the_marks_around_them() {
    let tokens = normalize("for $ 199, 50% off").tokens;
    let t199 = tokens.iter().find(|t| t.text == "199").unwrap();
    assert_eq!((t199.before, t199.after), ('$', ','));
    let t50 = tokens.iter().find(|t| t.text == "50").unwrap();
    assert_eq!((t50.before, t50.after), (',', '%'));
}
