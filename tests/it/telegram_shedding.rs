//! Shedding at the door: a user the limits refuse is told how long to wait once, in the
//! press's toast alone, and their further updates are dropped before any handler (and any
//! Bot API call) while the refusal holds; other users, payments and (for the buy limit)
//! non-buy presses go on. A sold-out press is a toast alone, the first time as after.

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use flashsale::app::Action;
use flashsale::app::jobs::alerts::Alerts;
use flashsale::clock::{Clock, SystemClock};
use flashsale::domain::UserId;
use flashsale::i18n::Texts;
use flashsale::limits::{Hushed, Limits, LimitsConfig};
use flashsale::store::Store;
use flashsale::telegram::shed::Doorman;
use serde_json::{Value, json};
use teloxide::types::Update;

use crate::fair_telegram::{live_sale, signer, toast};
use crate::support::bot;
use crate::support::db::fresh_sqlite_url;
use crate::support::fake_bot::{self, Call};
use crate::support::user;

/// Updates dropped at the door so far in this process (every test's, so only ever compared
/// as "at least").
fn shed_so_far() -> u64 {
    flashsale::metrics::counter(flashsale::metrics::UPDATES_SHED)
}

fn messages_to(calls: &[Call], chat: i64) -> usize {
    calls
        .iter()
        .filter(|c| c.method == "sendmessage" && c.body["chat_id"] == chat)
        .count()
}

