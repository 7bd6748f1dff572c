//! When something starts, as merchants type it, read in their time zone: ISO
//! ("2026-12-01 20:00", "2026-12-01T20:00+08:00"), English ("tomorrow 20:00", "Saturday
//! 8pm", "Dec 5 8pm", "tomorrow noon", "in an hour", `when_en`) and Chinese ("明天晚上8点",
//! "周六晚上8点", "下周一晚上8点", "明早9点", "2小时后", `when_zh`). Words for the past
//! ("yesterday", "昨天晚上8点") read as past instants, so callers can say "already passed".
//! Pure: the text, `now` and the zone come in; an instant or the reason comes out.

use chrono::{
    DateTime, Datelike, Days, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, NaiveTime,
    TimeZone, Timelike, Utc,
};
use chrono_tz::Tz;

use super::duration::{fold, parse_duration};
use super::{when_en, when_typos, when_zh};

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
    /// Today plus this many days (negative: the past, "yesterday", "昨天").
    Offset(i64),
    /// Month and day, with the year when given (else the next such date).
    Date(Option<i32>, u32, u32),
    /// A weekday (0 = Monday) in a week relative to this one.
    Weekday(u32, Week),
}

/// Which week a weekday name means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Week {
    /// The next such day from today on ("Saturday", "周六"); today only while the time is ahead.
    Coming,
    /// This calendar week, Monday to Sunday ("this Saturday", "这周六"); may be past.
    This,
    /// Next calendar week ("next Monday", "下周一").
    Next,
    /// Last calendar week ("last Monday", "上周一"): the past.
    Last,
}

/// Which part of the day a time was said in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Part {
    Early,
    Morning,
    Noon,
    Afternoon,
    Evening,
    Midnight,
}

/// A clock hour said in a part of the day as an hour 0..=24 ("evening 8" is 20, "晚上12点"
/// is 24); `None` when they contradict ("上午15点").
pub(crate) fn apply_part(part: Option<Part>, hour: u32) -> Option<u32> {
    Some(match (part, hour) {
        (Some(Part::Afternoon | Part::Evening), 1..=11) => hour + 12,
        (Some(Part::Evening | Part::Midnight), 12) => 24,
        (Some(Part::Noon), 1..=3) => hour + 12,
        (Some(Part::Early), 12) => 0,
        (Some(Part::Morning | Part::Early), 13..) => return None,
        _ => hour,
    })
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
    let t = fold(text)
        .split_whitespace()
        .map(when_typos::correct)
        .collect::<Vec<_>>()
        .join(" ");
    let t = t.replace('：', ":");
    if t.is_empty() || t.chars().count() > 80 {
        return Err(WhenError::Unrecognised);
    }
    if let Some(r) = iso(&t, tz) {
        return r;
    }
    let relative = t
        .strip_prefix("in ")
        .or_else(|| t.strip_suffix(" from now"))
        .or_else(|| t.strip_suffix(" later"))
        .or_else(|| t.strip_suffix("以后"))
        .or_else(|| t.strip_suffix("之后"))
        .or_else(|| t.strip_suffix('后'));
    if let Some(d) = relative.and_then(parse_duration) {
        return now.checked_add_signed(d).ok_or(WhenError::BadDate);
    }
    let local = when_en::english(&t).or_else(|| when_zh::chinese(&t));
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

/// The instant of a local day and time in `tz`.
pub(crate) fn resolve(l: Local, now: DateTime<Utc>, tz: Tz) -> Result<DateTime<Utc>, WhenError> {
    let local_now = now.with_timezone(&tz);
    let today = local_now.date_naive();
    let (hour, extra) = if l.hour == 24 { (0, 1u32) } else { (l.hour, 0) };
    let time = NaiveTime::from_hms_opt(hour, l.minute, 0).ok_or(WhenError::BadDate)?;
    let shift = |n: i64| match u64::try_from(n) {
        Ok(ahead) => today.checked_add_days(Days::new(ahead)),
        Err(_) => today.checked_sub_days(Days::new(n.unsigned_abs())),
    };
    let date = match l.day {
        Day::Offset(n) => shift(n),
        Day::Weekday(wd, week) => {
            let from_monday = i64::from(today.weekday().num_days_from_monday());
            let wd = i64::from(wd);
            let ahead = match week {
                Week::Coming => {
                    let ahead = (wd - from_monday).rem_euclid(7);
                    let passed =
                        (hour + 24 * extra, l.minute) <= (local_now.hour(), local_now.minute());
                    if ahead == 0 && passed { 7 } else { ahead }
                }
                Week::This => wd - from_monday,
                Week::Next => 7 - from_monday + wd,
                Week::Last => wd - from_monday - 7,
            };
            shift(ahead)
        }
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
    .and_then(|d| d.checked_add_days(Days::new(u64::from(extra))))
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
