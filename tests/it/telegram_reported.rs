//! A report about buying ("I already bought airpods", "我朋友想要两个耳机"), through the real
//! bot and the fake Bot API: the customer is told nothing is ordered from it, with a button
//! to their orders, then shown that sale's card, in their language; nothing is bought.

use flashsale::sandbox::{Call, FakeBotApi};

use crate::support::bot;
use crate::support::db::fresh_sqlite_url;
use crate::support::fake_bot::{self, FakeBotExt};
use crate::telegram_payments::{text_of, to_chat, told_a_win};

/// Waits for `user`'s message containing `said`, checks it carries the orders button
/// `orders`, then waits for the AirPods card that follows it.
async fn told_and_shown(fake: &FakeBotApi, user: i64, said: &str, orders: &str) {
    let told = fake
        .wait_for("the report's answer", |c: &Call| {
            to_chat(user, "sendmessage")(c) && text_of(c).contains(said)
        })
        .await;
    let buttons = told.body["reply_markup"]["inline_keyboard"].to_string();
    assert!(buttons.contains(orders), "{buttons}");
    let card = fake
        .wait_for("the sale's card", |c: &Call| {
            to_chat(user, "sendmessage")(c) && text_of(c).contains("AirPods")
        })
        .await;
    let buttons = card.body["reply_markup"]["inline_keyboard"].to_string();
    assert!(!buttons.is_empty(), "the card has its buttons");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_report_about_buying_is_told_it_orders_nothing_and_shown_the_sale_in_both_languages() {
    let fake = fake_bot::start().await;
    let (db, _dir) = fresh_sqlite_url();
    let running = bot::start(&fake, &db, true, &[]);

    fake.text_from(81, "en", "i already bought airpods");
    told_and_shown(&fake, 81, "that doesn't order anything", "My orders").await;

    fake.text_from(82, "zh-hans", "我朋友想要两个耳机");
    told_and_shown(&fake, 82, "这条消息不会下单", "我的订单").await;

    assert!(!told_a_win(&fake), "nothing bought");
    running.stop().await;
}
