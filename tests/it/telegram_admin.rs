//! Merchants and admins on Telegram: usernames are recorded for `/grant @name`, the orders
//! CSV goes out as a document, customers are refused, admins get their command menu.

use flashsale::domain::Currency;
use serde_json::json;

use crate::support::bot;
use crate::support::db::fresh_sqlite_url;
use crate::support::fake_bot::{self, FakeBotExt};
use crate::telegram_payments::{live_sale, signed, text_of, to_chat};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_grants_merchant_by_username_and_gets_the_orders_csv_as_a_document() {
    let fake = fake_bot::start().await;
    let (db, _dir) = fresh_sqlite_url();
    let sale = live_sale(&db, Currency::Cny).await;
    let running = bot::start(&fake, &db, false, &[("ADMIN_IDS", "900")]);
    fake.wait_for("the admin menu", |c| {
        c.method == "setmycommands" && c.body["scope"]["chat_id"] == json!(900)
    })
    .await;

    // A future merchant says hello: the bot learns their username.
    fake.push_update(json!({"message": {
        "message_id": 1, "date": chrono::Utc::now().timestamp(),
        "chat": {"id": 77, "type": "private", "first_name": "Carol"},
        "from": {"id": 77, "is_bot": false, "first_name": "Carol", "username": "shop_carol",
                 "language_code": "en"},
        "text": "/stock"}}));
    let refused = fake
        .wait_for("the refusal", to_chat(77, "sendmessage"))
        .await;
    assert!(
        text_of(&refused).contains("for merchants"),
        "{}",
        text_of(&refused)
    );

    fake.text_from(900, "en", "/grant merchant @shop_carol");
    fake.wait_for("the grant", |c| {
        to_chat(900, "sendmessage")(c) && text_of(c).contains("User 77 is now a merchant")
    })
    .await;

    fake.press(55, "q-buy-55", &signed(55, &format!("buy:{sale}:2")));
    fake.wait_for("the win", to_chat(55, "sendmessage")).await;
    fake.text_from(900, "en", &format!("/orders {sale}"));
    fake.wait_for("the summary", |c| {
        to_chat(900, "sendmessage")(c) && text_of(c).contains("pending: 1 (2 units)")
    })
    .await;
    let csv = fake
        .wait_for("the CSV", |c| c.method == "senddocument")
        .await;
    // The file arrives in the admin's chat, named for the sale, one row per order.
    assert_eq!(csv.body["chat_id"], 900, "{}", csv.body);
    let file = &csv.body["document"];
    assert_eq!(
        file["file_name"],
        format!("orders-sale-{sale}.csv"),
        "{file}"
    );
    let rows: Vec<&str> = file["text"].as_str().unwrap_or_default().lines().collect();
    assert_eq!(rows.len(), 2, "a header and one order: {rows:?}");
    assert!(
        rows[1].contains(",55,") && rows[1].contains("pending"),
        "{rows:?}"
    );

    // A customer's /orders with a sale number is refused; plain /orders is their own list.
    fake.text_from(55, "en", &format!("/orders {sale}"));
    fake.wait_for("the refusal", |c| {
        to_chat(55, "sendmessage")(c) && text_of(c).contains("for merchants")
    })
    .await;
    assert_eq!(fake.count_of("senddocument"), 1);
    running.stop().await;
}
