//! Quantities: digits ("2", "2x", "x2", "-3", "1e9"), English number words ("three",
//! "a couple", "two dozen") and Chinese numerals before a classifier ("两瓶", "十二个", "俩").

use super::lexicon::Lexicon;
use super::model::QuantityIssue;
use super::normalize::{Script, Token};

/// Largest quantity accepted; anything above is `TooLarge`.
pub(crate) const MAX_QUANTITY: u64 = 1_000_000;

/// A raw number read from the text: its value, or why it is not a count.
pub(crate) type Reading = Result<u64, QuantityIssue>;

/// One quantity found in a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Mention {
    /// Index of the token holding (or starting) the number.
    pub token: usize,
    /// Char range inside a CJK token covered by the numeral and its classifier.
    pub cjk_span: Option<(usize, usize)>,
    /// The reading.
    pub reading: Reading,
}

/// Turns a reading into a usable quantity within `1..=MAX_QUANTITY`.
pub(crate) fn to_quantity(reading: Reading) -> Result<u32, QuantityIssue> {
    match reading? {
        0 => Err(QuantityIssue::Zero),
        n if n > MAX_QUANTITY => Err(QuantityIssue::TooLarge(n)),
        n => u32::try_from(n).map_err(|_| QuantityIssue::TooLarge(n)),
    }
}

/// Reads a Latin token made of digits: "12", "-3", "1.5", "1e9", "2x", "x2".
pub(crate) fn read_digits(text: &str) -> Option<Reading> {
    let body = text
        .strip_prefix('x')
        .or_else(|| text.strip_suffix('x'))
        .unwrap_or(text);
    if body.is_empty() || body == text && text.contains('x') {
        return None;
    }
    if let Some(rest) = body.strip_prefix('-') {
        return all_digits(rest).then_some(Err(QuantityIssue::Negative));
    }
    if all_digits(body) {
        return Some(Ok(saturating_parse(body)));
    }
    if let Some((int, frac)) = body.split_once('.') {
        return (all_digits(int) && all_digits(frac)).then_some(Err(QuantityIssue::NotANumber));
    }
    if let Some((mantissa, exp)) = body.split_once('e')
        && all_digits(mantissa)
        && all_digits(exp)
    {
        let value = u32::try_from(saturating_parse(exp))
            .ok()
            .and_then(|e| 10u64.checked_pow(e))
            .and_then(|p| saturating_parse(mantissa).checked_mul(p))
            .unwrap_or(u64::MAX);
        return Some(Ok(value));
    }
    None
}

fn all_digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

/// Parses ASCII digits, saturating at `u64::MAX` instead of overflowing.
fn saturating_parse(digits: &str) -> u64 {
    digits.bytes().fold(0u64, |acc, b| {
        acc.checked_mul(10)
            .and_then(|v| v.checked_add(u64::from(b - b'0')))
            .unwrap_or(u64::MAX)
    })
}

/// Value of a Chinese numeral string ("十二", "两", "三千万"); `None` if any char is not a numeral.
pub(crate) fn read_zh_numeral(lexicon: &Lexicon, numeral: &str) -> Option<u64> {
    let (mut total, mut section, mut digit) = (0u64, 0u64, None::<u64>);
    for c in numeral.chars() {
        if let Some(&d) = lexicon.zh_digits.get(&c) {
            digit = Some(d);
        } else if let Some(&unit) = lexicon.zh_units.get(&c) {
            let add = digit.take().unwrap_or(1).saturating_mul(unit);
            section = section.saturating_add(add);
        } else if let Some(&big) = lexicon.zh_big_units.get(&c) {
            let part = section.saturating_add(digit.take().unwrap_or(0));
            total = if total < big {
                // "三千万", "万亿": everything so far is scaled by the bigger unit.
                total.saturating_add(part).max(1).saturating_mul(big)
            } else {
                // "一亿三千万": a lower section is added.
                total.saturating_add(part.max(1).saturating_mul(big))
            };
            section = 0;
        } else {
            return None;
        }
    }
    Some(
        total
            .saturating_add(section)
            .saturating_add(digit.unwrap_or(0)),
    )
}

fn is_zh_numeral(lexicon: &Lexicon, c: char) -> bool {
    lexicon.zh_digits.contains_key(&c)
        || lexicon.zh_units.contains_key(&c)
        || lexicon.zh_big_units.contains_key(&c)
}

