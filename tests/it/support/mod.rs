//! Test fixtures: a fresh database or Redis key prefix per test, sales, gates and clocks.

pub mod admin;
pub mod app;
pub mod bot;
pub mod browser;
pub mod chaos;
pub mod conv;
pub mod db;
pub mod fair;
pub mod fake_bot;
pub mod fuzz;
pub mod gates;
pub mod line;
pub mod miniapp;
pub mod page;
pub mod private_cluster;
pub mod private_services;
pub mod transcript;
pub mod webhook;

use chrono::{DateTime, Duration, TimeZone, Utc};
use flashsale::domain::{
    Currency, Money, PerUserLimit, RequestId, SaleDraft, SaleId, SaleWindow, Stock, Title, UserId,
};
use flashsale::stock::{LoadMode, StockGate};
use flashsale::store::Store;

/// The instant every test's manual clock starts at.
pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 12, 0, 0)
        .single()
        .expect("valid date")
}

/// An instant decades before any real "now": the clock-independence guards run the gate here.
pub fn far_past() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(1990, 3, 1, 8, 0, 0)
        .single()
        .expect("valid date")
}

/// An instant decades after any real "now".
pub fn far_future() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2101, 7, 1, 8, 0, 0)
        .single()
        .expect("valid date")
}

/// A sale draft live from `t0()` for an hour.
pub fn draft(stock: u32, limit: u32) -> SaleDraft {
    draft_at(stock, limit, t0())
}

/// A sale draft live from `start` for an hour.
pub fn draft_at(stock: u32, limit: u32, start: DateTime<Utc>) -> SaleDraft {
    SaleDraft::new(
        Title::parse("AirPods Pro 2").expect("title"),
        vec!["airpods".into(), "耳机".into()],
        Money::from_minor(129_900, Currency::Cny).expect("price"),
        Stock::parse(i64::from(stock)).expect("stock"),
        PerUserLimit::parse(i64::from(limit)).expect("limit"),
        SaleWindow::new(start, start + Duration::hours(1)).expect("window"),
        UserId::parse(1).expect("owner"),
    )
    .expect("draft")
}

/// A sale on the real clock, starting `starts_in` from now (negative: already live) and
/// lasting an hour, stored straight in `store` (for tests running the real `serve`).
pub async fn real_time_sale(
    store: &flashsale::store::Store,
    title: &str,
    price: Money,
    stock: u32,
    limit: u32,
    starts_in: Duration,
) -> flashsale::domain::SaleId {
    let start = Utc::now() + starts_in;
    let draft = SaleDraft::new(
        Title::parse(title).expect("title"),
        vec![
            title
                .split_whitespace()
                .next()
                .unwrap_or(title)
                .to_lowercase(),
        ],
        price,
        Stock::parse(i64::from(stock)).expect("stock"),
        PerUserLimit::parse(i64::from(limit)).expect("limit"),
        SaleWindow::new(start, start + Duration::hours(1)).expect("window"),
        UserId::parse(1).expect("owner"),
    )
    .expect("draft");
    store
        .create_sale(&draft, Utc::now())
        .await
        .expect("sale")
        .id
}

/// User id `n` (n > 0).
pub fn user(n: i64) -> UserId {
    UserId::parse(n).expect("positive user id")
}

/// A request id from text.
pub fn req(s: &str) -> RequestId {
    RequestId::parse(s).expect("valid request id")
}

/// A short random tag that keeps parallel tests apart.
pub fn unique(tag: &str) -> String {
    format!("{tag}{}", rand::random::<u32>())
}

/// Loads `sale` into `gate` as the store has it now, replacing what the gate held (a gate
/// rebuilt after Redis lost its keys, or a fresh process).
pub async fn reload_from_store(store: &Store, gate: &dyn StockGate, sale: SaleId) {
    let seed = store.load_gate_seed(sale).await.expect("seed");
    gate.load(&seed.expect("sale exists"), LoadMode::Replace)
        .await
        .expect("load");
}

/// Runs the `flashsale` binary with `args`, no `DATABASE_URL` or `REDIS_URL` from the
/// environment, and `env` set; what it printed and how it ended.
pub fn run_flashsale(args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_flashsale"));
    cmd.args(args)
        .env_remove("DATABASE_URL")
        .env_remove("REDIS_URL");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run flashsale")
}
