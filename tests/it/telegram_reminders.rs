//! Reminders through `flashsale serve`: subscribers pressing "Remind me", a 429 storm at the
//! start, one user who blocked the bot. Every reminder is delivered once, the pace never
//! goes above Telegram's limits, a restart sends nothing again, and the admin is alerted
//! once that Telegram throttled the bot.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use chrono::Utc;
use flashsale::app::Action;
use flashsale::sandbox::{Call, Fault};
use flashsale::store::Store;
use flashsale::telegram::callback::ButtonSigner;

use crate::support::db::fresh_postgres_url;
use crate::support::fake_bot::{self, FakeBotExt};
use crate::support::{bot, user};
use crate::telegram_countdown::sale_starting_in;

const SUBSCRIBERS: i64 = 45;
const FIRST: i64 = 1_001;
const BLOCKED: i64 = FIRST + SUBSCRIBERS - 1;

fn is_reminder(c: &Call) -> bool {
    c.method == "sendmessage"
        && c.body["text"]
            .as_str()
            .unwrap_or_default()
            .contains("is live now")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reminders_reach_every_subscriber_once_through_a_429_storm_at_the_pace_allowed() {
    let fake = fake_bot::start().await;
    let db = fresh_postgres_url("reminders").await;
    let sale = sale_starting_in(&db, 5, 100).await;
    let running = bot::start(&fake, &db, false, &[("ADMIN_IDS", "4242")]);
    fake.wait_for("the command menu", |c| c.method == "setmycommands")
        .await;

    let signer = ButtonSigner::new(bot::BUTTON_SECRET.as_bytes());
    let payload = Action::Remind(sale).payload();
    for id in FIRST..FIRST + SUBSCRIBERS {
        let data = signer
            .sign_fresh(user(id), &payload, Utc::now().timestamp())
            .expect("sign");
        fake.press(id, &format!("remind-{id}"), &data);
    }
    let confirmed = |c: &Call| {
        c.method == "sendmessage"
            && c.body["text"]
                .as_str()
                .unwrap_or_default()
                .contains("remind you")
    };
    let deadline = Instant::now() + Duration::from_secs(20);
    while fake.calls().iter().filter(|c| confirmed(c)).count() < SUBSCRIBERS as usize {
        assert!(Instant::now() < deadline, "subscriptions not confirmed");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    // From now until two seconds after the start, Telegram says "slow down" to every send.
    fake.block(BLOCKED);
    fake.storm(
        Some("sendmessage"),
        Fault::RetryAfter(1),
        Duration::from_secs(7),
    );
    let deadline = Instant::now() + Duration::from_secs(40);
    let delivered = |calls: &[Call]| {
        calls
            .iter()
            .filter(|c| is_reminder(c) && c.status == 200)
            .count()
    };
    while delivered(&fake.calls()) < (SUBSCRIBERS - 1) as usize {
        assert!(Instant::now() < deadline, "reminders not delivered in time");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // The admin hears once that Telegram throttled the bot.
    fake.wait_for("the throttling alert", |c| {
        c.method == "sendmessage"
            && c.status == 200
            && c.body["chat_id"] == 4242
            && c.body["text"]
                .as_str()
                .unwrap_or_default()
                .contains("throttling")
    })
    .await;
    running.stop().await;

    let calls = fake.calls();
    let attempts: Vec<&Call> = calls.iter().filter(|c| is_reminder(c)).collect();
    assert!(
        attempts.iter().any(|c| c.status == 429),
        "the storm hit the reminders"
    );
    // Once each, and never to the user who blocked the bot.
    let mut per_chat: HashMap<i64, Vec<&Call>> = HashMap::new();
    for c in &attempts {
        per_chat
            .entry(c.body["chat_id"].as_i64().unwrap_or_default())
            .or_default()
            .push(c);
    }
    for id in FIRST..BLOCKED {
        let ok = per_chat[&id].iter().filter(|c| c.status == 200).count();
        assert_eq!(ok, 1, "user {id} got {ok} reminders");
    }
    assert!(per_chat[&BLOCKED].iter().all(|c| c.status != 200));
    // The pace: never more than 30 attempts in any one second, one chat at most once a second.
    let times: Vec<Instant> = attempts.iter().map(|c| c.at).collect();
    for (i, t) in times.iter().enumerate() {
        let in_window = times[i..]
            .iter()
            .take_while(|u| u.duration_since(*t) < Duration::from_secs(1))
            .count();
        assert!(in_window <= 30, "{in_window} sends within one second");
    }
    for (chat, tries) in &per_chat {
        for pair in tries.windows(2) {
            let gap = pair[1].at.duration_since(pair[0].at);
            assert!(
                gap >= Duration::from_millis(950),
                "chat {chat} retried after {gap:?}"
            );
        }
    }

    // The blocked user is inactive; the outbox is settled; a restart sends nothing again.
    let store = Store::open(&db, 2).await.expect("store");
    let blocked = store
        .user(user(BLOCKED))
        .await
        .expect("user")
        .expect("known");
    assert!(!blocked.active);
    let alerts = fake
        .calls()
        .iter()
        .filter(|c| c.status == 200 && c.body["chat_id"] == 4242)
        .count();
    assert_eq!(alerts, 1, "one alert for the whole storm");
    let campaign = format!("reminder:{sale}");
    let counts = store.outbox_counts(Some(&campaign)).await.expect("counts");
    assert_eq!(
        (counts.pending, counts.sent, counts.blocked),
        (0, (SUBSCRIBERS - 1) as u32, 1)
    );
    let before = fake.calls().iter().filter(|c| is_reminder(c)).count();
    let running = bot::start(&fake, &db, false, &[("ADMIN_IDS", "4242")]);
    fake.text_from(FIRST, "en", "/help");
    let asked = Instant::now();
    fake.wait_for("the help answer after the restart", |c| {
        c.method == "sendmessage" && c.at > asked && c.body["chat_id"] == FIRST
    })
    .await;
    running.stop().await;
    let after = fake.calls().iter().filter(|c| is_reminder(c)).count();
    assert_eq!(before, after, "nothing was sent twice after the restart");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reminder_speaks_the_language_chosen_after_subscribing() {
    let fake = fake_bot::start().await;
    let db = crate::support::db::fresh_sqlite_url();
    let (db, _dir) = db;
    let sale = sale_starting_in(&db, 6, 10).await;
    let running = bot::start(&fake, &db, false, &[]);
    let signer = ButtonSigner::new(bot::BUTTON_SECRET.as_bytes());
    let data = signer
        .sign_fresh(
            user(FIRST),
            &Action::Remind(sale).payload(),
            Utc::now().timestamp(),
        )
        .expect("sign");
    fake.press(FIRST, "remind-en", &data);
    fake.wait_for("the English confirmation", |c| {
        c.method == "sendmessage"
            && c.body["text"]
                .as_str()
                .unwrap_or_default()
                .contains("remind you")
    })
    .await;
    fake.text_from(FIRST, "en", "/lang zh");
    fake.wait_for("the language change", |c| {
        c.method == "sendmessage"
            && c.body["chat_id"] == FIRST
            && c.body["text"].as_str().unwrap_or_default().contains("中文")
    })
    .await;
    let reminder = fake
        .wait_until(Duration::from_secs(20), |c| {
            c.method == "sendmessage"
                && c.body["chat_id"] == FIRST
                && c.body["text"]
                    .as_str()
                    .unwrap_or_default()
                    .contains("开抢了")
        })
        .await
        .expect("the reminder arrives in Chinese");
    let markup = reminder.body["reply_markup"].to_string();
    assert!(markup.contains("立即抢 1 件"), "{markup}");
    assert!(
        !fake.calls().iter().any(is_reminder),
        "no English reminder was sent"
    );
    running.stop().await;
}
