//! The real dispatcher against the fake Bot API over HTTP: browsing, buying by text and by
//! button, forged buttons, a redelivered update, and a clean shutdown.

use std::time::Duration;

use flashsale::domain::UserId;
use flashsale::store::Store;

use crate::support::db::fresh_sqlite_url;
use crate::support::fake_bot::{self, Call, FakeBotExt, sent_to, texts_to};

fn first_button(call: &Call) -> Option<String> {
    call.body["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
        .as_str()
        .map(str::to_owned)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_customer_browses_buys_by_text_and_button_and_forged_buttons_are_refused() {
    let fake = fake_bot::start().await;
    let (db, _dir) = fresh_sqlite_url();
    let secret = (
        "BUTTON_SECRET",
        "a test secret that is long enough".to_owned(),
    );
    let config = crate::support::bot::config_for(&fake, &db, &[secret]);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let http = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a free port");
    let bot = tokio::spawn(async move {
        flashsale::telegram::serve::serve(&config, true, http, async {
            let _ = stopped.await;
        })
        .await
    });

    // The command menu is registered in both languages.
    fake.wait_for("setMyCommands (zh)", |c| {
        c.method == "setmycommands" && c.body["language_code"] == "zh"
    })
    .await;

    // Browsing.
    fake.text_from(42, "en", "/sales");
    let list = fake.wait_for("the sales list", sent_to(42)).await;
    assert!(
        list.body["text"]
            .as_str()
            .unwrap_or_default()
            .contains("AirPods"),
        "{}",
        list.body
    );

    // Buying by text; a redelivered update does not buy twice.
    let update = fake.text_from(42, "en", "buy 2 airpods");
    fake.wait_for("the purchase answer", |c| {
        sent_to(42)(c)
            && c.body["text"]
                .as_str()
                .unwrap_or_default()
                .contains("You got it")
    })
    .await;
    fake.push_update(serde_json::json!({"update_id": update, "message": {
        "message_id": 1, "date": 0, "chat": {"id": 42, "type": "private", "first_name": "Buyer"},
        "from": {"id": 42, "is_bot": false, "first_name": "Buyer", "language_code": "en"},
        "text": "buy 2 airpods"}}));
    let before = texts_to(&fake, 42).len();
    fake.wait_for("the answer to the redelivery", |_| {
        texts_to(&fake, 42).len() > before
    })
    .await;

    // Buying by button: the card's Buy button, signed for user 42.
    fake.text_from(42, "en", "how much are the airpods");
    let card = fake
        .wait_for("the AirPods card with a Buy button", |c| {
            sent_to(42)(c) && first_button(c).is_some_and(|d| d.starts_with("buy:"))
        })
        .await;
    let data = first_button(&card).expect("button");
    fake.press(42, "q-1", &data);
    let answer = fake
        .wait_for("the callback answer", |c| {
            c.method == "answercallbackquery" && c.body["callback_query_id"] == "q-1"
        })
        .await;
    assert!(
        answer.body["text"]
            .as_str()
            .unwrap_or_default()
            .contains("You got it"),
        "{}",
        answer.body
    );

    // The same button pressed by another user, and an altered button: refused, still answered.
    fake.press(77, "q-2", &data);
    let refused = fake
        .wait_for("the refusal", |c| {
            c.method == "answercallbackquery" && c.body["callback_query_id"] == "q-2"
        })
        .await;
    assert!(
        refused.body["text"]
            .as_str()
            .unwrap_or_default()
            .contains("not valid")
    );
    fake.press(42, "q-3", &data.replacen("buy:", "buy:9", 1));
    fake.wait_for("the forged refusal", |c| {
        c.method == "answercallbackquery" && c.body["callback_query_id"] == "q-3"
    })
    .await;

    // Stickers get a polite hint, not silence and not a crash.
    fake.push_update(serde_json::json!({"message": {
        "message_id": 2, "date": 0, "chat": {"id": 42, "type": "private", "first_name": "Buyer"},
        "from": {"id": 42, "is_bot": false, "first_name": "Buyer", "language_code": "en"},
        "sticker": {"file_id": "f", "file_unique_id": "u", "type": "regular", "width": 1, "height": 1,
                    "is_animated": false, "is_video": false}}}));
    fake.wait_for("the text-only hint", |c| {
        sent_to(42)(c)
            && c.body["text"]
                .as_str()
                .unwrap_or_default()
                .contains("text messages only")
    })
    .await;

    // "Remind me" queues the early and the start reminder durably for the outbox worker.
    fake.text_from(42, "en", "remind me when the kindle starts");
    fake.wait_for("the reminder confirmation", |c| {
        sent_to(42)(c)
            && c.body["text"]
                .as_str()
                .unwrap_or_default()
                .contains("remind you")
    })
    .await;

    let _ = stop.send(());
    let result = tokio::time::timeout(Duration::from_secs(15), bot)
        .await
        .expect("serve stops");
    result.expect("task").expect("serve returned ok");

    // Exactly the text buy and the button buy are stored: 2 + 1 units, two orders.
    let store = Store::open(&db, 2).await.expect("store");
    let orders = store
        .orders_of_buyer(UserId::parse(42).expect("id"), 10)
        .await
        .expect("orders");
    let units: u32 = orders.iter().map(|o| o.quantity.get()).sum();
    assert_eq!((orders.len(), units), (2, 3), "{orders:?}");
    let queued = store.outbox_counts(None).await.expect("outbox");
    assert_eq!(
        (queued.pending, queued.sent),
        (2, 0),
        "two reminders wait for the Kindle's start"
    );
}
