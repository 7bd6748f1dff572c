//! A change of mind ("I was going to buy airpods but changed my mind", "本来想买耳机，后来改主意了"),
//! through the real bot and the fake Bot API: acknowledged in the customer's language with
//! the sales and their orders one tap away, never the returns answer, and nothing bought.

use flashsale::sandbox::FakeBotApi;

use crate::support::bot;
use crate::support::db::fresh_sqlite_url;
use crate::support::fake_bot;
use crate::telegram_payments::{message_with_buttons, text_of, told_a_win};

/// Waits for `user`'s message containing `said` and checks it carries both `buttons`.
async fn acknowledged(fake: &FakeBotApi, user: i64, said: &str, buttons: [&str; 2]) {
    let told = message_with_buttons(fake, "the acknowledgement", user, said, &buttons).await;
    assert!(!text_of(&told).contains("Returns"), "{}", text_of(&told));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_of_mind_is_acknowledged_with_sales_and_orders_in_both_languages() {
    let fake = fake_bot::start().await;
    let (db, _dir) = fresh_sqlite_url();
    let running = bot::start(&fake, &db, true, &[]);

    fake.text_from(91, "en", "i was going to buy airpods but changed my mind");
    acknowledged(
        &fake,
        91,
        "that message doesn't order anything",
        ["Sales", "My orders"],
    )
    .await;

    fake.text_from(92, "zh-hans", "本来想买耳机，后来改主意了");
    acknowledged(&fake, 92, "这条消息不会下单", ["秒杀列表", "我的订单"]).await;

    assert!(!told_a_win(&fake), "nothing bought");
    running.stop().await;
}
