//! Every time form `parse_when` reads, in Shanghai and in a zone with daylight saving.

use chrono::{DateTime, TimeZone, Utc};
use chrono_tz::Tz;
use proptest::prelude::*;

use super::when::{WhenError, parse_when};

const SH: Tz = chrono_tz::Asia::Shanghai;

/// 2026-11-25 10:00 in Shanghai (02:00 UTC), a Wednesday.
fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 25, 2, 0, 0).unwrap()
}

/// The local time in Shanghai `text` reads as, "YYYY-MM-DD HH:MM".
fn sh(text: &str) -> String {
    match parse_when(text, now(), SH) {
        Ok(at) => at.with_timezone(&SH).format("%Y-%m-%d %H:%M").to_string(),
        Err(e) => format!("{e:?}"),
    }
}

#[test]
fn iso_forms_with_and_without_an_offset() {
    assert_eq!(sh("2026-12-01 20:00"), "2026-12-01 20:00");
    assert_eq!(sh("2026-12-01T20:00"), "2026-12-01 20:00");
    assert_eq!(sh("2026-12-01 20:00:00"), "2026-12-01 20:00");
    assert_eq!(sh("2026-12-01T12:00Z"), "2026-12-01 20:00");
    assert_eq!(sh("2026-12-01T20:00+08:00"), "2026-12-01 20:00");
    assert_eq!(sh("2026-12-01 13:00+0100"), "2026-12-01 20:00");
    assert_eq!(sh("2026/12/01 20:00"), "2026-12-01 20:00");
}

#[test]
fn english_relative_days_and_clock_times() {
    assert_eq!(sh("tomorrow 20:00"), "2026-11-26 20:00");
    assert_eq!(sh("Tomorrow at 8:30pm"), "2026-11-26 20:30");
    assert_eq!(sh("today 9pm"), "2026-11-25 21:00");
    assert_eq!(sh("today 12am"), "2026-11-25 00:00");
    assert_eq!(sh("tonight 8"), "2026-11-25 20:00");
    assert_eq!(sh("tomorrow night 9"), "2026-11-26 21:00");
    assert_eq!(sh("12/1 20:00"), "2026-12-01 20:00");
    assert_eq!(sh("21:15"), "2026-11-25 21:15");
}

#[test]
fn in_a_while_counts_from_now() {
    assert_eq!(sh("in 2h"), "2026-11-25 12:00");
    assert_eq!(sh("in 30 min"), "2026-11-25 10:30");
    assert_eq!(sh("in 1h30m"), "2026-11-25 11:30");
    assert_eq!(sh("2小时后"), "2026-11-25 12:00");
    assert_eq!(sh("半小时以后"), "2026-11-25 10:30");
}

#[test]
fn chinese_days_parts_of_the_day_and_clock_times() {
    assert_eq!(sh("明天晚上8点"), "2026-11-26 20:00");
    assert_eq!(sh("今晚8点"), "2026-11-25 20:00");
    assert_eq!(sh("明天下午3点半"), "2026-11-26 15:30");
    assert_eq!(sh("后天上午10点"), "2026-11-27 10:00");
    assert_eq!(sh("12月1日 20:00"), "2026-12-01 20:00");
    assert_eq!(sh("12月1日晚上8点"), "2026-12-01 20:00");
    assert_eq!(sh("十二月一号晚上八点一刻"), "2026-12-01 20:15");
    assert_eq!(sh("2027年1月2日上午9点05分"), "2027-01-02 09:05");
    assert_eq!(sh("明晚十点"), "2026-11-26 22:00");
    assert_eq!(sh("晚上12点"), "2026-11-26 00:00");
    assert_eq!(sh("中午1点"), "2026-11-25 13:00");
}

#[test]
fn weekday_names_mean_the_coming_one_and_next_week_the_calendar_week_after() {
    // now: Wednesday 2026-11-25 10:00 in Shanghai.
    assert_eq!(sh("Saturday 8pm"), "2026-11-28 20:00");
    assert_eq!(sh("sat 20:00"), "2026-11-28 20:00");
    assert_eq!(sh("8pm on Saturday"), "2026-11-28 20:00");
    assert_eq!(sh("Wednesday 9pm"), "2026-11-25 21:00");
    assert_eq!(sh("Wednesday 9am"), "2026-12-02 09:00");
    assert_eq!(sh("next Monday 8pm"), "2026-11-30 20:00");
    assert_eq!(sh("next Saturday evening 8"), "2026-12-05 20:00");
    assert_eq!(sh("this friday 8pm"), "2026-11-27 20:00");
    assert_eq!(sh("周六晚上8点"), "2026-11-28 20:00");
    assert_eq!(sh("星期天上午10点"), "2026-11-29 10:00");
    assert_eq!(sh("礼拜五 20:00"), "2026-11-27 20:00");
    assert_eq!(sh("下周一晚上8点"), "2026-11-30 20:00");
    assert_eq!(sh("下个星期三下午3点"), "2026-12-02 15:00");
    assert_eq!(sh("这周五晚上8点"), "2026-11-27 20:00");
}

