//! A running `serve` in webhook mode (or polling) on a port-0 HTTP listener, and a client
//! that posts updates to it the way Telegram does.

use std::net::SocketAddr;
use std::time::Duration;

use serde_json::json;

use super::db::fresh_sqlite_url;
use super::fake_bot::{self, FakeBotApi};

/// The public URL the tests configure; its path is the local route.
pub const URL: &str = "https://bot.example.com/telegram/hook";
/// The path of [`URL`].
pub const PATH: &str = "/telegram/hook";
/// The configured secret token.
pub const SECRET: &str = "test_webhook-Secret-42";

/// `serve` running against its own fake Bot API and SQLite file.
pub struct Running {
    pub fake: FakeBotApi,
    pub addr: SocketAddr,
    pub db: String,
    _dir: tempfile::TempDir,
    stop: tokio::sync::oneshot::Sender<()>,
    task: tokio::task::JoinHandle<anyhow::Result<()>>,
}

/// Starts `serve --demo`, in webhook mode when `webhook` is true.
pub async fn start(webhook: bool) -> Running {
    let fake = fake_bot::start().await;
    let (db, dir) = fresh_sqlite_url();
    let mut env = vec![(
        "BUTTON_SECRET",
        "a test secret that is long enough".to_owned(),
    )];
    if webhook {
        env.push(("WEBHOOK_URL", URL.to_owned()));
        env.push(("WEBHOOK_SECRET", SECRET.to_owned()));
    }
    let config = crate::support::bot::config_for(&fake, &db, &env);
    let http = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a free port");
    let addr = http.local_addr().expect("bound address");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        flashsale::telegram::serve::serve(&config, true, http, async {
            let _ = stopped.await;
        })
        .await
    });
    Running {
        fake,
        addr,
        db,
        _dir: dir,
        stop,
        task,
    }
}

impl Running {
    /// Posts `body` to the webhook with `secret` in the header (none: no header).
    /// A response carrying a method (a press's answer) is performed on the fake, as
    /// Telegram would.
    pub async fn post(&self, secret: Option<&str>, body: impl Into<String>) -> u16 {
        let (status, reply) = post_for_reply(self.addr, secret, body.into()).await;
        self.fake.perform_reply(reply.as_bytes()).await;
        status
    }

    /// GET `path`: status and body.
    pub async fn get(&self, path: &str) -> (u16, String) {
        let r = reqwest::get(format!("http://{}{path}", self.addr))
            .await
            .expect("GET answered");
        let status = r.status().as_u16();
        (status, r.text().await.unwrap_or_default())
    }

    /// Sends the shutdown signal and waits for `serve` to return Ok; the HTTP port is closed
    /// by then. Returns the fake and the database URL for checks afterwards.
    pub async fn stop_cleanly(self) -> (FakeBotApi, String, tempfile::TempDir) {
        let _ = self.stop.send(());
        let result = tokio::time::timeout(Duration::from_secs(15), self.task)
            .await
            .expect("serve stops within 15 s");
        result.expect("serve task").expect("serve returned ok");
        assert!(
            tokio::net::TcpStream::connect(self.addr).await.is_err(),
            "the HTTP port is closed after serve returns"
        );
        (self.fake, self.db, self._dir)
    }
}

/// Posts `body` to the webhook path at `addr` as Telegram does; returns the status.
pub async fn post(addr: SocketAddr, secret: Option<&str>, body: String) -> u16 {
    post_for_reply(addr, secret, body).await.0
}

/// Like [`post`], also returning the response body (a method for the fake to perform).
pub async fn post_for_reply(addr: SocketAddr, secret: Option<&str>, body: String) -> (u16, String) {
    let mut req = reqwest::Client::new()
        .post(format!("http://{addr}{PATH}"))
        .header("content-type", "application/json")
        .body(body);
    if let Some(s) = secret {
        req = req.header("X-Telegram-Bot-Api-Secret-Token", s);
    }
    let r = req.send().await.expect("POST answered");
    let status = r.status().as_u16();
    (status, r.text().await.unwrap_or_default())
}

/// A private text message from `user` as update `id`, serialised as Telegram sends it.
pub fn text_update(id: i64, user: i64, text: &str) -> String {
    json!({"update_id": id, "message": {
        "message_id": id, "date": chrono::Utc::now().timestamp(),
        "chat": {"id": user, "type": "private", "first_name": "Buyer"},
        "from": {"id": user, "is_bot": false, "first_name": "Buyer", "language_code": "en"},
        "text": text}})
    .to_string()
}
