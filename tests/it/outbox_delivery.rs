//! The outbox against a fake Bot API over real HTTP: paced, once each, through 429s and
//! blocked users, and across a crash.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use flashsale::clock::{Clock, SystemClock};
use flashsale::delivery::PaceLimits;
use flashsale::delivery::{OutboxBody, OutboxConfig, OutboxWorker};
use flashsale::store::Store;
use flashsale::telegram::callback::ButtonSigner;
use flashsale::telegram::sender::BotSender;

use crate::support::db::{fresh_postgres, fresh_sqlite};
use crate::support::fake_bot::{self, FakeBotApi, Fault};
use crate::support::user;

fn body(text: &str) -> String {
    serde_json::to_string(&OutboxBody {
        text: text.into(),
        buttons: vec![vec![("Buy ×1".into(), "buy:1:1".into())]],
        lang: None,
    })
    .expect("json")
}

fn signer() -> ButtonSigner {
    ButtonSigner::new(b"outbox test secret")
}

fn worker(store: &Store, fake: &FakeBotApi, per_second: u32) -> OutboxWorker {
    worker_with(store, fake, per_second, OutboxConfig::default().concurrency)
}

/// A worker sending at most `concurrency` requests at once.
fn worker_with(
    store: &Store,
    fake: &FakeBotApi,
    per_second: u32,
    concurrency: usize,
) -> OutboxWorker {
    let config = OutboxConfig {
        limits: PaceLimits {
            per_second,
            per_chat_spacing_us: 1_000_000,
        },
        batch: 50,
        max_attempts: 5,
        only_chat: None,
        concurrency,
        ..OutboxConfig::default()
    };
    let sender = BotSender::new(fake.bot(), Arc::new(signer()), Arc::new(SystemClock));
    OutboxWorker::new(
        store.clone(),
        Arc::new(sender),
        Arc::new(SystemClock),
        config,
    )
}