fn answers_to(calls: &[Call], query: &str) -> usize {
    calls
        .iter()
        .filter(|c| c.method == "answercallbackquery" && c.body["callback_query_id"] == query)
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_presser_gets_one_toast_and_no_message_then_their_presses_are_dropped() {
    let fake = fake_bot::start().await;
    let (db, _dir) = fresh_sqlite_url();
    let (sale, _) = live_sale(&db, 10, 1, false).await;
    // Two messages or presses a minute: the third is refused for about 30 s.
    let running = bot::start(&fake, &db, false, &[("LIMIT_MESSAGES_PER_MIN", "2")]);
    let shed_before = shed_so_far();
    let buy = signer()
        .sign_fresh(
            user(81),
            &Action::Buy(sale, 1).payload(),
            Utc::now().timestamp(),
        )
        .expect("fits");
    fake.press(81, "p-1", &buy);
    assert!(toast(&fake, "p-1").await.contains("You got it"));
    fake.press(81, "p-2", &buy);
    assert!(toast(&fake, "p-2").await.contains("already used"));
    fake.press(81, "p-3", &buy);
    let told = toast(&fake, "p-3").await;
    assert!(told.contains("going a little fast"), "{told}");
    // p-2's messages are all out by now: one chat's updates are handled in order.
    let messages_before = messages_to(&fake.calls(), 81);
    for i in 0..10 {
        fake.press(81, &format!("flood-{i}"), &buy);
    }
    // Someone else, queued behind the flood, is answered as usual.
    let other = signer()
        .sign_fresh(
            user(82),
            &Action::Buy(sale, 1).payload(),
            Utc::now().timestamp(),
        )
        .expect("fits");
    fake.press(82, "o-1", &other);
    assert!(toast(&fake, "o-1").await.contains("You got it"));
    // Anything of the flood still in a handler would answer within this grace.
    tokio::time::sleep(Duration::from_millis(500)).await;
    running.stop().await;

    let calls = fake.calls();
    assert_eq!(answers_to(&calls, "p-3"), 1);
    for i in 0..10 {
        assert_eq!(
            answers_to(&calls, &format!("flood-{i}")),
            0,
            "flood-{i} dropped unanswered"
        );
    }
    assert_eq!(
        messages_to(&calls, 81),
        messages_before,
        "the refusal is a toast, not a message"
    );
    assert!(shed_so_far() >= shed_before + 10);
    let store = Store::open(&db, 1).await.expect("store");
    assert_eq!(store.orders_for_sale(sale).await.expect("orders").len(), 2);
    store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sold_out_press_is_a_toast_alone_the_first_time_and_again() {
    let fake = fake_bot::start().await;
    let (db, _dir) = fresh_sqlite_url();
    let (sale, _) = live_sale(&db, 1, 1, false).await;
    let running = bot::start(&fake, &db, false, &[]);
    let press_fresh = |u: i64, q: &str| {
        let data = signer()
            .sign_fresh(
                user(u),
                &Action::Buy(sale, 1).payload(),
                Utc::now().timestamp(),
            )
            .expect("fits");
        fake.press(u, q, &data);
    };
    press_fresh(90, "w-1");
    assert!(toast(&fake, "w-1").await.contains("You got it"));
    press_fresh(91, "s-1");
    assert!(
        toast(&fake, "s-1")
            .await
            .to_lowercase()
            .contains("sold out")
    );
    press_fresh(91, "s-2");
    let again = toast(&fake, "s-2").await;
    assert!(again.to_lowercase().contains("sold out"), "{again}");
    // A message, had there been one, would follow the toast within this grace.
    tokio::time::sleep(Duration::from_millis(300)).await;
    running.stop().await;
    let calls = fake.calls();
    assert_eq!(messages_to(&calls, 91), 0, "a loser gets the toast alone");
    assert_eq!(answers_to(&calls, "s-1"), 1);
    assert_eq!(answers_to(&calls, "s-2"), 1);
}

fn update(kind: Value) -> Update {
    let mut u = json!({"update_id": 1});
    for (k, v) in kind.as_object().expect("an object") {
        u[k] = v.clone();
    }
    // As the webhook reads it: from text (teloxide's Update does not read from a Value).
    let u: Update = serde_json::from_str(&u.to_string()).expect("a valid update");
    assert!(
        !matches!(u.kind, teloxide::types::UpdateKind::Error(_)),
        "{u:?}"
    );
    u
}

fn from(id: i64) -> Value {
    json!({"id": id, "is_bot": false, "first_name": "T", "language_code": "en"})
}

fn press(id: i64, data: &str) -> Update {
    update(
        json!({"callback_query": {"id": "q", "chat_instance": "ci", "from": from(id),
        "message": {"message_id": 7, "date": 1_764_000_000_i64, "chat": {"id": id, "type": "private", "first_name": "T"},
            "from": {"id": 1, "is_bot": true, "first_name": "Bot"}, "text": "card"},
        "data": data}}),
    )
}

fn text(id: i64, body: &str) -> Update {
    update(
        json!({"message": {"message_id": 9, "date": 1_764_000_000_i64,
        "chat": {"id": id, "type": "private", "first_name": "T"}, "from": from(id), "text": body}}),
    )
}

fn in_group(group: i64, id: i64, body: &str) -> Update {
    update(
        json!({"message": {"message_id": 11, "date": 1_764_000_000_i64,
        "chat": {"id": group, "type": "supergroup", "title": "Deals"}, "from": from(id), "text": body}}),
    )
}

fn paid(id: i64) -> Update {
    update(
        json!({"message": {"message_id": 10, "date": 1_764_000_000_i64,
        "chat": {"id": id, "type": "private", "first_name": "T"}, "from": from(id),
        "successful_payment": {"currency": "XTR", "total_amount": 5,
            "invoice_payload": "order:1", "telegram_payment_charge_id": "c",
            "provider_payment_charge_id": "p"}}}),
    )
}

fn pre_checkout(id: i64) -> Update {
    update(
        json!({"pre_checkout_query": {"id": "pc", "from": from(id), "currency": "XTR",
        "total_amount": 5, "invoice_payload": "order:1"}}),
    )
}

#[tokio::test]
async fn the_door_drops_only_what_the_limits_would_refuse_and_never_a_payment() {
    let (db, _dir) = fresh_sqlite_url();
    let store = Store::open(&db, 1).await.expect("store");
    let config = LimitsConfig {
        buy_burst: std::num::NonZeroU32::MIN,
        messages_per_min: std::num::NonZeroU32::new(2).expect("2"),
        ..LimitsConfig::default()
    };
    let limits = Arc::new(Limits::new(&config));
    let alerts = Arc::new(Alerts::new(
        store.clone(),
        Arc::new(Texts::load()),
        Vec::new(),
    ));
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let signer = Arc::new(signer());
    let door = Doorman::new(limits.clone(), signer.clone(), alerts, clock);
    let now = Utc::now().timestamp();
    let sign = |u: i64, a: Action| signer.sign_fresh(user(u), &a.payload(), now).expect("fits");
    let sale = flashsale::domain::SaleId::parse(5).expect("id");

    // Buy limit (burst 1): the second attempt is refused, and then only buy presses drop.
    let (a, b) = (
        UserId::parse(31).expect("id"),
        UserId::parse(32).expect("id"),
    );
    assert_eq!(limits.user_buy(a).await, flashsale::limits::Verdict::Go);
    assert!(matches!(
        limits.user_buy(a).await,
        flashsale::limits::Verdict::SlowDown { .. }
    ));
    assert_eq!(limits.hushed(a), Hushed::Buys);
    assert!(!door.admits(&press(31, &sign(31, Action::Buy(sale, 1)))));
    assert!(!door.admits(&press(31, &sign(31, Action::Confirm(sale, 1)))));
    assert!(door.admits(&press(31, &sign(31, Action::Orders))));
    assert!(door.admits(&text(31, "/orders")));
    assert!(
        door.admits(&press(31, "forged")),
        "a bad button goes on to be refused with its reason"
    );
    assert!(door.admits(&press(32, &sign(32, Action::Buy(sale, 1)))));

    // Message limit: everything from them drops, except payments.
    for _ in 0..2 {
        assert_eq!(limits.message(b).await, flashsale::limits::Verdict::Go);
    }
    assert!(matches!(
        limits.message(b).await,
        flashsale::limits::Verdict::SlowDown { tell: true, .. }
    ));
    assert_eq!(limits.hushed(b), Hushed::Everything);
    assert!(!door.admits(&text(32, "hello")));
    assert!(!door.admits(&press(32, &sign(32, Action::Orders))));
    assert!(door.admits(&paid(32)), "a payment is never dropped");
    assert!(door.admits(&pre_checkout(32)), "nor a pre-checkout query");
    assert!(door.admits(&text(33, "hello")), "other users go on");
    store.close().await;
}

#[tokio::test]
async fn a_flooded_group_is_shed_at_the_door_inside_that_group_only() {
    let (db, _dir) = fresh_sqlite_url();
    let store = Store::open(&db, 1).await.expect("store");
    let limits = Arc::new(Limits::new(&LimitsConfig::default()));
    let alerts = Arc::new(Alerts::new(
        store.clone(),
        Arc::new(Texts::load()),
        Vec::new(),
    ));
    let door = Doorman::new(limits, Arc::new(signer()), alerts, Arc::new(SystemClock));
    // 500 people each send one command in the same group: the group's share passes.
    let admitted = (0..500)
        .filter(|n| door.lets_in(&in_group(-100_500, 1_000 + n, "/sales@flashsale_bot")))
        .count();
    let burst = flashsale::telegram::shed::GROUP_DOOR_BURST as usize;
    assert!(
        (burst..=burst + 1).contains(&admitted),
        "{admitted} of 500 group commands passed the door"
    );
    assert!(
        !door.lets_in(&in_group(-100_600, 7, "nice deal everyone")),
        "talk between people in a group never reaches the dispatcher"
    );
    assert!(
        door.lets_in(&in_group(-100_600, 7, "/sales")),
        "another group has its own share"
    );
    assert!(door.lets_in(&text(4242, "/sales")), "private chats go on");
    assert!(
        door.lets_in(&text(1_000, "hello")),
        "so does a group member in private"
    );
    store.close().await;
}
