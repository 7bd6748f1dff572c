//! `flashsale web`: the Mini App on localhost for one demo user, without Telegram. The
//! initData is signed with a random key made for this run (never a bot token's, so `serve`
//! never accepts it); the demo sales are those of `flashsale chat`; messages the bot would
//! send (the "you won") go to the log.

use std::io::Write;
use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context;
use async_trait::async_trait;
use axum::Router;
use axum::extract::State;
use axum::response::Redirect;
use axum::routing::get;

use super::{MiniApp, WebAppKey, WebAppUser};
use crate::app::NoInvoiceLinks;
use crate::app::merchant::announce_status::StatusBoard;
use crate::bootstrap::Bootstrap;
use crate::clock::{Clock, SystemClock};
use crate::config::Config;
use crate::delivery::{MessageSender, OutboxBody, OutboxConfig, SendOutcome};
use crate::http::HttpServer;
use crate::i18n::{Locale, Msg};

/// `flashsale web` arguments.
#[derive(Debug, Clone, clap::Args)]
pub struct WebArgs {
    /// Where to listen (loopback by default).
    #[arg(long, default_value = "127.0.0.1:8088")]
    pub addr: SocketAddr,
    /// The demo user's Telegram language: en or zh-CN.
    #[arg(long, default_value = "en")]
    pub lang: String,
    /// The demo user's id.
    #[arg(long, default_value_t = 1001, value_parser = clap::value_parser!(i64).range(1..))]
    pub user: i64,
}

/// The page's address for `user`, with initData signed by `key` as Telegram passes it
/// (`#tgWebAppData=...`).
pub fn local_url(addr: SocketAddr, key: &WebAppKey, user: &WebAppUser, auth_date: i64) -> String {
    let init_data = key.sign(user, auth_date);
    let encoded: String = url::form_urlencoded::byte_serialize(init_data.as_bytes()).collect();
    format!("http://{addr}/app/#tgWebAppData={encoded}&tgWebAppVersion=7.0")
}

/// Runs the local Mini App until `shutdown` resolves.
pub async fn run(
    config: &Config,
    args: WebArgs,
    shutdown: impl std::future::Future<Output = ()>,
) -> anyhow::Result<()> {
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    // The embedded gate: one process, no Redis needed.
    let mut config = config.clone();
    config.redis_url = None;
    let mut boot = Bootstrap::build(&config, clock.clone(), Arc::new(crate::app::NoRefunds))
        .await
        .context("building the app")?;
    let wired = &boot.wired;
    let seeded = crate::chat::demo::seed(&wired.store, &wired.purchases, clock.now()).await?;
    tracing::info!(sales = seeded, "demo sales seeded");
    let key = WebAppKey::random();
    let secret: [u8; 32] = rand::random();
    let locale = Locale::from_code(Some(&args.lang));
    let user = WebAppUser {
        id: args.user,
        first_name: "Demo".to_owned(),
        language_code: Some(locale.code().to_owned()),
    };
    let listener = tokio::net::TcpListener::bind(args.addr)
        .await
        .with_context(|| format!("binding {}", args.addr))?;
    let addr = listener.local_addr()?;
    // Signed at start: valid for an hour (MAX_AGE_SECS), as Telegram's would be.
    let url = local_url(addr, &key, &user, clock.now().timestamp());
    let app = MiniApp::new(
        wired.assistant.clone(),
        key,
        &secret,
        Arc::new(NoInvoiceLinks),
    );
    let redirect = url.clone();
    let routes = app.router().merge(
        Router::new()
            .route("/", get(to_page))
            .with_state(Arc::new(redirect)),
    );
    let texts = wired.texts.clone();
    let http = HttpServer::spawn(listener, routes);
    let outbox = boot.outbox(Arc::new(LogSender), OutboxConfig::default());
    boot.spawn_jobs(Arc::new(LogBoard), std::time::Duration::from_secs(5));
    boot.workers.spawn(outbox);
    let ready = texts.render(
        locale,
        &Msg::new("miniapp-local-ready")
            .arg("url", url.as_str())
            .arg("user", args.user)
            .arg("lang", locale.code()),
    );
    let mut out = std::io::stdout();
    let _ = writeln!(out, "{ready}");
    let _ = out.flush();
    shutdown.await;
    let stopped = http.stop().await;
    boot.stop().await?;
    stopped
}

async fn to_page(State(url): State<Arc<String>>) -> Redirect {
    Redirect::temporary(&url)
}

/// Messages the bot would send in the chat, written to the log instead.
struct LogSender;

#[async_trait]
impl MessageSender for LogSender {
    async fn send(&self, chat: i64, body: &OutboxBody) -> SendOutcome {
        tracing::info!(chat, text = %body.text, "message to the chat (local Mini App: logged)");
        SendOutcome::Sent
    }
}

/// Announcement status boards, logged.
struct LogBoard;

#[async_trait]
impl StatusBoard for LogBoard {
    async fn post(&self, chat: i64, text: &str) -> Option<i32> {
        tracing::info!(chat, text, "announcement status");
        Some(1)
    }

    async fn edit(&self, chat: i64, _message: i32, text: &str) -> bool {
        tracing::info!(chat, text, "announcement status");
        true
    }
}
