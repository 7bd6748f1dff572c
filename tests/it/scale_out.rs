//! Scale-out: three real `flashsale serve` processes in webhook mode behind one Redis and
//! one PostgreSQL, webhook updates spread round-robin; one stampede has exactly `stock`
//! winners with an order each, and one user hammering every instance gets one shared limit.

use std::time::Duration;

use flashsale::bench::scale::{ScaleSettings, run_scale_bench};

use crate::support::db::fresh_postgres_url;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_webhook_instances_share_one_stock_and_one_rate_limit() {
    let settings = ScaleSettings {
        exe: env!("CARGO_BIN_EXE_flashsale").into(),
        instances: 3,
        users: 300,
        stock: 40,
        hammer: 30,
        messages_per_min: 6,
        database_url: fresh_postgres_url("scale").await,
        redis_url: "redis://127.0.0.1:6379".into(),
        timeout: Duration::from_secs(90),
        sold_out_memo: true,
    };
    let r = run_scale_bench(&settings).await.expect("the run completes");

    assert_eq!(r.answered, 300, "every press answered: {r:?}");
    assert_eq!(r.answered_twice, 0, "{r:?}");
    assert_eq!(r.won, 40, "exactly stock winners: {r:?}");
    assert_eq!(r.orders_in_db, 40, "one order per winner: {r:?}");
    assert_eq!(r.told_vs_orders_mismatch, 0, "{r:?}");
    assert_eq!(r.presses_per_instance, vec![100, 100, 100]);
    assert_eq!(r.cpu_ms_per_instance.len(), 3);

    // 30 messages over three instances: local limits would answer 3 × 6 = 18; the shared
    // one answers the allowance (6 plus what refilled while the hammer ran) and no more.
    assert!(r.hammer_answered >= 6, "{r:?}");
    assert!(r.hammer_answered <= r.hammer_allowed, "{r:?}");
    assert!(r.hammer_answered < 18, "the limit is shared: {r:?}");
    assert!(r.hammer_told_slow_down >= 1, "{r:?}");
}
