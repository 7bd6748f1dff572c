//! A sale named by its rank, through the real bot and the fake Bot API: "the next sale" is
//! the upcoming one that starts first and "最便宜的" the cheapest on offer, in the customer's
//! language, with their buttons; nothing is bought.

use crate::support::bot;
use crate::support::db::fresh_sqlite_url;
use crate::support::fake_bot::{self, FakeBotExt};
use crate::telegram_payments::{keyboard_of, message_saying, text_of, to_chat, told_a_win};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_next_sale_and_the_cheapest_are_answered_by_rank_in_both_languages() {
    let fake = fake_bot::start().await;
    let (db, _dir) = fresh_sqlite_url();
    // The demo: AirPods live, Moutai sold out, the Switch next, the Kindle (cheapest) later.
    let running = bot::start(&fake, &db, true, &[]);

    fake.text_from(71, "en", "when does the next sale start?");
    let next = fake
        .wait_for("the next sale's countdown", to_chat(71, "sendmessage"))
        .await;
    assert!(
        text_of(&next).starts_with("Nintendo Switch OLED") && text_of(&next).contains("starts in"),
        "{}",
        text_of(&next)
    );
    let buttons = keyboard_of(&next);
    assert!(buttons.contains("Remind me"), "{buttons}");

    fake.text_from(72, "zh-hans", "最便宜的是哪个？");
    let cheapest = message_saying(&fake, "the cheapest sale's card", 72, "Kindle").await;
    assert!(
        text_of(&cheapest).contains("¥899.00"),
        "{}",
        text_of(&cheapest)
    );
    assert!(
        text_of(&cheapest).contains("开始"),
        "{}",
        text_of(&cheapest)
    );
    let buttons = keyboard_of(&cheapest);
    assert!(buttons.contains("提醒我"), "{buttons}");
    assert!(!told_a_win(&fake), "nothing bought");
    running.stop().await;
}
