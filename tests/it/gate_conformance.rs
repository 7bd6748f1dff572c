//! One conformance suite, run against both gates: the embedded one and Redis.

use std::collections::HashSet;
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use flashsale::clock::ManualClock;
use flashsale::domain::{Quantity, SaleId};
use flashsale::stock::{
    BuyOutcome, GateSeed, LoadMode, ReleaseOutcome, RequestRecord, RestockOutcome, SeedSource,
    StockGate,
};

use crate::support::gates::{self, SeedMap};
use crate::support::{far_future, far_past, req, t0, user};

/// A gate under test with its clock, seed source and the instant its test sale starts.
pub struct Fixture {
    pub gate: Arc<dyn StockGate>,
    pub clock: Arc<ManualClock>,
    pub seeds: Arc<SeedMap>,
    /// When the test sale starts; the clock starts here too.
    pub start: DateTime<Utc>,
}

impl Fixture {
    /// The test sale: `stock` units, `limit` per user, live for an hour from `start`.
    pub fn seed(&self, stock: u32, limit: u32) -> GateSeed {
        GateSeed::fresh(
            sale(),
            stock,
            limit,
            self.start,
            self.start + Duration::hours(1),
        )
    }
}

impl Fixture {
    /// The gate `build` makes on a fresh clock at `start` and an empty seed map.
    async fn build<G, Fut>(
        start: DateTime<Utc>,
        build: impl FnOnce(Arc<ManualClock>, Arc<dyn SeedSource>) -> Fut,
    ) -> Self
    where
        G: StockGate + 'static,
        Fut: Future<Output = G>,
    {
        let clock = Arc::new(ManualClock::new(start));
        let seeds = Arc::new(SeedMap::default());
        let gate = Arc::new(build(clock.clone(), seeds.clone()).await);
        Fixture {
            gate,
            clock,
            seeds,
            start,
        }
    }
}

pub async fn embedded_fixture() -> Fixture {
    Fixture::build(t0(), |clock, seeds| async { gates::embedded(clock, seeds) }).await
}

pub async fn redis_fixture() -> Fixture {
    redis_fixture_at(t0()).await
}

/// The Redis gate with its clock (and its sale) at `start`: the suite must not care what
/// Redis's own calendar says.
pub async fn redis_fixture_at(start: DateTime<Utc>) -> Fixture {
    Fixture::build(start, gates::redis).await
}

/// The Redis gate on the local Redis Cluster.
pub async fn redis_cluster_fixture() -> Fixture {
    Fixture::build(t0(), gates::redis_cluster).await
}

async fn redis_fixture_in_the_far_past() -> Fixture {
    redis_fixture_at(far_past()).await
}

async fn redis_fixture_in_the_far_future() -> Fixture {
    redis_fixture_at(far_future()).await
}

pub fn sale() -> SaleId {
    SaleId::parse(7).expect("sale id")
}

pub fn qty(n: i64) -> Quantity {
    Quantity::parse(n).expect("quantity")
}

async fn loaded(stock: u32, limit: u32, f: &Fixture) {
    assert!(
        f.gate
            .load(&f.seed(stock, limit), LoadMode::Replace)
            .await
            .expect("load")
    );
}

async fn buy(f: &Fixture, u: i64, n: i64, r: &str) -> BuyOutcome {
    f.gate
        .try_buy(sale(), user(u), qty(n), &req(r))
        .await
        .expect("gate answers")
}

/// Buying `n` as user `u` with request `r` gets `want`.
async fn expect_buy(f: &Fixture, u: i64, n: i64, r: &str, want: BuyOutcome) {
    assert_eq!(buy(f, u, n, r).await, want, "user {u} buying {n} as {r}");
}

/// A reservation leaving `remaining` units, after which the buyer holds `held`.
fn won(remaining: u32, held: u32) -> BuyOutcome {
    BuyOutcome::Reserved { remaining, held }
}

/// The refusal of a buyer who holds `held` of at most `limit` units.
fn limited(held: u32, limit: u32) -> BuyOutcome {
    BuyOutcome::LimitReached { held, limit }
}

