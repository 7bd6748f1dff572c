//! A stampede through the real bot: teloxide's dispatcher over the fake Bot API, the Redis
//! gate and a fresh PostgreSQL database; thousands of users press a signed Buy button at once.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use chrono::Utc;
use flashsale::app::Action;
use flashsale::domain::{Currency, Money, SaleId, UserId};
use flashsale::store::Store;
use flashsale::telegram::callback::ButtonSigner;
use serde_json::json;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::support::db::fresh_postgres_url;
use crate::support::fake_bot::{self, Call, FakeBotApi, FakeBotExt};
use crate::support::{gates, real_time_sale, unique};

const SECRET: &str = "a stampede secret that is long enough";
const WON: &str = "You got it";

/// A running bot and the way to stop it.
struct Running {
    stop: oneshot::Sender<()>,
    task: JoinHandle<anyhow::Result<()>>,
}

impl Running {
    /// Asks serve to stop and fails the test unless it returns cleanly within 30 s.
    async fn stop(self) {
        let _ = self.stop.send(());
        tokio::time::timeout(Duration::from_secs(30), self.task)
            .await
            .expect("serve stops within 30 s")
            .expect("serve task")
            .expect("serve returned ok");
    }
}

/// The bot on `db` (Redis gate on its own key prefix) against `fake`: this file's one call of
/// `serve`. Returns once the bot is polling.
async fn serve_in_process(fake: &FakeBotApi, db: &str) -> Running {
    let config = crate::support::bot::config_for(
        fake,
        db,
        &[
            ("BUTTON_SECRET", SECRET.to_owned()),
            ("REDIS_URL", gates::redis_url()),
            ("REDIS_KEY_PREFIX", format!("{}:", unique("fs-test-tg"))),
        ],
    );
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        let http = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        flashsale::telegram::serve::serve(&config, false, http, async {
            let _ = stopped.await;
        })
        .await
    });
    fake.wait_for("the bot's first getUpdates", |c| c.method == "getupdates")
        .await;
    Running { stop, task }
}

/// A sale live from a second ago for an hour, created straight in the store.
async fn live_sale(store: &Store, stock: u32, limit: u32) -> SaleId {
    let price = Money::from_minor(249_900, Currency::Cny).expect("price");
    let started = chrono::Duration::seconds(-1);
    real_time_sale(store, "Switch 2", price, stock, limit, started).await
}

/// The Buy button for one unit of `sale`, signed for `user`.
fn buy_button(sale: SaleId, user: i64) -> String {
    ButtonSigner::new(SECRET.as_bytes())
        .sign_fresh(
            UserId::parse(user).expect("user"),
            &Action::Buy(sale, 1).payload(),
            Utc::now().timestamp(),
        )
        .expect("a buy button fits 64 bytes")
}

fn answers_to<'a>(calls: &'a [Call], query: &str) -> Vec<&'a Call> {
    calls
        .iter()
        .filter(|c| c.method == "answercallbackquery" && c.body["callback_query_id"] == query)
        .collect()
}

fn toast(call: &Call) -> &str {
    call.body["text"].as_str().unwrap_or_default()
}

