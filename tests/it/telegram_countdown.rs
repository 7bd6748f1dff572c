//! Live countdown cards over real HTTP: a card for an upcoming sale edits itself, survives
//! a restart, flips live with Buy buttons at the start, and Refresh edits it in place.

use std::time::Duration;

use flashsale::domain::{Currency, Money, SaleId};
use flashsale::sandbox::{Call, FakeBotApi};
use flashsale::store::Store;
use serde_json::Value;

use crate::support::db::fresh_sqlite_url;
use crate::support::fake_bot::{self, FakeBotExt};
use crate::support::{bot, real_time_sale, user};

/// A sale of `stock` units (limit 2) opening `in_secs` from now, for an hour.
pub async fn sale_starting_in(db: &str, in_secs: i64, stock: u32) -> SaleId {
    let store = Store::open(db, 2).await.expect("store");
    let price = Money::from_minor(99_900, Currency::Cny).expect("price");
    let starts_in = chrono::Duration::seconds(in_secs);
    let id = real_time_sale(&store, "Kindle Paperwhite", price, stock, 2, starts_in).await;
    store.close().await;
    id
}

/// The callback data of every button of a message or call body, in order.
pub fn buttons(markup: &Value) -> Vec<String> {
    markup["inline_keyboard"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|row| row.as_array().into_iter().flatten())
        .filter_map(|b| b["callback_data"].as_str().map(str::to_owned))
        .collect()
}

pub fn edit_of(chat: i64, message: i64) -> impl Fn(&Call) -> bool {
    move |c| {
        c.method == "editmessagetext"
            && c.body["chat_id"].as_i64() == Some(chat)
            && c.body["message_id"].as_i64() == Some(message)
            && c.status == 200
    }
}

/// The sale card sent to `chat`: its message id in the fake and the call's body.
pub async fn card_message(fake: &FakeBotApi, chat: i64) -> (i64, Value) {
    let sent = fake
        .wait_for("the sale card", |c| {
            c.method == "sendmessage"
                && c.body["chat_id"].as_i64() == Some(chat)
                && buttons(&c.body["reply_markup"])
                    .iter()
                    .any(|b| b.starts_with("ref:"))
        })
        .await;
    // The fake numbers messages itself; find the id it gave this one.
    let id = (1..=200)
        .find(|id| {
            fake.message(chat, *id)
                .is_some_and(|m| m["text"] == sent.body["text"])
        })
        .expect("the card is stored");
    (id, sent.body)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_upcoming_card_counts_down_survives_a_restart_and_flips_live_with_buy_buttons() {
    let fake = fake_bot::start().await;
    let (db, _dir) = fresh_sqlite_url();
    let sale = sale_starting_in(&db, 14, 5).await;
    let running = bot::start(&fake, &db, false, &[]);

    // The deep link opens the card: a countdown with Remind me and Refresh, no Buy yet.
    fake.text_from(51, "en", &format!("/start sale_{sale}"));
    let (card, body) = card_message(&fake, 51).await;
    let shown = buttons(&body["reply_markup"]);
    assert!(shown.iter().any(|b| b.starts_with("rem:")), "{shown:?}");
    assert!(!shown.iter().any(|b| b.starts_with("buy:")), "{shown:?}");
    assert!(
        body["text"]
            .as_str()
            .unwrap_or_default()
            .contains("starts in")
    );

    // Refresh edits the card in place (no new message) and answers the press.
    let sends_before = fake.count_of("sendmessage");
    let refresh = shown
        .iter()
        .find(|b| b.starts_with("ref:"))
        .expect("refresh");
    fake.press_on(51, card, "q-refresh", refresh);
    fake.wait_for("the refresh toast", |c| {
        c.method == "answercallbackquery" && c.body["callback_query_id"] == "q-refresh"
    })
    .await;
    assert_eq!(
        fake.count_of("sendmessage"),
        sends_before,
        "a refresh sends nothing new"
    );

    // The card is tracked in the store, so a restart picks it up again.
    let store = Store::open(&db, 2).await.expect("store");
    let tracked = store.countdowns().await.expect("countdowns");
    assert_eq!(tracked.len(), 1, "{tracked:?}");
    assert_eq!((tracked[0].chat_id, tracked[0].message_id), (51, card));
    running.stop().await;
    let restarted = std::time::Instant::now();
    let running = bot::start(&fake, &db, false, &[]);

    // At the start the card flips live: Buy ×1 and ×2 appear, edited into the same message.
    let flip = fake
        .wait_until(Duration::from_secs(30), |c| {
            edit_of(51, card)(c)
                && buttons(&c.body["reply_markup"])
                    .iter()
                    .any(|b| b.starts_with("buy:"))
        })
        .await
        .expect("the card flips live");
    let live = buttons(&flip.body["reply_markup"]);
    let buy_two = live
        .iter()
        .find(|b| b.starts_with(&format!("buy:{sale}:2")))
        .expect("a Buy ×2 button");
    assert!(
        flip.body["text"]
            .as_str()
            .unwrap_or_default()
            .contains("live now")
    );
    let edits_before_flip = fake
        .calls()
        .iter()
        .filter(|c| edit_of(51, card)(c) && c.at > restarted && c.at < flip.at)
        .count();
    assert!(
        edits_before_flip >= 1,
        "the restarted bot ticked the countdown before flipping it"
    );
    // The worker ends the countdown once Telegram has answered the flip.
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        let left = store.countdowns().await.expect("countdowns");
        if left.is_empty() {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "a live card stops counting: {left:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    // Buying from the flipped card: the toast says so and the card shows the new stock.
    fake.press_on(51, card, "q-buy", buy_two);
    let toast = fake
        .wait_for("the buy toast", |c| {
            c.method == "answercallbackquery" && c.body["callback_query_id"] == "q-buy"
        })
        .await;
    assert!(
        toast.body["text"]
            .as_str()
            .unwrap_or_default()
            .contains("You got it"),
        "{}",
        toast.body
    );
    fake.wait_for("the card showing 3 left", |c| {
        edit_of(51, card)(c)
            && c.body["text"]
                .as_str()
                .unwrap_or_default()
                .contains("3 of 5")
    })
    .await;
    running.stop().await;
    let orders = store.orders_of_buyer(user(51), 10).await.expect("orders");
    assert_eq!(orders.len(), 1);
    assert_eq!(orders[0].quantity.get(), 2);
}
