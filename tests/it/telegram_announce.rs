//! `/announce` through `flashsale serve` against the fake Bot API: the confirm step shows both
//! modes' time and cost; 10,000 recipients go out through the outbox with a restart midway,
//! each active one exactly once, users who blocked the bot skipped and counted, no second
//! over the configured rate, one status message edited to the final summary; paid mode sends
//! carry `allow_paid_broadcast`.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use flashsale::domain::{AnnouncementId, Currency, Money};
use flashsale::sandbox::{Call, FakeBotApi};
use flashsale::store::{AnnouncementState, Role, Store};

use crate::support::db::{fresh_postgres_url, fresh_sqlite_url, raw_execute};
use crate::support::fake_bot::{self, FakeBotExt};
use crate::support::{bot, real_time_sale, user};

/// The sale's owner (see `support::real_time_sale`), a merchant.
const MERCHANT: i64 = 1;
const FIRST: i64 = 100_001;

/// `active` subscribers from FIRST, then `inactive` ones (they blocked the bot earlier), one
/// active user who is not subscribed, and a live sale owned by the merchant.
async fn shop(db: &str, active: i64, inactive: i64) -> (Store, i64) {
    let store = Store::open(db, 2).await.expect("store");
    let price = Money::from_minor(99_900, Currency::Cny).expect("price");
    let sale = real_time_sale(
        &store,
        "Kindle Paperwhite",
        price,
        50,
        2,
        chrono::Duration::minutes(-1),
    )
    .await;
    store
        .put_role(user(MERCHANT), Role::Merchant, chrono::Utc::now())
        .await
        .expect("merchant");
    let total = active + inactive;
    let seed = format!(
        "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < {last}) \
         INSERT INTO users (id, language, active, created_at, updated_at) \
         SELECT {FIRST} + i, CASE WHEN i % 10 = 3 THEN 'zh-hans' ELSE NULL END, i < {active}, 0, 0 FROM n",
        last = total - 1
    );
    raw_execute(db, &seed).await.expect("users");
    raw_execute(
        db,
        &format!(
            "INSERT INTO subscriptions (sale_id, user_id, kind, created_at) \
             SELECT {sale}, id, 'reminder', 0 FROM users WHERE id >= {FIRST}"
        ),
    )
    .await
    .expect("subscriptions");
    raw_execute(
        db,
        "INSERT INTO users (id, active, created_at, updated_at) VALUES (99999, TRUE, 0, 0)",
    )
    .await
    .expect("a user who is not subscribed");
    (store, sale.get())
}

fn is_announcement(c: &Call) -> bool {
    c.method == "sendmessage" && c.body["chat_id"].as_i64().is_some_and(|id| id != MERCHANT)
}

fn text(c: &Call) -> &str {
    c.body["text"].as_str().unwrap_or_default()
}

/// The merchant asks; returns the confirm message's text and its buttons (label -> data).
async fn ask(fake: &FakeBotApi, words: &str) -> (String, HashMap<String, String>) {
    let asked = Instant::now();
    fake.text_from(MERCHANT, "en", words);
    let confirm = fake
        .wait_for("the confirm step", |c| {
            c.at > asked
                && c.method == "sendmessage"
                && c.body["chat_id"] == MERCHANT
                && text(c).contains("Announce")
                // The question carries its buttons ("Announcement cancelled" does not).
                && !c.body["reply_markup"]["inline_keyboard"].is_null()
        })
        .await;
    let buttons = confirm.body["reply_markup"]["inline_keyboard"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|row| row.as_array().into_iter().flatten())
        .filter_map(|b| {
            Some((
                b["text"].as_str()?.to_owned(),
                b["callback_data"].as_str()?.to_owned(),
            ))
        })
        .collect();
    (text(&confirm).to_owned(), buttons)
}

