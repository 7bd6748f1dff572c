//! Property test: random interleavings of buys, releases and clock moves give the same
//! outcomes from each gate as from a simple model, and never break the stock invariants.

use std::collections::HashMap;

use chrono::Duration;
use flashsale::stock::{BuyOutcome, LoadMode, ReleaseOutcome};
use proptest::prelude::*;

use crate::gate_conformance::{
    Fixture, embedded_fixture, qty, redis_cluster_fixture, redis_fixture, sale,
};
use crate::support::{req, t0, user};

const STOCK: u32 = 6;
const LIMIT: u32 = 3;

#[derive(Debug, Clone)]
enum Op {
    Buy { user: i64, qty: u32, req: u8 },
    Release { req: u8 },
    Tick { secs: i64 },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        5 => (1i64..=4, 1u32..=4, 0u8..24).prop_map(|(user, qty, req)| Op::Buy { user, qty, req }),
        2 => (0u8..24).prop_map(|req| Op::Release { req }),
        1 => (0i64..=40).prop_map(|secs| Op::Tick { secs }),
    ]
}

/// The specification, written as plainly as possible.
#[derive(Default)]
struct Model {
    remaining: u32,
    held: HashMap<i64, u32>,
    requests: HashMap<u8, (i64, u32, bool)>,
}

impl Model {
    fn buy(&mut self, live: bool, user: i64, qty: u32, r: u8) -> BuyOutcome {
        if self.requests.contains_key(&r) {
            return BuyOutcome::Duplicate;
        }
        if !live {
            return BuyOutcome::NotStarted { starts_at: t0() };
        }
        let held = self.held.get(&user).copied().unwrap_or(0);
        if held + qty > LIMIT {
            return BuyOutcome::LimitReached { held, limit: LIMIT };
        }
        if self.remaining == 0 {
            return BuyOutcome::SoldOut;
        }
        if self.remaining < qty {
            return BuyOutcome::NotEnough {
                remaining: self.remaining,
            };
        }
        self.remaining -= qty;
        let held = held + qty;
        self.held.insert(user, held);
        self.requests.insert(r, (user, qty, false));
        BuyOutcome::Reserved {
            remaining: self.remaining,
            held,
        }
    }

    fn release(&mut self, r: u8) -> ReleaseOutcome {
        match self.requests.get_mut(&r) {
            None => ReleaseOutcome::Unknown,
            Some((_, _, true)) => ReleaseOutcome::AlreadyReleased,
            Some((user, qty, released)) => {
                *released = true;
                self.remaining += *qty;
                if let Some(h) = self.held.get_mut(user) {
                    *h -= *qty;
                }
                ReleaseOutcome::Released { units: *qty }
            }
        }
    }
}

async fn check(f: Fixture, ops: Vec<Op>) -> Result<(), TestCaseError> {
    f.gate
        .load(&f.seed(STOCK, LIMIT), LoadMode::Replace)
        .await
        .expect("load");
    f.clock.set(t0() - Duration::seconds(20));
    let mut m = Model {
        remaining: STOCK,
        ..Model::default()
    };
    for op in ops {
        match op {
            Op::Buy {
                user: u,
                qty: n,
                req: r,
            } => {
                let live = f.clock.now_is_at_or_after(t0());
                let want = m.buy(live, u, n, r);
                let got = f
                    .gate
                    .try_buy(sale(), user(u), qty(i64::from(n)), &req(&format!("r{r}")))
                    .await
                    .expect("gate answers");
                prop_assert_eq!(got, want);
            }
            Op::Release { req: r } => {
                let got = f
                    .gate
                    .release(sale(), &req(&format!("r{r}")))
                    .await
                    .expect("release");
                prop_assert_eq!(got, m.release(r));
            }
            Op::Tick { secs } => f.clock.advance(Duration::seconds(secs)),
        }
        let snap = f
            .gate
            .snapshot(sale())
            .await
            .expect("snapshot")
            .expect("loaded");
        let held: u32 = m.held.values().sum();
        prop_assert_eq!(snap.remaining, m.remaining);
        prop_assert_eq!(snap.remaining + held, STOCK, "sold + available == stock");
        prop_assert!(m.held.values().all(|h| *h <= LIMIT));
    }
    Ok(())
}

trait ClockExt {
    fn now_is_at_or_after(&self, t: chrono::DateTime<chrono::Utc>) -> bool;
}

impl ClockExt for flashsale::clock::ManualClock {
    fn now_is_at_or_after(&self, t: chrono::DateTime<chrono::Utc>) -> bool {
        use flashsale::clock::Clock;
        self.now() >= t
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn the_embedded_gate_behaves_like_the_model(ops in prop::collection::vec(op(), 1..40)) {
        runtime().block_on(async { check(embedded_fixture().await, ops).await })?;
    }

    #[test]
    fn the_redis_gate_behaves_like_the_model(ops in prop::collection::vec(op(), 1..40)) {
        runtime().block_on(async { check(redis_fixture().await, ops).await })?;
    }

    #[test]
    fn the_redis_gate_on_a_cluster_behaves_like_the_model(ops in prop::collection::vec(op(), 1..40)) {
        runtime().block_on(async { check(redis_cluster_fixture().await, ops).await })?;
    }
}
