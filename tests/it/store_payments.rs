//! The store's payment contract, run against real PostgreSQL and SQLite: a charge pays its
//! order exactly once, a late or repeated charge changes no order, refunds are marked once.

use chrono::Duration;
use flashsale::domain::{ChargeId, Currency, OrderId, OrderState, Quantity};
use flashsale::store::{NewOrder, NewPayment, PaymentRecord, PaymentState, Store};

use crate::support::db::{on_both_stores, order_state as state, payment_of};
use crate::support::{draft, req, t0, user};

async fn one_order(store: &Store, buyer: i64, r: &str) -> OrderId {
    let sale = store.create_sale(&draft(10, 5), t0()).await.expect("sale");
    let order = NewOrder {
        sale: sale.id,
        buyer: user(buyer),
        quantity: Quantity::parse(2).expect("qty"),
        request: req(r),
        created_at: t0(),
        pay_deadline: t0() + Duration::minutes(10),
        source: None,
        token: None,
    };
    match store
        .insert_orders(&[order])
        .await
        .expect("insert")
        .remove(0)
    {
        Ok(flashsale::store::InsertOutcome::Inserted(id)) => id,
        other => panic!("{other:?}"),
    }
}

fn payment(order: OrderId, buyer: i64, charge: &str, minutes: i64) -> NewPayment {
    NewPayment {
        order,
        buyer: user(buyer),
        charge: ChargeId::parse(charge).expect("charge"),
        provider_charge: String::new(),
        amount: 50,
        currency: Currency::Xtr,
        at: t0() + Duration::minutes(minutes),
    }
}

pub async fn a_charge_pays_its_order_exactly_once(store: Store) {
    let order = one_order(&store, 7, "p1").await;
    let p = payment(order, 7, "ch-1", 1);
    assert_eq!(
        store.record_payment(&p).await.expect("pay"),
        PaymentRecord::Settled
    );
    assert_eq!(state(&store, order).await, OrderState::Paid);
    assert_eq!(
        store.record_payment(&p).await.expect("again"),
        PaymentRecord::AlreadyRecorded(PaymentState::Paid)
    );
    assert_eq!(
        store
            .payments_of_order(order)
            .await
            .expect("payments")
            .len(),
        1
    );
    // A second, different charge for the same order is recorded but owed back.
    let second = payment(order, 7, "ch-2", 2);
    assert_eq!(
        store.record_payment(&second).await.expect("second"),
        PaymentRecord::RefundDue
    );
    assert_eq!(state(&store, order).await, OrderState::Paid);
}

pub async fn a_late_or_closed_order_is_not_paid_and_the_money_is_owed_back(store: Store) {
    let overdue = one_order(&store, 7, "p-late").await;
    let late = payment(overdue, 7, "ch-late", 10);
    assert_eq!(
        store.record_payment(&late).await.expect("late"),
        PaymentRecord::RefundDue
    );
    assert_eq!(state(&store, overdue).await, OrderState::Pending);

    let expired = one_order(&store, 8, "p-exp").await;
    assert!(
        store
            .transition_order(expired, OrderState::Pending, OrderState::Expired, t0())
            .await
            .expect("expire")
    );
    let p = payment(expired, 8, "ch-exp", 1);
    assert_eq!(
        store.record_payment(&p).await.expect("pay"),
        PaymentRecord::RefundDue
    );
    assert_eq!(state(&store, expired).await, OrderState::Expired);

    let theirs = one_order(&store, 9, "p-theirs").await;
    let p = payment(theirs, 10, "ch-theirs", 1);
    assert_eq!(
        store.record_payment(&p).await.expect("pay"),
        PaymentRecord::RefundDue
    );
    assert_eq!(state(&store, theirs).await, OrderState::Pending);
}

pub async fn a_refund_is_marked_once(store: Store) {
    let order = one_order(&store, 7, "p-ref").await;
    let p = payment(order, 7, "ch-ref", 1);
    store.record_payment(&p).await.expect("pay");
    assert!(store.mark_refunded(&p.charge, t0()).await.expect("refund"));
    assert!(!store.mark_refunded(&p.charge, t0()).await.expect("again"));
    let stored = payment_of(&store, p.charge.as_str()).await;
    assert_eq!(stored.state, PaymentState::Refunded);
    assert_eq!((stored.order, stored.amount), (order, 50));
    assert_eq!(
        store.record_payment(&p).await.expect("redelivered"),
        PaymentRecord::AlreadyRecorded(PaymentState::Refunded)
    );
}

on_both_stores!("payments": a_charge_pays_its_order_exactly_once, a_late_or_closed_order_is_not_paid_and_the_money_is_owed_back, a_refund_is_marked_once);
