//! The Mini App over real HTTP for tests: the app wired as `serve` wires it (real store,
//! real gate, the order writer), its `/app` routes on a loopback port, initData signed with
//! the bot token's key, invoice links from a fake Bot API.
//!
//! Stable API (the browser tests use it too):
//! - [`sign_init_data`]`(key, user_id, lang, auth_date) -> String`;
//! - [`start_miniapp`]`(MiniAppOptions) -> MiniAppHarness` (`.base` is `http://127.0.0.1:<port>`);
//! - `MiniAppHarness::{init_data, get, post, live_sale, upcoming_sale, sale_with, outbox_to,
//!   stop}`.

use std::sync::Arc;

use chrono::{Duration, Utc};
use flashsale::app::Wired;
use flashsale::clock::{Clock, SystemClock};
use flashsale::config::Config;
use flashsale::domain::{
    Currency, Money, PerUserLimit, SaleDraft, SaleId, SaleWindow, Stock, Title, UserId,
};
use flashsale::http::HttpServer;
use flashsale::miniapp::{MiniApp, WebAppKey, WebAppUser};
use flashsale::sandbox::FakeBotApi;
use flashsale::store::{OutboxItem, Store};
use flashsale::telegram::mini_app::BotInvoiceLinks;
use serde_json::{Value, json};

use super::db::{DbGuard, fresh_postgres, fresh_sqlite};
use super::gates::redis_url;

/// The bot token the harness's initData is signed for.
pub const TEST_TOKEN: &str = "123:TEST";

/// initData for `user_id` speaking `lang`, signed with `key` at `auth_date` (unix seconds).
pub fn sign_init_data(key: &WebAppKey, user_id: i64, lang: &str, auth_date: i64) -> String {
    let user = WebAppUser {
        id: user_id,
        first_name: format!("User{user_id}"),
        language_code: Some(lang.to_owned()),
    };
    key.sign(&user, auth_date)
}

/// A Mini App buy request's body.
pub fn buy_body(sale: SaleId, qty: u32, key: &str) -> Value {
    json!({"sale": sale.get(), "quantity": qty, "key": key})
}

/// Unix seconds now (initData's `auth_date` is real time, as Telegram's is).
pub fn now_secs() -> i64 {
    Utc::now().timestamp()
}

/// Which gate and store the harness runs on, and extra environment variables.
#[derive(Debug, Clone, Default)]
pub struct MiniAppOptions {
    /// The Redis gate (a fresh key prefix) instead of the embedded one.
    pub redis: bool,
    /// PostgreSQL (a fresh database) instead of a SQLite file.
    pub postgres: bool,
    /// More variables (e.g. `LIMIT_*`), on top of the database, Redis and the token.
    pub env: Vec<(String, String)>,
}

/// The running Mini App and what a test inspects.
pub struct MiniAppHarness {
    /// `http://127.0.0.1:<port>`; the page is at `{base}/app/`.
    pub base: String,
    /// The key initData is signed with (the bot token's).
    pub key: WebAppKey,
    pub store: Store,
    /// The fake Bot API invoice links come from.
    pub fake: FakeBotApi,
    pub client: reqwest::Client,
    server: HttpServer,
    wired: Wired,
    _db: DbGuard,
}