/// Buying `n` as user `u` with request `r` reserves them.
async fn reserved(f: &Fixture, u: i64, n: i64, r: &str) {
    let got = buy(f, u, n, r).await;
    assert!(
        matches!(got, BuyOutcome::Reserved { .. }),
        "user {u} buying {n} as {r}: {got:?}"
    );
}

async fn remaining(f: &Fixture) -> u32 {
    f.gate
        .snapshot(sale())
        .await
        .expect("snapshot")
        .expect("loaded")
        .remaining
}

pub async fn sells_exactly_its_stock(f: Fixture) {
    loaded(3, 1, &f).await;
    for u in 1..=3 {
        reserved(&f, u, 1, &format!("r{u}")).await;
    }
    expect_buy(&f, 4, 1, "r4", BuyOutcome::SoldOut).await;
    assert_eq!(remaining(&f).await, 0);
}

pub async fn limit_holds_across_buys(f: Fixture) {
    loaded(10, 3, &f).await;
    expect_buy(&f, 1, 2, "a", won(8, 2)).await;
    expect_buy(&f, 1, 2, "b", limited(2, 3)).await;
    expect_buy(&f, 1, 1, "c", won(7, 3)).await;
    expect_buy(&f, 1, 1, "d", limited(3, 3)).await;
    expect_buy(&f, 2, 3, "e", won(4, 3)).await;
}

pub async fn reserved_says_what_the_buyer_now_holds(f: Fixture) {
    loaded(10, 3, &f).await;
    expect_buy(&f, 1, 1, "first", won(9, 1)).await;
    expect_buy(&f, 1, 1, "second", won(8, 2)).await;
    expect_buy(&f, 2, 1, "other", won(7, 1)).await;
    expect_buy(&f, 1, 1, "second", BuyOutcome::Duplicate).await;
    assert_eq!(remaining(&f).await, 7);
    // Nothing changed: the next buy counts from the same holding.
    expect_buy(&f, 1, 1, "third", won(6, 3)).await;
}

pub async fn repeated_request_is_duplicate(f: Fixture) {
    loaded(5, 5, &f).await;
    reserved(&f, 1, 1, "same").await;
    expect_buy(&f, 1, 1, "same", BuyOutcome::Duplicate).await;
    expect_buy(&f, 2, 1, "same", BuyOutcome::Duplicate).await;
    assert_eq!(remaining(&f).await, 4);
}

pub async fn release_once_then_rebuy(f: Fixture) {
    loaded(1, 1, &f).await;
    reserved(&f, 1, 1, "x").await;
    expect_buy(&f, 2, 1, "y", BuyOutcome::SoldOut).await;
    let first = f.gate.release(sale(), &req("x")).await.expect("release");
    assert_eq!(first, ReleaseOutcome::Released { units: 1 });
    let again = f.gate.release(sale(), &req("x")).await.expect("release");
    assert_eq!(again, ReleaseOutcome::AlreadyReleased);
    let unknown = f
        .gate
        .release(sale(), &req("never"))
        .await
        .expect("release");
    assert_eq!(unknown, ReleaseOutcome::Unknown);
    assert_eq!(remaining(&f).await, 1);
    expect_buy(&f, 2, 1, "z", won(0, 1)).await;
    // The released request id stays used.
    expect_buy(&f, 1, 1, "x", BuyOutcome::Duplicate).await;
}

pub async fn window_is_enforced(f: Fixture) {
    loaded(5, 1, &f).await;
    f.clock.set(f.start - Duration::seconds(1));
    expect_buy(
        &f,
        1,
        1,
        "early",
        BuyOutcome::NotStarted { starts_at: f.start },
    )
    .await;
    f.clock.set(f.start);
    reserved(&f, 1, 1, "on-time").await;
    f.clock.set(f.start + Duration::hours(1));
    expect_buy(&f, 2, 1, "late", BuyOutcome::Ended).await;
}

pub async fn cancelled_sells_nothing(f: Fixture) {
    let mut s = f.seed(5, 1);
    s.cancelled = true;
    f.gate.load(&s, LoadMode::Replace).await.expect("load");
    expect_buy(&f, 1, 1, "r", BuyOutcome::Cancelled).await;
    assert_eq!(remaining(&f).await, 5);
}

