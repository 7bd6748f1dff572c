//! A Telegram outage while the bot starts (429s, then 500s on `setMyCommands`) is waited
//! out: the bot comes up and answers once the Bot API does.

use std::time::Duration;

use flashsale::sandbox::Fault;

use crate::support::bot;
use crate::support::db::fresh_sqlite_url;
use crate::support::fake_bot::{self, FakeBotExt};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_bot_starts_through_a_passing_bot_api_outage() {
    let fake = fake_bot::start().await;
    let (db, _dir) = fresh_sqlite_url();
    fake.storm(
        Some("setmycommands"),
        Fault::RetryAfter(1),
        Duration::from_millis(1500),
    );
    fake.storm(
        Some("setmycommands"),
        Fault::ServerError,
        Duration::from_millis(2500),
    );
    let running = bot::start(&fake, &db, true, &[]);

    // teloxide itself pauses 10 s after a 5xx before returning it, hence the long wait.
    fake.wait_until(Duration::from_secs(40), |c| {
        c.method == "setmycommands" && c.status == 200
    })
    .await
    .expect("the menu is registered once the outage is over");
    let refused: Vec<u16> = fake
        .calls_of("setmycommands")
        .iter()
        .map(|c| c.status)
        .filter(|s| *s != 200)
        .collect();
    assert!(
        refused.contains(&429),
        "the outage answered 429: {refused:?}"
    );
    assert!(refused.contains(&500), "then 500: {refused:?}");

    fake.text_from(4242, "en", "/sales");
    fake.wait_for("an answer once the bot is up", |c| {
        c.method == "sendmessage" && c.body["chat_id"].as_i64() == Some(4242)
    })
    .await;
    running.stop().await;
}
