//! Counts read as English speakers expect ("1 unit", "2 units"), Chinese keeps no space
//! between a duration and the word after it, and a free paid broadcast is not priced.

use chrono::Duration;

use super::{Locale, Msg, Texts};
use crate::domain::Span;

fn en(msg: Msg) -> String {
    Texts::load().render(Locale::En, &msg)
}

fn zh(msg: Msg) -> String {
    Texts::load().render(Locale::ZhCn, &msg)
}

#[test]
fn one_of_a_thing_is_singular_and_more_are_plural() {
    let restock = |n: i64| {
        en(Msg::new("restock-done")
            .arg("added", n)
            .arg("sale", 4_i64)
            .arg("title", "Tea")
            .arg("stock", 9_i64))
    };
    assert!(restock(1).contains("Added 1 unit to"), "{}", restock(1));
    assert!(restock(3).contains("Added 3 units to"), "{}", restock(3));
    let confirm = |count: i64, skipped: i64| {
        en(Msg::new("announce-confirm-subscribers")
            .arg("sale", 4_i64)
            .arg("title", "Tea")
            .arg("count", count)
            .arg("skipped", skipped))
    };
    assert!(
        confirm(1, 0).ends_with("to its 1 subscriber?"),
        "{}",
        confirm(1, 0)
    );
    assert!(confirm(2, 1).contains("2 subscribers? (1 more blocked the bot and is skipped.)"));
    let stats = en(Msg::new("stats-caption")
        .arg("sale", 4_i64)
        .arg("title", "Tea")
        .arg("units", 1_i64)
        .arg("orders", 1_i64)
        .arg("span", 3_i64)
        .arg("bucket", 1_i64));
    assert!(stats.contains("1 unit in 1 order within"), "{stats}");
    let started = en(Msg::new("announce-started").arg("count", 1_i64));
    assert!(started.contains("Sending to 1 person;"), "{started}");
    let soon = en(Msg::new("reminder-soon")
        .arg("title", "Tea")
        .arg("minutes", 1_i64));
    assert!(soon.contains("starts in 1 minute."), "{soon}");
    let cancel = |n: i64| {
        en(Msg::new("cancelsale-done")
            .arg("sale", 4_i64)
            .arg("title", "Tea")
            .arg("cancelled", n)
            .arg("refunded", n))
    };
    assert!(
        cancel(1).contains("1 pending order cancelled, 1 payment refunded"),
        "{}",
        cancel(1)
    );
    assert!(cancel(2).contains("2 pending orders cancelled, 2 payments refunded"));
    let ask = en(Msg::new("cancelsale-confirm")
        .arg("sale", 4_i64)
        .arg("title", "Tea")
        .arg("pending", 1_i64)
        .arg("paid", 1_i64));
    assert!(
        ask.contains("1 pending order is cancelled and 1 paid order refunded"),
        "{ask}"
    );
}

#[test]
fn chinese_durations_join_the_word_after_them_without_a_space() {
    let span = Span::of(Duration::minutes(10));
    let claim = zh(Msg::new("buy-claim")
        .arg("order", 4_i64)
        .arg("span", span.clone()));
    assert!(claim.contains("请在 10 分钟内"), "{claim}");
    let pay = zh(Msg::new("orders-pay-within").arg("span", span));
    assert!(pay.contains("10 分钟付款"), "{pay}");
}

#[test]
fn a_paid_broadcast_within_the_free_rate_is_called_free_not_priced() {
    let paid = |stars: i64| {
        Msg::new("announce-estimate-paid")
            .arg("span", Span::of(Duration::seconds(1)))
            .arg("rate", 1000_i64)
            .arg("stars", stars)
            .arg("stars_max", 1_i64)
    };
    assert!(!en(paid(0)).contains('⭐'), "{}", en(paid(0)));
    assert!(en(paid(0)).contains("free"));
    assert!(!zh(paid(0)).contains('⭐'), "{}", zh(paid(0)));
    assert!(en(paid(3)).contains("about 3 ⭐"));
}
