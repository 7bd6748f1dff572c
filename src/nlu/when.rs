//! When something starts, as merchants type it, read in their time zone: ISO
//! ("2026-12-01 20:00", "2026-12-01T20:00+08:00"), English ("tomorrow 20:00", "today 9pm",
//! "in 2h", "12/1 20:00") and Chinese ("明天晚上8点", "今晚8点", "12月1日 20:00", "2小时后").
//! Pure: the text, `now` and the zone come in; an instant or the reason comes out.

use chrono::{
    DateTime, Datelike, Days, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, NaiveTime,
    TimeZone, Utc,
};
use chrono_tz::Tz;

use super::duration::{fold, parse_duration};
use super::when_zh;

/// Why a time could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WhenError {
    /// Not a time in any form this parser knows.
    Unrecognised,
    /// A date or clock time that does not exist (Feb 30, 25:00).
    BadDate,
    /// The local time falls in a daylight-saving gap of the zone.
    NoSuchLocalTime,
}

/// A calendar day relative to today, or a given date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Day {
    /// Today plus this many days.
    Offset(u64),
    /// Month and day, with the year when given (else the next such date).
    Date(Option<i32>, u32, u32),
}

/// A local day and clock time, before the zone makes it an instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Local {
    pub day: Day,
    /// Hour 0..=24 (24 means midnight at the end of the day).
    pub hour: u32,
    pub minute: u32,
}

/// Reads `text` as an instant; local forms are read in `tz` relative to `now`.
pub fn parse_when(text: &str, now: DateTime<Utc>, tz: Tz) -> Result<DateTime<Utc>, WhenError> {
    let t = fold(text).split_whitespace().collect::<Vec<_>>().join(" ");
    let t = t.replace('：', ":");
    if t.is_empty() || t.chars().count() > 80 {
        return Err(WhenError::Unrecognised);
    }
    if let Some(r) = iso(&t, tz) {
        return r;
    }
    let relative = t
        .strip_prefix("in ")
        .or_else(|| t.strip_suffix("以后"))
        .or_else(|| t.strip_suffix("之后"))
        .or_else(|| t.strip_suffix('后'));
    if let Some(d) = relative.and_then(parse_duration) {
        return now.checked_add_signed(d).ok_or(WhenError::BadDate);
    }
    let local = english(&t).or_else(|| when_zh::chinese(&t));
    match local {
        Some(l) => resolve(l, now, tz),
        None => Err(WhenError::Unrecognised),
    }
}

/// ISO dates with a time, optionally with `Z` or an offset ("+08:00", "+0800").
fn iso(t: &str, tz: Tz) -> Option<Result<DateTime<Utc>, WhenError>> {
    let first = t.chars().next()?;
    if !first.is_ascii_digit() || !t.get(4..5).is_some_and(|s| s == "-" || s == "/") {
        return None;
    }
    let s = t.replacen('t', " ", 1).replace('/', "-");
    let s = s.trim();
    if let Some(naive) = s.strip_suffix('z').and_then(naive_iso) {
        return Some(Ok(naive.and_utc()));
    }
    for fmt in [
        "%Y-%m-%d %H:%M%:z",
        "%Y-%m-%d %H:%M:%S%:z",
        "%Y-%m-%d %H:%M%z",
    ] {
        if let Ok(at) = DateTime::<FixedOffset>::parse_from_str(s, fmt) {
            return Some(Ok(at.with_timezone(&Utc)));
        }
    }
    let naive = naive_iso(s)?;
    Some(localize(naive, tz))
}

