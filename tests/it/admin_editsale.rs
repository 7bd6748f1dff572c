//! `/editsale` in chat: any field before the start (and the gate follows the new stock,
//! limit and window), only title and keywords after, own sales only for merchants, every
//! refusal changing nothing, every change audited with before and after.

use chrono::{Duration, TimeZone, Utc};
use flashsale::app::{Action, Content};
use flashsale::clock::Clock;
use flashsale::domain::SaleId;

use crate::admin_newsale::merchant_bot;
use crate::support::admin::{
    ADMIN, CUSTOMER, MERCHANT, OTHER_MERCHANT, buy, sale_between, sale_of, says, typed, uid,
};
use crate::support::conv::{Bot, bot_with, join};
use crate::support::unique;

/// A CNY sale owned by `owner` starting in an hour (stock 20, limit 5), lasting an hour.
async fn upcoming_of(bot: &Bot, owner: i64, title: &str) -> SaleId {
    let now = bot.clock.now();
    sale_between(
        bot,
        owner,
        title,
        now + Duration::hours(1),
        now + Duration::hours(2),
    )
    .await
}

#[tokio::test]
async fn a_merchant_edits_an_upcoming_sale_and_the_embedded_gate_follows() {
    edit_before_the_start_and_the_gate_follows(merchant_bot().await).await;
}

#[tokio::test]
async fn a_merchant_edits_an_upcoming_sale_and_the_redis_gate_follows() {
    let prefix = format!("{}:", unique("fs-test-edit"));
    let bot = bot_with(&[
        ("ADMIN_IDS", "900"),
        ("REDIS_URL", "redis://127.0.0.1:6379"),
        ("REDIS_KEY_PREFIX", prefix.as_str()),
    ])
    .await;
    says(&bot, ADMIN, &format!("/grant merchant {MERCHANT}")).await;
    edit_before_the_start_and_the_gate_follows(bot).await;
}

/// An early buyer loads the gate; the edit changes stock, limit, price, start and title; at
/// the new start the gate sells the new stock, one per customer.
async fn edit_before_the_start_and_the_gate_follows(bot: Bot) {
    let sale = upcoming_of(&bot, MERCHANT, "Tea Set").await;
    // An early buyer makes the gate load the sale as it was.
    let early = buy(&bot, CUSTOMER, sale, 1).await;
    assert!(!early.contains("You got it"), "{early}");

    let out = says(
        &bot,
        MERCHANT,
        &format!(
            "/editsale {sale} stock=2 limit=1 price=88 start=\"今晚9点半\" title=\"Tea Set II\""
        ),
    )
    .await;
    assert!(
        out.contains(&format!("Sale #{sale} Tea Set II is updated")),
        "{out}"
    );
    assert!(
        out.contains("Starts: Tue 2026-12-01 21:30 (Asia/Shanghai, UTC+08:00)"),
        "{out}"
    );
    let stored = bot.store.sale(sale).await.unwrap().unwrap().draft;
    let starts = Utc.with_ymd_and_hms(2026, 12, 1, 13, 30, 0).unwrap();
    assert_eq!(stored.window.starts_at(), starts);
    // The duration is kept when only the start moves.
    assert_eq!(stored.window.ends_at(), starts + Duration::hours(1));
    assert_eq!((stored.stock.get(), stored.per_user_limit.get()), (2, 1));
    assert_eq!(stored.price.minor(), 8_800);

    // At the new start the gate sells the new stock, one per customer.
    bot.clock.set(starts);
    assert!(buy(&bot, CUSTOMER, sale, 2).await.contains("limited to 1"));
    assert!(buy(&bot, 601, sale, 1).await.contains("You got it"));
    assert!(buy(&bot, 602, sale, 1).await.contains("You got it"));
    let third = buy(&bot, 603, sale, 1).await;
    assert!(!third.contains("You got it"), "{third}");
    assert_eq!(bot.store.sale_counts(sale).await.unwrap().live_units, 2);

    let audit = bot.store.recent_audit(5).await.unwrap();
    let edit = audit
        .iter()
        .find(|e| e.action == "edit-sale")
        .expect("audited");
    assert_eq!(edit.subject, format!("sale:{sale}"));
    let before = edit.before.as_deref().unwrap_or_default();
    let after = edit.after.as_deref().unwrap_or_default();
    assert!(
        before.contains("\"stock\":20") && after.contains("\"stock\":2"),
        "{before} {after}"
    );
    assert!(
        !before.contains("keywords"),
        "unchanged fields are left out: {before}"
    );
}

