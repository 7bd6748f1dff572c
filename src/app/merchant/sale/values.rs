//! One answer read as one value of a sale: keywords, a price, a count, a start, a duration,
//! yes or no; each refusal is a translated reason.

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;

use crate::app::merchant::sale::fields::Ctx;
use crate::domain::{Currency, Money};
use crate::i18n::Msg;
use crate::nlu::{WhenError, parse_count, parse_duration, parse_when};

/// Shortest and longest sale.
const MIN_MINUTES: i64 = 1;
const MAX_DAYS: i64 = 30;
/// Most keywords and longest keyword.
const MAX_KEYWORDS: usize = 20;
const MAX_KEYWORD_CHARS: usize = 40;

/// Keywords separated by commas (`,`, `，`, `、`, `;`), or none (`-`, `none`, `无`).
pub(crate) fn keywords(raw: &str) -> Result<Vec<String>, Msg> {
    if matches!(
        raw.to_lowercase().as_str(),
        "-" | "none" | "no" | "无" | "没有" | "不要"
    ) {
        return Ok(Vec::new());
    }
    let words: Vec<String> = raw
        .split([',', '，', '、', ';', '；'])
        .map(|w| w.trim().to_lowercase())
        .filter(|w| !w.is_empty())
        .collect();
    let too_long = words.iter().any(|w| w.chars().count() > MAX_KEYWORD_CHARS);
    if words.is_empty()
        || words.len() > MAX_KEYWORDS
        || too_long
        || words.iter().any(|w| w.chars().any(char::is_control))
    {
        return Err(Msg::new("field-keywords-bad")
            .arg("max", MAX_KEYWORDS as i64)
            .arg("chars", MAX_KEYWORD_CHARS as i64));
    }
    Ok(words)
}

/// "1299", "1299.00", "¥1299", "$5", "99 XTR", "1,299 元" -> a positive price (CNY by default,
/// like the demo sales).
pub(crate) fn price(raw: &str) -> Result<Money, Msg> {
    let bad = || Msg::new("field-price-bad");
    let s = crate::nlu::fold_width(raw).replace(',', "");
    let mut currency = None;
    let mut body = s.trim().to_owned();
    for (sym, cur) in [
        ("¥", Currency::Cny),
        ("￥", Currency::Cny),
        ("元", Currency::Cny),
        ("块", Currency::Cny),
        ("$", Currency::Usd),
        ("€", Currency::Eur),
        ("⭐", Currency::Xtr),
    ] {
        if body.contains(sym) {
            currency = Some(cur);
            body = body.replace(sym, "");
        }
    }
    let letters: String = body.chars().filter(char::is_ascii_alphabetic).collect();
    if !letters.is_empty() {
        currency =
            Some(Currency::parse(&letters).map_err(|_| {
                Msg::new("field-price-currency").arg("code", letters.to_uppercase())
            })?);
        body.retain(|c| !c.is_ascii_alphabetic());
    }
    let currency = currency.unwrap_or(Currency::Cny);
    let body = body.trim();
    if body.starts_with('-') {
        return Err(Msg::new("field-price-zero"));
    }
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    let decimals = if currency.minor_per_major() == 1 {
        0
    } else {
        2
    };
    if int.is_empty() || !digits(int) || !digits(frac) || frac.len() > decimals {
        return Err(bad());
    }
    let huge = || Msg::new("field-price-huge").arg("max", Money::MAX_MINOR / 100);
    if int.len() > 12 {
        return Err(huge());
    }
    let int: i64 = int.parse().map_err(|_| bad())?;
    let frac: i64 = format!("{frac:0<decimals$}").parse().unwrap_or(0);
    let minor = int * currency.minor_per_major() + frac;
    if minor == 0 {
        return Err(Msg::new("field-price-zero"));
    }
    Money::from_minor(minor, currency).map_err(|_| huge())
}

