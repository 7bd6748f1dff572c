//! The HTTP port's probes over real HTTP: `/readyz` follows SQL and the Redis gate,
//! `/metrics` shows buy outcomes and gate latency after real purchases.

use flashsale::domain::Quantity;
use flashsale::http::{HttpServer, Probes, router};

use crate::support::app::{GateKind, Shop};
use crate::support::db::fresh_sqlite;
use crate::support::{req, user};

async fn get(addr: std::net::SocketAddr, path: &str) -> (u16, String) {
    let r = reqwest::get(format!("http://{addr}{path}"))
        .await
        .expect("GET");
    let status = r.status().as_u16();
    (status, r.text().await.expect("body"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readyz_follows_sql_and_the_gate_and_metrics_count_real_purchases() {
    let shop = Shop::open(GateKind::Redis, fresh_sqlite().await, 1, 1).await;
    let sale = shop.sale.id;
    let probes = Probes {
        store: shop.store.clone(),
        gate: shop.purchases.gate().clone(),
    };
    let _ = flashsale::metrics::handle();
    let tcp = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("port");
    let addr = tcp.local_addr().expect("addr");
    let server = HttpServer::spawn(tcp, router(None, probes));

    let (status, body) = get(addr, "/readyz").await;
    assert_eq!(status, 200, "{body}");
    assert!(
        body.contains("\"sql\":\"ok\"") && body.contains("\"gate\":\"ok\""),
        "{body}"
    );

    let one = Quantity::parse(1).expect("qty");
    shop.purchases.buy(sale, user(1), one, &req("m-1")).await;
    shop.purchases.buy(sale, user(2), one, &req("m-2")).await;
    let (status, text) = get(addr, "/metrics").await;
    assert_eq!(status, 200);
    assert!(
        text.contains("flashsale_buy_outcomes_total{outcome=\"won\"}"),
        "{text}"
    );
    assert!(
        text.contains("flashsale_buy_outcomes_total{outcome=\"sold_out\"}"),
        "{text}"
    );
    assert!(text.contains("flashsale_gate_seconds_bucket"), "{text}");
    assert!(text.contains("flashsale_order_batch_size_bucket"), "{text}");

    // With SQL gone, the instance says it is not ready (and which part is down).
    shop.store.close().await;
    let (status, body) = get(addr, "/readyz").await;
    assert_eq!(status, 503, "{body}");
    assert!(body.contains("\"sql\":\"down\""), "{body}");
    server.stop().await.expect("stops");
}
