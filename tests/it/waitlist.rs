//! The waitlist: units that come back to a sold-out sale go to the people waiting, in order.

use chrono::Duration;
use flashsale::app::PurchaseResult;
use flashsale::app::jobs::waitlist_offers::CLAIM_WINDOW;
use flashsale::clock::Clock;
use flashsale::domain::{OfferState, OrderState, Quantity, offer_request};
use flashsale::store::SubscriptionKind;

use crate::support::app::GateKind;
use crate::support::db::{fresh_postgres, fresh_sqlite};
use crate::support::line::{Line, has_button, text};
use crate::support::{req, user};

async fn buy(line: &Line, u: i64, request: &str) -> PurchaseResult {
    let one = Quantity::parse(1).expect("qty");
    line.purchases
        .buy(line.shop.sale.id, user(u), one, &req(request))
        .await
}

/// User 1 wins the only unit and `waiters` join the waitlist, in that order; then 1's
/// order lapses and the waitlist worker steps once. Returns how many offers it made.
async fn lapse_to(line: &Line, waiters: &[i64]) -> u32 {
    let sale = line.shop.sale.id;
    assert!(matches!(
        buy(line, 1, "b1").await,
        PurchaseResult::Won { .. }
    ));
    for w in waiters {
        line.press(*w, &format!("wl:{sale}"), &format!("c{w}w"))
            .await;
    }
    line.after_pay_window();
    line.expiry.step().await.expect("expiry");
    line.waitlist.step().await.expect("step").offered
}

async fn remaining(line: &Line) -> u32 {
    let snap = line.shop.gate.snapshot(line.shop.sale.id).await;
    snap.expect("snapshot").expect("loaded").remaining
}

async fn waiting(line: &Line) -> Vec<i64> {
    let subs = line
        .shop
        .store
        .subscribers(line.shop.sale.id, SubscriptionKind::Waitlist)
        .await
        .expect("subscribers");
    subs.iter().map(|u| u.get()).collect()
}

#[tokio::test]
async fn an_expired_order_frees_a_unit_that_the_first_waitlisted_customer_claims_and_wins() {
    let line = Line::open(GateKind::Redis, fresh_postgres("waitlist").await, 2, 1).await;
    let sale = line.shop.sale.id;
    assert!(matches!(
        buy(&line, 1, "b1").await,
        PurchaseResult::Won { .. }
    ));
    line.shop.clock.advance(Duration::minutes(6));
    assert!(matches!(
        buy(&line, 2, "b2").await,
        PurchaseResult::Won { .. }
    ));

    let sold_out = line.press(3, &format!("buy:{sale}:1"), "c3").await;
    assert!(has_button(&sold_out, &format!("wl:{sale}")), "{sold_out:?}");
    let joined = line.press(3, &format!("wl:{sale}"), "c3w").await;
    assert!(text(&joined).contains("number 1"), "{joined:?}");
    line.press(4, &format!("wl:{sale}"), "c4w").await;
    assert_eq!(waiting(&line).await, vec![3, 4]);
    assert_eq!(line.waitlist.step().await.expect("step").offered, 0);

    line.shop.clock.advance(Duration::minutes(5)); // order 1 is overdue, order 2 is not
    assert_eq!(line.expiry.step().await.expect("expiry").units_released, 1);
    let report = line.waitlist.step().await.expect("step");
    assert_eq!(report.offered, 1);
    let offer = line
        .open_offer(3)
        .await
        .expect("the first in line is offered");
    assert!(line.open_offer(4).await.is_none());
    assert_eq!(remaining(&line).await, 0, "the unit is held for the offer");
    assert!(matches!(
        buy(&line, 5, "b5").await,
        PurchaseResult::Refused(flashsale::stock::BuyOutcome::SoldOut)
    ));

    let won = line.press(3, &format!("cl:{}", offer.id), "c3c").await;
    assert!(text(&won).contains("You got it"), "{won:?}");
    let order = line
        .shop
        .store
        .order_by_request(&offer_request(offer.id))
        .await
        .expect("read")
        .expect("the claim is an order");
    assert_eq!((order.buyer, order.state), (user(3), OrderState::Pending));
    let counts = line.shop.store.sale_counts(sale).await.expect("counts");
    assert_eq!((counts.live_units, remaining(&line).await), (2, 0));
    assert_eq!(waiting(&line).await, vec![4], "the winner leaves the line");
    let again = line.press(3, &format!("cl:{}", offer.id), "c3c2").await;
    assert!(text(&again).contains("no longer open"), "{again:?}");
}