/// Starts the Mini App on a loopback port.
pub async fn start_miniapp(options: MiniAppOptions) -> MiniAppHarness {
    let (store, db) = if options.postgres {
        fresh_postgres("miniapp").await
    } else {
        fresh_sqlite().await
    };
    store.close().await;
    let mut env: Vec<(String, String)> = vec![
        ("DATABASE_URL".into(), db.url.clone()),
        ("TELEGRAM_BOT_TOKEN".into(), TEST_TOKEN.into()),
    ];
    if options.redis {
        env.push(("REDIS_URL".into(), redis_url()));
        env.push((
            "REDIS_KEY_PREFIX".into(),
            super::unique("fs:miniapp:") + ":",
        ));
    }
    env.extend(options.env);
    let config = Config::from_lookup(|k| {
        env.iter()
            .rev()
            .find(|(name, _)| name == k)
            .map(|(_, v)| v.clone())
    })
    .expect("config");
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let wired = Wired::build(&config, clock).await.expect("app wired");
    let fake = super::fake_bot::start().await;
    let key = WebAppKey::from_bot_token(TEST_TOKEN);
    let app = MiniApp::new(
        wired.assistant.clone(),
        key.clone(),
        b"test request secret",
        Arc::new(BotInvoiceLinks(fake.bot())),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let server = HttpServer::spawn(listener, app.router());
    MiniAppHarness {
        base,
        key,
        store: wired.store.clone(),
        fake,
        client: reqwest::Client::builder()
            .pool_max_idle_per_host(64)
            .build()
            .expect("client"),
        server,
        wired,
        _db: db,
    }
}

impl MiniAppHarness {
    /// Fresh initData for `user` speaking `lang`.
    pub fn init_data(&self, user: i64, lang: &str) -> String {
        sign_init_data(&self.key, user, lang, now_secs())
    }

    /// `GET path` with `init_data` (none: no header): the status and the JSON body (`Null`
    /// when the body is not JSON).
    pub async fn get(&self, path: &str, init_data: Option<&str>) -> (u16, Value) {
        let mut req = self.client.get(format!("{}{path}", self.base));
        if let Some(d) = init_data {
            req = req.header("X-Telegram-Init-Data", d);
        }
        read(req.send().await.expect("GET")).await
    }

    /// `POST path` with the raw `body` (JSON text) and `init_data`, plus extra headers.
    pub async fn post_raw(
        &self,
        path: &str,
        init_data: Option<&str>,
        body: String,
        headers: &[(&str, &str)],
    ) -> (u16, Value) {
        let mut req = self
            .client
            .post(format!("{}{path}", self.base))
            .header("Content-Type", "application/json")
            .body(body);
        if let Some(d) = init_data {
            req = req.header("X-Telegram-Init-Data", d);
        }
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        read(req.send().await.expect("POST")).await
    }

    /// `POST path` with a JSON `body` and `init_data`.
    pub async fn post(&self, path: &str, init_data: Option<&str>, body: Value) -> (u16, Value) {
        self.post_raw(path, init_data, body.to_string(), &[]).await
    }

    /// `POST /app/api/buy` of `qty` units of `sale` under the idempotency `key`, signed in
    /// with `init_data`.
    pub async fn buy(&self, init_data: &str, sale: SaleId, qty: u32, key: &str) -> (u16, Value) {
        self.post("/app/api/buy", Some(init_data), buy_body(sale, qty, key))
            .await
    }

    /// A sale live since a minute ago, for an hour.
    pub async fn live_sale(&self, title: &str, stock: u32, limit: u32) -> SaleId {
        self.sale_with(
            title,
            stock,
            limit,
            Duration::minutes(-1),
            false,
            Currency::Cny,
        )
        .await
    }

    /// A sale starting in an hour.
    pub async fn upcoming_sale(&self, title: &str, stock: u32, limit: u32) -> SaleId {
        self.sale_with(
            title,
            stock,
            limit,
            Duration::hours(1),
            false,
            Currency::Cny,
        )
        .await
    }

    /// A sale starting `starts_in` from now (negative: live), lasting an hour, priced 50
    /// units of `currency`, asking a captcha when `captcha`.
    pub async fn sale_with(
        &self,
        title: &str,
        stock: u32,
        limit: u32,
        starts_in: Duration,
        captcha: bool,
        currency: Currency,
    ) -> SaleId {
        let start = Utc::now() + starts_in;
        let minor = if currency == Currency::Xtr { 50 } else { 9_900 };
        let mut draft = SaleDraft::new(
            Title::parse(title).expect("title"),
            vec![title.to_lowercase()],
            Money::from_minor(minor, currency).expect("price"),
            Stock::parse(i64::from(stock)).expect("stock"),
            PerUserLimit::parse(i64::from(limit)).expect("limit"),
            SaleWindow::new(start, start + Duration::hours(1)).expect("window"),
            UserId::parse(1).expect("owner"),
        )
        .expect("draft");
        draft.captcha = captcha;
        let sale = self
            .store
            .create_sale(&draft, Utc::now())
            .await
            .expect("sale");
        sale.id
    }

    /// The messages queued in the outbox for `chat` (claimed: nothing else sends them here).
    pub async fn outbox_to(&self, chat: i64) -> Vec<OutboxItem> {
        self.store
            .claim_due_messages_for(Some(chat), Utc::now() + Duration::minutes(1), 1_000)
            .await
            .expect("outbox read")
    }

    /// Stops the server and the app (the order writer flushes).
    pub async fn stop(self) {
        self.server.stop().await.expect("server stops");
        self.wired.close().await.expect("app closes");
    }
}

async fn read(resp: reqwest::Response) -> (u16, Value) {
    let status = resp.status().as_u16();
    let text = resp.text().await.unwrap_or_default();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}
