//! `flashsale bench-announce` as scripts call it, and the pace variables checked at start.

use serde_json::Value;

use crate::support::db::{fresh_postgres_url, fresh_sqlite_url};
use crate::support::run_flashsale as flashsale;

fn run(db: &str, extra: &[&str]) -> Value {
    let mut args = vec!["bench-announce", "--recipients", "200", "--json"];
    args.extend_from_slice(extra);
    let out = flashsale(&args, &[("DATABASE_URL", db)]);
    assert!(
        out.status.success(),
        "bench-announce failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("one JSON object")
}

#[tokio::test]
async fn bench_announce_delivers_each_recipient_once_within_the_rate_on_both_stores() {
    let (sqlite, _dir) = fresh_sqlite_url();
    let postgres = fresh_postgres_url("annbench").await;
    for (db, extra) in [
        (sqlite.as_str(), &["--per-sec", "400"][..]),
        (postgres.as_str(), &["--per-sec", "400", "--paid"][..]),
    ] {
        let r = run(db, extra);
        assert_eq!(r["recipients"], 200);
        assert_eq!(r["delivered"], 200, "{r}");
        assert_eq!(r["duplicates"], 0, "{r}");
        assert!(
            r["busiest_second"].as_u64().is_some_and(|n| n <= 400),
            "{r}"
        );
        assert_eq!(r["ideal_seconds"], 0.5);
        assert!(r["ratio"].as_f64().is_some_and(|x| x >= 0.9), "{r}");
    }
}

#[test]
fn bad_rates_are_refused_with_the_variable_or_flag_named() {
    for bad in ["0", "-1", "fast"] {
        let out = flashsale(&["migrate"], &[("OUTBOX_PER_SEC", bad)]);
        assert_eq!(out.status.code(), Some(2), "OUTBOX_PER_SEC={bad}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("OUTBOX_PER_SEC"), "{err}");
        assert_eq!(err.trim().lines().count(), 1, "one clear line: {err}");
    }
    let out = flashsale(&["migrate"], &[("OUTBOX_PAID_PER_SEC", "0")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("OUTBOX_PAID_PER_SEC"));
    let out = flashsale(&["bench-announce", "--per-sec", "0"], &[]);
    assert_eq!(out.status.code(), Some(2), "clap refuses a zero rate");
}
