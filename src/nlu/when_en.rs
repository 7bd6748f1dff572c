//! English local times, words in any order: a day ("today", "tomorrow", "yesterday",
//! "Saturday", "next Monday", "Dec 5", "5th of December", "12/1"), a part of the day
//! ("morning", "evening", "noon", "midnight") and a clock time ("8pm", "20:00", "8 30 pm").
//! Small typos of the words are forgiven ("tomorow", "satruday").

use super::when::{Day, Local, Part, Week, apply_part};

const WEEKDAYS: [[&str; 3]; 7] = [
    ["monday", "mon", "mon"],
    ["tuesday", "tue", "tues"],
    ["wednesday", "wed", "weds"],
    ["thursday", "thu", "thurs"],
    ["friday", "fri", "fri"],
    ["saturday", "sat", "sat"],
    ["sunday", "sun", "sun"],
];

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Reads an English local time; `None` when the text is not one.
pub(crate) fn english(t: &str) -> Option<Local> {
    let text = t
        .replace(',', " ")
        .replace("o'clock", " ")
        .replace("oclock", " ");
    let mut words: Vec<&str> = text.split_whitespace().collect();
    words.retain(|w| !matches!(*w, "at" | "on" | "the" | "of" | "in"));
    month_first(&mut words);
    let mut day = None;
    let mut part = None;
    let mut clock = None;
    let mut i = 0;
    while i < words.len() {
        let w = words[i];
        let next = words.get(i + 1).copied();
        let mut used = 1;
        let found_day = match w {
            "today" => Some(Day::Offset(0)),
            "tonight" => {
                part = Some(Part::Evening);
                Some(Day::Offset(0))
            }
            "tomorrow" | "tmr" | "tmrw" => Some(Day::Offset(1)),
            "yesterday" => Some(Day::Offset(-1)),
            "day" if next == Some("after") && words.get(i + 2) == Some(&"tomorrow") => {
                used = 3;
                Some(Day::Offset(2))
            }
            "next" | "this" | "last" | "coming" => {
                let week = match w {
                    "next" => Week::Next,
                    "this" => Week::This,
                    "last" => Week::Last,
                    _ => Week::Coming,
                };
                match (next.and_then(weekday), next) {
                    (Some(wd), _) => {
                        used = 2;
                        Some(Day::Weekday(wd, week))
                    }
                    // "this evening", "last night".
                    (None, Some(p)) if part_of(p).is_some() && week != Week::Next => {
                        Some(Day::Offset(if week == Week::Last { -1 } else { 0 }))
                    }
                    _ => return None,
                }
            }
            _ => {
                if let Some(wd) = weekday(w) {
                    Some(Day::Weekday(wd, Week::Coming))
                } else if let Some(m) = month(w) {
                    let (d, n) = month_day(&words, i, m)?;
                    used = n;
                    Some(d)
                } else if w.contains('/') {
                    Some(slash_date(w)?)
                } else {
                    None
                }
            }
        };
        if let Some(d) = found_day {
            if day.replace(d).is_some() {
                return None;
            }
            i += used;
            continue;
        }
        if let Some(p) = part_of(w) {
            if part.is_some_and(|q| q != p) && !matches!(p, Part::Noon | Part::Midnight) {
                return None;
            }
            part = Some(p);
            i += 1;
            continue;
        }
        // A clock time, perhaps with "am"/"pm" as the next word.
        let (text, n) = match next {
            Some(m @ ("am" | "pm" | "a.m." | "p.m.")) => (format!("{w}{m}"), 2),
            _ => (w.to_owned(), 1),
        };
        if clock.replace(clock_time(&text)?).is_some() {
            return None;
        }
        i += n;
    }
    let (hour, minute, meridiem) = match (clock, part) {
        (Some(c), _) => c,
        (None, Some(Part::Noon)) => (12, 0, None),
        (None, Some(Part::Midnight)) => (24, 0, None),
        _ => return None,
    };
    let hour = if meridiem.is_some() {
        hour
    } else {
        apply_part(part, hour)?
    };
    let day = day.unwrap_or(Day::Offset(0));
    (hour <= 23 || hour == 24 && minute == 0).then_some(Local { day, hour, minute })
}

/// "Dec 5", "December 5th 2026", "5 Dec", "5th of December": the day and words used.
fn month_day(words: &[&str], i: usize, month: u32) -> Option<(Day, usize)> {
    let after = words.get(i + 1).and_then(|w| day_number(w));
    if let Some(d) = after {
        let year = words.get(i + 2).and_then(|w| year(w));
        let used = if year.is_some() { 3 } else { 2 };
        return Some((Day::Date(year, month, d), used));
    }
    None
}

/// Rewrites "5th dec" and "5 of december" so the month comes first.
fn month_first(words: &mut [&str]) {
    for i in 1..words.len() {
        if month(words[i]).is_some() && day_number(words[i - 1]).is_some() {
            words.swap(i - 1, i);
        }
    }
}

/// "12/1" (month/day) or "2026/12/1".
fn slash_date(s: &str) -> Option<Day> {
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

fn weekday(w: &str) -> Option<u32> {
    (0u32..)
        .zip(WEEKDAYS)
        .find(|(_, names)| names.contains(&w))
        .map(|(i, _)| i)
}

fn month(w: &str) -> Option<u32> {
    (1u32..).zip(MONTHS).find_map(|(i, name)| {
        let short = name.get(..3)?;
        (w == name || w == short || w == "sept" && i == 9).then_some(i)
    })
}

fn part_of(w: &str) -> Option<Part> {
    Some(match w {
        "morning" => Part::Morning,
        "afternoon" => Part::Afternoon,
        "evening" | "night" => Part::Evening,
        "noon" | "midday" => Part::Noon,
        "midnight" => Part::Midnight,
        _ => return None,
    })
}

/// "5", "5th", "21st" as a day of the month.
fn day_number(w: &str) -> Option<u32> {
    let digits = ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|s| w.strip_suffix(s))
        .unwrap_or(w);
    if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

fn year(w: &str) -> Option<i32> {
    (w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()))
        .then(|| w.parse().ok())
        .flatten()
}

/// "20:00", "9pm", "9:30am", "21" -> hour, minute and whether am/pm was said.
pub(crate) fn clock_time(s: &str) -> Option<(u32, u32, Option<bool>)> {
    let (body, pm) = if let Some(b) = s.strip_suffix("pm").or_else(|| s.strip_suffix("p.m.")) {
        (b, Some(true))
    } else if let Some(b) = s.strip_suffix("am").or_else(|| s.strip_suffix("a.m.")) {
        (b, Some(false))
    } else {
        (s, None)
    };
    let (h, m) = match body.split_once(':').or_else(|| body.split_once('.')) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_day_of_the_month_may_come_first() {
        let mut words = vec!["5th", "dec", "8pm"];
        month_first(&mut words);
        assert_eq!(words, ["dec", "5th", "8pm"]);
    }
}
