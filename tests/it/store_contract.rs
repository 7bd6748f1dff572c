//! The store's contract, run against real PostgreSQL and SQLite.

use chrono::Duration;
use flashsale::domain::{OrderSource, OrderState, Quantity, SaleId};
use flashsale::store::{
    AuditEntry, InsertOutcome, NewOrder, Role, Store, StoreError, SubscriptionKind,
};

use crate::support::db::{DbGuard, fresh_postgres, fresh_sqlite, on_both_stores, raw_execute};
use crate::support::{draft, req, t0, user};

fn order(sale: SaleId, buyer: i64, n: i64, r: &str) -> NewOrder {
    NewOrder {
        sale,
        buyer: user(buyer),
        quantity: Quantity::parse(n).expect("qty"),
        request: req(r),
        created_at: t0(),
        pay_deadline: t0() + Duration::minutes(10),
        source: None,
        token: None,
    }
}

pub async fn migrations_can_run_twice(store: Store) {
    assert_eq!(store.migrate().await.expect("second migrate"), 0);
}

pub async fn sales_round_trip_and_list_until_they_end(store: Store) {
    let sale = store
        .create_sale(&draft(100, 2), t0())
        .await
        .expect("create");
    let back = store.sale(sale.id).await.expect("read").expect("exists");
    assert_eq!(back, sale);
    assert!(!back.draft.captcha);
    let guarded = store
        .create_sale(&draft(5, 1).with_captcha(true), t0())
        .await
        .expect("create with captcha");
    let back = store.sale(guarded.id).await.expect("read").expect("exists");
    assert!(back.draft.captcha, "the captcha flag is stored");
    let current = store.current_sales(t0()).await.expect("list");
    assert_eq!(current.len(), 2);
    assert!(
        store
            .current_sales(t0() + Duration::hours(2))
            .await
            .expect("list")
            .is_empty()
    );
    assert!(store.cancel_sale(sale.id, t0()).await.expect("cancel"));
    assert!(
        !store
            .cancel_sale(sale.id, t0())
            .await
            .expect("cancel twice")
    );
}

pub async fn batches_store_orders_and_spot_redelivered_requests(store: Store) {
    let sale = store
        .create_sale(&draft(10, 5), t0())
        .await
        .expect("create");
    let first = store
        .insert_orders(&[order(sale.id, 1, 2, "a"), order(sale.id, 2, 1, "b")])
        .await
        .expect("insert");
    let ids: Vec<_> = first.iter().map(|r| *r.as_ref().expect("stored")).collect();
    assert!(matches!(ids[0], InsertOutcome::Inserted(_)));
    let again = store
        .insert_orders(&[order(sale.id, 1, 2, "a"), order(sale.id, 3, 1, "c")])
        .await
        .expect("insert");
    let InsertOutcome::Inserted(a_id) = ids[0] else {
        unreachable!()
    };
    assert_eq!(
        *again[0].as_ref().expect("known"),
        InsertOutcome::AlreadyStored(a_id)
    );
    assert!(matches!(again[1], Ok(InsertOutcome::Inserted(_))));
    let counts = store.sale_counts(sale.id).await.expect("counts");
    assert_eq!(
        (counts.live_units, counts.pending_units, counts.orders),
        (4, 4, 3)
    );
}

