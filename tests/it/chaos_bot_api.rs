//! Fault: the Bot API misbehaves for 30 s (10 s of 429s, 10 s of 500s, 10 s of replies so
//! slow they time out) while the real `serve` works through 300 queued reminders and 200
//! buyers press Buy. Nothing may be lost, nothing sent twice, nobody told "won" without an
//! order, every winner told (late, through the outbox, if need be), and once the storm passes
//! the pace stays under the limit.

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use chrono::Utc;
use flashsale::app::Action;
use flashsale::delivery::OutboxBody;
use flashsale::domain::{Currency, Money, UserId};
use flashsale::store::Store;
use flashsale::telegram::callback::ButtonSigner;

use crate::support::bot::{self, BUTTON_SECRET};
use crate::support::chaos::{Tally, runs};
use crate::support::db::fresh_postgres_url;
use crate::support::fake_bot::{self, Call, FakeBotExt, Fault};
use crate::support::real_time_sale;

const CHATS: i64 = 300;
const BUYERS: i64 = 200;
const STOCK: u32 = 50;
const WON: &str = "You got it";
/// The outbox's pace (PaceLimits::default) plus one request of jitter.
const PACE: usize = 30;

fn reminder(chat: i64) -> String {
    serde_json::to_string(&OutboxBody {
        text: format!("storm reminder {chat}"),
        buttons: Vec::new(),
        lang: None,
    })
    .expect("json")
}

/// The greatest number of `calls` arriving within any one second.
fn busiest_second(calls: &[&Call]) -> usize {
    let mut at: Vec<Instant> = calls.iter().map(|c| c.at).collect();
    at.sort();
    let mut best = 0;
    let mut lo = 0;
    for hi in 0..at.len() {
        while at[hi] - at[lo] >= Duration::from_secs(1) {
            lo += 1;
        }
        best = best.max(hi - lo + 1);
    }
    best
}

