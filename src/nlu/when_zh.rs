//! Chinese times: a day ("今天", "明天", "明早", "昨天", "周六", "下周一", "12月1日",
//! "2026年12月1日"), a part of the day ("上午", "下午", "晚上", "中午", "半夜", …) and a clock
//! time ("8点", "八点半", "3点15分", "20:00"); "中午" and "半夜" alone are 12:00 and 24:00.

use super::duration::zh_number;
use super::when::{Day, Local, Part, Week, apply_part};

const DAYS: [(&str, i64, Option<Part>); 20] = [
    ("大后天", 3, None),
    ("大後天", 3, None),
    ("后天", 2, None),
    ("後天", 2, None),
    ("明天", 1, None),
    ("明日", 1, None),
    ("明晚", 1, Some(Part::Evening)),
    ("明早", 1, Some(Part::Morning)),
    ("明晨", 1, Some(Part::Morning)),
    ("今天", 0, None),
    ("今日", 0, None),
    ("今晚", 0, Some(Part::Evening)),
    ("今早", 0, Some(Part::Morning)),
    ("今晨", 0, Some(Part::Morning)),
    ("大前天", -3, None),
    ("前天", -2, None),
    ("昨天", -1, None),
    ("昨日", -1, None),
    ("昨晚", -1, Some(Part::Evening)),
    ("昨早", -1, Some(Part::Morning)),
];

const PARTS: [(&str, Part); 15] = [
    ("凌晨", Part::Early),
    ("早上", Part::Morning),
    ("早晨", Part::Morning),
    ("上午", Part::Morning),
    ("中午", Part::Noon),
    ("正午", Part::Noon),
    ("下午", Part::Afternoon),
    ("傍晚", Part::Evening),
    ("晚上", Part::Evening),
    ("夜里", Part::Evening),
    ("夜晚", Part::Evening),
    ("半夜", Part::Midnight),
    ("午夜", Part::Midnight),
    ("晚", Part::Evening),
    ("早", Part::Morning),
];

/// Words before a weekday that say which week ("下周一", "这个星期六"), longest first.
const WEEKS: [(&str, Week); 10] = [
    ("下一个", Week::Next),
    ("下个", Week::Next),
    ("下", Week::Next),
    ("这个", Week::This),
    ("這個", Week::This),
    ("这", Week::This),
    ("這", Week::This),
    ("本", Week::This),
    ("上个", Week::Last),
    ("上", Week::Last),
];

/// Reads a Chinese (or mixed) local time; `None` when the text is not one.
pub(crate) fn chinese(t: &str) -> Option<Local> {
    let s: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    let mut rest = s.as_str();
    let mut part = None;
    let mut day = Day::Offset(0);
    if let Some((word, n, p)) = DAYS.iter().find(|(w, _, _)| rest.starts_with(w)) {
        rest = &rest[word.len()..];
        day = Day::Offset(*n);
        part = *p;
    } else if let Some((d, r)) = weekday(rest) {
        day = d;
        rest = r;
    } else if let Some((d, r)) = date(rest) {
        day = d;
        rest = r;
    }
    if let Some((word, p)) = PARTS.iter().find(|(w, _)| rest.starts_with(w)) {
        rest = &rest[word.len()..];
        part = Some(*p);
    }
    let (hour, minute) = match (clock(rest), part) {
        (Some(c), _) => c,
        (None, Some(Part::Noon)) if rest.is_empty() => (12, 0),
        (None, Some(Part::Midnight)) if rest.is_empty() => (24, 0),
        (None, _) => return None,
    };
    let hour = apply_part(part, hour)?;
    (hour <= 23 || hour == 24 && minute == 0).then_some(Local { day, hour, minute })
}

/// "周六", "星期天", "礼拜一", "下周一", "这个星期五", "上周三" and what follows.
fn weekday(s: &str) -> Option<(Day, &str)> {
    let (week, r) = WEEKS
        .iter()
        .find_map(|(w, week)| s.strip_prefix(w).map(|r| (*week, r)))
        .unwrap_or((Week::Coming, s));
    let r = ["星期", "礼拜", "禮拜", "周", "週"]
        .iter()
        .find_map(|w| r.strip_prefix(w))?;
    let mut chars = r.chars();
    let wd = match chars.next()? {
        '一' => 0,
        '二' => 1,
        '三' => 2,
        '四' => 3,
        '五' => 4,
        '六' => 5,
        '日' | '天' | '七' => 6,
        _ => return None,
    };
    Some((Day::Weekday(wd, week), chars.as_str()))
}

/// "12月1日", "12月1号", "2026年12月1日", "十二月一日" and what follows.
fn date(s: &str) -> Option<(Day, &str)> {
    let (year, s) = match number(s) {
        Some((y, r)) if r.starts_with('年') => {
            (Some(i32::try_from(y).ok()?), &r['年'.len_utf8()..])
        }
        _ => (None, s),
    };
    let (month, r) = number(s)?;
    let r = r.strip_prefix('月')?;
    let (d, r) = number(r)?;
    let r = r
        .strip_prefix('日')
        .or_else(|| r.strip_prefix('号'))
        .or_else(|| r.strip_prefix('號'))?;
    Some((Day::Date(year, month, d), r))
}

/// "8点", "8点半", "8点30", "8点30分", "八点一刻", "20:00", "8点整" -> hour and minute.
fn clock(s: &str) -> Option<(u32, u32)> {
    if let Some((h, m)) = s.split_once(':') {
        let ok = |p: &str| !p.is_empty() && p.len() <= 2 && p.bytes().all(|b| b.is_ascii_digit());
        if !ok(h) || m.len() != 2 || !ok(m) {
            return None;
        }
        let (h, m) = (h.parse().ok()?, m.parse().ok()?);
        return (m <= 59).then_some((h, m));
    }
    let (hour, r) = number(s)?;
    let r = ["点", "點", "时", "時"]
        .iter()
        .find_map(|w| r.strip_prefix(w))?;
    let minute = match r {
        "" | "整" | "钟" | "鐘" => 0,
        "半" => 30,
        "一刻" => 15,
        "三刻" => 45,
        _ => {
            let (m, tail) = number(r)?;
            if !matches!(tail, "" | "分") {
                return None;
            }
            m
        }
    };
    (minute <= 59).then_some((hour, minute))
}

/// A leading number in ASCII digits or Chinese numerals, and the text after it.
fn number(s: &str) -> Option<(u32, &str)> {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 {
        if digits > 4 {
            return None;
        }
        return Some((s[..digits].parse().ok()?, &s[digits..]));
    }
    let end = s
        .char_indices()
        .find(|(_, c)| !"零〇一二两兩三四五六七八九十".contains(*c))
        .map_or(s.len(), |(i, _)| i);
    if end == 0 {
        return None;
    }
    Some((zh_number(&s[..end])?, &s[end..]))
}