/// A whole number in `1..=max` for `field` ("stock" or "limit").
pub(crate) fn count(raw: &str, field: &'static str, max: i64) -> Result<u32, Msg> {
    let key = |suffix: &str| -> &'static str {
        match (field, suffix) {
            ("stock", "bad") => "field-stock-bad",
            ("stock", "zero") => "field-stock-zero",
            ("stock", _) => "field-stock-huge",
            (_, "bad") => "field-limit-bad",
            (_, "zero") => "field-limit-zero",
            _ => "field-limit-huge",
        }
    };
    let s = crate::nlu::fold_width(raw);
    let s = s.trim();
    if s.starts_with('-') && parse_count(&s[1..]).is_some() {
        return Err(Msg::new(key("zero")));
    }
    match parse_count(s) {
        None => Err(Msg::new(key("bad"))),
        Some(0) => Err(Msg::new(key("zero"))),
        Some(n) if n <= max.unsigned_abs() => {
            u32::try_from(n).map_err(|_| Msg::new(key("huge")).arg("max", max))
        }
        Some(_) => Err(Msg::new(key("huge")).arg("max", max)),
    }
}

/// A start time, read in the merchant's zone; it must lie in the future.
pub(crate) fn start(raw: &str, ctx: Ctx) -> Result<DateTime<Utc>, Msg> {
    match parse_when(raw, ctx.now, ctx.tz) {
        Ok(at) if at <= ctx.now => Err(Msg::new("field-start-past")),
        Ok(at) => Ok(at),
        Err(WhenError::NoSuchLocalTime) => {
            Err(Msg::new("field-start-gap").arg("zone", ctx.tz.name()))
        }
        Err(_) => Err(Msg::new("field-start-bad").arg("example", example_start(ctx.now, ctx.tz))),
    }
}

/// An example start the merchant can copy: a week from today at 20:00 in `tz`, in ISO form,
/// so it is never in the past.
pub(crate) fn example_start(now: DateTime<Utc>, tz: Tz) -> String {
    let day = (now + Duration::days(7)).with_timezone(&tz).date_naive();
    format!("{} 20:00", day.format("%Y-%m-%d"))
}

/// A sale's length: at least a minute, at most 30 days.
pub(crate) fn duration(raw: &str) -> Result<Duration, Msg> {
    let d = parse_duration(raw).ok_or_else(|| Msg::new("field-duration-bad"))?;
    if d < Duration::minutes(MIN_MINUTES) {
        return Err(Msg::new("field-end-before-start"));
    }
    if d > Duration::days(MAX_DAYS) {
        return Err(Msg::new("field-duration-long").arg("days", MAX_DAYS));
    }
    Ok(d)
}