async fn one_run(run: u32) {
    let started = Instant::now();
    let fake = fake_bot::start().await;
    let db = fresh_postgres_url("chaos_botapi").await;
    let store = Store::open(&db, 2).await.expect("store");
    let now = Utc::now();
    for chat in 1..=CHATS {
        let key = format!("storm:{chat}");
        store
            .enqueue_message(chat, &key, Some("storm"), &reminder(chat), now, now)
            .await
            .expect("enqueue");
    }
    let price = Money::from_minor(9_900, Currency::Cny).expect("price");
    let sale = real_time_sale(
        &store,
        "Storm Lamp",
        price,
        STOCK,
        1,
        chrono::Duration::seconds(-1),
    )
    .await;
    let signer = ButtonSigner::new(BUTTON_SECRET.as_bytes());

    // The bot is up (start-up through an outage is `telegram_startup`'s test); then the
    // storm: every method, one kind of fault after another.
    let running = bot::start(&fake, &db, false, &[]);
    fake.wait_for("the bot's first getUpdates", |c| c.method == "getupdates")
        .await;
    let phase = Duration::from_secs(10);
    fake.storm(None, Fault::RetryAfter(1), phase);
    for buyer in 0..BUYERS {
        let user = 20_000 + buyer;
        let data = signer
            .sign_fresh(
                UserId::parse(user).expect("user"),
                &Action::Buy(sale, 1).payload(),
                Utc::now().timestamp(),
            )
            .expect("button fits");
        fake.press(user, &format!("storm-{user}"), &data);
    }
    tokio::time::sleep(phase).await;
    fake.storm(None, Fault::ServerError, phase);
    tokio::time::sleep(phase).await;
    fake.storm(None, Fault::Delay(Duration::from_secs(20)), phase);
    tokio::time::sleep(phase).await;
    let calm = Instant::now();

    // Recovery: every reminder and every queued reply settles (bounded).
    let deadline = Instant::now() + Duration::from_secs(240);
    loop {
        let c = store.outbox_counts(None).await.expect("counts");
        if c.pending == 0 {
            break;
        }
        assert!(Instant::now() < deadline, "outbox still busy: {c:?}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    running.stop().await;

    let counts = store.outbox_counts(Some("storm")).await.expect("counts");
    let all = store.outbox_counts(None).await.expect("counts");
    let sends = fake.calls_of("sendmessage");
    let mut delivered: HashMap<i64, u64> = HashMap::new();
    for c in sends.iter().filter(|c| c.status == 200) {
        let text = c.body["text"].as_str().unwrap_or_default();
        if let Some(chat) = text.strip_prefix("storm reminder ") {
            *delivered.entry(chat.parse().unwrap_or(0)).or_default() += 1;
        }
    }
    let twice: u64 = delivered.values().map(|n| n - 1).sum();
    // Bulk sends (the reminders) are paced; replies to a buyer's own press go out at once.
    let after: Vec<&Call> = sends
        .iter()
        .filter(|c| c.at >= calm)
        .filter(|c| {
            let text = c.body["text"].as_str().unwrap_or_default();
            text.starts_with("storm reminder ")
        })
        .collect();
    assert!(
        busiest_second(&after) <= PACE,
        "after the storm the pace stays under the limit: {}",
        busiest_second(&after)
    );

    // Buyers: a "won" that got through has its order; nobody heard "won" twice.
    let orders = store.orders_for_sale(sale).await.expect("orders");
    let buyers: HashSet<i64> = orders.iter().map(|o| o.buyer.get()).collect();
    let mut told: HashMap<i64, u64> = HashMap::new();
    for c in fake.calls_of("answercallbackquery") {
        let won = c.status == 200 && c.body["text"].as_str().unwrap_or("").contains(WON);
        let id = c.body["callback_query_id"].as_str().unwrap_or_default();
        if let (true, Some(user)) = (won, id.strip_prefix("storm-")) {
            *told.entry(user.parse().unwrap_or(0)).or_default() += 1;
        }
    }
    // Winners who heard nothing at all (neither the toast nor the message got through), and
    // "you got it" messages delivered twice to one buyer.
    let mut heard: HashSet<i64> = told.keys().copied().collect();
    let mut won_msgs: HashMap<i64, u64> = HashMap::new();
    for c in sends.iter().filter(|c| c.status == 200) {
        if c.body["text"].as_str().unwrap_or("").contains(WON) {
            let chat = c.body["chat_id"].as_i64().unwrap_or(0);
            heard.insert(chat);
            *won_msgs.entry(chat).or_default() += 1;
        }
    }
    let unnotified = buyers.difference(&heard).count() as u64;
    let msgs_twice: u64 = won_msgs.values().map(|n| n - 1).sum();
    let lost_won = told.keys().filter(|u| !buyers.contains(u)).count() as u64;
    let won_twice: u64 = told.values().map(|n| n - 1).sum::<u64>() + msgs_twice;
    let sold: u64 = orders.iter().map(|o| u64::from(o.quantity.get())).sum();
    let tally = Tally {
        scenario: "bot-api-storm".into(),
        run,
        stock: u64::from(STOCK),
        sold,
        oversold: sold.saturating_sub(u64::from(STOCK)),
        lost: u64::from(all.failed) + lost_won,
        duplicates: twice + won_twice + (orders.len() as u64 - buyers.len() as u64),
        told_won: told.len() as u64,
        try_again: 0,
        stranded: 0,
        unnotified,
        secs: started.elapsed().as_secs_f64(),
    };
    tally.record_and_check();
    assert_eq!(unnotified, 0, "every winner is told, late if need be");
    assert_eq!(
        (counts.sent, counts.failed, delivered.len()),
        (CHATS as u32, 0, CHATS as usize),
        "every reminder delivered once: {counts:?}"
    );
    store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn thirty_seconds_of_429s_500s_and_timeouts_lose_nothing_send_nothing_twice_and_the_pace_recovers()
 {
    for run in 1..=runs() {
        one_run(run).await;
    }
}
