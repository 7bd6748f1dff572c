//! Unpaid orders lapse: units go back to the gate exactly once, whatever races or crashes.

use std::sync::Arc;

use chrono::Duration;
use flashsale::app::PurchaseResult;
use flashsale::app::jobs::expiry::ExpiryWorker;
use flashsale::clock::Clock;
use flashsale::domain::{OrderState, Quantity};
use flashsale::i18n::Texts;

use crate::support::app::{GateKind, Shop};
use crate::support::db::fresh_postgres;
use crate::support::{req, user};

fn worker(shop: &Shop) -> ExpiryWorker {
    ExpiryWorker::new(
        shop.store.clone(),
        shop.gate.clone(),
        shop.clock.clone() as Arc<dyn Clock>,
        Arc::new(Texts::load()),
    )
}

async fn buy(shop: &Shop, u: i64) {
    let r = shop
        .purchases
        .buy(
            shop.sale.id,
            user(u),
            Quantity::parse(1).expect("qty"),
            &req(&format!("e{u}")),
        )
        .await;
    assert!(matches!(r, PurchaseResult::Won { .. }), "{r:?}");
}

async fn gate_remaining(shop: &Shop) -> u32 {
    shop.gate
        .snapshot(shop.sale.id)
        .await
        .expect("snapshot")
        .expect("loaded")
        .remaining
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_expiry_workers_racing_release_each_unit_exactly_once() {
    let shop = Shop::open(GateKind::Redis, fresh_postgres("expiry").await, 10, 1).await;
    for u in 1..=6 {
        buy(&shop, u).await;
    }
    assert_eq!(gate_remaining(&shop).await, 4);
    let (a, b) = (worker(&shop), worker(&shop));
    assert_eq!(
        a.step().await.expect("step").expired,
        0,
        "nothing is overdue yet"
    );
    shop.clock.advance(Duration::minutes(11));
    let (ra, rb) = tokio::join!(a.step(), b.step());
    let (ra, rb) = (ra.expect("a"), rb.expect("b"));
    assert_eq!(ra.expired + rb.expired, 6);
    assert_eq!(ra.units_released + rb.units_released, 6);
    assert_eq!(gate_remaining(&shop).await, 10);
    assert_eq!(shop.counts().await.live_units, 0);
    let notices = shop.store.outbox_counts(None).await.expect("outbox");
    assert_eq!(notices.pending, 6, "each buyer is told once");
    // The units really are back: someone new can buy.
    buy(&shop, 99).await;
}

#[tokio::test]
async fn a_crash_between_expiring_and_releasing_is_repaired_on_restart() {
    let shop = Shop::open(
        GateKind::Embedded,
        fresh_postgres("expiry_crash").await,
        5,
        1,
    )
    .await;
    for u in 1..=3 {
        buy(&shop, u).await;
    }
    // The process expired order 1 in SQL and died before giving its unit back to the gate.
    let order = shop
        .store
        .order_by_request(&req("e1"))
        .await
        .expect("read")
        .expect("order");
    let now = shop.clock.now();
    assert!(
        shop.store
            .transition_order(order.id, OrderState::Pending, OrderState::Expired, now)
            .await
            .expect("expire")
    );
    assert_eq!(gate_remaining(&shop).await, 2);
    let w = worker(&shop);
    assert_eq!(w.recover().await.expect("recover"), 1);
    assert_eq!(gate_remaining(&shop).await, 3);
    assert_eq!(
        w.recover().await.expect("recover again"),
        0,
        "released exactly once"
    );
}

#[test]
fn the_expiry_notice_exists_in_both_languages() {
    let texts = Texts::load();
    for locale in [flashsale::i18n::Locale::En, flashsale::i18n::Locale::ZhCn] {
        let msg = flashsale::i18n::Msg::new("order-expired")
            .arg("order", 7i64)
            .arg("title", "X");
        assert!(texts.render(locale, &msg).contains('7'));
    }
}
