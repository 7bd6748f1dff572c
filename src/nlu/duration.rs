//! How long something lasts, as merchants type it: "30m", "2h", "1h30m", "90 min",
//! "2 hours", "1.5h", "an hour", "half an hour", "two and a half hours", "2小时", "30分钟",
//! "半小时", "一个半小时", "1天". A bare number is minutes.

use chrono::Duration;

use super::count::english_count;

/// Longest duration read (more is refused as unreadable, never overflowing).
const MAX_SECS: f64 = 3_650.0 * 86_400.0;

/// Reads a duration; `None` when the text is not one.
pub fn parse_duration(text: &str) -> Option<Duration> {
    let text = number_words(&fold(text));
    let s: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    if s.is_empty() {
        return None;
    }
    if s.iter().all(char::is_ascii_digit) {
        let minutes: i64 = s.iter().collect::<String>().parse().ok()?;
        return (minutes as f64 * 60.0 <= MAX_SECS).then(|| Duration::minutes(minutes));
    }
    let mut i = 0;
    let mut total = 0.0_f64;
    while i < s.len() {
        let (mut value, next) = number(&s, i)?;
        i = next;
        if s.get(i) == Some(&'个') {
            i += 1;
        }
        if s.get(i) == Some(&'半') && next > 0 && is_numeral(s[next - 1]) {
            value += 0.5;
            i += 1;
        }
        let start = i;
        while i < s.len() && !is_numeral(s[i]) && s[i] != '半' && s[i] != '.' {
            i += 1;
        }
        let unit: String = s[start..i].iter().collect();
        total += value * unit_secs(&unit)?;
        if total > MAX_SECS {
            return None;
        }
    }
    let secs = total.round() as i64;
    (secs > 0).then(|| Duration::seconds(secs))
}

/// English number words become digits: "an hour" -> "1 hour", "half an hour" -> "0.5 hour",
/// "two and a half hours" -> "2.5 hours", "twenty five minutes" -> "25 minutes".
fn number_words(text: &str) -> String {
    let text = text
        .replace("half an ", "0.5 ")
        .replace("half a ", "0.5 ")
        .replace(" and a half", " and_half");
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let run = words[i..]
            .iter()
            .take_while(|w| **w != "and_half" && english_count(w).is_some() || **w == "and")
            .count();
        let run = (1..=run)
            .rev()
            .find(|n| english_count(&words[i..i + n].join(" ")).is_some())
            .unwrap_or(0);
        if run == 0 {
            match words[i] {
                "and_half" => {
                    // "two and a half hours": the half joins the number; "an hour and a
                    // half": it follows the unit.
                    let half = "0.5".to_owned();
                    match out.last() {
                        Some(n) if n.bytes().all(|b| b.is_ascii_digit()) => {
                            if let Some(last) = out.last_mut() {
                                last.push_str(".5");
                            }
                        }
                        Some(unit) => {
                            let unit = unit.clone();
                            out.push(half);
                            out.push(unit);
                        }
                        None => return text,
                    }
                }
                w => out.push(w.to_owned()),
            }
            i += 1;
            continue;
        }
        let phrase = words[i..i + run].join(" ");
        out.push(english_count(&phrase).map_or(phrase, |n| n.to_string()));
        i += run;
    }
    out.join(" ")
}

/// Full-width digits and letters become ASCII; everything lowercase.
pub(crate) fn fold(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect::<String>()
        .to_lowercase()
}

/// Whether `c` can be part of a number ("2", "两", "十").
pub(crate) fn is_numeral(c: char) -> bool {
    c.is_ascii_digit() || zh_digit(c).is_some() || c == '十'
}

