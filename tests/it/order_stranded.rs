//! The start-up sweep of stranded reservations: units the gate holds for a request that never
//! became an order are given back after the grace period; orders and open offers keep theirs.

use std::time::Duration;

use flashsale::app::PurchaseResult;
use flashsale::clock::Clock;
use flashsale::orders::stranded::release_stranded;
use flashsale::stock::BuyOutcome;

use crate::support::app::{GateKind, Shop};
use crate::support::db::fresh_postgres;
use crate::support::{req, user};

fn one() -> flashsale::domain::Quantity {
    flashsale::domain::Quantity::parse(1).expect("qty")
}

async fn a_reservation_without_an_order_is_released_and_orders_keep_their_units(kind: GateKind) {
    let shop = Shop::open(kind, fresh_postgres("stranded").await, 5, 1).await;
    let won = shop
        .purchases
        .buy(shop.sale.id, user(1), one(), &req("kept"))
        .await;
    assert!(matches!(won, PurchaseResult::Won { .. }), "{won:?}");
    // A process reserved for user 2 and died before writing the order.
    let cut = shop
        .gate
        .try_buy(shop.sale.id, user(2), one(), &req("cut-off"))
        .await
        .expect("gate");
    assert!(matches!(cut, BuyOutcome::Reserved { .. }), "{cut:?}");
    let mut held = shop.gate.held_requests(shop.sale.id).await.expect("held");
    held.sort();
    assert_eq!(held, vec![req("cut-off"), req("kept")]);

    let (_stop, stopped) = tokio::sync::watch::channel(false);
    let given_back = release_stranded(
        &shop.store,
        shop.gate.as_ref(),
        shop.clock.as_ref() as &dyn Clock,
        Duration::from_millis(50),
        stopped,
    )
    .await
    .expect("sweep");
    assert_eq!(given_back, 1);
    let held = shop.gate.held_requests(shop.sale.id).await.expect("held");
    assert_eq!(held, vec![req("kept")], "the order keeps its units");
    let snap = shop
        .gate
        .snapshot(shop.sale.id)
        .await
        .expect("snap")
        .expect("loaded");
    let counts = shop.counts().await;
    assert_eq!((snap.remaining, counts.remaining()), (4, 4));
    // User 2 may buy for real now.
    let again = shop
        .purchases
        .buy(shop.sale.id, user(2), one(), &req("second-try"))
        .await;
    assert!(matches!(again, PurchaseResult::Won { .. }), "{again:?}");
}

#[tokio::test]
async fn the_redis_gate_gives_back_units_a_crash_left_reserved_without_an_order() {
    a_reservation_without_an_order_is_released_and_orders_keep_their_units(GateKind::Redis).await
}

#[tokio::test]
async fn the_embedded_gate_gives_back_units_reserved_without_an_order() {
    a_reservation_without_an_order_is_released_and_orders_keep_their_units(GateKind::Embedded).await
}

#[tokio::test]
async fn with_nothing_stranded_the_sweep_returns_at_once() {
    let shop = Shop::open(GateKind::Redis, fresh_postgres("stranded0").await, 5, 1).await;
    let won = shop
        .purchases
        .buy(shop.sale.id, user(1), one(), &req("only"))
        .await;
    assert!(matches!(won, PurchaseResult::Won { .. }));
    let (_stop, stopped) = tokio::sync::watch::channel(false);
    // An hour's grace would hang the test if the sweep waited without a suspect.
    let swept = tokio::time::timeout(
        Duration::from_secs(10),
        release_stranded(
            &shop.store,
            shop.gate.as_ref(),
            shop.clock.as_ref() as &dyn Clock,
            Duration::from_secs(3_600),
            stopped,
        ),
    )
    .await
    .expect("returns without waiting")
    .expect("sweep");
    assert_eq!(swept, 0);
}