#[tokio::test]
async fn an_unclaimed_offer_lapses_and_moves_to_the_next_in_line() {
    let line = Line::open(GateKind::Embedded, fresh_sqlite().await, 1, 1).await;
    assert_eq!(lapse_to(&line, &[2, 3]).await, 1);
    let first = line.open_offer(2).await.expect("offered to 2");

    line.shop.clock.advance(CLAIM_WINDOW);
    let report = line.waitlist.step().await.expect("step");
    assert_eq!(
        (report.lapsed, report.units_released, report.offered),
        (1, 1, 1)
    );
    let late = line.press(2, &format!("cl:{}", first.id), "c2c").await;
    assert!(text(&late).contains("no longer open"), "{late:?}");
    assert_eq!(
        waiting(&line).await,
        vec![3],
        "the lapsed customer left the line"
    );

    let next = line.open_offer(3).await.expect("offered to 3");
    let won = line.press(3, &format!("cl:{}", next.id), "c3c").await;
    assert!(text(&won).contains("You got it"), "{won:?}");
    assert_eq!(remaining(&line).await, 0);
    let released = line.releases.tap.counts.lock().expect("counts").clone();
    assert!(released.values().all(|n| *n == 1), "{released:?}");
}

#[tokio::test]
async fn a_waiting_customer_at_their_limit_is_skipped_but_keeps_their_place() {
    let line = Line::open(GateKind::Embedded, fresh_sqlite().await, 2, 1).await;
    let sale = line.shop.sale.id;
    assert!(matches!(
        buy(&line, 2, "b2").await,
        PurchaseResult::Won { .. }
    ));
    line.shop.clock.advance(Duration::minutes(6));
    assert!(matches!(
        buy(&line, 1, "b1").await,
        PurchaseResult::Won { .. }
    ));
    line.press(1, &format!("wl:{sale}"), "c1w").await; // holds their limit of 1 already
    line.press(3, &format!("wl:{sale}"), "c3w").await;
    line.shop.clock.advance(Duration::minutes(5));
    assert_eq!(line.expiry.step().await.expect("expiry").expired, 1);
    assert_eq!(line.waitlist.step().await.expect("step").offered, 1);
    assert!(line.open_offer(1).await.is_none(), "over their limit");
    assert!(line.open_offer(3).await.is_some());
    assert_eq!(waiting(&line).await, vec![1, 3]);
}

#[tokio::test]
async fn joining_twice_is_one_entry_and_joining_is_only_offered_when_sold_out() {
    let line = Line::open(GateKind::Embedded, fresh_sqlite().await, 1, 1).await;
    let sale = line.shop.sale.id;
    let early = line.press(2, &format!("wl:{sale}"), "c2a").await;
    assert!(has_button(&early, &format!("buy:{sale}:1")), "{early:?}");
    assert!(waiting(&line).await.is_empty());
    assert!(matches!(
        buy(&line, 1, "b1").await,
        PurchaseResult::Won { .. }
    ));
    line.press(2, &format!("wl:{sale}"), "c2b").await;
    let again = line.press(2, &format!("wl:{sale}"), "c2c").await;
    assert!(text(&again).contains("already"), "{again:?}");
    assert_eq!(waiting(&line).await, vec![2]);
}

#[tokio::test]
async fn a_crash_between_lapsing_and_releasing_is_repaired_once_and_reconcile_sees_no_drift() {
    let line = Line::open(GateKind::Embedded, fresh_sqlite().await, 1, 1).await;
    lapse_to(&line, &[2]).await;
    let offer = line.open_offer(2).await.expect("offered to 2");
    let now = line.shop.clock.as_ref().now();
    let store = &line.shop.store;
    let drift = flashsale::orders::reconcile(store, line.shop.gate.as_ref(), now, false)
        .await
        .expect("reconcile");
    assert!(drift.iter().all(|d| !d.drifted()), "{drift:?}");
    // The process lapsed the offer in SQL and died before giving its unit back.
    assert!(
        store
            .set_offer_state(offer.id, OfferState::Offered, OfferState::Lapsed, now)
            .await
            .expect("lapse")
    );
    assert_eq!(remaining(&line).await, 0);
    assert_eq!(line.waitlist.recover().await.expect("recover"), 1);
    assert_eq!(remaining(&line).await, 1);
    assert_eq!(
        line.waitlist.recover().await.expect("again"),
        0,
        "released once"
    );
}

#[tokio::test]
async fn a_gate_rebuilt_from_the_store_still_holds_the_unit_of_an_open_offer() {
    let line = Line::open(
        GateKind::Redis,
        fresh_postgres("waitlist_rebuild").await,
        1,
        1,
    )
    .await;
    let sale = line.shop.sale.id;
    lapse_to(&line, &[2]).await;
    let offer = line.open_offer(2).await.expect("offered to 2");
    // Redis lost its keys; the gate comes back from SQL.
    crate::support::reload_from_store(&line.shop.store, line.shop.gate.as_ref(), sale).await;
    assert_eq!(remaining(&line).await, 0, "the offered unit is still held");
    assert!(matches!(
        buy(&line, 3, "b3").await,
        PurchaseResult::Refused(flashsale::stock::BuyOutcome::SoldOut)
    ));
    let won = line.press(2, &format!("cl:{}", offer.id), "c2c").await;
    assert!(text(&won).contains("You got it"), "{won:?}");
    line.after_pay_window();
    assert_eq!(line.expiry.step().await.expect("expiry").units_released, 1);
    assert_eq!(remaining(&line).await, 1);
}
