//! The purchase path end to end: gate, durable order, reply; with redeliveries and reloads.

use std::collections::HashSet;

use chrono::{DateTime, Utc};

use flashsale::app::PurchaseResult;
use flashsale::clock::Clock;
use flashsale::domain::{OrderState, Quantity};
use flashsale::orders::reconcile;
use flashsale::stock::BuyOutcome;

use crate::support::app::{GateKind, Shop};
use crate::support::db::fresh_postgres;
use crate::support::{far_future, far_past, reload_from_store, req, t0, user};

fn one() -> Quantity {
    Quantity::parse(1).expect("qty")
}

async fn winners_have_committed_orders(kind: GateKind, start: DateTime<Utc>) {
    let shop = Shop::open_at(kind, fresh_postgres("won").await, 50, 1, start).await;
    let mut tasks = Vec::new();
    for u in 1..=400i64 {
        let p = shop.purchases.clone();
        let sale = shop.sale.id;
        tasks.push(tokio::spawn(async move {
            (u, p.buy(sale, user(u), one(), &req(&format!("u{u}"))).await)
        }));
    }
    let mut winners = HashSet::new();
    for t in tasks {
        let (u, r) = t.await.expect("task");
        if let PurchaseResult::Won { order, .. } = r {
            // Told "won" => the row is committed and belongs to this buyer.
            let o = shop
                .store
                .order(order)
                .await
                .expect("read")
                .expect("committed row");
            assert_eq!((o.buyer, o.state), (user(u), OrderState::Pending));
            winners.insert(u);
        }
    }
    assert_eq!(winners.len(), 50);
    let counts = shop.counts().await;
    assert_eq!((counts.live_units, counts.orders), (50, 50));
}

async fn a_redelivered_request_returns_the_same_order(kind: GateKind, start: DateTime<Utc>) {
    let shop = Shop::open_at(kind, fresh_postgres("redeliver").await, 5, 2, start).await;
    let first = shop
        .purchases
        .buy(shop.sale.id, user(1), one(), &req("upd-1"))
        .await;
    let PurchaseResult::Won { order, .. } = first else {
        panic!("first buy: {first:?}")
    };
    let again = shop
        .purchases
        .buy(shop.sale.id, user(1), one(), &req("upd-1"))
        .await;
    assert_eq!(again, PurchaseResult::AlreadyOrdered { order });
    assert_eq!(shop.counts().await.orders, 1);
}

async fn a_gate_that_lost_its_state_rebuilds_from_sql(kind: GateKind, start: DateTime<Utc>) {
    let shop = Shop::open_at(kind, fresh_postgres("reload").await, 10, 1, start).await;
    for u in 1..=6 {
        let r = shop
            .purchases
            .buy(shop.sale.id, user(u), one(), &req(&format!("a{u}")))
            .await;
        assert!(matches!(r, PurchaseResult::Won { .. }));
    }
    // The gate loses its state: Redis is flushed (the next buy reloads from SQL by itself),
    // or the embedded gate's process restarts (it loads from SQL at start).
    match &shop.redis {
        Some(r) => r.forget(shop.sale.id).await.expect("flush"),
        None => {
            reload_from_store(&shop.store, shop.gate.as_ref(), shop.sale.id).await;
        }
    }
    // A redelivered old request is still a duplicate, a previous buyer is still capped.
    let dup = shop
        .purchases
        .buy(shop.sale.id, user(1), one(), &req("a1"))
        .await;
    assert!(
        matches!(dup, PurchaseResult::AlreadyOrdered { .. }),
        "{dup:?}"
    );
    let capped = shop
        .purchases
        .buy(shop.sale.id, user(2), one(), &req("b2"))
        .await;
    assert_eq!(
        capped,
        PurchaseResult::Refused(BuyOutcome::LimitReached { held: 1, limit: 1 })
    );
    let mut won = 0;
    for u in 100..120 {
        if let PurchaseResult::Won { .. } = shop
            .purchases
            .buy(shop.sale.id, user(u), one(), &req(&format!("c{u}")))
            .await
        {
            won += 1;
        }
    }
    assert_eq!(won, 4, "only the 4 units SQL says are left are sold");
    assert_eq!(shop.counts().await.live_units, 10);
}

async fn reconcile_reports_and_repairs_drift(kind: GateKind, start: DateTime<Utc>) {
    let shop = Shop::open_at(kind, fresh_postgres("reconcile").await, 10, 2, start).await;
    shop.purchases
        .buy(shop.sale.id, user(1), one(), &req("x1"))
        .await;
    let now = shop.clock.now();
    let clean = reconcile(&shop.store, shop.gate.as_ref(), now, false)
        .await
        .expect("check");
    assert!(clean.iter().all(|d| !d.drifted()), "{clean:?}");
    // A reservation whose order never got written (e.g. a crash): the gate holds one unit too many.
    let r = shop
        .gate
        .try_buy(shop.sale.id, user(2), one(), &req("lost"))
        .await
        .expect("gate");
    assert!(matches!(r, BuyOutcome::Reserved { .. }));
    let drift = reconcile(&shop.store, shop.gate.as_ref(), now, false)
        .await
        .expect("check");
    assert_eq!(drift[0].gate_remaining, Some(8));
    assert_eq!(drift[0].store_remaining, 9);
    assert!(drift[0].drifted());
    let repaired = reconcile(&shop.store, shop.gate.as_ref(), now, true)
        .await
        .expect("repair");
    assert!(repaired[0].repaired);
    let after = reconcile(&shop.store, shop.gate.as_ref(), now, false)
        .await
        .expect("check");
    assert!(!after[0].drifted());
}

macro_rules! purchase_suite {
    ($gate:ident, $kind:expr, $start:expr) => {
        mod $gate {
            use super::*;

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn every_buyer_told_they_won_has_a_committed_order() {
                winners_have_committed_orders($kind, $start).await
            }
            #[tokio::test]
            async fn a_redelivered_request_returns_the_same_order() {
                super::a_redelivered_request_returns_the_same_order($kind, $start).await
            }
            #[tokio::test]
            async fn a_gate_that_lost_its_state_rebuilds_from_sql_without_overselling() {
                a_gate_that_lost_its_state_rebuilds_from_sql($kind, $start).await
            }
            #[tokio::test]
            async fn reconcile_reports_drift_and_repairs_it_from_the_store() {
                reconcile_reports_and_repairs_drift($kind, $start).await
            }
        }
    };
}

purchase_suite!(embedded, GateKind::Embedded, t0());
purchase_suite!(redis, GateKind::Redis, t0());
purchase_suite!(redis_cluster, GateKind::RedisCluster, t0());
// Guards against calendar-dependence: the Redis gate and SQL keep their own clocks.
purchase_suite!(redis_in_the_far_past, GateKind::Redis, far_past());
purchase_suite!(redis_in_the_far_future, GateKind::Redis, far_future());
