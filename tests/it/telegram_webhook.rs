//! Webhook mode end to end: the real `serve` fed over HTTP as Telegram would, against the
//! fake Bot API: registration, the secret check, bad bodies, redelivery, the bounded queue,
//! `/healthz` and a clean shutdown.

use std::net::SocketAddr;
use std::time::Duration;

use flashsale::config::Config;
use flashsale::http::HttpServer;
use flashsale::store::Store;
use flashsale::telegram::webhook::{QueueLimits, WebhookListener, webhook};
use futures::StreamExt;
use teloxide::update_listeners::{AsUpdateStream, UpdateListener};

use crate::support::fake_bot::{Call, FakeBotExt, sent_to};
use crate::support::user;
use crate::support::webhook::{self as hook, SECRET, post, start, text_update};

fn says(chat: i64, words: &'static str) -> impl Fn(&Call) -> bool {
    move |c| sent_to(chat)(c) && c.body["text"].as_str().unwrap_or_default().contains(words)
}

async fn orders_of(db: &str, buyer: i64) -> (usize, u32) {
    let store = Store::open(db, 2).await.expect("store");
    let orders = store
        .orders_of_buyer(user(buyer), 10)
        .await
        .expect("orders");
    (orders.len(), orders.iter().map(|o| o.quantity.get()).sum())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webhook_mode_registers_the_webhook_answers_updates_and_never_polls() {
    let bot = start(true).await;
    // The payload (url, secret_token, allowed_updates) is checked by the unit test of
    // `webhook::registration`: the fake records multipart bodies, as setWebhook's is, as null.
    let set = bot
        .fake
        .wait_for("setWebhook", |c| c.method == "setwebhook")
        .await;
    assert_eq!(set.status, 200);
    // Telegram is told where to post, the secret to send back, and what to send.
    assert_eq!(set.body["url"], hook::URL, "{}", set.body);
    assert_eq!(set.body["secret_token"], SECRET, "{}", set.body);
    assert_eq!(
        set.body["allowed_updates"],
        serde_json::json!([
            "message",
            "callback_query",
            "pre_checkout_query",
            "inline_query",
            "chosen_inline_result",
            "my_chat_member"
        ])
    );

    assert_eq!(
        bot.post(Some(SECRET), text_update(1, 42, "/sales")).await,
        200
    );
    let list = bot.fake.wait_for("the sales list", sent_to(42)).await;
    assert!(
        list.body["text"]
            .as_str()
            .unwrap_or_default()
            .contains("AirPods")
    );

    let (fake, _, _dir) = bot.stop_cleanly().await;
    assert_eq!(fake.count_of("getupdates"), 0, "webhook mode never polls");
    assert_eq!(fake.count_of("deletewebhook"), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_or_missing_secrets_get_401_and_nothing_is_processed() {
    let bot = start(true).await;
    let buy = text_update(10, 42, "buy 2 airpods");
    assert_eq!(bot.post(Some("not-the-secret"), buy.clone()).await, 401);
    assert_eq!(
        bot.post(Some(&SECRET[..SECRET.len() - 1]), buy.clone())
            .await,
        401
    );
    assert_eq!(bot.post(None, buy).await, 401);

    // A good update from the same chat afterwards is answered; the refused ones never were.
    assert_eq!(
        bot.post(Some(SECRET), text_update(11, 42, "/sales")).await,
        200
    );
    bot.fake.wait_for("the sales list", sent_to(42)).await;
    let (fake, db, _dir) = bot.stop_cleanly().await;
    assert!(!fake.calls().iter().any(says(42, "You got it")));
    assert_eq!(orders_of(&db, 42).await, (0, 0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bodies_that_are_not_updates_get_400_and_the_bot_keeps_working() {
    let bot = start(true).await;
    assert_eq!(bot.post(Some(SECRET), "this is not json").await, 400);
    assert_eq!(bot.post(Some(SECRET), "").await, 400);
    assert_eq!(bot.post(Some(SECRET), r#"{"hello": "world"}"#).await, 400);
    assert_eq!(bot.post(Some(SECRET), "[1, 2, 3]").await, 400);
    // An update of a kind the bot cannot read is acknowledged and dropped, not retried.
    let unknown = r#"{"update_id": 5, "some_future_kind": {"x": 1}}"#;
    assert_eq!(bot.post(Some(SECRET), unknown).await, 200);

    assert_eq!(
        bot.post(Some(SECRET), text_update(6, 42, "/sales")).await,
        200
    );
    bot.fake.wait_for("the sales list", sent_to(42)).await;
    assert_eq!(bot.get("/healthz").await.0, 200);
    bot.stop_cleanly().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_purchase_delivered_twice_buys_once() {
    let bot = start(true).await;
    let buy = text_update(9001, 42, "buy 2 airpods");
    assert_eq!(bot.post(Some(SECRET), buy.clone()).await, 200);
    bot.fake
        .wait_for("the purchase answer", says(42, "You got it"))
        .await;
    let before = bot.fake.calls().iter().filter(|c| sent_to(42)(c)).count();

    assert_eq!(bot.post(Some(SECRET), buy).await, 200);
    let fake = &bot.fake;
    fake.wait_for("the answer to the redelivery", |_| {
        fake.calls().iter().filter(|c| sent_to(42)(c)).count() > before
    })
    .await;

    let (_fake, db, _dir) = bot.stop_cleanly().await;
    assert_eq!(orders_of(&db, 42).await, (1, 2), "one order of two units");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn healthz_answers_ok_in_webhook_and_in_polling_mode() {
    for webhook_mode in [true, false] {
        let bot = start(webhook_mode).await;
        let (status, body) = bot.get("/healthz").await;
        assert_eq!((status, body.as_str()), (200, r#"{"status":"ok"}"#));
        // Polling mode has no webhook route, and never registers one.
        let to_hook = bot.post(Some(SECRET), text_update(1, 42, "/sales")).await;
        if webhook_mode {
            assert_eq!(to_hook, 200);
            bot.fake.wait_for("the sales list", sent_to(42)).await;
        } else {
            assert_eq!(to_hook, 404);
            bot.fake
                .wait_for("polling", |c| c.method == "getupdates")
                .await;
        }
        let (fake, _, _dir) = bot.stop_cleanly().await;
        assert_eq!(fake.count_of("setwebhook"), usize::from(webhook_mode));
    }
}

/// The listener alone, its queue one update deep, behind the real router on port 0.
async fn tiny_queue() -> (WebhookListener, SocketAddr, HttpServer) {
    let config = Config::from_lookup(|k| match k {
        "WEBHOOK_URL" => Some(hook::URL.to_owned()),
        "WEBHOOK_SECRET" => Some(SECRET.to_owned()),
        _ => None,
    })
    .expect("config");
    let limits = QueueLimits {
        capacity: 1,
        full_wait: Duration::from_millis(50),
        ..QueueLimits::default()
    };
    let (listener, route) = webhook(config.webhook.as_ref().expect("webhook mode"), limits);
    let tcp = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("port");
    let addr = tcp.local_addr().expect("addr");
    let server = HttpServer::spawn(tcp, route);
    (listener, addr, server)
}

#[tokio::test]
async fn a_full_queue_answers_503_so_telegram_redelivers() {
    let (listener, addr, server) = tiny_queue().await;
    assert_eq!(
        post(addr, Some(SECRET), text_update(1, 42, "hi")).await,
        200
    );
    assert_eq!(
        post(addr, Some(SECRET), text_update(2, 42, "hi")).await,
        503
    );
    drop(listener);
    server.stop().await.expect("server stops");
}

#[tokio::test]
async fn a_stopped_listener_hands_over_the_queued_update_then_ends_and_refuses_more() {
    let (mut listener, addr, server) = tiny_queue().await;
    assert_eq!(
        post(addr, Some(SECRET), text_update(7, 42, "hi")).await,
        200
    );
    listener.stop_token().stop();
    let ids: Vec<_> = listener
        .as_stream()
        .map(|u| u.ok().map(|u| u.id.0))
        .collect()
        .await;
    assert_eq!(ids, vec![Some(7)]);
    assert_eq!(
        post(addr, Some(SECRET), text_update(8, 42, "hi")).await,
        503
    );
    server.stop().await.expect("server stops");
}
