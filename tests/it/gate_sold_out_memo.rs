//! The sold-out memo in front of the Redis gate: once the gate said "sold out", presses get
//! that answer without a single Redis call (counted with `INFO commandstats` on a private
//! Redis nobody else uses), until a restock or a release through this process ends the memo
//! at once, or, when another instance put units back, until the memo's life has passed.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use chrono::Duration as ChronoDuration;
use flashsale::app::jobs::expiry::ExpiryWorker;
use flashsale::app::{PurchaseResult, Purchases};
use flashsale::bench::scale::{delta, redis_calls};
use flashsale::clock::{Clock, ManualClock};
use flashsale::domain::{Quantity, SaleId};
use flashsale::i18n::Texts;
use flashsale::orders::{OrderWriter, WriterConfig};
use flashsale::stock::{
    BuyOutcome, LoadMode, MEMO_LIFE, RedisGate, RedisGateConfig, SeedSource, SoldOutMemo, StockGate,
};
use flashsale::store::Store;

use crate::support::db::fresh_postgres;
use crate::support::private_services::PrivateRedis;
use crate::support::{draft_at, req, t0, unique, user};

/// A Redis gate on `url` under `prefix`.
async fn redis_gate(
    url: String,
    prefix: &str,
    clock: Arc<ManualClock>,
    store: &Store,
) -> RedisGate {
    RedisGate::connect(
        RedisGateConfig::new(url, prefix),
        clock as Arc<dyn Clock>,
        Arc::new(store.clone()) as Arc<dyn SeedSource>,
    )
    .await
    .expect("redis")
}

/// Buyer `n` presses once.
async fn press(purchases: &Purchases, sale: SaleId, n: i64) -> PurchaseResult {
    purchases
        .buy(
            sale,
            user(n),
            Quantity::parse(1).expect("qty"),
            &req(&format!("memo-{n}")),
        )
        .await
}

fn total(calls: &BTreeMap<String, u64>) -> u64 {
    calls.values().sum()
}

/// `count` buyers from `first` press once each; each is told "sold out". Returns the Redis
/// calls they cost.
async fn sold_out_presses(
    purchases: &Purchases,
    redis: &str,
    sale: SaleId,
    first: i64,
    count: i64,
) -> u64 {
    let before = redis_calls(redis).await.expect("INFO");
    for n in first..first + count {
        let r = press(purchases, sale, n).await;
        assert_eq!(r, PurchaseResult::Refused(BuyOutcome::SoldOut), "buyer {n}");
    }
    let after = redis_calls(redis).await.expect("INFO");
    total(&delta(&before, &after))
}