/// Steps the worker until nothing is pending (bounded: 60 s).
async fn drain(w: &OutboxWorker, store: &Store) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while store.outbox_counts(None).await.expect("counts").pending > 0 {
        assert!(Instant::now() < deadline, "outbox did not drain in 60 s");
        if w.step().await.expect("step").handled() == 0 {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

#[tokio::test]
async fn reminders_go_out_once_each_paced_through_a_429_storm_and_a_blocked_user() {
    let (store, _db) = fresh_postgres("outbox").await;
    let fake = fake_bot::start().await;
    let now = SystemClock.now();
    store.set_username(user(13), None, now).await.expect("user");
    fake.block(13);
    for chat in 1..=100i64 {
        let key = format!("reminder:sale1:{chat}:start");
        assert!(
            store
                .enqueue_message(
                    chat,
                    &key,
                    Some("sale1"),
                    &body(&format!("hi {chat}")),
                    now,
                    now
                )
                .await
                .expect("enqueue")
        );
        // A second reminder for some chats, and a duplicate enqueue that must be refused.
        if chat % 5 == 0 {
            let key2 = format!("reminder:sale1:{chat}:soon");
            store
                .enqueue_message(
                    chat,
                    &key2,
                    Some("sale1"),
                    &body(&format!("soon {chat}")),
                    now,
                    now,
                )
                .await
                .expect("enqueue");
        }
        assert!(
            !store
                .enqueue_message(chat, &key, Some("sale1"), &body("dup"), now, now)
                .await
                .expect("enqueue")
        );
    }
    fake.fail_call(20, Fault::RetryAfter(1));
    fake.fail_call(21, Fault::RetryAfter(1));
    // One request at a time, so "nothing is sent after a 429 until retry_after" is exact:
    // with several in flight, a request already on the wire when the 429 comes back is
    // not a pause ignored, and a loaded machine made that race show up.
    let w = worker_with(&store, &fake, 60, 1);
    drain(&w, &store).await;

    let calls = fake.calls_of("sendmessage");
    let delivered: Vec<_> = calls.iter().filter(|c| c.status == 200).collect();
    let mut per_text: HashMap<String, usize> = HashMap::new();
    for c in &delivered {
        *per_text
            .entry(c.body["text"].as_str().unwrap_or_default().to_owned())
            .or_default() += 1;
    }
    assert_eq!(delivered.len(), 119, "120 messages, one chat blocked");
    assert!(
        per_text.values().all(|n| *n == 1),
        "nothing delivered twice"
    );
    // Never above the limit: any 61 consecutive requests span at least one second.
    for w in calls.windows(61) {
        assert!(
            w[60].at - w[0].at >= Duration::from_millis(990),
            "more than 60 requests in a second"
        );
    }
    // After a 429, nothing is sent until retry_after has passed.
    for (i, c) in calls.iter().enumerate().filter(|(_, c)| c.status == 429) {
        if let Some(next) = calls.get(i + 1) {
            assert!(
                next.at - c.at >= Duration::from_millis(990),
                "retry_after not honoured"
            );
        }
    }
    // One chat never hears twice within a second.
    let mut last: HashMap<i64, Instant> = HashMap::new();
    for c in &calls {
        let chat = c.body["chat_id"].as_i64().unwrap_or(0);
        if let Some(prev) = last.insert(chat, c.at) {
            assert!(
                c.at - prev >= Duration::from_millis(990),
                "chat {chat} got two messages within a second"
            );
        }
    }
    let counts = store.outbox_counts(Some("sale1")).await.expect("counts");
    assert_eq!(
        (counts.sent, counts.blocked, counts.pending, counts.failed),
        (119, 1, 0, 0)
    );
    assert!(
        !store
            .user(user(13))
            .await
            .expect("read")
            .expect("user")
            .active,
        "blocked user marked inactive"
    );
}

#[tokio::test]
async fn a_crash_mid_send_never_repeats_a_message() {
    let (store, _db) = fresh_sqlite().await;
    let fake = fake_bot::start().await;
    let now = SystemClock.now();
    for chat in 1..=30i64 {
        store
            .enqueue_message(
                chat,
                &format!("a:{chat}"),
                Some("a"),
                &body(&format!("m{chat}")),
                now,
                now,
            )
            .await
            .expect("enqueue");
    }
    // The first process claimed 10 messages, started the requests of 4 of them and died
    // before recording their fate.
    let claimed = store.claim_due_messages(now, 10).await.expect("claim");
    assert_eq!(claimed.len(), 10);
    for item in &claimed[..4] {
        assert!(store.mark_sending(item, now).await.expect("mark"));
    }
    let w = worker(&store, &fake, 200);
    let found = w.recover().await.expect("recover");
    assert_eq!((found.requeued, found.unknown), (6, 4));
    drain(&w, &store).await;
    let delivered = fake.calls_of("sendmessage");
    assert_eq!(
        delivered.len(),
        26,
        "claimed but never started: sent after all"
    );
    let mut texts: Vec<_> = delivered
        .iter()
        .map(|c| c.body["text"].to_string())
        .collect();
    texts.sort();
    texts.dedup();
    assert_eq!(texts.len(), 26, "no message sent twice");
    let counts = store.outbox_counts(Some("a")).await.expect("counts");
    assert_eq!((counts.sent, counts.unknown, counts.failed), (26, 4, 0));
    // A claim taken back by a restart is not sent by its old holder.
    assert!(!store.mark_sending(&claimed[5], now).await.expect("mark"));
}

#[tokio::test]
async fn a_server_error_is_retried_later_and_delivered_once() {
    let (store, _db) = fresh_sqlite().await;
    let fake = fake_bot::start().await;
    let now = SystemClock.now();
    store
        .enqueue_message(5, "s:5", Some("s"), &body("after a 500"), now, now)
        .await
        .expect("enqueue");
    fake.fail_call(0, Fault::ServerError);
    let w = worker(&store, &fake, 30);
    let first = w.step().await.expect("step");
    assert_eq!((first.sent, first.retried), (0, 1));
    drain(&w, &store).await;
    let calls = fake.calls_of("sendmessage");
    assert_eq!(
        calls.iter().map(|c| c.status).collect::<Vec<_>>(),
        vec![500, 200]
    );
    assert!(
        calls[1].at - calls[0].at >= Duration::from_secs(2),
        "backed off before retrying"
    );
}

#[tokio::test]
async fn a_reminder_reaches_the_subscriber_at_the_start_with_a_buy_button_signed_for_them() {
    let (store, _db) = fresh_sqlite().await;
    let fake = fake_bot::start().await;
    let now = SystemClock.now();
    let mut d = crate::support::draft(10, 1);
    d.window = flashsale::domain::SaleWindow::new(
        now + chrono::Duration::seconds(2),
        now + chrono::Duration::hours(1),
    )
    .expect("window");
    let sale = store.create_sale(&d, now).await.expect("sale");
    let texts = flashsale::i18n::Texts::load();
    let zh = flashsale::i18n::Locale::ZhCn;
    let first =
        flashsale::app::customer::reminders::schedule(&store, &texts, zh, &sale, user(42), now)
            .await;
    assert_eq!(
        first.expect("queued"),
        1,
        "only the start reminder: the early one would be in the past"
    );
    let again =
        flashsale::app::customer::reminders::schedule(&store, &texts, zh, &sale, user(42), now)
            .await;
    assert_eq!(again.expect("idempotent"), 0);
    let w = worker(&store, &fake, 30);
    assert_eq!(
        w.step().await.expect("step").sent,
        0,
        "not before the start"
    );
    drain(&w, &store).await;
    let sent = fake.calls_of("sendmessage");
    assert_eq!(sent.len(), 1);
    let elapsed = chrono::Utc::now() - now;
    assert!(
        elapsed >= chrono::Duration::seconds(2),
        "sent at the start, not before"
    );
    assert!(
        sent[0].body["text"]
            .as_str()
            .unwrap_or_default()
            .contains("开抢了")
    );
    let data = sent[0].body["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
        .as_str()
        .expect("a button");
    let opened = signer().open(user(42), data, chrono::Utc::now().timestamp());
    let opened = opened.expect("the reminder's button opens");
    assert_eq!(opened.payload, format!("buy:{}:1", sale.id));
    // Written in Chinese, so a press of it is answered in Chinese at once.
    assert_eq!(opened.lang, Some("zh"));
}
