//! Gate preload: a sale is in the gate before its first press (loaded on creation, and by the
//! preload worker shortly before its start, also in a process started just before it), so a
//! stampede at the start reads no SQL on the press path.

use std::sync::Arc;
use std::sync::atomic::AtomicUsize;
use std::time::{Duration, Instant};

use chrono::Duration as ChronoDuration;
use flashsale::app::jobs::preload::PreloadWorker;
use flashsale::app::{PurchaseResult, Purchases};
use flashsale::bench::BotProcess;
use flashsale::clock::{Clock, ManualClock};
use flashsale::domain::{Currency, Money, SaleId};
use flashsale::orders::{OrderWriter, WriterConfig};
use flashsale::stock::{RedisGateConfig, SeedSource, StockGate};
use flashsale::store::Store;

use crate::support::admin::{ADMIN, press, typed};
use crate::support::app::GateKind;
use crate::support::bot::BUTTON_SECRET;
use crate::support::chaos::{Pause, stampede};
use crate::support::conv::bot_with;
use crate::support::db::{fresh_postgres, fresh_postgres_url, fresh_sqlite};
use crate::support::{draft_at, fake_bot, gates, real_time_sale, t0, unique};

const STOCK: u32 = 40;
const BUYERS: i64 = 200;

/// A gate of `kind` over `store`, and a purchase path through it.
async fn purchase_path(
    kind: GateKind,
    store: &Store,
    clock: Arc<ManualClock>,
) -> (Arc<dyn StockGate>, Purchases) {
    let source: Arc<dyn SeedSource> = Arc::new(store.clone());
    let gate: Arc<dyn StockGate> = match kind {
        GateKind::Embedded => Arc::new(gates::embedded(clock.clone(), source)),
        GateKind::Redis => Arc::new(gates::redis(clock.clone(), source).await),
        GateKind::RedisCluster => Arc::new(gates::redis_cluster(clock.clone(), source).await),
    };
    let (writer, _task) = OrderWriter::spawn(store.clone(), WriterConfig::default());
    let purchases = Purchases::new(
        gate.clone(),
        writer,
        store.clone(),
        clock as Arc<dyn Clock>,
        ChronoDuration::minutes(10),
    );
    (gate, purchases)
}

/// `BUYERS` buyers from `first` press at once; returns how many won.
async fn rush(purchases: &Purchases, sale: SaleId, first: i64) -> usize {
    let attempts = stampede(
        purchases.clone(),
        sale,
        first,
        BUYERS,
        32,
        3,
        Arc::new(AtomicUsize::new(0)),
        Pause::default(),
    )
    .await;
    attempts
        .iter()
        .filter(|a| matches!(a.result, PurchaseResult::Won { .. }))
        .count()
}

async fn preloaded_sale_reads_no_sql_at_its_start(kind: GateKind) {
    // The embedded gate runs on SQLite, as in the single binary; Redis on PostgreSQL.
    let (store, _db) = match kind {
        GateKind::Embedded => fresh_sqlite().await,
        _ => fresh_postgres("preload").await,
    };
    let clock = Arc::new(ManualClock::new(t0()));
    let soon = t0() + ChronoDuration::minutes(2);
    let later = t0() + ChronoDuration::hours(2);
    let soon_sale = store
        .create_sale(&draft_at(STOCK, 1, soon), t0())
        .await
        .expect("sale");
    let later_sale = store
        .create_sale(&draft_at(STOCK, 1, later), t0())
        .await
        .expect("sale");
    let (gate, purchases) = purchase_path(kind, &store, clock.clone()).await;
    let preload = PreloadWorker::new(store.clone(), gate.clone(), clock.clone());

    assert_eq!(preload.step().await.expect("preload"), 1);
    assert!(gate.snapshot(soon_sale.id).await.expect("gate").is_some());
    assert!(
        gate.snapshot(later_sale.id).await.expect("gate").is_none(),
        "a sale two hours away is not loaded yet"
    );
    assert_eq!(preload.step().await.expect("preload"), 0, "loaded once");

    clock.set(soon);
    let won = rush(&purchases, soon_sale.id, 1).await;
    assert_eq!(won, STOCK as usize);
    assert_eq!(
        gate.press_loads(),
        0,
        "no press of the preloaded sale read it from SQL"
    );

    // The same stampede on a sale nobody preloaded: its presses load it, once.
    clock.set(later);
    let won = rush(&purchases, later_sale.id, 10_000).await;
    assert_eq!(won, STOCK as usize);
    assert_eq!(gate.press_loads(), 1, "a cold sale is read from SQL once");
    let orders = store.orders_for_sale(soon_sale.id).await.expect("orders");
    assert_eq!(orders.len(), STOCK as usize, "every win has its order");
}