/// Chinese counts inside one CJK run: a numeral followed by a classifier, or a standalone one.
fn zh_mentions(lexicon: &Lexicon, index: usize, run: &str, out: &mut Vec<Mention>) {
    let chars: Vec<char> = run.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if !is_zh_numeral(lexicon, chars[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && is_zh_numeral(lexicon, chars[i]) {
            i += 1;
        }
        let numeral: String = chars[start..i].iter().collect();
        let classified = chars
            .get(i)
            .is_some_and(|c| lexicon.classifiers.contains(*c));
        let standalone = lexicon.zh_standalone_numerals.contains(&numeral);
        if (classified || standalone)
            && let Some(value) = read_zh_numeral(lexicon, &numeral)
        {
            let end = if classified { i + 1 } else { i };
            out.push(Mention {
                token: index,
                cjk_span: Some((start, end)),
                reading: Ok(value),
            });
        }
    }
}

/// English number words starting at `start`; returns the value and the tokens used.
fn english_number(lexicon: &Lexicon, tokens: &[Token], start: usize) -> Option<(u64, usize)> {
    let word = |i: usize| tokens.get(i).map(|t| t.text.as_str());
    let mut value: Option<u64> = None;
    let mut used = 0;
    if matches!(word(start), Some("a" | "an")) {
        used = 1;
    }
    while let Some(w) = word(start + used) {
        if let Some(&n) = lexicon.number_words.get(w) {
            if lexicon.number_multipliers.contains_key(w) && value.is_some() {
                value = value.map(|v| v.saturating_mul(n));
            } else if value.is_some_and(|v| v >= 20 && v % 10 == 0 && n < 10) {
                value = value.map(|v| v + n);
            } else if value.is_none() {
                value = Some(n);
            } else {
                break;
            }
        } else if let Some(&m) = lexicon.number_multipliers.get(w) {
            value = Some(value.unwrap_or(1).saturating_mul(m));
        } else {
            break;
        }
        used += 1;
    }
    value.map(|v| (v, used))
}

/// Whether the token after a number makes it a measure ("53 degree", "10分钟"), not a count.
fn is_measure(lexicon: &Lexicon, next: Option<&Token>) -> bool {
    next.is_some_and(|t| match t.script {
        Script::Latin => lexicon.measure_units.contains(&t.text),
        Script::Cjk => lexicon
            .measure_units
            .iter()
            .any(|u| t.text.starts_with(u.as_str())),
    })
}

/// Whether the words around a number spanning tokens `first..end` say it is not a count: a
/// time, a price, an address, an age, a rating ("at 3", "$199", "room 5", "he's 5",
/// "5 stars", "第2次", "房间302", "9折"). Such a number is not read as a quantity at all.
fn is_not_count(lexicon: &Lexicon, tokens: &[Token], first: usize, end: usize) -> bool {
    let prev = first.checked_sub(1).and_then(|i| tokens.get(i));
    let next = tokens.get(end);
    let (Some(start), Some(last)) = (
        tokens.get(first),
        end.checked_sub(1).and_then(|i| tokens.get(i)),
    ) else {
        return false;
    };
    let marked = lexicon.not_count_marks_before.contains(start.before)
        || lexicon.not_count_marks_after.contains(last.after);
    let said_before = prev.is_some_and(|p| match p.script {
        Script::Latin => lexicon.not_count_before.contains(&p.text),
        Script::Cjk => lexicon
            .not_count_before
            .iter()
            .any(|w| !w.is_ascii() && p.text.ends_with(w.as_str())),
    });
    let said_after = lexicon
        .not_count_after
        .iter()
        .any(|phrase| follows(tokens, end, phrase));
    // "call me at 555 1234", "10 10": digits next to digits are a phone number or a score.
    let is_digits =
        |t: Option<&Token>| t.is_some_and(|t| t.script == Script::Latin && all_digits(&t.text));
    let in_a_run = start.script == Script::Latin
        && all_digits(&start.text)
        && (is_digits(prev) || is_digits(next));
    marked || said_before || said_after || in_a_run
}

/// The numbers of a message: its counts, and whether any other number was set aside.
#[derive(Debug, Default)]
pub(crate) struct Numbers {
    /// Every quantity mention, in message order.
    pub counts: Vec<Mention>,
    /// A number the words around it say is not a count ("at 199", "room 5", "5 stars").
    pub set_aside: bool,
}

/// Whether `phrase` starts at token `at`: its words one token each, or a Chinese one at the
/// start of the run there.
fn follows(tokens: &[Token], at: usize, phrase: &str) -> bool {
    if !phrase.is_ascii() {
        return tokens
            .get(at)
            .is_some_and(|t| t.script == Script::Cjk && t.text.starts_with(phrase));
    }
    phrase
        .split_whitespace()
        .enumerate()
        .all(|(k, word)| tokens.get(at + k).is_some_and(|t| t.text == word))
}

/// Every quantity mention in message order.
pub(crate) fn mentions(lexicon: &Lexicon, tokens: &[Token]) -> Vec<Mention> {
    numbers(lexicon, tokens).counts
}

/// The counts of a message, and whether a number in it was not one.
pub(crate) fn numbers(lexicon: &Lexicon, tokens: &[Token]) -> Numbers {
    let mut out = Numbers::default();
    let mut i = 0;
    while i < tokens.len() {
        let token = &tokens[i];
        if token.script == Script::Cjk {
            zh_mentions(lexicon, i, &token.text, &mut out.counts);
        } else if let Some(reading) = read_digits(&token.text) {
            if is_not_count(lexicon, tokens, i, i + 1) {
                out.set_aside = true;
            } else if !is_measure(lexicon, tokens.get(i + 1)) {
                out.counts.push(Mention {
                    token: i,
                    cjk_span: None,
                    reading,
                });
            }
        } else if let Some((value, used)) = english_number(lexicon, tokens, i) {
            if is_not_count(lexicon, tokens, i, i + used) {
                out.set_aside = true;
            } else {
                out.counts.push(Mention {
                    token: i,
                    cjk_span: None,
                    reading: Ok(value),
                });
            }
            i += used;
            continue;
        }
        i += 1;
    }
    out
}

#[cfg(test)]
#[path = "numbers_tests.rs"]
mod tests;
