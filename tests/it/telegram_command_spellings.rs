//! Commands as customers type them, through the real bot and the fake Bot API: `/myorders`
//! and `/my_orders` are `/orders`, in the customer's language; a command the bot doesn't
//! have is answered politely with a way on, never silently.

use crate::support::bot;
use crate::support::db::fresh_sqlite_url;
use crate::support::fake_bot::{self, FakeBotExt};
use crate::telegram_payments::{keyboard_of, text_of, to_chat};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn my_orders_spelled_any_way_lists_the_orders_and_an_unknown_command_gets_a_way_on() {
    let fake = fake_bot::start().await;
    let (db, _dir) = fresh_sqlite_url();
    let running = bot::start(&fake, &db, false, &[]);

    fake.text_from(61, "en", "/myorders");
    let en = fake
        .wait_for("the English orders list", to_chat(61, "sendmessage"))
        .await;
    assert!(text_of(&en).contains("no orders yet"), "{}", text_of(&en));

    fake.text_from(62, "zh-hans", "/My_Orders");
    let zh = fake
        .wait_for("the Chinese orders list", to_chat(62, "sendmessage"))
        .await;
    assert!(text_of(&zh).contains("你还没有订单"), "{}", text_of(&zh));

    fake.text_from(63, "en", "/teleport");
    let unknown = fake
        .wait_for("the unknown command's answer", to_chat(63, "sendmessage"))
        .await;
    assert!(
        text_of(&unknown).contains("don't know that command"),
        "{}",
        text_of(&unknown)
    );
    let buttons = keyboard_of(&unknown);
    assert!(
        buttons.contains("Sales") && buttons.contains("Help"),
        "a way on: {buttons}"
    );
    running.stop().await;
}