#[tokio::test]
async fn after_a_sell_out_presses_make_no_redis_call_until_a_restock_or_a_release() {
    let redis = PrivateRedis::start().await;
    let (store, _db) = fresh_postgres("sold_out_memo").await;
    let clock = Arc::new(ManualClock::new(t0() + ChronoDuration::seconds(1)));
    let sale = store
        .create_sale(&draft_at(3, 1, t0()), t0())
        .await
        .expect("sale");
    let inner = redis_gate(redis.url(), "memo:", clock.clone(), &store).await;
    // A memo that never ages out, so every call it saves is counted, whatever the pace here.
    let memo = Arc::new(SoldOutMemo::with_life(inner, Duration::from_secs(3_600)));
    let gate: Arc<dyn StockGate> = memo.clone();
    let seed = store
        .load_gate_seed(sale.id)
        .await
        .expect("seed")
        .expect("sale");
    gate.load(&seed, LoadMode::Replace).await.expect("load");
    let (writer, _task) = OrderWriter::spawn(store.clone(), WriterConfig::default());
    let purchases = Purchases::new(
        gate.clone(),
        writer,
        store.clone(),
        clock.clone() as Arc<dyn Clock>,
        ChronoDuration::minutes(10),
    );

    for n in 1..=3 {
        assert!(matches!(
            press(&purchases, sale.id, n).await,
            PurchaseResult::Won { .. }
        ));
    }
    // The gate's reservation of the last unit starts the memo: no press after it asks Redis.
    assert!(
        memo.known_sold_out(sale.id),
        "the last unit's reservation says sold out"
    );
    let calls = sold_out_presses(&purchases, &redis.url(), sale.id, 100, 200).await;
    assert_eq!(calls, 0, "200 presses after the sell-out, no Redis call");
    assert_eq!(memo.hits(), 201);

    // A restock through this process ends the memo at once: the next press buys.
    let restocked = store
        .restock_sale(sale.id, 2, clock.now())
        .await
        .expect("restock")
        .expect("active sale");
    gate.raise_stock(sale.id, restocked.after)
        .await
        .expect("raise");
    for n in 1_000..1_002 {
        assert!(matches!(
            press(&purchases, sale.id, n).await,
            PurchaseResult::Won { .. }
        ));
    }
    sold_out_presses(&purchases, &redis.url(), sale.id, 1_002, 1).await;
    let calls = sold_out_presses(&purchases, &redis.url(), sale.id, 1_100, 50).await;
    assert_eq!(calls, 0, "sold out again: the memo is back");

    // Unpaid orders expire: their release ends the memo at once, the units sell again.
    clock.advance(ChronoDuration::minutes(11));
    let expiry = ExpiryWorker::new(
        store.clone(),
        gate.clone(),
        clock.clone() as Arc<dyn Clock>,
        Arc::new(Texts::load()),
    );
    assert_eq!(expiry.step().await.expect("expiry").units_released, 5);
    for n in 2_000..2_005 {
        assert!(matches!(
            press(&purchases, sale.id, n).await,
            PurchaseResult::Won { .. }
        ));
    }
    let live = store.sale_counts(sale.id).await.expect("counts").live_units;
    assert_eq!(live, 5, "never more than the stock");
}

#[tokio::test]
async fn units_put_back_by_another_instance_sell_here_once_the_memo_life_has_passed() {
    let redis = PrivateRedis::start().await;
    let (store, _db) = fresh_postgres("sold_out_memo_two").await;
    let clock = Arc::new(ManualClock::new(t0() + ChronoDuration::seconds(1)));
    let sale = store
        .create_sale(&draft_at(1, 1, t0()), t0())
        .await
        .expect("sale");
    let prefix = format!("{}:", unique("memo2"));
    let a = SoldOutMemo::new(redis_gate(redis.url(), &prefix, clock.clone(), &store).await);
    let b = SoldOutMemo::new(redis_gate(redis.url(), &prefix, clock.clone(), &store).await);
    let seed = store
        .load_gate_seed(sale.id)
        .await
        .expect("seed")
        .expect("sale");
    a.load(&seed, LoadMode::Replace).await.expect("load");
    let one = Quantity::parse(1).expect("qty");
    let bought = a
        .try_buy(sale.id, user(1), one, &req("a-1"))
        .await
        .expect("gate");
    assert!(matches!(bought, BuyOutcome::Reserved { .. }), "{bought:?}");
    let refused = b
        .try_buy(sale.id, user(2), one, &req("b-2"))
        .await
        .expect("gate");
    assert_eq!(refused, BuyOutcome::SoldOut);
    assert!(
        b.known_sold_out(sale.id),
        "instance B remembers the sell-out"
    );

    // Instance A releases the unit; B has no way to hear of it but its next gate answer.
    a.release(sale.id, &req("a-1")).await.expect("release");
    tokio::time::sleep(MEMO_LIFE * 2).await;
    assert!(!b.known_sold_out(sale.id), "the memo has aged out");
    let bought = b
        .try_buy(sale.id, user(3), one, &req("b-3"))
        .await
        .expect("gate");
    assert!(matches!(bought, BuyOutcome::Reserved { .. }), "{bought:?}");
}
