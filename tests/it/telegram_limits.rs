//! Rate limits over real HTTP: a user who floods the bot is told once how long to wait,
//! then ignored until the limit lets them through; other users are not slowed down.

use std::time::Duration;

use flashsale::sandbox::Call;

use crate::support::bot;
use crate::support::db::fresh_sqlite_url;
use crate::support::fake_bot::{self, FakeBotExt};

fn to(chat: i64) -> impl Fn(&Call) -> bool {
    move |c| c.method == "sendmessage" && c.body["chat_id"].as_i64() == Some(chat)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flooding_user_is_told_to_wait_once_and_others_are_served() {
    let fake = fake_bot::start().await;
    let (db, _dir) = fresh_sqlite_url();
    let running = bot::start(&fake, &db, true, &[("LIMIT_MESSAGES_PER_MIN", "3")]);

    for _ in 0..8 {
        fake.text_from(71, "en", "/help");
    }
    fake.wait_for("the wait notice", |c| {
        to(71)(c)
            && c.body["text"]
                .as_str()
                .unwrap_or_default()
                .contains("going a little fast")
    })
    .await;
    // Someone else is answered at once, after the flood was handled in order.
    fake.text_from(72, "zh", "/help");
    fake.wait_for("the other user's answer", to(72)).await;
    fake.text_from(71, "en", "/help");
    fake.text_from(72, "zh", "有什么秒杀");
    fake.wait_until(Duration::from_secs(10), |_| {
        fake.calls().iter().filter(|c| to(72)(c)).count() == 2
    })
    .await
    .expect("the second answer to user 72");
    running.stop().await;

    let texts: Vec<String> = fake
        .calls()
        .iter()
        .filter(|c| to(71)(c))
        .map(|c| c.body["text"].as_str().unwrap_or_default().to_owned())
        .collect();
    let notices = texts
        .iter()
        .filter(|t| t.contains("going a little fast"))
        .count();
    assert_eq!(
        texts.len(),
        4,
        "3 answers and 1 notice, then silence: {texts:?}"
    );
    assert_eq!(notices, 1, "{texts:?}");
}
