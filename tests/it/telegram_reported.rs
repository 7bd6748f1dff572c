//! A report about buying ("I already bought airpods", "我朋友想要两个耳机"), through the real
//! bot and the fake Bot API: the customer is told nothing is ordered from it, with a button
//! to their orders, then shown that sale's card, in their language; nothing is bought.

use flashsale::sandbox::FakeBotApi;

use crate::support::bot;
use crate::support::db::fresh_sqlite_url;
use crate::support::fake_bot;
use crate::telegram_payments::{keyboard_of, message_saying, told_a_win};

/// Waits for `user`'s message containing `said`, checks it carries the orders button
/// `orders`, then waits for the AirPods card that follows it.
async fn told_and_shown(fake: &FakeBotApi, user: i64, said: &str, orders: &str) {
    let told = message_saying(fake, "the report's answer", user, said).await;
    let buttons = keyboard_of(&told);
    assert!(buttons.contains(orders), "{buttons}");
    let card = message_saying(fake, "the sale's card", user, "AirPods").await;
    let buttons = keyboard_of(&card);
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