pub async fn more_than_remains_reserves_nothing(f: Fixture) {
    loaded(3, 3, &f).await;
    reserved(&f, 1, 2, "a").await;
    expect_buy(&f, 2, 2, "b", BuyOutcome::NotEnough { remaining: 1 }).await;
    assert_eq!(remaining(&f).await, 1);
}

pub async fn unloaded_sale_is_loaded_and_retried(f: Fixture) {
    f.seeds.put(f.seed(2, 1));
    let first = f
        .gate
        .try_buy_once(sale(), user(1), qty(1), &req("a"))
        .await
        .expect("gate");
    assert_eq!(first, BuyOutcome::NotLoaded);
    expect_buy(&f, 1, 1, "a", won(1, 1)).await;
}

pub async fn unknown_sale_is_unknown(f: Fixture) {
    expect_buy(&f, 1, 1, "a", BuyOutcome::UnknownSale).await;
}

pub async fn load_if_absent_keeps_progress(f: Fixture) {
    loaded(4, 4, &f).await;
    reserved(&f, 1, 3, "a").await;
    let again = f
        .gate
        .load(&f.seed(4, 4), LoadMode::IfAbsent)
        .await
        .expect("load");
    assert!(
        !again,
        "an instance with a stale seed must not reset a sale in progress"
    );
    assert_eq!(remaining(&f).await, 1);
}

pub async fn reload_keeps_holdings_and_request_ids(f: Fixture) {
    let mut s = f.seed(10, 2);
    s.requests = vec![
        RequestRecord {
            request: req("old-live"),
            user: user(1),
            units: 2,
            holds_stock: true,
        },
        RequestRecord {
            request: req("old-gone"),
            user: user(2),
            units: 1,
            holds_stock: false,
        },
    ];
    f.gate.load(&s, LoadMode::Replace).await.expect("load");
    assert_eq!(remaining(&f).await, 8);
    expect_buy(&f, 1, 1, "new", limited(2, 2)).await;
    expect_buy(&f, 3, 1, "old-live", BuyOutcome::Duplicate).await;
    expect_buy(&f, 3, 1, "old-gone", BuyOutcome::Duplicate).await;
    let r = f
        .gate
        .release(sale(), &req("old-gone"))
        .await
        .expect("release");
    assert_eq!(r, ReleaseOutcome::AlreadyReleased);
    expect_buy(&f, 2, 2, "fresh", won(6, 2)).await;
}

pub async fn stampede_has_exactly_stock_distinct_winners(f: Fixture) {
    loaded(100, 1, &f).await;
    let mut tasks = Vec::with_capacity(10_000);
    for u in 1..=10_000i64 {
        let gate = f.gate.clone();
        tasks.push(tokio::spawn(async move {
            // Every buyer tries twice with different request ids: the cap must still hold.
            let a = gate
                .try_buy(sale(), user(u), qty(1), &req(&format!("{u}-a")))
                .await;
            let b = gate
                .try_buy(sale(), user(u), qty(1), &req(&format!("{u}-b")))
                .await;
            (u, a, b)
        }));
    }
    let mut winners = Vec::new();
    for t in tasks {
        let (u, a, b) = t.await.expect("task");
        for outcome in [a.expect("gate"), b.expect("gate")] {
            if let BuyOutcome::Reserved { .. } = outcome {
                winners.push(u);
            }
        }
    }
    let distinct: HashSet<i64> = winners.iter().copied().collect();
    assert_eq!(winners.len(), 100, "exactly the stock is sold");
    assert_eq!(distinct.len(), 100, "every winner is a different buyer");
    assert_eq!(remaining(&f).await, 0);
}