/// Waits (bounded) until the bot has answered `n` callback queries.
async fn wait_for_answers(fake: &FakeBotApi, n: usize, within: Duration) {
    let deadline = Instant::now() + within;
    while fake.count_of("answercallbackquery") < n {
        assert!(
            Instant::now() < deadline,
            "only {} of {n} presses answered within {within:?} ({} updates still queued)",
            fake.count_of("answercallbackquery"),
            fake.pending_updates()
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_thousand_users_pressing_buy_at_once_get_exactly_the_stock_and_every_press_an_answer() {
    const USERS: i64 = 2_000;
    const STOCK: i64 = 50;
    let fake = fake_bot::start().await;
    let db = fresh_postgres_url("tg_stampede").await;
    let store = Store::open(&db, 2).await.expect("store");
    let sale = live_sale(&store, STOCK as u32, 1).await;
    let presses: Vec<(i64, String, String)> = (0..USERS)
        .map(|i| (10_000 + i, format!("s-{i}"), buy_button(sale, 10_000 + i)))
        .collect();
    let bot = serve_in_process(&fake, &db).await;

    for (user, query, data) in &presses {
        fake.press(*user, query, data);
    }
    wait_for_answers(&fake, presses.len(), Duration::from_secs(120)).await;
    bot.stop().await;

    let calls = fake.calls_of("answercallbackquery");
    let mut told_won = HashSet::new();
    for (user, query, _) in &presses {
        let answers = answers_to(&calls, query);
        assert_eq!(
            answers.len(),
            1,
            "press {query} answered {} times",
            answers.len()
        );
        if toast(answers[0]).contains(WON) {
            told_won.insert(*user);
        }
    }
    assert_eq!(told_won.len(), STOCK as usize, "winners told");

    let orders = store.orders_for_sale(sale).await.expect("orders");
    let buyers: HashSet<i64> = orders.iter().map(|o| o.buyer.get()).collect();
    assert_eq!(
        buyers, told_won,
        "every winner has an order and nobody else does"
    );
    let units: i64 = orders.iter().map(|o| i64::from(o.quantity.get())).sum();
    assert_eq!((orders.len() as i64, units), (STOCK, STOCK), "no oversell");
    store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_redelivered_button_press_buys_once_even_when_the_limit_allows_two() {
    let fake = fake_bot::start().await;
    let db = fresh_postgres_url("tg_redelivery").await;
    let store = Store::open(&db, 2).await.expect("store");
    let sale = live_sale(&store, 5, 2).await;
    let data = buy_button(sale, 501);
    let bot = serve_in_process(&fake, &db).await;

    let update = fake.press(501, "r-1", &data);
    let first = fake
        .wait_for("the answer to the press", |c| {
            c.method == "answercallbackquery" && c.body["callback_query_id"] == "r-1"
        })
        .await;
    assert!(toast(&first).contains(WON), "{}", first.body);

    // Telegram redelivers the same update: same update id, same callback query id.
    fake.push_update(json!({"update_id": update, "callback_query": {
        "id": "r-1", "chat_instance": "ci",
        "from": {"id": 501, "is_bot": false, "first_name": "Buyer", "language_code": "en"},
        "message": {"message_id": 7, "date": 0, "text": "card",
                    "chat": {"id": 501, "type": "private", "first_name": "Buyer"},
                    "from": {"id": 123, "is_bot": true, "first_name": "flashsale"}},
        "data": data}}));
    wait_for_answers(&fake, 2, Duration::from_secs(10)).await;
    let calls = fake.calls_of("answercallbackquery");
    let again = answers_to(&calls, "r-1");
    assert_eq!(again.len(), 2, "the redelivery is answered too");
    assert!(!toast(again[1]).contains(WON), "{}", again[1].body);
    let orders = store.orders_for_sale(sale).await.expect("orders");
    assert_eq!(orders.len(), 1, "the redelivery bought nothing: {orders:?}");

    // A new press of a freshly minted button is a new purchase: the limit of two allows a
    // second unit. (The button that bought is spent: pressing it again is a replay.)
    fake.press(501, "r-2", &buy_button(sale, 501));
    let second = fake
        .wait_for("the answer to the new press", |c| {
            c.method == "answercallbackquery" && c.body["callback_query_id"] == "r-2"
        })
        .await;
    assert!(toast(&second).contains(WON), "{}", second.body);
    bot.stop().await;

    let orders = store.orders_for_sale(sale).await.expect("orders");
    let units: u32 = orders.iter().map(|o| o.quantity.get()).sum();
    assert_eq!((orders.len(), units), (2, 2), "{orders:?}");
    store.close().await;
}