#[tokio::test]
async fn a_preloaded_sale_reads_no_sql_at_its_start_on_the_embedded_gate() {
    preloaded_sale_reads_no_sql_at_its_start(GateKind::Embedded).await;
}

#[tokio::test]
async fn a_preloaded_sale_reads_no_sql_at_its_start_on_redis() {
    preloaded_sale_reads_no_sql_at_its_start(GateKind::Redis).await;
}

async fn created_sale_is_in_the_gate(extra: &[(&str, &str)]) {
    let mut config = vec![("ADMIN_IDS", "900")];
    config.extend_from_slice(extra);
    let bot = bot_with(&config).await;
    let card = typed(
        &bot,
        ADMIN,
        "en",
        "/newsale “Kindle Paperwhite” price=999 stock=10 limit=2 start=\"tomorrow 20:00\" duration=1h",
    )
    .await;
    let out = press(&bot, ADMIN, &card, "Confirm").await;
    assert!(out.contains("created"), "{out}");
    let sale = bot.store.all_sales(1).await.expect("sales")[0].clone();
    let gate = bot.wired.purchases.gate();
    let snap = gate
        .snapshot(sale.id)
        .await
        .expect("gate")
        .expect("loaded on creation, a day before its start");
    assert_eq!(snap.remaining, 10);

    bot.clock
        .set(sale.draft.window.starts_at() + ChronoDuration::seconds(1));
    for buyer in 1..=3 {
        let r = bot
            .wired
            .purchases
            .buy(
                sale.id,
                crate::support::user(buyer),
                flashsale::domain::Quantity::parse(1).expect("qty"),
                &crate::support::req(&format!("created-{buyer}")),
            )
            .await;
        assert!(matches!(r, PurchaseResult::Won { .. }), "{r:?}");
    }
    assert_eq!(gate.press_loads(), 0, "no press read the new sale from SQL");
}

#[tokio::test]
async fn a_sale_created_with_newsale_is_in_the_embedded_gate_before_its_start() {
    created_sale_is_in_the_gate(&[]).await;
}

#[tokio::test]
async fn a_sale_created_with_newsale_is_in_the_redis_gate_before_its_start() {
    let url = gates::redis_url();
    let prefix = format!("{}:", unique("fs-preload-new"));
    created_sale_is_in_the_gate(&[("REDIS_URL", &url), ("REDIS_KEY_PREFIX", &prefix)]).await;
}

/// A restart: the sale was written before this process (and this Redis) knew of it. The
/// process that starts shortly before the sale loads it by itself, before any press.
#[tokio::test]
async fn a_serve_process_started_shortly_before_a_sale_preloads_it() {
    let fake = fake_bot::start().await;
    let db = fresh_postgres_url("preload_restart").await;
    let store = Store::open(&db, 2).await.expect("store");
    let price = Money::from_minor(9_900, Currency::Cny).expect("price");
    let soon = real_time_sale(&store, "Soon", price, 5, 1, ChronoDuration::minutes(3)).await;
    let later = real_time_sale(&store, "Later", price, 5, 1, ChronoDuration::hours(3)).await;
    let prefix = format!("{}:", unique("fs-preload-restart"));
    let env: Vec<(String, String)> = [
        ("DATABASE_URL", db.clone()),
        ("REDIS_URL", gates::redis_url()),
        ("REDIS_KEY_PREFIX", prefix.clone()),
        ("TELEGRAM_BOT_TOKEN", "123:TEST".to_owned()),
        ("TELEGRAM_API_URL", fake.url.clone()),
        ("BUTTON_SECRET", BUTTON_SECRET.to_owned()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    let reader = flashsale::stock::RedisGate::connect(
        RedisGateConfig::new(gates::redis_url(), prefix),
        Arc::new(ManualClock::new(chrono::Utc::now())) as Arc<dyn Clock>,
        Arc::new(store.clone()) as Arc<dyn SeedSource>,
    )
    .await
    .expect("redis");
    assert!(reader.snapshot(soon).await.expect("redis").is_none());

    let bot = BotProcess::start(std::path::Path::new(env!("CARGO_BIN_EXE_flashsale")), &env)
        .expect("serve starts");
    let deadline = Instant::now() + Duration::from_secs(60);
    while reader.snapshot(soon).await.expect("redis").is_none() {
        assert!(
            Instant::now() < deadline,
            "the sale starting in 3 minutes was not preloaded"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let snap = reader.snapshot(soon).await.expect("redis").expect("loaded");
    assert_eq!(snap.remaining, 5);
    assert!(
        reader.snapshot(later).await.expect("redis").is_none(),
        "a sale three hours away waits"
    );
    assert_eq!(
        bot.counter("flashsale_gate_press_loads_total").await,
        0,
        "nobody pressed; the load came from the preload"
    );
    bot.stop(Duration::from_secs(30)).await.expect("clean stop");
    store.close().await;
}