pub async fn restock_adds_units_once(f: Fixture) {
    assert_eq!(
        f.gate.raise_stock(sale(), 5).await.expect("gate"),
        RestockOutcome::NotLoaded
    );
    loaded(2, 2, &f).await;
    reserved(&f, 1, 2, "a").await;
    expect_buy(&f, 2, 1, "b", BuyOutcome::SoldOut).await;
    assert_eq!(
        f.gate.raise_stock(sale(), 5).await.expect("gate"),
        RestockOutcome::Raised {
            stock: 5,
            remaining: 3
        }
    );
    // The same total again (a retry, or a gate rebuilt from the store) adds nothing; a
    // smaller one (an older restock arriving late) neither.
    for again in [5, 4, 1] {
        assert_eq!(
            f.gate.raise_stock(sale(), again).await.expect("gate"),
            RestockOutcome::Unchanged {
                stock: 5,
                remaining: 3
            }
        );
    }
    // The per-user limit still counts what was bought before the restock.
    expect_buy(&f, 1, 1, "c", limited(2, 2)).await;
    expect_buy(&f, 2, 2, "d", won(1, 2)).await;
    expect_buy(&f, 3, 1, "e", won(0, 1)).await;
    expect_buy(&f, 4, 1, "f", BuyOutcome::SoldOut).await;
    let snap = f
        .gate
        .snapshot(sale())
        .await
        .expect("snap")
        .expect("loaded");
    assert_eq!((snap.stock, snap.remaining), (5, 0));
}

pub async fn restock_during_a_stampede_sells_exactly_the_new_stock(f: Fixture) {
    loaded(100, 1, &f).await;
    let mut tasks = Vec::with_capacity(3_000);
    for u in 1..=3_000i64 {
        let gate = f.gate.clone();
        tasks.push(tokio::spawn(async move {
            gate.try_buy(sale(), user(u), qty(1), &req(&format!("s{u}")))
                .await
        }));
        // Two restocks land in the middle of the rush, the second one twice.
        if u == 500 || u == 1_500 || u == 1_501 {
            let gate = f.gate.clone();
            let to = if u == 500 { 150 } else { 250 };
            tasks.push(tokio::spawn(async move {
                gate.raise_stock(sale(), to)
                    .await
                    .map(|_| BuyOutcome::Duplicate)
            }));
        }
    }
    let mut won = 0;
    for t in tasks {
        if let BuyOutcome::Reserved { .. } = t.await.expect("task").expect("gate") {
            won += 1;
        }
    }
    // On a loaded machine a restock task may run after most of the rush: late buyers then
    // take what is left, so the count does not hang on the scheduler.
    for u in 3_001..=3_400i64 {
        let late = f
            .gate
            .try_buy(sale(), user(u), qty(1), &req(&format!("s{u}")))
            .await
            .expect("gate");
        if let BuyOutcome::Reserved { .. } = late {
            won += 1;
        }
    }
    assert_eq!(won, 250, "exactly the stock after both restocks is sold");
    let snap = f
        .gate
        .snapshot(sale())
        .await
        .expect("snap")
        .expect("loaded");
    assert_eq!((snap.stock, snap.remaining), (250, 0));
}

