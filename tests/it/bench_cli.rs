//! The command line as users and scripts call it: `bench`, `bench-telegram`, `migrate`,
//! `reconcile`, bad input.

use serde_json::Value;

use crate::support::db::{fresh_postgres_url, fresh_sqlite_url};
use crate::support::run_flashsale as flashsale;

fn bench_json(backend: &str, buyers: &str, stock: &str, db: &str) -> Value {
    let out = flashsale(
        &[
            "bench",
            "--backend",
            backend,
            "--buyers",
            buyers,
            "--stock",
            stock,
            "--per-user-limit",
            "1",
            "--json",
        ],
        &[("DATABASE_URL", db)],
    );
    assert!(
        out.status.success(),
        "bench failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("one JSON object")
}

fn assert_contract_keys(v: &Value) {
    for key in [
        "backend",
        "buyers",
        "stock",
        "sold",
        "oversold",
        "orders_in_db",
        "duplicates_accepted",
        "decisions_per_sec",
        "p50_us",
        "p99_us",
    ] {
        assert!(v.get(key).is_some(), "missing {key} in {v}");
    }
}

#[test]
fn the_embedded_bench_sells_exactly_the_stock_into_sqlite() {
    let (db, _dir) = fresh_sqlite_url();
    let v = bench_json("embedded", "2000", "100", &db);
    assert_contract_keys(&v);
    assert_eq!(v["backend"], "embedded");
    assert_eq!(
        (v["sold"].as_u64(), v["oversold"].as_u64()),
        (Some(100), Some(0))
    );
    assert_eq!(v["orders_in_db"], v["sold"]);
    assert_eq!(v["duplicates_accepted"], 0);
}

#[tokio::test]
async fn the_redis_bench_sells_exactly_the_stock_into_postgres() {
    let db = fresh_postgres_url("bench").await;
    let v = tokio::task::spawn_blocking(move || bench_json("redis", "3000", "200", &db))
        .await
        .expect("bench");
    assert_contract_keys(&v);
    assert_eq!(
        (v["sold"].as_u64(), v["oversold"].as_u64()),
        (Some(200), Some(0))
    );
    assert_eq!(v["orders_in_db"], v["sold"]);
    assert_eq!(v["duplicates_accepted"], 0);
    assert_eq!(v["database"], "postgres");
}

#[tokio::test]
async fn the_naive_baseline_reports_what_it_stored_even_when_it_oversells() {
    let db = fresh_postgres_url("naive").await;
    let v = tokio::task::spawn_blocking(move || bench_json("naive-sql", "300", "20", &db))
        .await
        .expect("bench");
    assert_contract_keys(&v);
    let (sold, stock) = (v["sold"].as_u64().expect("sold"), 20);
    assert_eq!(v["orders_in_db"].as_u64(), Some(sold));
    assert_eq!(v["oversold"].as_u64(), Some(sold.saturating_sub(stock)));
    assert!(
        sold >= stock,
        "with 300 buyers the baseline sells at least its stock"
    );
}

#[test]
fn the_telegram_bench_answers_every_press_and_sells_exactly_the_stock_on_a_throwaway_sqlite() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let latencies = dir.path().join("latencies.txt");
    let out = flashsale(
        &[
            "bench-telegram",
            "--users",
            "150",
            "--stock",
            "10",
            "--within-ms",
            "200",
            "--rounds",
            "2",
            "--latencies",
            latencies.to_str().expect("a UTF-8 path"),
            "--json",
        ],
        &[],
    );
    assert!(
        out.status.success(),
        "bench-telegram failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    for key in [
        "users",
        "stock",
        "answered",
        "won",
        "orders_in_db",
        "oversold",
        "p50_ms",
        "p99_ms",
        "max_ms",
        "seconds",
        "cpu_us_per_press",
        "baseline_cpu_us_per_press",
        "baseline_p50_ms",
        "baseline_p99_ms",
        "winners_p50_ms",
        "winners_max_ms",
        "losers_p99_ms",
    ] {
        assert!(v.get(key).is_some(), "missing {key} in {v}");
    }
    assert_eq!(
        v["baseline_answered"].as_u64(),
        v["answered"].as_u64(),
        "the bare bot and the bot answer the same presses: {v}"
    );
    assert_eq!(
        (
            v["answered"].as_u64(),
            v["won"].as_u64(),
            v["orders_in_db"].as_u64()
        ),
        (Some(300), Some(20), Some(20)),
        "two rounds of 150 users for 10 units each: {v}"
    );
    assert_eq!(
        (
            v["users"].as_u64(),
            v["stock"].as_u64(),
            v["rounds"].as_u64(),
            v["users_per_round"].as_u64()
        ),
        (Some(300), Some(20), Some(2), Some(150)),
        "{v}"
    );
    let rounds = v["per_round"].as_array().expect("per_round");
    assert_eq!(rounds.len(), 2, "{v}");
    // --latencies: every press of both bots in both rounds, the winners marked.
    let written = std::fs::read_to_string(&latencies).expect("the latencies file");
    let mut lines = written.lines();
    assert_eq!(lines.next(), Some("round who handed_ms latency_ms won"));
    let mut per_phase = std::collections::HashMap::<(String, String), (u32, u32)>::new();
    for line in lines {
        let f: Vec<&str> = line.split(' ').collect();
        assert_eq!(f.len(), 5, "{line}");
        let handed: f64 = f[2].parse().expect("handed_ms");
        let latency: f64 = f[3].parse().expect("latency_ms");
        assert!(handed >= 0.0 && latency >= 0.0, "{line}");
        let e = per_phase
            .entry((f[0].to_owned(), f[1].to_owned()))
            .or_default();
        e.0 += 1;
        e.1 += u32::from(f[4] == "1");
    }
    for round in ["1", "2"] {
        assert_eq!(
            per_phase[&(round.to_owned(), "bot".to_owned())],
            (150, 10),
            "{per_phase:?}"
        );
        assert_eq!(
            per_phase[&(round.to_owned(), "bare".to_owned())].0,
            150,
            "{per_phase:?}"
        );
    }
    assert_eq!(per_phase.len(), 4, "{per_phase:?}");
    for (i, r) in rounds.iter().enumerate() {
        assert_eq!(
            (
                r["answered"].as_u64(),
                r["baseline_answered"].as_u64(),
                r["won"].as_u64(),
                r["orders_in_db"].as_u64(),
                r["told_vs_orders_mismatch"].as_u64(),
                r["bare_first"].as_bool(),
            ),
            (
                Some(150),
                Some(150),
                Some(10),
                Some(10),
                Some(0),
                Some(i == 0)
            ),
            "round {i} sells exactly its own stock, the bare bot first in the first round: {r}"
        );
        assert!(r["p99_ratio"].as_f64().is_some(), "{r}");
    }
    assert_eq!(
        (v["oversold"].as_u64(), v["answered_twice"].as_u64()),
        (Some(0), Some(0))
    );
    assert_eq!(
        (v["gate"].as_str(), v["database"].as_str()),
        (Some("embedded"), Some("sqlite"))
    );
    assert_eq!(v["calibration"].as_bool(), Some(false), "{v}");
}

