//! Spent Buy buttons survive a restart: the bot is stopped and started again on the same
//! store, and the same button pressed with a new callback id is refused with its order.

use chrono::Utc;
use flashsale::app::Action;
use flashsale::domain::{OrderId, Quantity, RequestId};
use flashsale::store::{InsertOutcome, NewOrder, Store};

use crate::fair_telegram::{live_sale, signer, toast};
use crate::support::bot;
use crate::support::db::{fresh_postgres, fresh_sqlite, fresh_sqlite_url};
use crate::support::fake_bot;
use crate::support::{draft, req, t0, user};

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

    let other = signer()
        .sign_fresh(
            user(42),
            &Action::Buy(sale, 1).payload(),
            Utc::now().timestamp(),
        )
        .expect("fits");

    let first = bot::start(&fake, &db, false, &[]);
    fake.press(41, "won-1", &button);
    assert!(toast(&fake, "won-1").await.contains("You got it"));
    first.stop().await;

    // A new process: nothing in memory, the same database. Another button minted before
    // it started is pressed first, so the sale's spent tokens are read before the replay.
    let second = bot::start(&fake, &db, false, &[]);
    fake.press(42, "won-2", &other);
    assert!(toast(&fake, "won-2").await.contains("You got it"));
    fake.press(41, "replay-1", &button);
    let replayed = toast(&fake, "replay-1").await;
    second.stop().await;

    let store = Store::open(&db, 1).await.expect("store");
    let orders = store.orders_for_sale(sale).await.expect("orders");
    store.close().await;
    assert_eq!(orders.len(), 2, "the replay bought nothing");
    assert!(
        replayed.contains(&format!("it bought order #{}", orders[0].id.get())),
        "the replay is told the order its button bought: {replayed}"
    );
    // The second button, spent by the second process after it read the sale's spent tokens,
    // is refused by a third process too.
    let third = bot::start(&fake, &db, false, &[]);
    fake.press(42, "replay-2", &other);
    let again = toast(&fake, "replay-2").await;
    third.stop().await;
    assert!(
        again.contains(&format!("it bought order #{}", orders[1].id.get())),
        "{again}"
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

/// A sale's spent tokens are read in one query, each with its press and order, and only
/// that sale's; the cap is honoured.
async fn a_sales_spent_tokens_are_read_together(store: &Store) {
    let now = Utc::now();
    let one = store
        .create_sale(&draft(10, 5), t0())
        .await
        .expect("sale")
        .id;
    let two = store
        .create_sale(&draft(10, 5), t0())
        .await
        .expect("sale")
        .id;
    let mut orders = Vec::new();
    for (sale, buyer, request) in [(one, 1, "cb-a"), (one, 2, "cb-b"), (two, 3, "cb-c")] {
        let placed = store
            .insert_orders(&[NewOrder {
                sale,
                buyer: user(buyer),
                quantity: Quantity::parse(1).expect("qty"),
                request: req(request),
                created_at: t0(),
                pay_deadline: t0() + chrono::Duration::minutes(10),
                source: None,
                token: None,
            }])
            .await
            .expect("stored");
        let Ok(InsertOutcome::Inserted(order)) = placed[0] else {
            panic!("not inserted: {placed:?}");
        };
        store
            .record_spent_token(&format!("tok-{request}"), &req(request), order, now)
            .await
            .expect("recorded");
        orders.push(order);
    }
    let mut spent = store.spent_tokens_of_sale(one, 10).await.expect("read");
    spent.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        spent,
        vec![
            ("tok-cb-a".to_owned(), req("cb-a"), orders[0]),
            ("tok-cb-b".to_owned(), req("cb-b"), orders[1]),
        ]
    );
    assert_eq!(
        store
            .spent_tokens_of_sale(one, 1)
            .await
            .expect("read")
            .len(),
        1
    );
    assert_eq!(
        store
            .spent_tokens_of_sale(two, 10)
            .await
            .expect("read")
            .len(),
        1
    );
}

#[tokio::test]
async fn a_sales_spent_tokens_are_read_together_in_sqlite() {
    let (store, _guard) = fresh_sqlite().await;
    a_sales_spent_tokens_are_read_together(&store).await;
}

#[tokio::test]
async fn a_sales_spent_tokens_are_read_together_in_postgres() {
    let (store, _guard) = fresh_postgres("spent_tokens_of_sale").await;
    a_sales_spent_tokens_are_read_together(&store).await;
}
