//! Spent Buy buttons survive a restart: the bot is stopped and started again on the same
//! store, and the same button pressed with a new callback id is refused with its order.

use chrono::Utc;
use flashsale::app::Action;
use flashsale::domain::{OrderId, RequestId};
use flashsale::store::Store;

use crate::fair_telegram::{live_sale, signer, toast};
use crate::support::bot;
use crate::support::db::{fresh_postgres, fresh_sqlite, fresh_sqlite_url};
use crate::support::fake_bot;
use crate::support::user;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_spent_buy_button_replayed_after_a_restart_is_refused_with_the_order_it_bought() {
    let fake = fake_bot::start().await;
    let (db, _dir) = fresh_sqlite_url();
    let (sale, _) = live_sale(&db, 10, 3, false).await;
    let button = signer()
        .sign_fresh(
            user(41),
            &Action::Buy(sale, 1).payload(),
            Utc::now().timestamp(),
        )
        .expect("fits");

    let first = bot::start(&fake, &db, false, &[]);
    fake.press(41, "won-1", &button);
    assert!(toast(&fake, "won-1").await.contains("You got it"));
    first.stop().await;

    // A new process: nothing in memory, the same database.
    let second = bot::start(&fake, &db, false, &[]);
    fake.press(41, "replay-1", &button);
    let replayed = toast(&fake, "replay-1").await;
    second.stop().await;

    let store = Store::open(&db, 1).await.expect("store");
    let orders = store.orders_for_sale(sale).await.expect("orders");
    store.close().await;
    assert_eq!(orders.len(), 1, "the replay bought nothing");
    assert!(
        replayed.contains(&format!("it bought order #{}", orders[0].id.get())),
        "{replayed}"
    );
}

/// Records, reads and forgets spent tokens in `store`.
async fn spent_tokens_are_kept_and_forgotten(store: &Store) {
    let now = Utc::now();
    let request = RequestId::parse("cb-1").expect("id");
    let order = OrderId::parse(7).expect("id");
    let old = now - chrono::Duration::days(9);
    store
        .record_spent_token("tok-a", &request, order, old)
        .await
        .expect("recorded");
    store
        .record_spent_token("tok-b", &request, order, now)
        .await
        .expect("recorded");
    // A second record of a token keeps the first.
    let other = RequestId::parse("cb-2").expect("id");
    store
        .record_spent_token("tok-b", &other, order, now)
        .await
        .expect("no-op");
    assert_eq!(
        store.spent_token("tok-b").await.expect("read"),
        Some((request.clone(), order))
    );
    let cutoff = now - chrono::Duration::seconds(flashsale::app::SPENT_TOKENS_KEPT_SECS);
    let forgotten = store
        .forget_spent_tokens_before(cutoff)
        .await
        .expect("deleted");
    assert_eq!(forgotten, 1);
    assert_eq!(store.spent_token("tok-a").await.expect("read"), None);
    assert!(store.spent_token("tok-b").await.expect("read").is_some());
}

#[tokio::test]
async fn spent_tokens_are_kept_per_token_and_forgotten_after_their_time_in_sqlite() {
    let (store, _guard) = fresh_sqlite().await;
    spent_tokens_are_kept_and_forgotten(&store).await;
}

#[tokio::test]
async fn spent_tokens_are_kept_per_token_and_forgotten_after_their_time_in_postgres() {
    let (store, _guard) = fresh_postgres("spent_tokens").await;
    spent_tokens_are_kept_and_forgotten(&store).await;
}