#[test]
fn a_calibration_run_puts_the_bare_bot_in_the_bots_place_and_buys_nothing() {
    let out = flashsale(
        &[
            "bench-telegram",
            "--users",
            "120",
            "--stock",
            "10",
            "--within-ms",
            "200",
            "--rounds",
            "1",
            "--calibrate",
            "--json",
        ],
        &[],
    );
    assert!(
        out.status.success(),
        "bench-telegram --calibrate failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    assert_eq!(v["calibration"].as_bool(), Some(true), "{v}");
    // Both phases ran the bare bot: every press answered by each, no one told they won,
    // no order written.
    assert_eq!(
        (
            v["answered"].as_u64(),
            v["baseline_answered"].as_u64(),
            v["won"].as_u64(),
            v["orders_in_db"].as_u64(),
            v["told_vs_orders_mismatch"].as_u64(),
        ),
        (Some(120), Some(120), Some(0), Some(0), Some(0)),
        "{v}"
    );
    for key in ["p99_ratio", "cpu_ratio", "p99_ms", "baseline_p99_ms"] {
        assert!(v[key].as_f64().is_some(), "missing {key} in {v}");
    }
}

#[test]
fn nonsense_bench_arguments_exit_2_with_a_clear_message() {
    for args in [
        vec!["--buyers", "0", "--stock", "10", "--per-user-limit", "1"],
        vec!["--buyers", "10", "--stock", "-1", "--per-user-limit", "1"],
        vec!["--buyers", "10", "--stock", "10", "--per-user-limit", "0"],
        vec!["--buyers", "10", "--stock", "1", "--per-user-limit", "2"],
        vec!["--buyers", "ten", "--stock", "10", "--per-user-limit", "1"],
    ] {
        let mut full = vec!["bench", "--backend", "embedded"];
        full.extend(args.iter().copied());
        let out = flashsale(&full, &[]);
        assert_eq!(out.status.code(), Some(2), "args {args:?}");
        assert!(!out.stderr.is_empty());
    }
}

#[test]
fn a_bad_variable_exits_2_naming_it() {
    let out = flashsale(&["migrate"], &[("DATABASE_URL", "mysql://nope")]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("DATABASE_URL") && err.lines().count() == 1,
        "{err}"
    );
    let out = flashsale(&["migrate"], &[("ADMIN_IDS", "1,x")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("ADMIN_IDS"));
}

#[test]
fn migrate_then_reconcile_work_on_a_fresh_database() {
    let (db, _dir) = fresh_sqlite_url();
    let out = flashsale(&["migrate"], &[("DATABASE_URL", &db)]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let first = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        first.starts_with("migrations applied: ") && !first.contains(": 0 new"),
        "{first}"
    );
    let out = flashsale(&["migrate"], &[("DATABASE_URL", &db)]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("migrations applied: 0 new"));
    let out = flashsale(&["reconcile"], &[("DATABASE_URL", &db)]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("0 sales checked, 0 drifted"));
}

#[test]
fn the_telegram_bench_over_a_webhook_answers_as_many_presses_as_its_bare_baseline() {
    let out = flashsale(
        &[
            "bench-telegram",
            "--users",
            "100",
            "--stock",
            "10",
            "--within-ms",
            "100",
            "--delivery",
            "webhook",
            "--rounds",
            "1",
            "--json",
        ],
        &[],
    );
    assert!(
        out.status.success(),
        "bench-telegram --delivery webhook failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    assert_eq!(
        (
            v["answered"].as_u64(),
            v["baseline_answered"].as_u64(),
            v["won"].as_u64(),
            v["orders_in_db"].as_u64(),
            v["delivery"].as_str(),
        ),
        (Some(100), Some(100), Some(10), Some(10), Some("webhook")),
        "{v}"
    );
    for key in [
        "cpu_us_per_press",
        "baseline_cpu_us_per_press",
        "baseline_p99_ms",
    ] {
        assert!(v[key].as_f64().is_some(), "missing {key} in {v}");
    }
}
