//! How long an admin's `/stock` takes with 50 live sales (issue target: < 100 ms), through
//! the real assistant and store: `DATABASE_URL` (a fresh PostgreSQL database; scripts/bench.sh
//! makes one) or a temporary SQLite file. `cargo bench --bench stock_overview` times 200
//! answers; under `cargo test` it answers 5 as a smoke check. Prints one JSON line.

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use flashsale::app::{ChatId, Content, Inbound, Wired};
use flashsale::clock::{Clock, ManualClock};
use flashsale::config::Config;
use flashsale::domain::{
    Currency, Money, PerUserLimit, Quantity, RequestId, SaleDraft, SaleWindow, Stock, Title, UserId,
};
use flashsale::store::NewOrder;

const SALES: usize = 50;
const ADMIN: i64 = 900;

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let runs = if full { 200 } else { 5 };
    let dir = tempfile::tempdir().expect("temp dir");
    let url = std::env::var("DATABASE_URL").unwrap_or_else(|_| {
        format!(
            "sqlite://{}?mode=rwc",
            dir.path().join("stock.db").display()
        )
    });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let timings = runtime.block_on(async {
        let config = Config::from_lookup(|k| match k {
            "DATABASE_URL" => Some(url.clone()),
            "ADMIN_IDS" => Some(ADMIN.to_string()),
            "LIMIT_MESSAGES_PER_MIN" => Some("100000".into()),
            _ => None,
        })
        .expect("config");
        let now = Utc::now();
        let clock = Arc::new(ManualClock::new(now));
        let wired = Wired::build(&config, clock as Arc<dyn Clock>)
            .await
            .expect("wired");
        for n in 0..SALES {
            let draft = SaleDraft::new(
                Title::parse(&format!("Bench sale {n}")).expect("title"),
                vec![format!("bench{n}")],
                Money::from_minor(9_900, Currency::Cny).expect("price"),
                Stock::parse(1_000).expect("stock"),
                PerUserLimit::parse(5).expect("limit"),
                SaleWindow::new(
                    now - chrono::Duration::minutes(1),
                    now + chrono::Duration::hours(1),
                )
                .expect("window"),
                UserId::parse(ADMIN).expect("user"),
            )
            .expect("draft");
            let sale = wired.store.create_sale(&draft, now).await.expect("sale");
            // Twenty orders each, so the counts have rows to add up.
            let orders: Vec<NewOrder> = (0..20)
                .map(|b| NewOrder {
                    sale: sale.id,
                    buyer: UserId::parse(10_000 + b).expect("buyer"),
                    quantity: Quantity::parse(1).expect("qty"),
                    request: RequestId::parse(&format!("so-{n}-{b}")).expect("request"),
                    created_at: now,
                    pay_deadline: now + chrono::Duration::minutes(10),
                    source: None,
                    token: None,
                })
                .collect();
            wired.store.insert_orders(&orders).await.expect("orders");
        }
        let mut timings = Vec::with_capacity(runs);
        for i in 0..runs {
            let started = Instant::now();
            let replies = wired
                .assistant
                .handle(Inbound {
                    chat: ChatId(ADMIN),
                    user: UserId::parse(ADMIN).expect("admin"),
                    language_code: Some("en".into()),
                    content: Content::Text("/stock".into()),
                    request: RequestId::parse(&format!("stock-{i}")).expect("request"),
                })
                .await;
            timings.push(started.elapsed());
            let text = replies.first().map(|r| r.text.as_str()).unwrap_or_default();
            assert!(text.contains(&SALES.to_string()), "the overview: {text}");
        }
        timings
    });
    let mut sorted = timings.clone();
    sorted.sort();
    let at = |q: f64| sorted[((sorted.len() - 1) as f64 * q).round() as usize];
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let backend = if url.starts_with("postgres") {
        "postgres"
    } else {
        "sqlite"
    };
    println!(
        "{}",
        serde_json::json!({
            "bench": "stock_overview", "backend": backend, "live_sales": SALES, "runs": runs,
            "p50_ms": ms(at(0.5)), "p99_ms": ms(at(0.99)), "max_ms": ms(at(1.0)),
        })
    );
}