fn zh_digit(c: char) -> Option<u32> {
    Some(match c {
        '零' | '〇' => 0,
        '一' => 1,
        '二' | '两' | '兩' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// A Chinese numeral from 0 to 99 ("八", "十二", "二十", "三十五").
pub(crate) fn zh_number(s: &str) -> Option<u32> {
    let chars: Vec<char> = s.chars().collect();
    match chars.iter().position(|c| *c == '十') {
        None if chars.len() == 1 => zh_digit(chars[0]),
        None => None,
        Some(p) => {
            let tens = match &chars[..p] {
                [] => 1,
                [d] => zh_digit(*d).filter(|d| *d > 0)?,
                _ => return None,
            };
            let ones = match &chars[p + 1..] {
                [] => 0,
                [d] => zh_digit(*d).filter(|d| *d > 0)?,
                _ => return None,
            };
            Some(tens * 10 + ones)
        }
    }
}

/// The number starting at `i` ("2", "1.5", "两", "十五", or "半" alone) and where it ends.
fn number(s: &[char], i: usize) -> Option<(f64, usize)> {
    if s.get(i) == Some(&'半') {
        return Some((0.5, i + 1));
    }
    let mut j = i;
    if s.get(i).is_some_and(char::is_ascii_digit) {
        while j < s.len() && (s[j].is_ascii_digit() || s[j] == '.') {
            j += 1;
        }
        let text: String = s[i..j].iter().collect();
        let v: f64 = text.parse().ok()?;
        return v.is_finite().then_some((v, j));
    }
    while j < s.len() && (zh_digit(s[j]).is_some() || s[j] == '十') {
        j += 1;
    }
    let text: String = s[i..j].iter().collect();
    zh_number(&text).map(|v| (f64::from(v), j))
}

fn unit_secs(unit: &str) -> Option<f64> {
    Some(match unit {
        "d" | "day" | "days" | "天" => 86_400.0,
        "h" | "hr" | "hrs" | "hour" | "hours" | "小时" | "小時" | "钟头" | "鐘頭" => {
            3_600.0
        }
        "m" | "min" | "mins" | "minute" | "minutes" | "分钟" | "分鐘" | "分" => 60.0,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mins(text: &str) -> Option<i64> {
        parse_duration(text).map(|d| d.num_minutes())
    }

    #[test]
    fn latin_forms_read_as_minutes() {
        assert_eq!(mins("30m"), Some(30));
        assert_eq!(mins("2h"), Some(120));
        assert_eq!(mins("1h30m"), Some(90));
        assert_eq!(mins("90 min"), Some(90));
        assert_eq!(mins("2 hours"), Some(120));
        assert_eq!(mins("1.5h"), Some(90));
        assert_eq!(mins("1 day"), Some(1_440));
        assert_eq!(mins("45"), Some(45));
        assert_eq!(mins("２Ｈ"), Some(120));
        assert_eq!(mins("an hour"), Some(60));
        assert_eq!(mins("half an hour"), Some(30));
        assert_eq!(mins("two hours"), Some(120));
        assert_eq!(mins("twenty five minutes"), Some(25));
        assert_eq!(mins("an hour and a half"), Some(90));
        assert_eq!(mins("two and a half hours"), Some(150));
        assert_eq!(mins("a day"), Some(1_440));
    }

    #[test]
    fn chinese_forms_read_as_minutes() {
        assert_eq!(mins("2小时"), Some(120));
        assert_eq!(mins("30分钟"), Some(30));
        assert_eq!(mins("半小时"), Some(30));
        assert_eq!(mins("一个半小时"), Some(90));
        assert_eq!(mins("1个半小时"), Some(90));
        assert_eq!(mins("两个小时"), Some(120));
        assert_eq!(mins("1小时30分钟"), Some(90));
        assert_eq!(mins("四十五分钟"), Some(45));
        assert_eq!(mins("1天"), Some(1_440));
    }

    #[test]
    fn nonsense_zero_and_absurd_durations_are_not_read() {
        for bad in [
            "",
            "abc",
            "30x",
            "h",
            "0m",
            "-5m",
            "1..5h",
            "99999999999999999999d",
        ] {
            assert_eq!(mins(bad), None, "{bad}");
        }
    }

    #[test]
    fn chinese_numerals_up_to_ninety_nine() {
        assert_eq!(zh_number("八"), Some(8));
        assert_eq!(zh_number("十"), Some(10));
        assert_eq!(zh_number("十二"), Some(12));
        assert_eq!(zh_number("二十"), Some(20));
        assert_eq!(zh_number("三十五"), Some(35));
        assert_eq!(zh_number("一二"), None);
        assert_eq!(zh_number("十十"), None);
    }
}