/// Yes or no, in English or Chinese.
pub(crate) fn yes_no(raw: &str) -> Result<bool, Msg> {
    match raw.to_lowercase().as_str() {
        "yes" | "y" | "on" | "true" | "1" | "是" | "要" | "需要" | "开" | "好" => Ok(true),
        "no" | "n" | "off" | "false" | "0" | "否" | "不" | "不要" | "不需要" | "关" => {
            Ok(false)
        }
        _ => Err(Msg::new("field-captcha-bad")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use proptest::prelude::*;

    fn minor(raw: &str) -> Result<(i64, Currency), String> {
        price(raw)
            .map(|m| (m.minor(), m.currency()))
            .map_err(|m| m.key().to_owned())
    }

    #[test]
    fn prices_in_every_accepted_form() {
        assert_eq!(minor("1299"), Ok((129_900, Currency::Cny)));
        assert_eq!(minor("1299.5"), Ok((129_950, Currency::Cny)));
        assert_eq!(minor("¥1,299.00"), Ok((129_900, Currency::Cny)));
        assert_eq!(minor("1499元"), Ok((149_900, Currency::Cny)));
        assert_eq!(minor("$5"), Ok((500, Currency::Usd)));
        assert_eq!(minor("99 XTR"), Ok((99, Currency::Xtr)));
        assert_eq!(minor("eur 3.10"), Ok((310, Currency::Eur)));
    }

    #[test]
    fn bad_prices_say_why() {
        assert_eq!(minor("0").unwrap_err(), "field-price-zero");
        assert_eq!(minor("-5").unwrap_err(), "field-price-zero");
        assert_eq!(minor("99999999999").unwrap_err(), "field-price-huge");
        assert_eq!(minor("1.5 XTR").unwrap_err(), "field-price-bad");
        assert_eq!(minor("1.234").unwrap_err(), "field-price-bad");
        assert_eq!(minor("five").unwrap_err(), "field-price-currency");
        assert_eq!(minor("").unwrap_err(), "field-price-bad");
    }

    #[test]
    fn counts_keywords_and_yes_no() {
        assert_eq!(count("１００", "stock", 1_000), Ok(100));
        assert_eq!(count("100件", "stock", 1_000), Ok(100));
        assert_eq!(count("一百件", "stock", 1_000), Ok(100));
        assert_eq!(count("ten", "stock", 1_000), Ok(10));
        assert_eq!(count("每人2个", "limit", 10), Ok(2));
        assert_eq!(count("2 per person", "limit", 10), Ok(2));
        assert_eq!(
            count("-两件", "stock", 1_000).unwrap_err().key(),
            "field-stock-zero"
        );
        assert_eq!(
            count("一万件", "stock", 1_000).unwrap_err().key(),
            "field-stock-huge"
        );
        assert_eq!(
            count("0", "stock", 1_000).unwrap_err().key(),
            "field-stock-zero"
        );
        assert_eq!(
            count("-3", "limit", 10).unwrap_err().key(),
            "field-limit-zero"
        );
        assert_eq!(
            count("11", "limit", 10).unwrap_err().key(),
            "field-limit-huge"
        );
        assert_eq!(
            count("1e3", "stock", 1_000).unwrap_err().key(),
            "field-stock-bad"
        );
        assert_eq!(
            keywords("AirPods， 耳机、 pro"),
            Ok(vec!["airpods".into(), "耳机".into(), "pro".into()])
        );
        assert_eq!(keywords("-"), Ok(vec![]));
        assert!(keywords(&"a,".repeat(21)).is_err());
        assert_eq!(yes_no("是"), Ok(true));
        assert_eq!(yes_no("No"), Ok(false));
        assert!(yes_no("maybe").is_err());
    }

    #[test]
    fn a_past_time_in_words_is_already_passed_and_the_example_lies_ahead() {
        let ctx = Ctx {
            now: Utc.with_ymd_and_hms(2026, 12, 4, 9, 0, 0).unwrap(),
            tz: chrono_tz::Asia::Shanghai,
        };
        for past in ["昨天晚上8点", "yesterday 8pm", "上周五晚上8点"] {
            assert_eq!(
                start(past, ctx).unwrap_err().key(),
                "field-start-past",
                "{past}"
            );
        }
        assert_eq!(
            start("gibberish", ctx).unwrap_err().key(),
            "field-start-bad"
        );
        let example = example_start(ctx.now, ctx.tz);
        assert_eq!(example, "2026-12-11 20:00");
        assert!(start(&example, ctx).is_ok());
    }

    proptest! {
        #[test]
        fn arbitrary_answers_never_panic(s in "\\PC{0,30}") {
            let ctx = Ctx {
                now: Utc.with_ymd_and_hms(2026, 12, 1, 12, 0, 0).unwrap(),
                tz: chrono_tz::Asia::Shanghai,
            };
            let _ = price(&s);
            let _ = count(&s, "stock", 10_000_000);
            let _ = keywords(&s);
            let _ = start(&s, ctx);
            let _ = duration(&s);
            let _ = yes_no(&s);
        }
    }
}
