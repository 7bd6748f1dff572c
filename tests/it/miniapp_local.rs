//! `flashsale web`, the real binary: it prints the page's URL with signed initData, `GET /`
//! redirects there, the API answers that initData (demo sales, a buy), and a bot token's
//! key refuses it.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use crate::support::db::fresh_sqlite_url;
use crate::support::miniapp::TEST_TOKEN;

/// Kills the child when the test ends, however it ends.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The initData inside the printed URL's `#tgWebAppData=...`.
fn init_data_of(url: &str) -> String {
    let fragment = url.split_once('#').map(|(_, f)| f).unwrap_or_default();
    let encoded = fragment
        .split('&')
        .find_map(|p| p.strip_prefix("tgWebAppData="))
        .expect("tgWebAppData in the URL");
    url::form_urlencoded::parse(format!("d={encoded}").as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .expect("decoded")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn flashsale_web_serves_the_demo_to_its_own_signed_user_only() {
    let (db, _dir) = fresh_sqlite_url();
    let child = Command::new(env!("CARGO_BIN_EXE_flashsale"))
        .args(["web", "--addr", "127.0.0.1:0", "--user", "1001"])
        .env("DATABASE_URL", &db)
        .env_remove("REDIS_URL")
        .env("RUST_LOG", "warn,sqlx=error")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start flashsale web");
    let mut running = Running(child);
    let stdout = running.0.stdout.take().expect("stdout");
    let line = tokio::task::spawn_blocking(move || {
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).map(|_| line)
    })
    .await
    .expect("reader")
    .expect("a line");
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .expect("the URL is printed")
        .to_owned();
    assert!(url.contains("/app/#tgWebAppData="), "{url}");
    let base = url.split("/app/").next().expect("base").to_owned();

    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let root = client.get(format!("{base}/")).send().await.expect("GET /");
    assert!(root.status().is_redirection(), "{}", root.status());
    assert_eq!(root.headers()["location"].to_str().ok(), Some(url.as_str()));

    let init = init_data_of(&url);
    let sales: serde_json::Value = client
        .get(format!("{base}/app/api/sales"))
        .header("X-Telegram-Init-Data", &init)
        .send()
        .await
        .expect("sales")
        .json()
        .await
        .expect("json");
    let live = sales["sales"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|s| s["state"] == "live")
        .cloned()
        .expect("a live demo sale");
    let bought: serde_json::Value = client
        .post(format!("{base}/app/api/buy"))
        .header("X-Telegram-Init-Data", &init)
        .json(&serde_json::json!({"sale": live["id"], "quantity": 1, "key": "local-demo-1"}))
        .send()
        .await
        .expect("buy")
        .json()
        .await
        .expect("json");
    assert_eq!(bought["outcome"], "won", "{bought}");

    // Never the bot's key: initData signed for a bot token is refused here, and the local
    // initData would be refused by `serve` (its key is random, not a token's).
    let key = flashsale::miniapp::WebAppKey::from_bot_token(TEST_TOKEN);
    let user = flashsale::miniapp::WebAppUser {
        id: 1001,
        first_name: "Demo".into(),
        language_code: Some("en".into()),
    };
    let foreign = key.sign(&user, chrono::Utc::now().timestamp());
    let refused = client
        .get(format!("{base}/app/api/orders"))
        .header("X-Telegram-Init-Data", &foreign)
        .send()
        .await
        .expect("orders");
    assert_eq!(refused.status(), 401);
    assert!(key.verify(&init, chrono::Utc::now()).is_err());
}