fn naive_iso(s: &str) -> Option<NaiveDateTime> {
    ["%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(s.trim(), f).ok())
}

/// "today 9pm", "tonight 8", "tomorrow at 20:00", "12/1 20:00", "20:00".
fn english(t: &str) -> Option<Local> {
    let words: Vec<&str> = t.split(' ').filter(|w| *w != "at").collect();
    let (day, evening, rest) = match words.as_slice() {
        ["today", rest @ ..] => (Day::Offset(0), false, rest),
        ["tonight", rest @ ..] => (Day::Offset(0), true, rest),
        ["tomorrow", "night" | "evening", rest @ ..] => (Day::Offset(1), true, rest),
        ["tomorrow" | "tmr" | "tmrw", rest @ ..] => (Day::Offset(1), false, rest),
        [date, rest @ ..] if date.contains('/') => (month_day(date)?, false, rest),
        rest => (Day::Offset(0), false, rest),
    };
    let clock_text = rest.concat();
    let (mut hour, minute, meridiem) = clock(&clock_text)?;
    if evening && meridiem.is_none() && (1..12).contains(&hour) {
        hour += 12;
    }
    Some(Local { day, hour, minute })
}

/// "12/1" (month/day) or "2026/12/1".
fn month_day(s: &str) -> Option<Day> {
    let parts: Vec<u32> = s
        .split('/')
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    match parts.as_slice() {
        [m, d] => Some(Day::Date(None, *m, *d)),
        [y, m, d] => Some(Day::Date(Some(i32::try_from(*y).ok()?), *m, *d)),
        _ => None,
    }
}

/// "20:00", "9pm", "9:30 am", "21" -> hour, minute and whether am/pm was said.
fn clock(s: &str) -> Option<(u32, u32, Option<bool>)> {
    let (body, pm) = if let Some(b) = s.strip_suffix("pm").or_else(|| s.strip_suffix("p.m.")) {
        (b, Some(true))
    } else if let Some(b) = s.strip_suffix("am").or_else(|| s.strip_suffix("a.m.")) {
        (b, Some(false))
    } else {
        (s, None)
    };
    let (h, m) = match body.split_once(':') {
        Some((h, m)) if m.len() == 2 => (h, m),
        Some(_) => return None,
        None => (body, "0"),
    };
    if h.is_empty() || h.len() > 2 || !h.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (mut hour, minute): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    if minute > 59 {
        return None;
    }
    match pm {
        Some(pm) => {
            if !(1..=12).contains(&hour) {
                return None;
            }
            hour = match (pm, hour) {
                (true, 12) => 12,
                (true, h) => h + 12,
                (false, 12) => 0,
                (false, h) => h,
            };
        }
        None if hour > 23 => return None,
        None => {}
    }
    Some((hour, minute, pm))
}

/// The instant of a local day and time in `tz`.
pub(crate) fn resolve(l: Local, now: DateTime<Utc>, tz: Tz) -> Result<DateTime<Utc>, WhenError> {
    let today = now.with_timezone(&tz).date_naive();
    let (hour, extra) = if l.hour == 24 { (0, 1) } else { (l.hour, 0) };
    let time = NaiveTime::from_hms_opt(hour, l.minute, 0).ok_or(WhenError::BadDate)?;
    let date = match l.day {
        Day::Offset(n) => today.checked_add_days(Days::new(n)),
        Day::Date(Some(y), m, d) => NaiveDate::from_ymd_opt(y, m, d),
        Day::Date(None, m, d) => {
            let this = NaiveDate::from_ymd_opt(today.year(), m, d);
            let next = NaiveDate::from_ymd_opt(today.year() + 1, m, d);
            match this {
                Some(date) if date >= today => Some(date),
                _ => next,
            }
        }
    }
    .and_then(|d| d.checked_add_days(Days::new(extra)))
    .ok_or(WhenError::BadDate)?;
    localize(date.and_time(time), tz)
}

/// A local date-time in `tz`: a gap is refused, an overlap takes the earlier instant.
fn localize(naive: NaiveDateTime, tz: Tz) -> Result<DateTime<Utc>, WhenError> {
    match tz.from_local_datetime(&naive) {
        LocalResult::Single(at) => Ok(at.with_timezone(&Utc)),
        LocalResult::Ambiguous(early, _) => Ok(early.with_timezone(&Utc)),
        LocalResult::None => Err(WhenError::NoSuchLocalTime),
    }
}
