//! The acting policy through `serve` and the fake Bot API over real HTTP: non-purchases
//! place no order, a request places one, a confirm's signed Yes buys once however often it
//! is pressed or redelivered, No buys nothing, and Chinese gets Chinese under an `en` code.

use flashsale::domain::UserId;
use flashsale::store::Store;

use crate::conv_policy::NOT_PURCHASES;
use crate::support::bot;
use crate::support::db::fresh_sqlite_url;
use crate::support::fake_bot::{self, Call, FakeBotApi, FakeBotExt, sent_to, texts_to};
use crate::telegram_payments::button_of;

/// Sends `text` from `user` (language code `lang`) and returns the messages sent to them
/// since (at least the answer's first; updates of one chat are handled in order).
async fn say(fake: &FakeBotApi, user: i64, lang: &str, text: &str) -> Vec<String> {
    let before = texts_to(fake, user).len();
    fake.text_from(user, lang, text);
    fake.wait_for(text, |_| texts_to(fake, user).len() > before)
        .await;
    texts_to(fake, user).split_off(before)
}

/// Sends `text` and waits for the message that contains `needle`.
async fn say_until(fake: &FakeBotApi, user: i64, text: &str, needle: &str) -> Call {
    let before = fake.calls().len();
    fake.text_from(user, "en", text);
    let found = |c: &Call| sent_to(user)(c) && text_of(c).contains(needle);
    fake.wait_for(needle, |_| fake.calls().iter().skip(before).any(found))
        .await;
    fake.calls()
        .into_iter()
        .skip(before)
        .find(found)
        .expect("found")
}

fn text_of(call: &Call) -> String {
    call.body["text"].as_str().unwrap_or_default().to_owned()
}

/// Presses `data` as callback query `query` and waits until that query's answer number
/// `nth` (from 1) went out.
async fn press(fake: &FakeBotApi, user: i64, query: &str, data: &str, nth: usize) {
    fake.press(user, query, data);
    let answered =
        |c: &Call| c.method == "answercallbackquery" && c.body["callback_query_id"] == query;
    fake.wait_for(query, |_| {
        fake.calls().into_iter().filter(answered).count() >= nth
    })
    .await;
}

async fn orders(store: &Store, user: i64) -> usize {
    let user = UserId::parse(user).unwrap();
    store.orders_of_buyer(user, 100).await.unwrap().len()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_telegram_only_a_request_or_a_confirmed_yes_places_an_order_and_only_once() {
    let fake = fake_bot::start().await;
    let (db, _dir) = fresh_sqlite_url();
    let running = bot::start(&fake, &db, true, &[("LIMIT_MESSAGES_PER_MIN", "100000")]);
    let user = 4201;
    // Once the bot answers, its database is migrated: read it without migrating again.
    say(&fake, user, "en", "/start").await;
    let store = Store::connect(&db, 2).await.unwrap();

    for text in NOT_PURCHASES {
        let answer = say(&fake, user, "en", text).await.join("\n");
        assert!(
            !answer.contains("You got it") && !answer.contains("抢到了"),
            "{text} -> {answer}"
        );
        assert_eq!(
            orders(&store, user).await,
            0,
            "{text} placed an order: {answer}"
        );
    }

    say_until(&fake, user, "buy 2 airpods", "You got it: 2 ×").await;
    assert_eq!(orders(&store, user).await, 1);

    // A bare quantity after the card is unclear: confirm first.
    say(&fake, user, "en", "how much are the airpods").await;
    let confirm = say_until(&fake, user, "two", "Buy 2 × AirPods").await;
    assert_eq!(orders(&store, user).await, 1, "asking is not buying");
    let yes = button_of(&confirm, "Yes");
    press(&fake, user, "q-yes-1", &yes, 1).await;
    assert_eq!(orders(&store, user).await, 2);
    // Redelivered, then pressed again: still the one order.
    press(&fake, user, "q-yes-1", &yes, 2).await;
    press(&fake, user, "q-yes-2", &yes, 1).await;
    assert_eq!(orders(&store, user).await, 2);

    // Confirm, then No.
    let confirm = say_until(&fake, user, "three", "Buy 3 × AirPods").await;
    press(&fake, user, "q-no", &button_of(&confirm, "No"), 1).await;
    let late = say(&fake, user, "en", "yes").await.join("\n");
    assert!(!late.contains("You got it"), "{late}");
    assert_eq!(orders(&store, user).await, 2, "No buys nothing");

    running.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_telegram_a_chinese_message_gets_chinese_under_an_english_language_code() {
    let fake = fake_bot::start().await;
    let (db, _dir) = fresh_sqlite_url();
    let running = bot::start(&fake, &db, true, &[]);
    let zh = say(&fake, 4301, "en", "耳机多少钱").await.join("\n");
    assert!(zh.contains("库存"), "{zh}");
    let en = say(&fake, 4302, "zh-hans", "how much are the airpods")
        .await
        .join("\n");
    assert!(en.contains("Stock"), "{en}");
    running.stop().await;
}
