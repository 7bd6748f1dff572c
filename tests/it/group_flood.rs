//! Fairness between chats: a flood of `/sales` from 1,500 users in one supergroup gets that
//! group at most Telegram's 20 messages a minute (one shared list), and a private `/sales`
//! sent after the flood is still answered while the group's excess is shed in the group.

use std::time::Instant;

use chrono::Utc;
use serde_json::json;

use crate::support::bot;
use crate::support::db::fresh_sqlite_url;
use crate::support::fake_bot::{self, FakeBotExt};

const GROUP: i64 = -100_777;
const FLOOD: i64 = 1_500;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_group_flood_gets_one_shared_list_and_a_private_sales_is_still_answered() {
    let fake = fake_bot::start().await;
    let (db, _dir) = fresh_sqlite_url();
    let running = bot::start(&fake, &db, true, &[]);
    // The bot is up (its menu registered) before the flood, so the flood is what is measured.
    fake.wait_for("the command menu", |c| c.method == "setmycommands")
        .await;
    for n in 0..FLOOD {
        let user = 10_000 + n;
        fake.push_update(json!({"message": {
            "message_id": n + 1, "date": Utc::now().timestamp(),
            "chat": {"id": GROUP, "type": "supergroup", "title": "Deals"},
            "from": {"id": user, "is_bot": false, "first_name": "U", "language_code": "en"},
            "text": "/sales@flashsale_bot"}}));
    }
    let sent = Instant::now();
    fake.text_from(4242, "en", "/sales");
    let private = fake
        .wait_for("the private list", |c| {
            c.method == "sendmessage" && c.body["chat_id"].as_i64() == Some(4242)
        })
        .await;
    let waited = sent.elapsed();
    assert!(
        private.body["text"]
            .as_str()
            .unwrap_or_default()
            .contains("AirPods")
    );
    // Every update of the flood was taken before the bot stops (it drains what it holds).
    fake.wait_until(std::time::Duration::from_secs(60), |_| {
        fake.pending_updates() == 0
    })
    .await
    .expect("the whole flood is taken");
    running.stop().await;
    let to_group = fake
        .calls_of("sendmessage")
        .iter()
        .filter(|c| c.body["chat_id"].as_i64() == Some(GROUP))
        .count();
    assert!(to_group >= 1, "the group got its list");
    assert!(
        to_group <= 20,
        "at most Telegram's 20 messages a minute in the group: {to_group}"
    );
    eprintln!(
        "private /sales answered {waited:?} after a {FLOOD}-update group flood; the group got {to_group} message(s)"
    );
}
