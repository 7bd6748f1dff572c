//! Fault: `kill -9` of the real `flashsale serve` process in the middle of a 10,000-recipient
//! paid announcement, then a restart. Each message is marked `sending` just before its
//! request, so the crash leaves undecided only the requests in flight: after the restart
//! nobody gets the card twice, at most `OUTBOX_CONCURRENCY` recipients miss it, and every one
//! who missed it is among those the status message reports as "unknown".

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::time::{Duration, Instant};

use chrono::Utc;
use flashsale::bench::BotProcess;
use flashsale::domain::{Currency, Money, UserId};
use flashsale::sandbox::{FakeBotApi, Fault};
use flashsale::store::{AnnouncementState, Audience, BroadcastMode, Store};
use sqlx::{AnyConnection, Connection, Row};

use crate::support::bot::BUTTON_SECRET;
use crate::support::db::fresh_postgres_url;
use crate::support::{fake_bot, real_time_sale};

const RECIPIENTS: u32 = 10_000;
const FIRST: i64 = 5_000_000;
const CONCURRENCY: usize = 16;
/// The merchant who announces (the sale's owner); the status message goes to this chat.
const MERCHANT: i64 = 1;

/// Sends to each recipient the fake Bot API answered with 200.
fn delivered(fake: &FakeBotApi) -> HashMap<i64, u32> {
    let mut per_chat = HashMap::new();
    for c in fake.calls_of("sendmessage") {
        let chat = c.body["chat_id"].as_i64().unwrap_or(0);
        if c.status == 200 && chat >= FIRST {
            *per_chat.entry(chat).or_default() += 1;
        }
    }
    per_chat
}

/// Chats whose message the store has as `unknown`.
async fn unknown_chats(db: &str) -> HashSet<i64> {
    let mut c = AnyConnection::connect(db).await.expect("connect");
    let rows = sqlx::query("SELECT chat_id FROM outbox WHERE state = 'unknown'")
        .fetch_all(&mut c)
        .await
        .expect("unknown rows");
    c.close().await.ok();
    rows.iter()
        .map(|r| r.try_get::<i64, _>("chat_id").expect("chat_id"))
        .collect()
}

/// The text of the last message posted or edited in the merchant's chat.
fn last_status(fake: &FakeBotApi) -> String {
    fake.calls()
        .into_iter()
        .rev()
        .filter(|c| {
            matches!(c.method.as_str(), "sendmessage" | "editmessagetext")
                && c.body["chat_id"].as_i64() == Some(MERCHANT)
        })
        .find_map(|c| c.body["text"].as_str().map(str::to_owned))
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_kill_mid_announcement_sends_nothing_twice_and_reports_what_it_cannot_know() {
    sqlx::any::install_default_drivers();
    let fake = fake_bot::start().await;
    // Every request takes a moment, so some are surely in flight when the process dies.
    fake.storm(
        Some("sendmessage"),
        Fault::Delay(Duration::from_millis(20)),
        Duration::from_secs(600),
    );
    let db = fresh_postgres_url("outbox_kill").await;
    let store = Store::open(&db, 2).await.expect("store");
    let price = Money::from_minor(9_900, Currency::Cny).expect("price");
    let sale = real_time_sale(
        &store,
        "Loud Speaker",
        price,
        100,
        1,
        chrono::Duration::minutes(30),
    )
    .await;
    let now = Utc::now();
    store
        .add_subscribed_users(sale, FIRST, RECIPIENTS, now)
        .await
        .expect("subscribers");
    let merchant = UserId::parse(MERCHANT).expect("id");
    let draft = store
        .create_announcement(sale, merchant, Audience::Subscribers, None, now)
        .await
        .expect("announcement");
    assert!(
        store
            .start_announcement(draft.id, BroadcastMode::Paid, now)
            .await
            .expect("start")
    );
    let env: Vec<(String, String)> = [
        ("DATABASE_URL", db.clone()),
        ("TELEGRAM_BOT_TOKEN", "123:TEST".to_owned()),
        ("TELEGRAM_API_URL", fake.url.clone()),
        ("BUTTON_SECRET", BUTTON_SECRET.to_owned()),
        ("OUTBOX_PAID_PER_SEC", "1000".to_owned()),
        ("OUTBOX_CONCURRENCY", CONCURRENCY.to_string()),
        ("ANNOUNCE_STATUS_SECS", "1".to_owned()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    let exe = Path::new(env!("CARGO_BIN_EXE_flashsale"));

    let bot = BotProcess::start(exe, &env).expect("serve starts");
    let deadline = Instant::now() + Duration::from_secs(120);
    while delivered(&fake).len() < 3_000 {
        assert!(
            Instant::now() < deadline,
            "the announcement did not get going"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    drop(bot); // kill -9, mid-announcement
    let before_restart = delivered(&fake).len();
    assert!(
        before_restart < RECIPIENTS as usize,
        "killed while still sending"
    );

    let bot = BotProcess::start(exe, &env).expect("serve starts again");
    let deadline = Instant::now() + Duration::from_secs(180);
    loop {
        let a = store
            .announcement(draft.id)
            .await
            .expect("read")
            .expect("announcement");
        if a.state == AnnouncementState::Done {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the announcement did not finish after the restart"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // The summary is edited in on the status worker's next pass.
    let counts = store
        .outbox_counts(Some(&draft.campaign()))
        .await
        .expect("counts");
    let summary = format!("{} unknown", counts.unknown);
    let deadline = Instant::now() + Duration::from_secs(30);
    while counts.unknown > 0 && !last_status(&fake).contains(&summary) {
        assert!(
            Instant::now() < deadline,
            "status never said {summary:?}: {}",
            last_status(&fake)
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    bot.stop(Duration::from_secs(30)).await.expect("clean stop");

    let per_chat = delivered(&fake);
    let twice: Vec<_> = per_chat.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "nobody gets the card twice: {twice:?}");
    let unknown = unknown_chats(&db).await;
    let missed: HashSet<i64> = (FIRST..FIRST + i64::from(RECIPIENTS))
        .filter(|c| !per_chat.contains_key(c))
        .collect();
    assert!(
        missed.len() <= CONCURRENCY,
        "at most the requests in flight are lost: {} missed",
        missed.len()
    );
    assert!(
        missed.is_subset(&unknown),
        "every recipient who missed it is reported unknown: missed {missed:?}, unknown {unknown:?}"
    );
    assert!(unknown.len() <= CONCURRENCY, "{} unknown", unknown.len());
    assert_eq!(counts.unknown as usize, unknown.len());
    assert_eq!(
        counts.sent as usize + unknown.len(),
        RECIPIENTS as usize,
        "the rest were sent: {counts:?}"
    );
    eprintln!(
        "outbox kill: {before_restart} delivered before the kill, {} unknown, {} missed",
        unknown.len(),
        missed.len()
    );
    store.close().await;
}