#[tokio::test]
async fn after_the_start_only_title_and_keywords_change() {
    let bot = merchant_bot().await;
    let sale = sale_of(&bot, MERCHANT, "Rice Cooker").await;
    for edit in [
        "price=1",
        "stock=100",
        "limit=1",
        "start=\"tomorrow 20:00\"",
        "duration=2h",
        "captcha=yes",
    ] {
        let out = says(&bot, MERCHANT, &format!("/editsale {sale} {edit}")).await;
        assert!(out.contains("has already started"), "{edit}: {out}");
    }
    let zh = join(&typed(&bot, MERCHANT, "zh", &format!("/editsale {sale} price=1")).await);
    assert!(zh.contains("已经开始"), "{zh}");
    let stored = bot.store.sale(sale).await.unwrap().unwrap();
    assert_eq!(stored.draft.price.minor(), 9_900);

    let out = says(
        &bot,
        MERCHANT,
        &format!("/editsale {sale} title=“电饭煲 Rice Cooker” keywords=电饭煲,rice"),
    )
    .await;
    assert!(out.contains("is updated"), "{out}");
    let stored = bot.store.sale(sale).await.unwrap().unwrap();
    assert_eq!(stored.draft.title.as_str(), "电饭煲 Rice Cooker");
    assert_eq!(stored.draft.keywords, vec!["电饭煲", "rice"]);
    // Customers find it by the new keyword at once, and can still buy.
    let found = says(&bot, CUSTOMER, "电饭煲多少钱").await;
    assert!(found.contains("电饭煲 Rice Cooker"), "{found}");
    assert!(buy(&bot, CUSTOMER, sale, 1).await.contains("You got it"));
}

/// The price of `sale` as stored, in minor units.
async fn price_of(bot: &Bot, sale: SaleId) -> i64 {
    bot.store
        .sale(sale)
        .await
        .unwrap()
        .unwrap()
        .draft
        .price
        .minor()
}

#[tokio::test]
async fn a_merchant_cannot_edit_another_merchants_sale_but_an_admin_can() {
    let bot = merchant_bot().await;
    let theirs = upcoming_of(&bot, OTHER_MERCHANT, "Kettle").await;
    let out = says(&bot, MERCHANT, &format!("/editsale {theirs} price=1")).await;
    assert!(out.contains("belongs to another merchant"), "{out}");
    assert_eq!(price_of(&bot, theirs).await, 9_900);
    let out = says(&bot, ADMIN, &format!("/editsale {theirs} price=1")).await;
    assert!(out.contains("is updated"), "{out}");
    assert_eq!(price_of(&bot, theirs).await, 100);
    let out = says(&bot, CUSTOMER, &format!("/editsale {theirs} price=2")).await;
    assert!(out.contains("that command is for merchants"), "{out}");
    let entries = bot.store.recent_audit(10).await.unwrap();
    let edits: Vec<_> = entries.iter().filter(|e| e.action == "edit-sale").collect();
    assert_eq!(edits.len(), 1);
    assert_eq!(edits[0].actor, uid(ADMIN));
}

#[tokio::test]
async fn bad_edits_are_refused_with_the_reason_and_change_nothing() {
    let bot = merchant_bot().await;
    let sale = upcoming_of(&bot, MERCHANT, "Lamp").await;
    let before = bot.store.sale(sale).await.unwrap().unwrap();
    for (args, reason) in [
        (String::new(), "Use /editsale"),
        (format!("{sale}"), "Use /editsale"),
        ("999 price=1".into(), "There is no sale #999"),
        ("abc price=1".into(), "\"abc\" is not a sale number"),
        (format!("{sale} colour=red"), "Unknown setting \"colour\""),
        (format!("{sale} price=1 price=2"), "given twice"),
        (format!("{sale} 12 price=1"), "Unexpected \"12\""),
        (format!("{sale} price=-1"), "must be above zero"),
        (format!("{sale} stock=0"), "at least 1"),
        (
            format!("{sale} stock=3"),
            "can't be more than the stock (3)",
        ),
        (
            format!("{sale} limit=21"),
            "can't be more than the stock (20)",
        ),
        (
            format!("{sale} start=\"2026-12-01 19:00\""),
            "already passed",
        ),
        (format!("{sale} duration=never"), "can't read that duration"),
        (
            format!("{sale} title=\"{}\"", "🎧".repeat(300)),
            "at most 120 characters",
        ),
    ] {
        let out = says(&bot, MERCHANT, &format!("/editsale {args}")).await;
        assert!(out.contains(reason), "{args}: {out}");
    }
    assert_eq!(bot.store.sale(sale).await.unwrap().unwrap(), before);
    assert!(
        bot.store
            .recent_audit(10)
            .await
            .unwrap()
            .iter()
            .all(|e| e.action != "edit-sale")
    );
    // A cancelled sale is not edited either.
    let cancel = typed(&bot, MERCHANT, "en", &format!("/cancelsale {sale}")).await;
    let payload = Action::CancelSale(sale).payload();
    assert!(
        cancel
            .iter()
            .flat_map(|r| &r.buttons)
            .any(|b| b.payload == payload)
    );
    bot.send(uid(MERCHANT), Some("en"), Content::Button(payload))
        .await;
    let out = says(&bot, MERCHANT, &format!("/editsale {sale} title=Lamp2")).await;
    assert!(out.contains("already cancelled"), "{out}");
}