#[test]
fn month_names_noon_midnight_and_mornings() {
    assert_eq!(sh("Dec 5 8pm"), "2026-12-05 20:00");
    assert_eq!(sh("December 5th at 8:30 pm"), "2026-12-05 20:30");
    assert_eq!(sh("5 Dec 20:00"), "2026-12-05 20:00");
    assert_eq!(sh("5th of December, 8pm"), "2026-12-05 20:00");
    assert_eq!(sh("Jan 2 2027 9am"), "2027-01-02 09:00");
    assert_eq!(sh("tomorrow noon"), "2026-11-26 12:00");
    assert_eq!(sh("noon"), "2026-11-25 12:00");
    assert_eq!(sh("midnight"), "2026-11-26 00:00");
    assert_eq!(sh("tomorrow midnight"), "2026-11-27 00:00");
    assert_eq!(sh("tomorrow morning 9"), "2026-11-26 09:00");
    assert_eq!(sh("8 o'clock tomorrow evening"), "2026-11-26 20:00");
    assert_eq!(sh("day after tomorrow 10am"), "2026-11-27 10:00");
    assert_eq!(sh("明早9点"), "2026-11-26 09:00");
    assert_eq!(sh("明天中午"), "2026-11-26 12:00");
    assert_eq!(sh("今天半夜"), "2026-11-26 00:00");
    assert_eq!(sh("明天零点"), "2026-11-26 00:00");
}

#[test]
fn in_an_hour_and_small_typos_read_as_meant() {
    assert_eq!(sh("in an hour"), "2026-11-25 11:00");
    assert_eq!(sh("in half an hour"), "2026-11-25 10:30");
    assert_eq!(sh("in two hours"), "2026-11-25 12:00");
    assert_eq!(sh("an hour from now"), "2026-11-25 11:00");
    assert_eq!(sh("2 hours later"), "2026-11-25 12:00");
    assert_eq!(sh("一小时后"), "2026-11-25 11:00");
    assert_eq!(sh("tomorow 8pm"), "2026-11-26 20:00");
    assert_eq!(sh("tommorow at 20:00"), "2026-11-26 20:00");
    assert_eq!(sh("satruday 8pm"), "2026-11-28 20:00");
    assert_eq!(sh("tomorrow evning 8"), "2026-11-26 20:00");
}

#[test]
fn words_for_the_past_read_as_past_instants_not_as_unreadable() {
    let at = |text: &str| parse_when(text, now(), SH);
    for past in [
        "昨天晚上8点",
        "昨晚8点",
        "前天下午3点",
        "上周一晚上8点",
        "yesterday 8pm",
        "last Monday 8pm",
        "last night 9",
    ] {
        let read = at(past).unwrap_or_else(|e| panic!("{past}: {e:?}"));
        assert!(read < now(), "{past} read as {read}");
    }
    assert_eq!(sh("昨天晚上8点"), "2026-11-24 20:00");
}

#[test]
fn a_month_and_day_already_past_this_year_means_next_year() {
    assert_eq!(sh("3月1日 10:00"), "2027-03-01 10:00");
    assert_eq!(sh("3/1 10:00"), "2027-03-01 10:00");
}

#[test]
fn impossible_dates_and_times_are_refused_with_a_reason() {
    assert_eq!(sh("2026-02-30 10:00"), "Unrecognised");
    assert_eq!(sh("2月30日 10:00"), "BadDate");
    assert_eq!(sh("25:00"), "Unrecognised");
    assert_eq!(sh("上午15点"), "Unrecognised");
    assert_eq!(sh("13pm"), "Unrecognised");
    for junk in [
        "",
        "soon",
        "next week",
        "next saturday",
        "周六",
        "december",
        "明天",
        "tomorrow",
        "in",
        "in -2h",
        "8点88分",
    ] {
        assert!(parse_when(junk, now(), SH).is_err(), "{junk}");
    }
}

#[test]
fn a_local_time_in_a_daylight_saving_gap_is_refused_and_an_overlap_takes_the_earlier() {
    let ny: Tz = chrono_tz::America::New_York;
    // 2027-03-14 02:30 does not exist in New York; 2026-11-01 01:30 happens twice.
    assert_eq!(
        parse_when("2027-03-14 02:30", now(), ny),
        Err(WhenError::NoSuchLocalTime)
    );
    let overlap = parse_when("2026-11-01 01:30", now() - chrono::Duration::days(30), ny);
    assert_eq!(
        overlap,
        Ok(Utc.with_ymd_and_hms(2026, 11, 1, 5, 30, 0).unwrap())
    );
}

proptest! {
    /// Doubles as the fuzz target for merchants' time and duration input.
    #[test]
    fn arbitrary_text_never_panics(s in "\\PC{0,40}", t in ".{0,40}", secs in 0i64..4_000_000_000) {
        let at = Utc.timestamp_opt(secs, 0).unwrap();
        let _ = parse_when(&s, at, SH);
        let _ = parse_when(&t, at, chrono_tz::America::New_York);
        let _ = super::duration::parse_duration(&s);
        let _ = super::duration::parse_duration(&t);
    }

    #[test]
    fn time_like_text_never_panics(
        a in "[0-9０-９一二两十:：/ -]{0,12}",
        b in "(今天|明天|后天|今晚|明早|昨天|周六|下周一|星期天|tomorrow |today |in |saturday |next monday |dec |yesterday )?",
        c in "(点|点半|pm|am|小时|分钟|h|m|月|日| noon| midnight|中午|半夜| hours later)?",
    ) {
        let text = format!("{b}{a}{c}");
        let _ = parse_when(&text, now(), SH);
        let _ = super::duration::parse_duration(&text);
    }
}
