//! Connections to the Bot API opened ahead of a sale: at start-up with a sale live (the demo
//! sales), `serve` makes `BOT_API_WARM_CONNECTIONS` `getMe` calls before it polls; with no sale
//! live or about to start, none beyond its own start-up calls.

use std::time::Duration;

use crate::support::bot;
use crate::support::db::fresh_sqlite_url;
use crate::support::fake_bot;

/// The `getMe` calls `serve` made by the time it first polled, with demo sales or without.
async fn get_me_calls_before_polling(demo: bool, warm: &str) -> usize {
    let fake = fake_bot::start().await;
    let (db, _dir) = fresh_sqlite_url();
    let running = bot::start(&fake, &db, demo, &[("BOT_API_WARM_CONNECTIONS", warm)]);
    let polled = fake
        .wait_until(Duration::from_secs(30), |c| c.method == "getupdates")
        .await
        .expect("serve polls");
    let calls = fake
        .calls()
        .into_iter()
        .filter(|c| c.method == "getme" && c.at <= polled.at)
        .count();
    running.stop().await;
    calls
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sale_live_gets_its_connections_before_polling_and_none_otherwise() {
    // `serve`'s own start-up calls, with the warm-up off.
    let own = get_me_calls_before_polling(true, "0").await;
    assert!(own >= 1, "serve checks its token with getMe");
    assert_eq!(
        get_me_calls_before_polling(true, "12").await,
        own + 12,
        "a sale is live: twelve connections opened before the first poll"
    );
    assert_eq!(
        get_me_calls_before_polling(false, "12").await,
        own,
        "no sale live or about to start: none"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_warmer_opens_connections_once_before_a_sale_about_to_start() {
    use flashsale::clock::{Clock, SystemClock};
    use flashsale::telegram::warm::ConnectionWarmer;
    use flashsale::worker::Worker;
    use std::sync::Arc;

    let fake = fake_bot::start().await;
    let (store, _db) = crate::support::db::fresh_sqlite().await;
    let now = SystemClock.now();
    let warmer = ConnectionWarmer::new(fake.bot(), store.clone(), Arc::new(SystemClock), 5);
    let get_me = || fake.calls_of("getme").len();
    warmer.step().await.expect("step");
    assert_eq!(get_me(), 0, "no sale: nothing opened");
    store
        .create_sale(
            &crate::support::draft_at(10, 1, now + chrono::Duration::seconds(30)),
            now,
        )
        .await
        .expect("sale");
    warmer.step().await.expect("step");
    assert_eq!(get_me(), 5, "a sale starts within the minute: five opened");
    warmer.step().await.expect("step");
    assert_eq!(get_me(), 5, "opened lately: not again");
}
