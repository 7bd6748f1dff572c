//! Fuzzing, time-boxed like `fuzz_inputs`: merchants' start times and durations (the
//! `/newsale` and `/editsale` parsers), from mutated real answers and arbitrary text. None
//! may panic, and every instant read back must print and re-read as the same local time.

use chrono::{TimeZone, Utc};
use chrono_tz::Tz;
use flashsale::nlu::{parse_duration, parse_when};
use proptest::prelude::*;

use crate::support::fuzz::{fuzz, mutate};

const SEEDS: [&str; 27] = [
    "2026-12-01 20:00",
    "2026-12-01T12:00Z",
    "2026-12-01 20:00+08:00",
    "tomorrow 20:00",
    "today 9pm",
    "tonight 8",
    "12/1 20:00",
    "in 1h30m",
    "明天晚上8点",
    "今晚8点",
    "明天下午3点半",
    "后天上午10点",
    "12月1日 20:00",
    "十二月一号晚上八点一刻",
    "2小时后",
    "一个半小时",
    "Saturday 8pm",
    "next Monday 9am",
    "Dec 5 8pm",
    "5th of December, 8:30 pm",
    "tomorow noon",
    "midnight",
    "in an hour",
    "周六晚上8点",
    "下周一晚上8点",
    "明早9点",
    "昨天晚上8点",
];

#[test]
fn fuzz_merchant_times_and_durations() {
    let now = Utc.with_ymd_and_hms(2026, 11, 25, 2, 0, 0).unwrap();
    let zones: [Tz; 3] = [
        chrono_tz::Asia::Shanghai,
        chrono_tz::America::New_York,
        chrono_tz::Pacific::Chatham,
    ];
    let edits = prop::collection::vec((any::<usize>(), any::<u8>(), any::<u8>()), 0..6);
    let text = prop_oneof![
        (0..SEEDS.len(), edits).prop_map(|(i, e)| mutate(SEEDS[i], &e)),
        any::<String>(),
        "[0-9０-９一二两十点點半刻:：/ 年月日号今明后天晚上下午凌晨昨早周星期下这intomrwaphsdecnx-]{0,40}",
    ];
    let cases = fuzz("merchant times", (text, 0..zones.len()), |(t, z)| {
        let tz = zones[*z];
        let _ = parse_duration(t);
        if let Ok(at) = parse_when(t, now, tz) {
            let local = at.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string();
            let again = parse_when(&local, now, tz);
            assert!(
                again.is_ok(),
                "{t:?} read as {local}, which does not read back"
            );
        }
    });
    assert!(cases > 0);
}
