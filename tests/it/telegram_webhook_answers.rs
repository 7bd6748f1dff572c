//! Presses answered in the webhook's HTTP response: in webhook mode a press decided while
//! its request waits gets its answerCallbackQuery as the response body (performed by the
//! fake as Telegram would), and no call of its own; a press decided after its request
//! stopped waiting is answered by a call instead. Never both, never twice.

use std::sync::Arc;

use flashsale::app::Action;
use flashsale::sandbox::method_of;
use flashsale::telegram::callback::ButtonSigner;
use flashsale::telegram::press_answers::{OpenPresses, awaited};
use serde_json::json;
use teloxide::types::CallbackQueryId;

use crate::support::fake_bot::{self, FakeBotExt, sent_to};
use crate::support::webhook::{SECRET, post_for_reply, start};
use crate::support::{bot, user};

fn press_update(id: i64, from: i64, query: &str, data: &str) -> String {
    json!({"update_id": id, "callback_query": {
        "id": query, "chat_instance": "ci",
        "from": {"id": from, "is_bot": false, "first_name": "Buyer", "language_code": "en"},
        "message": {"message_id": 7, "date": chrono::Utc::now().timestamp(),
            "chat": {"id": from, "type": "private", "first_name": "Buyer"},
            "from": {"id": 1, "is_bot": true, "first_name": "flashsale"}, "text": "card"},
        "data": data}})
    .to_string()
}

fn answers_of(fake: &flashsale::sandbox::FakeBotApi, query: &str) -> usize {
    fake.calls()
        .iter()
        .filter(|c| c.method == "answercallbackquery" && c.body["callback_query_id"] == query)
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_press_in_webhook_mode_is_answered_once_in_the_response() {
    let running = start(true).await;
    let data = ButtonSigner::new(bot::BUTTON_SECRET.as_bytes())
        .sign_fresh(
            user(42),
            &Action::List.payload(),
            chrono::Utc::now().timestamp(),
        )
        .expect("fits");
    let (status, reply) = post_for_reply(
        running.addr,
        Some(SECRET),
        press_update(1, 42, "q-list", &data),
    )
    .await;
    assert_eq!(status, 200);
    let (method, params) = method_of(reply.as_bytes()).expect("the answer in the response");
    assert_eq!(method, "answerCallbackQuery");
    assert_eq!(params["callback_query_id"], "q-list");
    // The rest of the answer (the list) still goes out by a call.
    running.fake.wait_for("the sales list", sent_to(42)).await;
    assert_eq!(
        answers_of(&running.fake, "q-list"),
        0,
        "answered in the response, not by a call"
    );
    // Telegram performs the response's method: now it is answered, once.
    assert!(running.fake.perform_reply(reply.as_bytes()).await);
    let (fake, _, _dir) = running.stop_cleanly().await;
    assert_eq!(answers_of(&fake, "q-list"), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_press_decided_after_its_request_stopped_waiting_is_answered_by_a_call_once() {
    let fake = fake_bot::start().await;
    let bot = fake.bot();
    let open = Arc::new(OpenPresses::new());
    // Decided in time: handed to the waiting request, no call.
    let rx = open.open("q-quick");
    let id = CallbackQueryId("q-quick".to_owned());
    open.answer(&bot, &id, Some("quick".into()))
        .await
        .expect("answered");
    let body = awaited(&open, "q-quick", rx)
        .await
        .expect("the response body");
    assert_eq!(
        method_of(body.as_bytes()).expect("a method").1["text"],
        "quick"
    );
    assert_eq!(answers_of(&fake, "q-quick"), 0);
    // Decided too late: the request stopped waiting (its bound passed) and answered
    // "ok"; the answer then goes by a call, once.
    let rx = open.open("q-slow");
    assert_eq!(awaited(&open, "q-slow", rx).await, None);
    let id = CallbackQueryId("q-slow".to_owned());
    open.answer(&bot, &id, Some("slow".into()))
        .await
        .expect("answered by a call");
    assert_eq!(answers_of(&fake, "q-slow"), 1);
}
