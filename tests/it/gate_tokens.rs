//! The Redis gate claims a signed button's token in the purchase script itself: a press that
//! reserves claims it, a press of a button another request holds is refused as a replay
//! (naming the order it bought once spent), a refused press leaves the button free, and a
//! redelivery of the holder is no replay. On one server and on a cluster (the token's key
//! shares the sale's slot, or the script could not touch it).

use std::sync::Arc;

use chrono::Duration;
use flashsale::clock::ManualClock;
use flashsale::domain::OrderId;
use flashsale::redis_link::RedisLink;
use flashsale::stock::{
    BuyOutcome, GateSeed, LoadMode, RedisGate, RestockOutcome, StockGate, TOKEN_IN_FLIGHT,
};

use crate::gate_conformance::{qty, sale};
use crate::support::gates::{self, SeedMap};
use crate::support::{req, t0, unique, user};

/// A Redis gate on `url` (one server or a cluster's nodes) holding the test sale, live now:
/// `stock` units, `limit` per user; and a link to read and write its keys directly.
async fn gate_on(url: String, stock: u32, limit: u32) -> (RedisGate, RedisLink) {
    let clock = Arc::new(ManualClock::new(t0()));
    let seeds: Arc<SeedMap> = Arc::new(SeedMap::default());
    let gate = if url.contains(',') {
        gates::redis_cluster(clock, seeds).await
    } else {
        gates::redis(clock, seeds).await
    };
    let seed = GateSeed::fresh(sale(), stock, limit, t0(), t0() + Duration::hours(1));
    gate.load(&seed, LoadMode::Replace).await.expect("load");
    let link = RedisLink::connect_url(&url).await.expect("redis link");
    (gate, link)
}

async fn press(gate: &RedisGate, u: i64, r: &str, token: &str) -> BuyOutcome {
    gate.try_buy_pressed(sale(), user(u), qty(1), &req(r), Some(token))
        .await
        .expect("gate answers")
}

async fn get(link: &RedisLink, key: &str) -> Option<String> {
    let mut c = link.clone();
    ::redis::cmd("GET")
        .arg(key)
        .query_async(&mut c)
        .await
        .expect("get")
}

async fn set(link: &RedisLink, key: &str, value: &str) {
    let mut c = link.clone();
    let _: () = ::redis::cmd("SET")
        .arg(key)
        .arg(value)
        .arg("PX")
        .arg(60_000)
        .query_async(&mut c)
        .await
        .expect("set");
}

async fn left(gate: &RedisGate) -> u32 {
    gate.snapshot(sale())
        .await
        .expect("snapshot")
        .expect("loaded")
        .remaining
}

async fn a_press_that_reserves_claims_its_button_and_a_replay_is_refused_on(url: String) {
    let (gate, link) = gate_on(url, 5, 3).await;
    assert!(gate.claims_tokens());
    let token = unique("t");
    assert!(matches!(
        press(&gate, 1, "cb-1", &token).await,
        BuyOutcome::Reserved { .. }
    ));
    let key = gate.token_key(sale(), &token);
    assert_eq!(get(&link, &key).await.as_deref(), Some("cb-1"));
    let mut c = link.clone();
    let ttl: i64 = ::redis::cmd("PTTL")
        .arg(&key)
        .query_async(&mut c)
        .await
        .expect("pttl");
    let in_flight = i64::try_from(TOKEN_IN_FLIGHT.as_millis()).expect("ms");
    assert!(
        ttl > 0 && ttl <= in_flight,
        "an in-flight claim lapses: {ttl} ms"
    );
    // Another press of the same button, while the first is in flight: refused, nothing taken.
    assert_eq!(
        press(&gate, 1, "cb-2", &token).await,
        BuyOutcome::Replayed { order: None }
    );
    assert_eq!(left(&gate).await, 4);
    // Telegram delivering the first press again is no replay: the gate knows its request.
    assert_eq!(press(&gate, 1, "cb-1", &token).await, BuyOutcome::Duplicate);
    // Once spent (what the app writes after the order is stored), a replay names the order.
    set(&link, &key, "cb-1|42").await;
    assert_eq!(
        press(&gate, 1, "cb-3", &token).await,
        BuyOutcome::Replayed {
            order: OrderId::parse(42).ok()
        }
    );
    assert_eq!(press(&gate, 1, "cb-1", &token).await, BuyOutcome::Duplicate);
    assert_eq!(left(&gate).await, 4);
    // A press without a button (typed, or the Mini App) never meets a token.
    assert!(matches!(
        gate.try_buy(sale(), user(1), qty(1), &req("typed"))
            .await
            .expect("gate answers"),
        BuyOutcome::Reserved { .. }
    ));
    gate.forget(sale()).await.expect("clean up");
}

async fn a_refused_press_leaves_its_button_free_on(url: String) {
    let (gate, link) = gate_on(url, 1, 2).await;
    let token = unique("t");
    assert!(matches!(
        gate.try_buy(sale(), user(2), qty(1), &req("other"))
            .await
            .expect("gate answers"),
        BuyOutcome::Reserved { .. }
    ));
    assert_eq!(press(&gate, 1, "cb-1", &token).await, BuyOutcome::SoldOut);
    let key = gate.token_key(sale(), &token);
    assert_eq!(
        get(&link, &key).await,
        None,
        "a refused press claims nothing"
    );
    // Units come back: the same button, pressed again, buys.
    assert!(matches!(
        gate.raise_stock(sale(), 2).await.expect("restock"),
        RestockOutcome::Raised { .. }
    ));
    assert!(matches!(
        press(&gate, 1, "cb-2", &token).await,
        BuyOutcome::Reserved { .. }
    ));
    assert_eq!(get(&link, &key).await.as_deref(), Some("cb-2"));
    gate.forget(sale()).await.expect("clean up");
}

#[tokio::test]
async fn a_press_that_reserves_claims_its_button_and_a_replay_is_refused() {
    a_press_that_reserves_claims_its_button_and_a_replay_is_refused_on(gates::redis_url()).await;
}

#[tokio::test]
async fn a_press_that_reserves_claims_its_button_and_a_replay_is_refused_on_a_cluster() {
    a_press_that_reserves_claims_its_button_and_a_replay_is_refused_on(gates::redis_cluster_url())
        .await;
}

#[tokio::test]
async fn a_refused_press_leaves_its_button_free() {
    a_refused_press_leaves_its_button_free_on(gates::redis_url()).await;
}

#[tokio::test]
async fn a_refused_press_leaves_its_button_free_on_a_cluster() {
    a_refused_press_leaves_its_button_free_on(gates::redis_cluster_url()).await;
}

#[tokio::test]
async fn the_embedded_gate_leaves_buttons_to_the_process_memory() {
    let clock = Arc::new(ManualClock::new(t0()));
    let seeds: Arc<SeedMap> = Arc::new(SeedMap::default());
    let gate = gates::embedded(clock, seeds);
    let seed = GateSeed::fresh(sale(), 5, 3, t0(), t0() + Duration::hours(1));
    gate.load(&seed, LoadMode::Replace).await.expect("load");
    assert!(!gate.claims_tokens());
    for r in ["cb-1", "cb-2"] {
        assert!(matches!(
            gate.try_buy_pressed(sale(), user(1), qty(1), &req(r), Some("t"))
                .await
                .expect("gate answers"),
            BuyOutcome::Reserved { .. }
        ));
    }
}
