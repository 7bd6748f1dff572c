//! The acting policy in the terminal chat, typed like a user would: non-purchases place no
//! order, "两个" after a card asks first, [1] Yes buys once, and a Chinese message in an
//! English terminal is answered in Chinese. Orders are counted in the chat's database.

use flashsale::chat::CHAT_USER;
use flashsale::domain::UserId;
use flashsale::store::Store;

use crate::conv_policy::NOT_PURCHASES;
use crate::support::conv::{TempDb, run_terminal_chat};

/// Types `lines` into a fresh chat (LANG=en_US) and returns its output and its database.
fn chat(lines: &[&str]) -> (String, TempDb) {
    let db = TempDb::new();
    let (out, ok) = run_terminal_chat(&db, None, &["chat"], "en_US.UTF-8", lines);
    assert!(ok, "{out}");
    (out, db)
}

async fn orders_of_the_chat_user(db: &TempDb) -> usize {
    let store = Store::connect(&db.url(), 1).await.unwrap();
    let user = UserId::parse(CHAT_USER).unwrap();
    store.orders_of_buyer(user, 100).await.unwrap().len()
}

#[tokio::test]
async fn in_the_terminal_chat_only_a_confirmed_or_direct_request_buys() {
    let (out, db) = chat(&NOT_PURCHASES);
    assert!(
        !out.contains("You got it") && !out.contains("抢到了："),
        "{out}"
    );
    assert_eq!(orders_of_the_chat_user(&db).await, 0, "{out}");

    let (out, db) = chat(&[
        "how much are the airpods",
        "两个",
        "1",
        "buy 1 airpods",
        "three",
        "2",
    ]);
    assert!(out.contains("购买 2 × AirPods"), "{out}");
    assert!(out.contains("抢到了：AirPods Pro 2 无线耳机 × 2"), "{out}");
    assert!(out.contains("You got it: 1 ×"), "{out}");
    assert!(out.contains("Buy 3 × AirPods"), "{out}");
    assert!(out.contains("OK, nothing bought."), "{out}");
    assert_eq!(
        orders_of_the_chat_user(&db).await,
        2,
        "one order for the confirmed Yes, one for the request, none for No: {out}"
    );
}

#[tokio::test]
async fn the_next_and_the_cheapest_sale_are_found_by_rank_and_nothing_is_bought() {
    // The demo: AirPods live (¥1,299), Moutai sold out, the Switch next (¥1,999), the
    // Kindle later (¥899). The AirPods are in context when the next sale is asked about.
    let (out, db) = chat(&[
        "how much are the airpods",
        "what time does the next sale start",
        "which one is the cheapest",
        "buy the cheapest",
        "下一场什么时候开始",
        "最贵的是哪个",
    ]);
    let after = |from: &str| out.split_once(from).map(|(_, rest)| rest).unwrap_or("");
    let answers: Vec<&str> = out.split("\n\n").collect();
    assert!(
        answers
            .iter()
            .any(|a| a.starts_with("Nintendo Switch OLED 任天堂游戏机:") && a.contains("starts in")),
        "the next sale is the Switch, not the AirPods in context: {out}"
    );
    assert!(
        after("Nintendo Switch OLED 任天堂游戏机:")
            .contains("Kindle Paperwhite 电子书阅读器 — ¥899.00"),
        "the cheapest on offer is the Kindle: {out}"
    );
    assert!(
        out.contains("Nintendo Switch OLED 任天堂游戏机：") && out.contains("还有"),
        "下一场 is the Switch, in Chinese: {out}"
    );
    assert!(
        after("Nintendo Switch OLED 任天堂游戏机：")
            .contains("Nintendo Switch OLED 任天堂游戏机 — ¥1,999.00"),
        "最贵 is the Switch: {out}"
    );
    assert!(!out.contains("There is no \"cheapest\""), "{out}");
    assert_eq!(orders_of_the_chat_user(&db).await, 0, "{out}");
}

#[tokio::test]
async fn a_report_about_buying_shows_that_sale_says_nothing_is_ordered_and_buys_nothing() {
    let (out, db) = chat(&[
        "i already bought airpods",
        "yes",
        "我朋友想要两个耳机",
        "好",
        "my friend told me about this bot",
    ]);
    assert!(out.contains("that doesn't order anything"), "{out}");
    assert!(out.contains("这条消息不会下单"), "{out}");
    assert!(out.contains("My orders"), "{out}");
    assert!(out.contains("AirPods"), "{out}");
    // Neither report asked anything, so a yes after it has nothing to confirm.
    assert!(
        !out.contains("You got it") && !out.contains("抢到了："),
        "{out}"
    );
    // A report naming no sale is not taken as about the sale just shown.
    assert_eq!(
        out.matches("that doesn't order anything").count(),
        1,
        "{out}"
    );
    assert_eq!(orders_of_the_chat_user(&db).await, 0, "{out}");
}

#[tokio::test]
async fn a_thank_you_gets_a_welcome_in_its_language_and_buys_nothing() {
    let (out, db) = chat(&["how much are the airpods", "thanks!", "谢谢啦"]);
    assert!(out.contains("You're welcome!"), "{out}");
    assert!(out.contains("不客气！"), "{out}");
    assert!(!out.contains("didn't get that"), "{out}");
    assert_eq!(orders_of_the_chat_user(&db).await, 0, "{out}");
}

#[tokio::test]
async fn a_change_of_mind_is_acknowledged_with_the_orders_one_tap_away_and_buys_nothing() {
    let (out, db) = chat(&[
        "i was going to buy airpods but changed my mind",
        "yes",
        "本来想买耳机，后来改主意了",
    ]);
    assert!(out.contains("that message doesn't order anything"), "{out}");
    assert!(out.contains("这条消息不会下单"), "{out}");
    // Not the returns answer: nothing was bought to return.
    assert!(!out.contains("Returns and refunds"), "{out}");
    assert!(
        out.contains("📦 My orders") && out.contains("📦 我的订单"),
        "{out}"
    );
    assert!(
        !out.contains("You got it") && !out.contains("抢到了："),
        "{out}"
    );
    assert_eq!(orders_of_the_chat_user(&db).await, 0, "{out}");
}