/// Batches of every size keep each order as it was given: request ids with quotes and
/// backslashes, a source of its own or the buyer's last deep link, and the Buy token each
/// order spends (PostgreSQL passes a batch as one JSON parameter, SQLite as one row each).
pub async fn batches_of_any_size_keep_every_order_as_given(store: Store) {
    let sale = store
        .create_sale(&draft(1_000, 1_000), t0())
        .await
        .expect("create");
    let shared = OrderSource::Share(user(999));
    store
        .note_referral(user(7), sale.id, OrderSource::Post(42), t0())
        .await
        .expect("referral");
    let mut expected = Vec::new();
    let mut buyer = 0;
    for size in [1usize, 2, 17, 130] {
        let batch: Vec<NewOrder> = (0..size)
            .map(|i| {
                buyer += 1;
                let mut o = order(
                    sale.id,
                    buyer,
                    1 + (i % 3) as i64,
                    &format!(r#"q"\'{size}-{i}"#),
                );
                o.source = (i % 4 == 1).then_some(shared);
                o.token = (i % 2 == 0).then(|| format!(r#"tok"\{size}-{i}"#));
                o
            })
            .collect();
        let stored = store.insert_orders(&batch).await.expect("insert");
        assert_eq!(stored.len(), size);
        for (o, r) in batch.into_iter().zip(stored) {
            let Ok(InsertOutcome::Inserted(id)) = r else {
                panic!("not stored: {r:?}");
            };
            expected.push((o, id));
        }
    }
    // Buyer 7 pressed without a source: the order takes their deep link's.
    let linked = order(sale.id, 7, 1, "linked-7");
    let stored = store
        .insert_orders(std::slice::from_ref(&linked))
        .await
        .expect("insert");
    let Ok(InsertOutcome::Inserted(linked_id)) = stored[0] else {
        panic!("not stored: {stored:?}");
    };
    expected.push((linked, linked_id));

    let orders = store.orders_for_sale(sale.id).await.expect("orders");
    assert_eq!(orders.len(), expected.len());
    for (o, id) in &expected {
        let back = orders.iter().find(|b| b.id == *id).expect("stored order");
        assert_eq!(
            (back.buyer, back.quantity, &back.request),
            (o.buyer, o.quantity, &o.request)
        );
        assert_eq!(back.state, OrderState::Pending);
        let spent = match &o.token {
            Some(token) => store.spent_token(token).await.expect("read"),
            None => None,
        };
        assert_eq!(spent, o.token.as_ref().map(|_| (o.request.clone(), *id)));
    }
    let sources = store.sale_sources(sale.id).await.expect("sources");
    let buyers_from = |source: Option<OrderSource>| {
        sources
            .iter()
            .find(|c| c.source == source)
            .map_or(0, |c| c.buyers)
    };
    let shared_buyers = expected.iter().filter(|(o, _)| o.source.is_some()).count();
    assert_eq!(buyers_from(Some(shared)), shared_buyers as i64);
    assert_eq!(buyers_from(Some(OrderSource::Post(42))), 1, "{sources:?}");
}

pub async fn the_schema_refuses_more_live_units_than_the_stock(store: Store) {
    let sale = store.create_sale(&draft(3, 3), t0()).await.expect("create");
    let results = store
        .insert_orders(&[
            order(sale.id, 1, 2, "a"),
            order(sale.id, 2, 2, "b"),
            order(sale.id, 3, 1, "c"),
        ])
        .await
        .expect("insert");
    assert!(matches!(results[0], Ok(InsertOutcome::Inserted(_))));
    assert!(matches!(results[1], Err(StoreError::StockExceeded)));
    assert!(matches!(results[2], Ok(InsertOutcome::Inserted(_))));
    let counts = store.sale_counts(sale.id).await.expect("counts");
    assert_eq!(counts.live_units, 3);
    assert_eq!(counts.remaining(), 0);
}

pub async fn closing_an_order_frees_its_units_exactly_once(store: Store) {
    let sale = store.create_sale(&draft(2, 2), t0()).await.expect("create");
    let r = store
        .insert_orders(&[order(sale.id, 1, 2, "a")])
        .await
        .expect("insert");
    let Ok(InsertOutcome::Inserted(id)) = r[0] else {
        panic!("not stored: {r:?}")
    };
    let now = t0() + Duration::minutes(11);
    assert!(
        store
            .transition_order(id, OrderState::Pending, OrderState::Expired, now)
            .await
            .expect("expire")
    );
    assert!(
        !store
            .transition_order(id, OrderState::Pending, OrderState::Expired, now)
            .await
            .expect("again")
    );
    assert!(
        store
            .transition_order(id, OrderState::Expired, OrderState::Paid, now)
            .await
            .is_err()
    );
    assert_eq!(
        store.sale_counts(sale.id).await.expect("counts").live_units,
        0
    );
    let seed = store
        .load_gate_seed(sale.id)
        .await
        .expect("seed")
        .expect("sale");
    assert_eq!(seed.remaining(), 2);
    assert_eq!(seed.requests.len(), 1);
    assert!(!seed.requests[0].holds_stock);
    let o = store.order(id).await.expect("read").expect("exists");
    assert_eq!(o.state, OrderState::Expired);
}

pub async fn orders_are_never_deleted_or_moved(store: Store, db: DbGuard) {
    let sale = store.create_sale(&draft(2, 2), t0()).await.expect("create");
    store
        .insert_orders(&[order(sale.id, 1, 1, "a")])
        .await
        .expect("insert");
    assert!(raw_execute(&db.url, "DELETE FROM orders").await.is_err());
    assert!(
        raw_execute(&db.url, "UPDATE orders SET quantity = 2")
            .await
            .is_err()
    );
    assert!(
        raw_execute(&db.url, "UPDATE sales SET live_units = 5")
            .await
            .is_err()
    );
    assert_eq!(
        store.orders_for_sale(sale.id).await.expect("orders").len(),
        1
    );
}

pub async fn users_keep_language_role_and_flags(store: Store) {
    store
        .set_username(user(42), Some("alice"), t0())
        .await
        .expect("username");
    let u = store.user(user(42)).await.expect("read").expect("a user");
    assert_eq!((u.role, u.blocked, u.active), (Role::Customer, false, true));
    store
        .choose_language(user(42), "en", t0())
        .await
        .expect("lang");
    let before = store
        .put_role(user(42), Role::Merchant, t0())
        .await
        .expect("role");
    assert_eq!(before, Role::Customer);
    let u = store.user(user(42)).await.expect("read").expect("a user");
    assert_eq!(u.language.as_deref(), Some("en"));
    assert_eq!(u.username.as_deref(), Some("alice"));
    assert_eq!(u.role, Role::Merchant);
    assert!(store.user(user(7)).await.expect("read").is_none());
}

pub async fn subscriptions_and_audit_entries_are_kept(store: Store) {
    let sale = store.create_sale(&draft(5, 1), t0()).await.expect("create");
    assert!(
        store
            .subscribe(sale.id, user(1), SubscriptionKind::Reminder, t0())
            .await
            .expect("sub")
    );
    assert!(
        !store
            .subscribe(sale.id, user(1), SubscriptionKind::Reminder, t0())
            .await
            .expect("sub")
    );
    store
        .subscribe(sale.id, user(2), SubscriptionKind::Reminder, t0())
        .await
        .expect("sub");
    let subs = store
        .subscribers(sale.id, SubscriptionKind::Reminder)
        .await
        .expect("list");
    assert_eq!(subs, vec![user(1), user(2)]);
    let entry = AuditEntry {
        actor: user(9),
        action: "cancel_sale".into(),
        subject: format!("sale:{}", sale.id),
        before: Some("{\"status\":\"active\"}".into()),
        after: Some("{\"status\":\"cancelled\"}".into()),
        at: t0(),
    };
    store.audit(&entry).await.expect("audit");
    assert_eq!(store.recent_audit(5).await.expect("read"), vec![entry]);
}

pub async fn holding_orders_are_the_buyers_pending_and_paid_orders_of_the_sale(store: Store) {
    let sale = store
        .create_sale(&draft(10, 5), t0())
        .await
        .expect("create");
    let other = store
        .create_sale(&draft(10, 5), t0())
        .await
        .expect("create");
    let r = store
        .insert_orders(&[
            order(sale.id, 1, 2, "h1"),
            order(sale.id, 1, 1, "h2"),
            order(sale.id, 1, 1, "h3"),
            order(sale.id, 2, 1, "h4"),
            order(other.id, 1, 1, "h5"),
        ])
        .await
        .expect("insert");
    let ids: Vec<_> = r
        .iter()
        .map(|o| match o {
            Ok(InsertOutcome::Inserted(id)) => *id,
            other => panic!("not stored: {other:?}"),
        })
        .collect();
    let now = t0() + Duration::minutes(1);
    store
        .transition_order(ids[1], OrderState::Pending, OrderState::Paid, now)
        .await
        .expect("paid");
    store
        .transition_order(ids[2], OrderState::Pending, OrderState::Cancelled, now)
        .await
        .expect("cancelled");
    let held = store
        .holding_orders(user(1), sale.id)
        .await
        .expect("holding");
    let got: Vec<_> = held.iter().map(|o| (o.id, o.quantity.get())).collect();
    assert_eq!(got, [(ids[0], 2), (ids[1], 1)]);
}

on_both_stores!("store":
    migrations_can_run_twice,
    sales_round_trip_and_list_until_they_end,
    batches_store_orders_and_spot_redelivered_requests,
    batches_of_any_size_keep_every_order_as_given,
    the_schema_refuses_more_live_units_than_the_stock,
    closing_an_order_frees_its_units_exactly_once,
    holding_orders_are_the_buyers_pending_and_paid_orders_of_the_sale,
    users_keep_language_role_and_flags,
    subscriptions_and_audit_entries_are_kept,
);

// This one writes to the database behind the store's back, so it needs its address.
#[tokio::test]
async fn orders_are_never_deleted_or_moved_on_postgres() {
    let (store, db) = fresh_postgres("store").await;
    orders_are_never_deleted_or_moved(store, db).await
}

#[tokio::test]
async fn orders_are_never_deleted_or_moved_on_sqlite() {
    let (store, db) = fresh_sqlite().await;
    orders_are_never_deleted_or_moved(store, db).await
}