async fn until_done(store: &Store, within: Duration) {
    let deadline = Instant::now() + within;
    let id = AnnouncementId::parse(1).expect("id");
    loop {
        let a = store.announcement(id).await.expect("read").expect("stored");
        if a.state == AnnouncementState::Done {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "announcement not finished: {a:?}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_recipients_get_the_card_once_each_across_a_restart_at_the_configured_pace() {
    const ACTIVE: i64 = 10_000;
    const INACTIVE: i64 = 50;
    const RATE: usize = 2_000;
    let fake = fake_bot::start().await;
    let db = fresh_postgres_url("announce").await;
    let (store, sale) = shop(&db, ACTIVE, INACTIVE).await;
    // These twenty block the bot only now: their sends fail with 403 and count as blocked.
    let blocked_now: Vec<i64> = (0..20).map(|k| FIRST + 7 + k * 450).collect();
    for id in &blocked_now {
        fake.block(*id);
    }
    let env = [("OUTBOX_PER_SEC", "2000"), ("ANNOUNCE_STATUS_SECS", "1")];
    let running = bot::start(&fake, &db, false, &env);
    fake.wait_for("the command menu", |c| c.method == "setmycommands")
        .await;

    let (confirm, buttons) = ask(&fake, &format!("/announce {sale} Back in stock!")).await;
    assert!(confirm.contains("to its 10000 subscribers"), "{confirm}");
    assert!(confirm.contains("50 more blocked the bot"), "{confirm}");
    assert!(
        confirm.contains("Send: about 5 s at 2000 messages a second, free"),
        "{confirm}"
    );
    assert!(
        confirm.contains("Send paid: about 10 s at 1000 messages a second, about 970 ⭐"),
        "{confirm}"
    );
    fake.press(MERCHANT, "send", &buttons["Send"]);

    // Midway, the bot is stopped and a new one starts over the same database.
    let deadline = Instant::now() + Duration::from_secs(60);
    while fake.count_of("sendmessage") < 4_000 {
        assert!(
            Instant::now() < deadline,
            "the announcement did not get going"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    running.stop().await;
    let at_restart = fake.count_of("sendmessage");
    assert!(at_restart < 9_000, "stopped midway ({at_restart})");
    let running = bot::start(&fake, &db, false, &env);
    until_done(&store, Duration::from_secs(90)).await;
    // One more status pass shows the summary (the row is settled after the edit).
    let summary = fake
        .wait_for("the final summary", |c| {
            c.method == "editmessagetext" && text(c).contains("announced in")
        })
        .await;
    running.stop().await;

    let calls = fake.calls();
    let sends: Vec<&Call> = calls.iter().filter(|c| is_announcement(c)).collect();
    let mut per_chat: HashMap<i64, (usize, usize)> = HashMap::new();
    for c in &sends {
        let e = per_chat
            .entry(c.body["chat_id"].as_i64().unwrap_or_default())
            .or_default();
        if c.status == 200 { e.0 += 1 } else { e.1 += 1 }
    }
    for id in FIRST..FIRST + ACTIVE {
        let (ok, failed) = per_chat.get(&id).copied().unwrap_or_default();
        if blocked_now.contains(&id) {
            assert_eq!(
                (ok, failed),
                (0, 1),
                "user {id} blocked the bot: one 403, no resend"
            );
        } else {
            assert_eq!((ok, failed), (1, 0), "user {id} got {ok} announcements");
        }
    }
    for id in (FIRST + ACTIVE..FIRST + ACTIVE + INACTIVE).chain([99_999]) {
        assert!(
            !per_chat.contains_key(&id),
            "user {id} should not be messaged"
        );
    }
    assert_eq!(sends.len(), ACTIVE as usize);
    // Chinese speakers read the card in Chinese, with the merchant's words on top.
    let zh = sends
        .iter()
        .find(|c| c.body["chat_id"] == FIRST + 3)
        .expect("zh user");
    assert!(
        text(zh).starts_with("Back in stock!") && text(zh).contains("Kindle"),
        "{}",
        text(zh)
    );
    assert!(
        sends
            .iter()
            .all(|c| c.body.get("allow_paid_broadcast").is_none())
    );
    // No one-second window holds more sends than the configured rate.
    let times: Vec<Instant> = sends.iter().map(|c| c.at).collect();
    let busiest = flashsale::bench::busiest_second(&times);
    assert!(busiest <= RATE, "{busiest} sends within one second");

    // One status message, posted once across the restart, edited to the final summary.
    let posts: Vec<&Call> = calls
        .iter()
        .filter(|c| {
            c.method == "sendmessage"
                && c.body["chat_id"] == MERCHANT
                && text(c).starts_with("📣 #")
        })
        .collect();
    assert_eq!(posts.len(), 1, "one status message");
    assert_eq!(summary.body["chat_id"], MERCHANT);
    let said = text(&summary);
    assert!(
        said.contains("9980 sent, 70 blocked the bot, 0 failed"),
        "{said}"
    );
    let edits: Vec<&Call> = calls
        .iter()
        .filter(|c| c.method == "editmessagetext")
        .collect();
    assert!(
        edits.iter().any(|c| text(c).contains("ETA")),
        "progress was shown"
    );
    let counts = store.outbox_counts(Some("ann:1")).await.expect("counts");
    assert_eq!(
        (counts.pending, counts.sent, counts.blocked, counts.failed),
        (0, 9_980, 20, 0)
    );
    let audit = store.recent_audit(5).await.expect("audit");
    assert!(
        audit
            .iter()
            .any(|e| e.action == "announce" && e.actor == user(MERCHANT))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_paid_announcement_carries_allow_paid_broadcast_and_cancel_sends_nothing() {
    let fake = fake_bot::start().await;
    let (db, _dir) = fresh_sqlite_url();
    let (store, sale) = shop(&db, 30, 2).await;
    let running = bot::start(&fake, &db, false, &[("ANNOUNCE_STATUS_SECS", "1")]);
    fake.wait_for("the command menu", |c| c.method == "setmycommands")
        .await;

    // A customer cannot announce; a bad sale number is refused politely.
    fake.text_from(FIRST, "en", &format!("/announce {sale}"));
    fake.wait_for("the refusal", |c| {
        c.body["chat_id"] == FIRST && text(c).contains("for merchants")
    })
    .await;
    fake.text_from(MERCHANT, "en", "/announce 9999");
    fake.wait_for("unknown sale", |c| {
        c.body["chat_id"] == MERCHANT && text(c).contains("no sale #9999")
    })
    .await;

    // Cancel on the confirm step: nothing is queued.
    let (confirm, buttons) = ask(&fake, &format!("/announce {sale} all")).await;
    // 30 subscribers, the merchant and one user who is not subscribed.
    assert!(confirm.contains("all 32 active users"), "{confirm}");
    assert!(
        confirm.contains("about 2 s at 29 messages a second, free"),
        "{confirm}"
    );
    // 32 messages in one second: 30 ride free, 2 × 0.1 ⭐ round up to 1 ⭐.
    assert!(
        confirm.contains("about 1 s at 1000 messages a second, about 1 ⭐"),
        "{confirm}"
    );
    assert!(confirm.contains("at most 4 ⭐"), "{confirm}");
    fake.press(MERCHANT, "cancel", &buttons["Cancel"]);
    // The message, not only the toast: it must not be taken for the next question.
    fake.wait_for("dropped", |c| {
        c.method != "answercallbackquery" && text(c).contains("nothing was sent")
    })
    .await;
    assert_eq!(
        store
            .outbox_counts(Some("ann:1"))
            .await
            .expect("counts")
            .total(),
        0
    );

    let (_, buttons) = ask(&fake, &format!("/announce {sale}")).await;
    fake.press(MERCHANT, "paid", &buttons["Send paid"]);
    fake.wait_for("the summary", |c| text(c).contains("announced in"))
        .await;
    // Pressing the same button again starts nothing new.
    fake.press(MERCHANT, "paid-again", &buttons["Send paid"]);
    fake.wait_for("already", |c| text(c).contains("already sent or cancelled"))
        .await;
    running.stop().await;

    let sends: Vec<Call> = fake.calls().into_iter().filter(is_announcement).collect();
    let cards: Vec<&Call> = sends
        .iter()
        .filter(|c| text(c).contains("Kindle"))
        .collect();
    assert_eq!(cards.len(), 30, "each active subscriber once");
    assert!(cards.iter().all(|c| c.body["allow_paid_broadcast"] == true));
    // Live sale: the card carries its Buy buttons, signed for each recipient.
    assert!(cards.iter().all(|c| {
        c.body["reply_markup"]["inline_keyboard"][0]
            .as_array()
            .is_some_and(|r| !r.is_empty())
    }));
    let summary = fake
        .wait_for("summary", |c| text(c).contains("announced in"))
        .await;
    assert!(
        text(&summary).contains("30 sent, 2 blocked the bot, 0 failed"),
        "{}",
        text(&summary)
    );
}
