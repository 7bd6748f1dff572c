//! Counts in free text through the real bot and the fake Bot API: a vague count ("a few",
//! 几个) asks how many with Buy buttons that buy the number they name, and a number that is
//! not a count ("by 3 o'clock", 房间302) asks Yes/No about one unit; nothing is bought
//! before the customer says so.

use crate::support::bot;
use crate::support::db::fresh_sqlite_url;
use crate::support::fake_bot;
use crate::telegram_payments::{
    button_of, message_saying, message_with_buttons, text_of, told_a_win,
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_vague_count_asks_how_many_and_its_button_buys_that_many_in_both_languages() {
    let fake = fake_bot::start().await;
    let (db, _dir) = fresh_sqlite_url();
    let running = bot::start(&fake, &db, true, &[]);

    fake.text_from(71, "en", "buy a few airpods");
    let question = message_with_buttons(
        &fake,
        "the question",
        71,
        "How many would you like?",
        &["Buy 1", "Buy 2", "Buy 3"],
    )
    .await;
    fake.text_from(72, "zh-hans", "帮我买几个耳机");
    let labels = ["买 1 件", "买 2 件", "买 3 件"];
    message_with_buttons(&fake, "the question", 72, "要几件？", &labels).await;
    assert!(
        !told_a_win(&fake),
        "nothing bought before a button is pressed"
    );

    fake.press(71, "q-count-2", &button_of(&question, "Buy 2"));
    let won = message_saying(&fake, "the win", 71, "You got it").await;
    assert!(text_of(&won).contains("2 × AirPods"), "{}", text_of(&won));
    running.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_number_that_is_not_a_count_asks_about_one_unit_in_both_languages() {
    let fake = fake_bot::start().await;
    let (db, _dir) = fresh_sqlite_url();
    let running = bot::start(&fake, &db, true, &[]);

    fake.text_from(81, "en", "buy me airpods by 3 o'clock");
    message_with_buttons(&fake, "the question", 81, "Buy 1 × AirPods", &["Yes", "No"]).await;
    fake.text_from(82, "zh-hans", "买耳机，房间302");
    let labels = ["确定", "不要了"];
    message_with_buttons(&fake, "the question", 82, "购买 1 × AirPods", &labels).await;
    assert!(!told_a_win(&fake), "nothing bought before Yes");
    running.stop().await;
}
