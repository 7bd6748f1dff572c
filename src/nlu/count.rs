//! Counts as merchants write them: "100", "1,000", "100件", "一百件", "两千五百", "ten",
//! "twenty-five units", "a dozen", "每人2个", "限购两件", "2 per person". Also the number
//! words of durations ("an hour", "two hours").

use super::duration::fold;

/// Words before a count that say whose count it is ("每人2个", "at most 2").
const PREFIXES: [&str; 12] = [
    "每人限购",
    "每位顾客",
    "每个顾客",
    "每个人",
    "每人限",
    "每人",
    "每位",
    "限购",
    "最多",
    "at most",
    "up to",
    "max",
];

/// Words after a count: per whom, and the unit counted.
const SUFFIXES: [&str; 36] = [
    "per person",
    "per customer",
    "per buyer",
    "per head",
    "each",
    "/person",
    "/人",
    "一人",
    "每人",
    "units",
    "unit",
    "pieces",
    "piece",
    "pcs",
    "pc",
    "items",
    "item",
    "bottles",
    "bottle",
    "件",
    "个",
    "個",
    "瓶",
    "台",
    "份",
    "只",
    "支",
    "张",
    "盒",
    "套",
    "双",
    "箱",
    "袋",
    "包",
    "部",
    "枚",
];

/// A whole count with its words and units stripped; a number too large for `u64` reads as
/// `u64::MAX` (so callers say "too large", not "unreadable"). `None`: not a count.
pub fn parse_count(text: &str) -> Option<u64> {
    let mut s = fold(text).trim().to_owned();
    loop {
        let before = s.len();
        for p in PREFIXES {
            if let Some(r) = s.strip_prefix(p) {
                s = r.trim_start().to_owned();
            }
        }
        for w in SUFFIXES {
            if let Some(r) = s.strip_suffix(w) {
                s = r.trim_end().to_owned();
            }
        }
        if s.len() == before {
            break;
        }
    }
    digits(&s)
        .or_else(|| zh_count(&s))
        .or_else(|| english_count(&s))
}

/// "100", "1,000", "1 000".
fn digits(s: &str) -> Option<u64> {
    let body: String = s.chars().filter(|c| !matches!(c, ',' | ' ')).collect();
    if body.is_empty() || !body.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(body.parse().unwrap_or(u64::MAX))
}

fn zh_digit(c: char) -> Option<u64> {
    Some(match c {
        '零' | '〇' => 0,
        '一' | '壹' => 1,
        '二' | '两' | '兩' | '贰' => 2,
        '三' | '叁' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        _ => return None,
    })
}

/// A Chinese numeral up to 亿: "十", "一百", "一百零五", "两千五百", "三万".
pub(crate) fn zh_count(s: &str) -> Option<u64> {
    let (mut total, mut section, mut digit) = (0u64, 0u64, None::<u64>);
    let mut seen = false;
    for c in s.chars() {
        seen = true;
        if let Some(d) = zh_digit(c) {
            // Two digits in a row ("一二") are not a number, except after 零.
            if digit.is_some_and(|p| p != 0) {
                return None;
            }
            digit = Some(d);
            continue;
        }
        let unit = match c {
            '十' | '拾' => 10,
            '百' | '佰' => 100,
            '千' | '仟' => 1000,
            '万' | '萬' => {
                total = total.checked_add((section + digit.unwrap_or(0)).checked_mul(10_000)?)?;
                (section, digit) = (0, None);
                continue;
            }
            _ => return None,
        };
        let d = match digit {
            Some(0) | None if unit == 10 => 1,
            Some(d) if d > 0 => d,
            _ => return None,
        };
        section = section.checked_add(d * unit)?;
        digit = None;
    }
    seen.then(|| total + section + digit.unwrap_or(0))
}

/// "ten", "twenty-five", "a hundred", "one hundred and five", "two thousand", "a dozen".
pub(crate) fn english_count(s: &str) -> Option<u64> {
    let (mut total, mut current, mut any) = (0u64, 0u64, false);
    for w in s.split([' ', '-']).filter(|w| !w.is_empty()) {
        let small = match w {
            "a" | "an" | "one" => Some(1),
            "two" => Some(2),
            "three" => Some(3),
            "four" => Some(4),
            "five" => Some(5),
            "six" => Some(6),
            "seven" => Some(7),
            "eight" => Some(8),
            "nine" => Some(9),
            "ten" => Some(10),
            "eleven" => Some(11),
            "twelve" => Some(12),
            "thirteen" => Some(13),
            "fourteen" => Some(14),
            "fifteen" => Some(15),
            "sixteen" => Some(16),
            "seventeen" => Some(17),
            "eighteen" => Some(18),
            "nineteen" => Some(19),
            "twenty" => Some(20),
            "thirty" => Some(30),
            "forty" => Some(40),
            "fifty" => Some(50),
            "sixty" => Some(60),
            "seventy" => Some(70),
            "eighty" => Some(80),
            "ninety" => Some(90),
            _ => None,
        };
        match (small, w) {
            (Some(v), _) => current += v,
            (None, "and") if any => continue,
            (None, "dozen") => current = current.max(1) * 12,
            (None, "hundred") => current = current.max(1) * 100,
            (None, "thousand") => {
                total += current.max(1) * 1000;
                current = 0;
            }
            _ => return None,
        }
        any = true;
    }
    any.then_some(total + current)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_read_with_units_and_whose_they_are() {
        for (text, n) in [
            ("100", 100),
            ("100件", 100),
            ("100 件", 100),
            ("１００件", 100),
            ("1,000", 1000),
            ("一百件", 100),
            ("一百零五", 105),
            ("两千五百个", 2500),
            ("三万", 30_000),
            ("十", 10),
            ("二十五瓶", 25),
            ("ten", 10),
            ("Twenty-five units", 25),
            ("a hundred", 100),
            ("one hundred and five pcs", 105),
            ("two thousand", 2000),
            ("a dozen", 12),
            ("每人2个", 2),
            ("每人限购两件", 2),
            ("限购1件", 1),
            ("2 per person", 2),
            ("at most 3 each", 3),
            ("2/人", 2),
            ("0", 0),
        ] {
            assert_eq!(parse_count(text), Some(n), "{text}");
        }
    }

    #[test]
    fn things_that_are_not_one_count_are_not_read() {
        for text in [
            "",
            "件",
            "abc",
            "一二",
            "2.5",
            "10 apples and",
            "ten ten x",
            "-",
        ] {
            assert_eq!(parse_count(text), None, "{text}");
        }
        assert_eq!(parse_count("99999999999999999999999"), Some(u64::MAX));
    }
}
