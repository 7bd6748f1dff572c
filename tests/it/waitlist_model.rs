//! Property test: random buys, payments, expiries, cancellations, waitlist joins, claims,
//! restocks (`/restock` by the sale's merchant) and worker steps never lose or invent a unit,
//! never sell more than the stock, and never release one twice.

use std::cell::Cell;

use chrono::Duration;
use flashsale::app::{ChatId, Content, Inbound};
use flashsale::domain::{OfferState, OrderState, Quantity};
use flashsale::store::Role;
use proptest::prelude::*;

use crate::support::app::GateKind;
use crate::support::db::fresh_sqlite;
use crate::support::line::Line;
use crate::support::{req, user};

const STOCK: u32 = 2;
const LIMIT: u32 = 1;

#[derive(Debug, Clone)]
enum Op {
    Buy { user: i64 },
    Pay { user: i64 },
    Cancel { user: i64 },
    Join { user: i64 },
    Claim { user: i64 },
    Tick { mins: i64 },
    Expire,
    Offer,
    Restock { n: u32 },
}

fn op() -> impl Strategy<Value = Op> {
    let u = 1i64..=4;
    prop_oneof![
        5 => u.clone().prop_map(|user| Op::Buy { user }),
        1 => u.clone().prop_map(|user| Op::Pay { user }),
        2 => u.clone().prop_map(|user| Op::Cancel { user }),
        3 => u.clone().prop_map(|user| Op::Join { user }),
        3 => u.prop_map(|user| Op::Claim { user }),
        3 => (0i64..=8).prop_map(|mins| Op::Tick { mins }),
        2 => Just(Op::Expire),
        3 => Just(Op::Offer),
        1 => (1u32..=2).prop_map(|n| Op::Restock { n }),
    ]
}

async fn pending_order(line: &Line, u: i64) -> Option<flashsale::domain::Order> {
    let orders = line.shop.store.orders_of_buyer(user(u), 50).await.ok()?;
    orders.into_iter().find(|o| o.state == OrderState::Pending)
}

/// The sale's owner, a merchant in every sequence (also one of the buyers).
const MERCHANT: i64 = 1;

async fn apply(line: &Line, step: usize, op: &Op, stock: &Cell<u32>) {
    let sale = line.shop.sale.id;
    let cb = format!("p{step}");
    match *op {
        Op::Buy { user: u } => {
            let one = Quantity::parse(1).expect("qty");
            line.purchases.buy(sale, user(u), one, &req(&cb)).await;
        }
        Op::Pay { user: u } => {
            if let Some(o) = pending_order(line, u).await {
                let now = flashsale::clock::Clock::now(line.shop.clock.as_ref());
                let store = &line.shop.store;
                let _ = store
                    .transition_order(o.id, OrderState::Pending, OrderState::Paid, now)
                    .await;
            }
        }
        Op::Cancel { user: u } => {
            if let Some(o) = pending_order(line, u).await {
                line.press(u, &format!("xo:{}", o.id), &cb).await;
            }
        }
        Op::Join { user: u } => {
            line.press(u, &format!("wl:{sale}"), &cb).await;
        }
        Op::Claim { user: u } => {
            if let Some(offer) = line.open_offer(u).await {
                line.press(u, &format!("cl:{}", offer.id), &cb).await;
            }
        }
        Op::Tick { mins } => line.shop.clock.advance(Duration::minutes(mins)),
        Op::Expire => {
            line.expiry.step().await.expect("expiry step");
        }
        Op::Offer => {
            line.waitlist.step().await.expect("waitlist step");
        }
        Op::Restock { n } => {
            let now = flashsale::clock::Clock::now(line.shop.clock.as_ref());
            let replies = line
                .assistant
                .handle(Inbound {
                    chat: ChatId(MERCHANT),
                    user: user(MERCHANT),
                    language_code: Some("en".into()),
                    content: Content::Text(format!("/restock {sale} {n}")),
                    request: req(&cb),
                })
                .await;
            // The model: units are added while the sale runs, refused once it is over.
            if now < line.shop.sale.draft.window.ends_at() {
                stock.set(stock.get() + n);
                assert!(replies[0].text.contains("Added"), "{replies:?}");
            } else {
                assert!(replies[0].text.contains("is over"), "{replies:?}");
            }
        }
    }
}

async fn check(ops: Vec<Op>) -> Result<(), TestCaseError> {
    let line = Line::open(GateKind::Embedded, fresh_sqlite().await, STOCK, LIMIT).await;
    let sale = line.shop.sale.id;
    let stock = Cell::new(STOCK);
    line.shop
        .store
        .put_role(
            user(MERCHANT),
            Role::Merchant,
            line.shop.sale.draft.window.starts_at(),
        )
        .await
        .expect("merchant");
    // Every sequence starts sold out with two people waiting, so offers happen early.
    let opening = [
        Op::Buy { user: 1 },
        Op::Buy { user: 2 },
        Op::Join { user: 3 },
        Op::Join { user: 4 },
    ];
    for (step, op) in opening.iter().chain(&ops).enumerate() {
        apply(&line, step, op, &stock).await;
        let counts = line.shop.store.sale_counts(sale).await.expect("counts");
        let offers = line.open_offers().await;
        let offered: u32 = offers.iter().map(|o| o.units).sum();
        let snap = line.shop.gate.snapshot(sale).await.expect("snapshot");
        let available = snap.expect("loaded").remaining;
        let stock = stock.get();
        prop_assert_eq!(
            counts.live_units + offered + available,
            stock,
            "sold + held for offers + available == stock after {:?}",
            op
        );
        prop_assert_eq!(counts.stock, stock, "the store's stock follows the model");
        prop_assert_eq!(snap.expect("loaded").stock, stock, "so does the gate's");
        prop_assert!(counts.live_units <= stock, "never oversold");
        let claimed = line
            .shop
            .store
            .offers_of_sale(sale, &[OfferState::Claimed])
            .await
            .expect("claimed");
        for c in claimed {
            let order = line.shop.store.order_by_request(&c.request()).await;
            prop_assert!(
                order.expect("read").is_some(),
                "a claim always became an order"
            );
        }
        let released = line.releases.tap.counts.lock().expect("counts").clone();
        prop_assert!(
            released.values().all(|n| *n == 1),
            "released twice: {:?}",
            released
        );
    }
    // The gate and the store agree when the gate is rebuilt from the store.
    let seed = line.shop.store.load_gate_seed(sale).await.expect("seed");
    let seed = seed.expect("sale");
    let snap = line.shop.gate.snapshot(sale).await.expect("snapshot");
    prop_assert_eq!(seed.remaining(), snap.expect("loaded").remaining);
    Ok(())
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn waitlist_sequences_never_lose_or_invent_a_unit(ops in prop::collection::vec(op(), 20..60)) {
        runtime().block_on(check(ops))?;
    }
}
