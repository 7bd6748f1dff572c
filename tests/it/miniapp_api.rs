//! The Mini App's API over real HTTP: initData refused in every way it can be wrong (with
//! nothing changed), the shapes the page reads, buying through the same path as the chat
//! (won, retried key, limit, sold out, not started, captcha), orders, Pay, Cancel, the
//! waitlist, hostile bodies, and a stampede of 2,000 signed buyers on both gates.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use chrono::Duration;
use flashsale::domain::Currency;
use serde_json::{Value, json};

use crate::support::miniapp::{
    MiniAppHarness, MiniAppOptions, buy_body, now_secs, sign_init_data, start_miniapp,
};

async fn orders_of(app: &MiniAppHarness, init: &str) -> Vec<Value> {
    let (status, body) = app.get("/app/api/orders", Some(init)).await;
    assert_eq!(status, 200, "{body}");
    body["orders"].as_array().cloned().unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_init_data_is_refused_with_401_and_nothing_changes() {
    let app = start_miniapp(MiniAppOptions::default()).await;
    let sale = app.live_sale("Refused Mug", 5, 2).await;
    let good = app.init_data(501, "en");
    let (_, won) = app.buy(&good, sale, 1, "refused-key-0").await;
    let order = won["order"]["id"].as_i64().expect("an order to protect");
    let forged = sign_init_data(
        &flashsale::miniapp::WebAppKey::random(),
        501,
        "en",
        now_secs(),
    );
    let altered = good.replace("501", "502");
    let stale = sign_init_data(&app.key, 501, "en", now_secs() - 3_601);
    let future = sign_init_data(&app.key, 501, "en", now_secs() + 3_600);
    let cases: [(&str, Option<&str>); 5] = [
        ("forged", Some(&forged)),
        ("altered", Some(&altered)),
        ("stale", Some(&stale)),
        ("future", Some(&future)),
        ("missing", None),
    ];
    for (what, init) in cases {
        let (status, body) = app
            .post("/app/api/buy", init, buy_body(sale, 1, "refused-key-1"))
            .await;
        assert_eq!(status, 401, "{what}: {body}");
        assert_eq!(body["error"], "unauthorized", "{what}");
        assert!(
            body["message"].as_str().is_some_and(|m| !m.is_empty()),
            "{what}"
        );
        let (status, _) = app.get("/app/api/sales", init).await;
        assert_eq!(status, 401, "{what}");
        for path in [
            "/app/api/me".to_owned(),
            "/app/api/orders".to_owned(),
            format!("/app/api/sales/{}", sale.get()),
        ] {
            let (status, _) = app.get(&path, init).await;
            assert_eq!(status, 401, "{what} {path}");
        }
        for path in [
            format!("/app/api/orders/{order}/cancel"),
            format!("/app/api/orders/{order}/pay"),
            "/app/api/waitlist".to_owned(),
        ] {
            let (status, _) = app.post(&path, init, json!({"sale": sale.get()})).await;
            assert_eq!(status, 401, "{what} {path}");
        }
    }
    // Localized by Accept-Language.
    let (status, zh) = app
        .post_raw(
            "/app/api/buy",
            None,
            "{}".into(),
            &[("Accept-Language", "zh-CN,zh;q=0.9")],
        )
        .await;
    assert_eq!(status, 401);
    assert!(
        zh["message"]
            .as_str()
            .is_some_and(|m| m.contains("Telegram") && !m.contains("Please")),
        "{zh}"
    );
    let counts = app.store.sale_counts(sale).await.expect("counts");
    assert_eq!(counts.remaining(), 4, "nothing more was bought");
    let orders = orders_of(&app, &good).await;
    assert_eq!(orders.len(), 1, "{orders:?}");
    assert_eq!(orders[0]["status"], "pending", "not cancelled");
    assert_eq!(app.fake.count_of("createinvoicelink"), 0);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sales_me_and_one_sale_have_the_shapes_the_page_reads() {
    let app = start_miniapp(MiniAppOptions::default()).await;
    let live = app.live_sale("Live Lamp", 10, 3).await;
    let soon = app.upcoming_sale("Soon Sofa", 4, 1).await;
    let init = app.init_data(601, "zh-hans");

    let (status, me) = app.get("/app/api/me", Some(&init)).await;
    assert_eq!(status, 200, "{me}");
    assert_eq!(me["lang"], "zh-CN");
    assert_eq!(me["user"]["id"], 601);
    assert!(me["now_ms"].as_i64().is_some());
    assert!(me["texts"].is_object());

    let (status, list) = app.get("/app/api/sales", Some(&init)).await;
    assert_eq!(status, 200, "{list}");
    let sales = list["sales"].as_array().expect("sales");
    let ids: Vec<i64> = sales.iter().filter_map(|s| s["id"].as_i64()).collect();
    assert_eq!(ids, vec![live.get(), soon.get()], "soonest first");
    let first = &sales[0];
    for field in [
        "id",
        "title",
        "price_text",
        "price_minor",
        "currency",
        "starts_at_ms",
        "ends_at_ms",
        "state",
        "stock_left",
        "stock_total",
        "per_user_limit",
        "held",
        "captcha",
    ] {
        assert!(!first[field].is_null(), "{field} in {first}");
    }
    assert_eq!(first["state"], "live");
    assert_eq!(first["stock_left"], 10);
    assert_eq!(first["price_text"], "¥99.00");
    assert_eq!(sales[1]["state"], "upcoming");

    let (status, one) = app
        .get(&format!("/app/api/sales/{}", soon.get()), Some(&init))
        .await;
    assert_eq!(status, 200, "{one}");
    assert_eq!(one["sale"]["title"], "Soon Sofa");
    assert_eq!(one["lang"], "zh-CN");
    let (status, missing) = app.get("/app/api/sales/999999", Some(&init)).await;
    assert_eq!(status, 404);
    assert_eq!(missing["error"], "not_found");
    let (status, _) = app.get("/app/api/sales/abc", Some(&init)).await;
    assert_eq!(status, 404);

    // The page itself, embedded.
    let page = app
        .client
        .get(format!("{}/app/", app.base))
        .send()
        .await
        .expect("page");
    assert_eq!(page.status(), 200);
    let kind = page.headers()["content-type"]
        .to_str()
        .unwrap_or_default()
        .to_owned();
    assert!(kind.starts_with("text/html"), "{kind}");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_web_buy_wins_once_and_a_retried_key_gets_the_same_order() {
    let app = start_miniapp(MiniAppOptions::default()).await;
    let sale = app.live_sale("Won Watch", 5, 2).await;
    let init = app.init_data(701, "en");
    let (status, won) = app.buy(&init, sale, 1, "key-won-0001").await;
    assert_eq!(status, 200, "{won}");
    assert_eq!(won["outcome"], "won", "{won}");
    assert!(
        won["message"]
            .as_str()
            .is_some_and(|m| m.contains("Won Watch")),
        "{won}"
    );
    let order = won["order"]["id"].as_i64().expect("order id");
    assert_eq!(won["order"]["status"], "pending");
    assert_eq!(won["stock_left"], 4);

    let (status, again) = app.buy(&init, sale, 1, "key-won-0001").await;
    assert_eq!(status, 200, "{again}");
    assert_eq!(again["outcome"], "already_ordered", "{again}");
    assert_eq!(again["order"]["id"].as_i64(), Some(order));

    let orders = orders_of(&app, &init).await;
    assert_eq!(orders.len(), 1, "{orders:?}");
    assert_eq!(orders[0]["id"].as_i64(), Some(order));
    assert_eq!(orders[0]["can_cancel"], true);
    let counts = app.store.sale_counts(sale).await.expect("counts");
    assert_eq!(counts.remaining(), 4, "one unit");
    let (_, now) = app
        .get(&format!("/app/api/sales/{}", sale.get()), Some(&init))
        .await;
    assert_eq!(now["sale"]["held"], 1, "{now}");
    assert_eq!(now["sale"]["stock_left"], 4, "{now}");

    let told = app.outbox_to(701).await;
    assert_eq!(told.len(), 1, "one 'you won' in the chat");
    assert!(told[0].body.contains("Won Watch"), "{}", told[0].body);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn limit_sold_out_and_not_started_are_outcomes() {
    let app = start_miniapp(MiniAppOptions::default()).await;
    let sale = app.live_sale("Tiny Teapot", 2, 1).await;
    let soon = app.upcoming_sale("Later Lens", 3, 1).await;
    let a = app.init_data(801, "en");
    let b = app.init_data(802, "en");
    let c = app.init_data(803, "en");
    let (_, first) = app.buy(&a, sale, 1, "key-a-00001").await;
    assert_eq!(first["outcome"], "won", "{first}");
    let (_, limit) = app.buy(&a, sale, 1, "key-a-00002").await;
    assert_eq!(limit["outcome"], "limit", "{limit}");
    let (_, second) = app.buy(&b, sale, 1, "key-b-00001").await;
    assert_eq!(second["outcome"], "won", "{second}");
    let (_, sold_out) = app.buy(&c, sale, 1, "key-c-00001").await;
    assert_eq!(sold_out["outcome"], "sold_out", "{sold_out}");
    let (_, early) = app.buy(&c, soon, 1, "key-c-00002").await;
    assert_eq!(early["outcome"], "not_started", "{early}");
    let (_, zero) = app.buy(&c, sale, 0, "key-c-00003").await;
    assert_eq!(zero["outcome"], "invalid", "{zero}");
    let (status, _) = app.buy(&c, sale, 1, "bad key").await;
    assert_eq!(status, 400, "a key outside [A-Za-z0-9_-]{{8,64}}");

    // Sold out: the waitlist.
    let (status, joined) = app
        .post("/app/api/waitlist", Some(&c), json!({"sale": sale.get()}))
        .await;
    assert_eq!(status, 200, "{joined}");
    assert_eq!(joined["joined"], true, "{joined}");
    assert!(joined["message"].as_str().is_some_and(|m| !m.is_empty()));
    let (status, _) = app
        .post("/app/api/waitlist", Some(&c), json!({"sale": 987654}))
        .await;
    assert_eq!(status, 404);
    let counts = app.store.sale_counts(sale).await.expect("counts");
    assert_eq!(counts.remaining(), 0);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancel_gives_the_unit_back_and_pay_returns_an_invoice_link() {
    let app = start_miniapp(MiniAppOptions::default()).await;
    let stars = app
        .sale_with(
            "Star Sticker",
            5,
            2,
            Duration::minutes(-1),
            false,
            Currency::Xtr,
        )
        .await;
    let init = app.init_data(901, "en");
    let (_, won) = app.buy(&init, stars, 1, "key-pay-0001").await;
    assert_eq!(won["outcome"], "won", "{won}");
    let order = won["order"]["id"].as_i64().expect("order");
    assert_eq!(won["order"]["can_pay"], true, "{won}");

    let (status, paid) = app
        .post(
            &format!("/app/api/orders/{order}/pay"),
            Some(&init),
            json!({}),
        )
        .await;
    assert_eq!(status, 200, "{paid}");
    let link = paid["invoice_link"].as_str().expect("link");
    assert!(link.starts_with("https://t.me/$"), "{link}");
    let calls = app.fake.calls_of("createinvoicelink");
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].body["currency"], "XTR");
    assert_eq!(calls[0].body["payload"], format!("order:{order}"));

    // Someone else's order is unknown to them.
    let other = app.init_data(902, "en");
    let (status, _) = app
        .post(
            &format!("/app/api/orders/{order}/pay"),
            Some(&other),
            json!({}),
        )
        .await;
    assert_eq!(status, 404);
    let (status, _) = app
        .post(
            &format!("/app/api/orders/{order}/cancel"),
            Some(&other),
            json!({}),
        )
        .await;
    assert_eq!(status, 404);

    let (status, cancelled) = app
        .post(
            &format!("/app/api/orders/{order}/cancel"),
            Some(&init),
            json!({}),
        )
        .await;
    assert_eq!(status, 200, "{cancelled}");
    assert_eq!(cancelled["order"]["status"], "cancelled", "{cancelled}");
    assert_eq!(cancelled["order"]["can_pay"], false);
    assert!(cancelled["message"].as_str().is_some_and(|m| !m.is_empty()));
    let counts = app.store.sale_counts(stars).await.expect("counts");
    assert_eq!(counts.remaining(), 5, "the unit is back");
    // Paying a cancelled order is refused, politely.
    let (status, refused) = app
        .post(
            &format!("/app/api/orders/{order}/pay"),
            Some(&init),
            json!({}),
        )
        .await;
    assert_eq!(status, 409, "{refused}");
    assert!(refused["message"].as_str().is_some_and(|m| !m.is_empty()));
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_bodies_get_413_and_polite_localized_400s() {
    let app = start_miniapp(MiniAppOptions::default()).await;
    let sale = app.live_sale("Body Bag", 5, 1).await;
    let en = app.init_data(1101, "en");
    let zh = app.init_data(1102, "zh-CN");
    let big = format!(
        "{{\"sale\":{},\"quantity\":1,\"key\":\"k\",\"pad\":\"{}\"}}",
        sale.get(),
        "x".repeat(8 * 1024)
    );
    let (status, body) = app.post_raw("/app/api/buy", Some(&en), big, &[]).await;
    assert_eq!(status, 413, "{body}");
    let (status, bad_en) = app
        .post_raw("/app/api/buy", Some(&en), "{not json".into(), &[])
        .await;
    assert_eq!(status, 400);
    assert_eq!(bad_en["error"], "bad_request");
    let (status, bad_zh) = app
        .post_raw("/app/api/buy", Some(&zh), "[1,2".into(), &[])
        .await;
    assert_eq!(status, 400);
    assert_ne!(bad_en["message"], bad_zh["message"], "localized: {bad_zh}");
    assert!(
        bad_zh["message"].as_str().is_some_and(|m| m.contains("请")),
        "{bad_zh}"
    );
    let (status, _) = app
        .post(
            "/app/api/buy",
            Some(&en),
            json!({"sale": "x", "quantity": -1}),
        )
        .await;
    assert_eq!(status, 400);
    let (status, _) = app.get("/app/api/nothing-here", Some(&en)).await;
    assert_eq!(status, 404);
    assert_eq!(
        app.store
            .sale_counts(sale)
            .await
            .expect("counts")
            .remaining(),
        5
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_captcha_sale_asks_first_then_buys_with_the_same_key() {
    let app = start_miniapp(MiniAppOptions::default()).await;
    let sale = app
        .sale_with(
            "Guarded Gin",
            5,
            1,
            Duration::minutes(-1),
            true,
            Currency::Cny,
        )
        .await;
    let init = app.init_data(1201, "en");
    let body = buy_body(sale, 1, "key-captcha-1");
    let (_, asked) = app.post("/app/api/buy", Some(&init), body.clone()).await;
    assert_eq!(asked["outcome"], "captcha", "{asked}");
    // The page's wording: sending the answer goes on with the buy (not "buy again").
    let told = asked["message"].as_str().unwrap_or_default();
    assert!(told.contains("send the answer"), "{told}");
    let token = asked["captcha"]["token"]
        .as_str()
        .expect("token")
        .to_owned();
    let question = asked["captcha"]["question"]
        .as_str()
        .expect("question")
        .to_owned();
    let sum = sum_of(&question);

    let mut wrong = body.clone();
    wrong["captcha"] = json!({"token": token, "answer": (sum + 1).to_string()});
    let (_, refused) = app.post("/app/api/buy", Some(&init), wrong).await;
    assert_eq!(refused["outcome"], "captcha_wrong", "{refused}");
    let token = refused["captcha"]["token"]
        .as_str()
        .expect("new token")
        .to_owned();
    let sum = sum_of(refused["captcha"]["question"].as_str().expect("question"));

    let mut right = body.clone();
    right["captcha"] = json!({"token": token, "answer": sum.to_string()});
    let (_, won) = app.post("/app/api/buy", Some(&init), right).await;
    assert_eq!(won["outcome"], "won", "{won}");
    assert_eq!(
        app.store
            .sale_counts(sale)
            .await
            .expect("counts")
            .remaining(),
        4
    );
    app.stop().await;
}

/// The sum a captcha question ("What is 3 + 4?") asks for.
fn sum_of(question: &str) -> u32 {
    let numbers: Vec<u32> = question
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|n| n.parse().ok())
        .collect();
    assert_eq!(numbers.len(), 2, "{question}");
    numbers.iter().sum()
}

/// 2,000 signed buyers at once over HTTP on 50 units (limit 1), every tenth retrying its
/// key: exactly 50 winners, 50 orders, 50 units sold, one order per retried key.
async fn stampede(options: MiniAppOptions) {
    const BUYERS: i64 = 2_000;
    const STOCK: u32 = 50;
    let app = Arc::new(start_miniapp(options).await);
    let sale = app.live_sale("Stampede Scooter", STOCK, 1).await;
    let gate = Arc::new(tokio::sync::Semaphore::new(256));
    let mut tasks = tokio::task::JoinSet::new();
    for user in 0..BUYERS {
        let (app, gate) = (app.clone(), gate.clone());
        tasks.spawn(async move {
            let _permit = gate.acquire_owned().await.expect("permit");
            let id = 20_000 + user;
            let init = app.init_data(id, "en");
            let key = format!("stampede-{id}");
            let tries = if user % 10 == 0 { 2 } else { 1 };
            let mut seen = Vec::new();
            for _ in 0..tries {
                let (status, body) = app.buy(&init, sale, 1, &key).await;
                assert_eq!(status, 200, "{body}");
                seen.push((
                    body["outcome"].as_str().unwrap_or_default().to_owned(),
                    body["order"]["id"].as_i64(),
                ));
            }
            (id, seen)
        });
    }
    let mut winners = 0;
    let mut order_of: HashMap<i64, HashSet<i64>> = HashMap::new();
    while let Some(done) = tasks.join_next().await {
        let (id, seen) = done.expect("task");
        for (outcome, order) in seen {
            assert!(
                ["won", "already_ordered", "sold_out", "try_again"].contains(&outcome.as_str()),
                "{outcome}"
            );
            if outcome == "won" {
                winners += 1;
            }
            if let Some(order) = order {
                order_of.entry(id).or_default().insert(order);
            }
        }
    }
    assert_eq!(winners, STOCK as usize, "winners == stock");
    assert!(order_of.values().all(|o| o.len() == 1), "one order per key");
    let counts = app.store.sale_counts(sale).await.expect("counts");
    assert_eq!(counts.remaining(), 0);
    let orders = app.store.orders_for_sale(sale).await.expect("orders");
    assert_eq!(orders.len(), STOCK as usize, "orders == stock");
    let units: u32 = orders.iter().map(|o| o.quantity.get()).sum();
    assert_eq!(units, STOCK, "units sold == stock");
    let buyers: HashSet<i64> = orders.iter().map(|o| o.buyer.get()).collect();
    assert_eq!(buyers.len(), STOCK as usize, "no buyer twice");
    let later = chrono::Utc::now() + Duration::minutes(1);
    let told = app
        .store
        .claim_due_messages(later, 10_000)
        .await
        .expect("outbox");
    let wins = told
        .iter()
        .filter(|m| m.dedupe_key.starts_with("web-won:"))
        .count();
    assert_eq!(wins, STOCK as usize, "one 'you won' per winner");
    let app = Arc::into_inner(app).expect("only the test holds the app");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_api_stampede_on_the_embedded_gate_sells_exactly_the_stock() {
    stampede(MiniAppOptions::default()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_api_stampede_on_the_redis_gate_sells_exactly_the_stock() {
    stampede(MiniAppOptions {
        redis: true,
        postgres: true,
        ..MiniAppOptions::default()
    })
    .await;
}