macro_rules! conformance {
    ($gate:ident, $fixture:path) => {
        mod $gate {
            use super::*;

            #[tokio::test]
            async fn a_sale_sells_exactly_its_stock_then_says_sold_out() {
                sells_exactly_its_stock($fixture().await).await
            }
            #[tokio::test]
            async fn the_per_user_limit_holds_across_several_buys() {
                limit_holds_across_buys($fixture().await).await
            }
            #[tokio::test]
            async fn a_reservation_says_what_the_buyer_now_holds() {
                reserved_says_what_the_buyer_now_holds($fixture().await).await
            }
            #[tokio::test]
            async fn a_repeated_request_id_never_reserves_twice() {
                repeated_request_is_duplicate($fixture().await).await
            }
            #[tokio::test]
            async fn a_release_gives_units_back_once_and_they_sell_again() {
                release_once_then_rebuy($fixture().await).await
            }
            #[tokio::test]
            async fn nothing_sells_before_the_start_or_after_the_end() {
                window_is_enforced($fixture().await).await
            }
            #[tokio::test]
            async fn a_cancelled_sale_sells_nothing() {
                cancelled_sells_nothing($fixture().await).await
            }
            #[tokio::test]
            async fn asking_for_more_than_remains_reserves_nothing() {
                more_than_remains_reserves_nothing($fixture().await).await
            }
            #[tokio::test]
            async fn an_unloaded_sale_is_loaded_from_the_source_and_retried_once() {
                unloaded_sale_is_loaded_and_retried($fixture().await).await
            }
            #[tokio::test]
            async fn a_sale_nobody_knows_is_reported_unknown() {
                unknown_sale_is_unknown($fixture().await).await
            }
            #[tokio::test]
            async fn loading_if_absent_never_resets_a_sale_in_progress() {
                load_if_absent_keeps_progress($fixture().await).await
            }
            #[tokio::test]
            async fn a_reload_keeps_holdings_and_every_request_id() {
                reload_keeps_holdings_and_request_ids($fixture().await).await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn ten_thousand_buyers_on_a_hundred_units_make_a_hundred_distinct_winners() {
                stampede_has_exactly_stock_distinct_winners($fixture().await).await
            }
            #[tokio::test]
            async fn a_restock_adds_the_difference_once_and_keeps_the_per_user_limit() {
                restock_adds_units_once($fixture().await).await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn restocks_landing_mid_stampede_sell_exactly_the_new_stock_never_more() {
                restock_during_a_stampede_sells_exactly_the_new_stock($fixture().await).await
            }
        }
    };
}

conformance!(embedded, embedded_fixture);
conformance!(redis, redis_fixture);
conformance!(redis_cluster, redis_cluster_fixture);
// Guards against calendar-dependence: Redis keeps its own clock, whatever ours says.
conformance!(redis_in_the_far_past, redis_fixture_in_the_far_past);
conformance!(redis_in_the_far_future, redis_fixture_in_the_far_future);

#[tokio::test]
async fn redis_keys_live_until_a_day_after_the_sale_ends_counted_from_the_gates_clock() {
    let mut conn = ::redis::Client::open(gates::redis_url())
        .expect("url")
        .get_multiplexed_async_connection()
        .await
        .expect("redis");
    for start in [t0(), far_past(), far_future()] {
        let f = redis_fixture_at(start).await;
        let gate = gates::redis(f.clock.clone(), f.seeds.clone()).await;
        gate.load(&f.seed(3, 1), LoadMode::Replace)
            .await
            .expect("load");
        // The clock stands at the start; the sale lasts an hour; keys live a day past its
        // end, as a duration Redis counts on its own clock whatever the calendar says.
        let lifetime = (Duration::hours(1) + Duration::days(1)).num_milliseconds();
        for key in gate.keys(sale()) {
            let ttl: i64 = ::redis::cmd("PTTL")
                .arg(&key)
                .query_async(&mut conn)
                .await
                .expect("pttl");
            assert!(
                ttl <= lifetime && ttl > lifetime - 60_000,
                "{key} lives {ttl} ms at {start}, expected about {lifetime} ms"
            );
        }
        gate.forget(sale()).await.expect("clean up");
    }
}

#[tokio::test]
async fn a_sale_that_ended_long_ago_by_the_gates_clock_still_answers_ended() {
    let f = redis_fixture_at(t0()).await;
    f.seeds.put(f.seed(3, 1));
    f.clock.set(t0() + Duration::days(30));
    expect_buy(&f, 1, 1, "late", BuyOutcome::Ended).await;
}

#[tokio::test]
async fn the_redis_gate_reloads_its_script_after_a_script_flush() {
    let f = redis_fixture().await;
    f.gate
        .load(&f.seed(3, 1), LoadMode::Replace)
        .await
        .expect("load");
    reserved(&f, 1, 1, "before").await;
    let mut conn = ::redis::Client::open(gates::redis_url())
        .expect("url")
        .get_multiplexed_async_connection()
        .await
        .expect("redis");
    // Other tests running now just see NOSCRIPT once and reload too.
    let _: () = ::redis::cmd("SCRIPT")
        .arg("FLUSH")
        .query_async(&mut conn)
        .await
        .expect("script flush");
    expect_buy(&f, 2, 1, "after", won(1, 1)).await;
}
