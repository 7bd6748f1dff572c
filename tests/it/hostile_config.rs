//! Configuration under hostile conditions: a short webhook secret and an unusable `getMe`
//! answer end `flashsale serve` with one clear line (no panic), and `METRICS_ADDR` moves
//! `/metrics` and `/readyz` off the port a proxy forwards.

use std::process::{Command, Output};
use std::time::Duration;

use serde_json::json;

use crate::support::db::fresh_sqlite_url;
use crate::support::fake_bot;
use crate::support::webhook::{self as hook, SECRET, text_update};

/// `flashsale serve` with `env` (on top of a quiet log), to its end.
fn serve_binary(env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_flashsale"));
    cmd.arg("serve")
        .env_remove("DATABASE_URL")
        .env_remove("REDIS_URL")
        .env_remove("WEBHOOK_URL")
        .env_remove("WEBHOOK_SECRET")
        .env("RUST_LOG", "error")
        .env("HTTP_ADDR", "127.0.0.1:0");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run flashsale")
}

fn lines(bytes: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(bytes)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_owned)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_get_me_answer_lacking_newer_fields_ends_serve_with_one_line_and_exit_code_1() {
    let fake = fake_bot::start().await;
    // A bot user as an older Bot API describes it: no `has_main_web_app` and the like.
    fake.answer_with(
        "getme",
        json!({"id": 1, "is_bot": true, "first_name": "old", "username": "old_bot"}),
    );
    let (db, _dir) = fresh_sqlite_url();
    let url = fake.url.clone();
    let out = tokio::task::spawn_blocking(move || {
        serve_binary(&[
            ("TELEGRAM_BOT_TOKEN", "123:TEST"),
            ("TELEGRAM_API_URL", &url),
            ("DATABASE_URL", &db),
        ])
    })
    .await
    .expect("ran");
    let err = lines(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err:?}");
    assert_eq!(err.len(), 1, "one line: {err:?}");
    assert!(err[0].starts_with("flashsale: getMe"), "{err:?}");
    assert!(!err[0].contains("panicked"), "{err:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_webhook_secret_shorter_than_16_characters_is_refused_at_start_with_one_line() {
    let out = tokio::task::spawn_blocking(|| {
        serve_binary(&[
            ("TELEGRAM_BOT_TOKEN", "123:TEST"),
            ("WEBHOOK_URL", hook::URL),
            ("WEBHOOK_SECRET", "x"),
        ])
    })
    .await
    .expect("ran");
    let err = lines(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err:?}");
    assert_eq!(err.len(), 1, "{err:?}");
    assert!(err[0].contains("WEBHOOK_SECRET"), "{err:?}");
    assert!(err[0].contains("16-256 characters"), "{err:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_metrics_addr_metrics_and_readyz_leave_the_webhook_port_for_their_own() {
    let fake = fake_bot::start().await;
    let (db, _dir) = fresh_sqlite_url();
    let config = crate::support::bot::config_for(
        &fake,
        &db,
        &[
            ("WEBHOOK_URL", hook::URL.to_owned()),
            ("WEBHOOK_SECRET", SECRET.to_owned()),
        ],
    );
    let bind = || tokio::net::TcpListener::bind("127.0.0.1:0");
    let (public, private) = (bind().await.expect("port"), bind().await.expect("port"));
    let (web, probes) = (
        public.local_addr().expect("addr"),
        private.local_addr().expect("addr"),
    );
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        flashsale::telegram::serve::serve_with_metrics_port(
            &config,
            true,
            public,
            Some(private),
            async {
                let _ = stopped.await;
            },
        )
        .await
    });
    let get = |addr: std::net::SocketAddr, path: &'static str| async move {
        reqwest::get(format!("http://{addr}{path}"))
            .await
            .expect("GET answered")
            .status()
            .as_u16()
    };
    // The webhook answers (the bot is up) before the ports are compared.
    assert_eq!(
        hook::post(web, Some(SECRET), text_update(1, 42, "/help")).await,
        200
    );
    assert_eq!(get(web, "/healthz").await, 200);
    assert_eq!(get(web, "/metrics").await, 404);
    assert_eq!(get(web, "/readyz").await, 404);
    assert_eq!(get(probes, "/healthz").await, 200);
    assert_eq!(get(probes, "/metrics").await, 200);
    assert_eq!(get(probes, "/readyz").await, 200);
    assert_eq!(
        hook::post(probes, Some(SECRET), text_update(2, 42, "/help")).await,
        404,
        "the webhook is not on the probes' port"
    );
    let _ = stop.send(());
    tokio::time::timeout(Duration::from_secs(15), task)
        .await
        .expect("serve stops")
        .expect("task")
        .expect("serve returned ok");
    for addr in [web, probes] {
        assert!(
            tokio::net::TcpStream::connect(addr).await.is_err(),
            "{addr} closed"
        );
    }
}
