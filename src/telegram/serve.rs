//! `flashsale serve`: the bot on Telegram (long polling, or a webhook when configured) and
//! the HTTP port, with graceful shutdown.

use std::future::Future;
use std::sync::{Arc, OnceLock};

use anyhow::Context;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use teloxide::prelude::*;
use teloxide::requests::MultipartRequest;
use teloxide::stop::StopToken;
use teloxide::types::BotCommandScope;
use teloxide::update_listeners::UpdateListener;

use super::callback::ButtonSigner;
use super::chats::{BotChats, post_pace};
use super::commands::{menu, staff_menu};
use super::countdown::{CountdownConfig, CountdownWorker};
use super::handlers::{BotContext, schema};
use super::lanes::{Lanes, in_lanes};
use super::payments::BotRefunder;
use super::press_answers::OpenPresses;
use super::reply_out::BotCardEditor;
use super::sender::BotSender;
use super::shed::{Doorman, Shedding};
use super::startup_retry::{STARTUP_BUDGET, check_me, retrying};
use super::webhook::{QueueLimits, registration, webhook_answering};
use crate::app::jobs::drift_watch::DriftWatch;
use crate::bootstrap::Bootstrap;
use crate::clock::{Clock, SystemClock};
use crate::config::Config;
use crate::delivery::OutboxConfig;
use crate::http::{HttpServer, Probes, probes_router, public_router, router};
use crate::i18n::Locale;
use crate::metrics::GaugeSampler;
use crate::miniapp::{MiniApp, WebAppKey};
use crate::orders::stranded::StrandedSweep;
use crate::worker::Worker;

/// Runs the bot, and the HTTP port on `http` (`/healthz`, and the webhook in webhook mode),
/// until `shutdown` resolves; then stops taking updates, lets the handlers in flight finish,
/// stops the HTTP port and the workers and flushes the order writer.
pub async fn serve(
    config: &Config,
    demo: bool,
    http: tokio::net::TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    serve_with_metrics_port(config, demo, http, None, shutdown).await
}

/// Like [`serve`]; with `metrics` (the `METRICS_ADDR` listener), `/readyz` and `/metrics`
/// are served there, and `http` keeps only `/healthz` and the webhook.
pub async fn serve_with_metrics_port(
    config: &Config,
    demo: bool,
    http: tokio::net::TcpListener,
    metrics: Option<tokio::net::TcpListener>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let token = config
        .telegram_token
        .clone()
        .context("TELEGRAM_BOT_TOKEN is not set (run `flashsale` without it for the local chat)")?;
    // Metrics are recorded from here on and served at /metrics.
    let _ = crate::metrics::handle();
    let mut bot = Bot::new(token.expose());
    if let Some(url) = &config.telegram_api_url {
        bot = bot.set_api_url(url.clone());
    }
    let me = check_me(&bot).await?;
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let refunder = Arc::new(BotRefunder(bot.clone()));
    let mut boot = Bootstrap::build(config, clock.clone(), refunder).await?;
    let wired = &boot.wired;
    if demo {
        let n = crate::chat::demo::seed(&wired.store, &wired.purchases, clock.now()).await?;
        tracing::info!(sales = n, "demo sales seeded");
    }
    let texts = wired.assistant.texts();
    for (locale, code) in [(Locale::En, None), (Locale::ZhCn, Some("zh"))] {
        // A Telegram outage at start-up (429, 5xx) is waited out; a wrong token is not.
        retrying("setMyCommands", STARTUP_BUDGET, || {
            let mut req = bot
                .set_my_commands(menu(texts, locale))
                .scope(BotCommandScope::Default);
            if let Some(code) = code {
                req = req.language_code(code);
            }
            req.into_future()
        })
        .await
        .context("registering the command menu (is the token right?)")?;
    }
    // Admins get the staff commands in their private chats; a failure only loses the menu.
    for admin in &config.admin_ids {
        for (locale, code) in [(Locale::En, None), (Locale::ZhCn, Some("zh"))] {
            let scope = BotCommandScope::Chat {
                chat_id: teloxide::types::Recipient::Id(ChatId(admin.get())),
            };
            let mut req = bot.set_my_commands(staff_menu(texts, locale)).scope(scope);
            if let Some(code) = code {
                req = req.language_code(code);
            }
            if let Err(e) = req.await {
                tracing::warn!(admin = admin.get(), error = %e, "admin command menu not set");
            }
        }
    }
    if let Some(url) = &config.mini_app_url {
        super::mini_app::set_menu_button(&bot, texts, config.default_lang, url).await;
    }
    // Webhook mode: the port serves the route before Telegram is told to post to it; a
    // press's request carries its answer back when the handler is quick enough.
    let presses = Arc::new(OpenPresses::new());
    let (listener, webhook_route) = match &config.webhook {
        Some(w) => {
            let (listener, route) = webhook_answering(w, QueueLimits::default(), presses.clone());
            (Some(listener), Some(route))
        }
        None => (None, None),
    };
    let secret = match &config.button_secret {
        Some(s) => s.as_bytes().to_vec(),
        None => derive_secret(&token),
    };
    // The Mini App under /app/, its initData checked with the bot token's key.
    let mini_app = MiniApp::new(
        wired.assistant.clone(),
        WebAppKey::from_bot_token(token.expose()),
        &super::mini_app::request_secret(&secret),
        Arc::new(super::mini_app::BotInvoiceLinks(bot.clone())),
    )
    .router();
    let public = Some(match webhook_route {
        Some(w) => w.merge(mini_app),
        None => mini_app,
    });
    let probes = Probes {
        store: wired.store.clone(),
        gate: wired.purchases.gate().clone(),
    };
    let (http, metrics_http) = match metrics {
        Some(m) => (
            HttpServer::spawn(http, public_router(public)),
            Some(HttpServer::spawn(m, probes_router(probes))),
        ),
        None => (HttpServer::spawn(http, router(public, probes)), None),
    };
    if let Some(w) = &config.webhook {
        retrying("setWebhook", STARTUP_BUDGET, || {
            MultipartRequest::new(bot.clone(), registration(w)).into_future()
        })
        .await
        .context("setWebhook (is WEBHOOK_URL reachable by Telegram over https?)")?;
    }
    let signer = Arc::new(ButtonSigner::new(&secret).with_mini_app(config.mini_app_url.clone()));
    let payments = wired.assistant.payments().clone();
    let ctx = BotContext {
        assistant: wired.assistant.clone(),
        signer: signer.clone(),
        clock: clock.clone(),
        group_pace: Arc::new(super::group_pace::GroupPace::default()),
    };
    // Reminders and other bot-initiated messages: durable, paced below Telegram's limits.
    let outbox = boot.outbox(
        Arc::new(BotSender::new(bot.clone(), signer.clone(), clock.clone())),
        OutboxConfig::paced(config.broadcast),
    );
    // Channels and groups: linked with getChatMember checks; posts and their edits keep
    // each chat's pace and share the outbox's.
    let chats = Arc::new(BotChats::new(
        bot.clone(),
        me.user.id,
        signer.clone(),
        clock.clone(),
        (Arc::new(post_pace()), outbox.pacer()),
    ));
    wired.assistant.use_chats(chats.clone());
    // Live countdown cards and sale posts: edits share the outbox's pace and have a budget
    // of their own.
    let countdowns = CountdownWorker::new(
        wired.assistant.clone(),
        Arc::new(BotCardEditor::new(bot.clone(), signer, clock.clone())),
        clock.clone(),
        outbox.pacer(),
        CountdownConfig::default(),
    )
    .with_posts(chats);
    let status_board = Arc::new(super::status_board::BotStatusBoard(bot.clone()));
    let status_every =
        std::time::Duration::from_secs(u64::from(config.broadcast.status_every_secs));
    // Units a crash left reserved without an order row go back after a grace period.
    let stranded = StrandedSweep::new(
        wired.store.clone(),
        wired.purchases.gate().clone(),
        clock.clone(),
        boot.workers.stopping(),
    );
    let gauges = GaugeSampler::new(wired.store.clone(), std::time::Duration::from_secs(15));
    let limits: Arc<dyn Worker> = wired.assistant.limits().clone();
    let drift = DriftWatch::new(
        wired.store.clone(),
        wired.purchases.gate().clone(),
        wired.assistant.alerts().clone(),
        clock.clone(),
    );
    // Updates from users the limits refuse right now are dropped before the dispatcher.
    let doorman = Arc::new(Doorman::new(
        wired.assistant.limits().clone(),
        ctx.signer.clone(),
        wired.assistant.alerts().clone(),
        ctx.clock.clone(),
    ));
    // Connections to the Bot API, opened before a sale's stampede rather than during it.
    let warmer = super::warm::ConnectionWarmer::new(
        bot.clone(),
        wired.store.clone(),
        clock.clone(),
        config.bot_api_warm_connections as usize,
    );
    warmer.warm_at_start().await;
    boot.spawn_jobs(status_board, status_every);
    boot.workers.spawn(warmer);
    boot.workers.spawn(outbox);
    boot.workers.spawn(countdowns);
    boot.workers.spawn(stranded);
    boot.workers.spawn(gauges);
    boot.workers.spawn_shared(limits);
    boot.workers.spawn(drift);
    let polling_bot = bot.clone();
    // Each update runs in its chat's lane (lanes.rs), not in teloxide's per-chat workers.
    let lanes = Lanes::new();
    let mut dispatcher = Dispatcher::builder(bot, in_lanes(lanes.clone(), schema()))
        // No per-chat workers: the one default worker hands every update to its lane.
        .distribution_function(|_| None::<()>)
        .dependencies(dptree::deps![
            ctx,
            payments,
            doorman.clone(),
            presses.clone()
        ])
        .build();
    let stopping = StopOn::spawn(dispatcher.shutdown_token(), async move {
        shutdown.await;
        tracing::info!("shutting down: no new updates; finishing the ones in flight");
    });
    let dispatched = match listener {
        Some(listener) => {
            tracing::info!("flashsale is on Telegram (webhook)");
            let on_error = LoggingErrorHandler::with_custom_text("the webhook listener failed");
            let listener = stopping.watch(Shedding::new(listener, doorman).closing(presses));
            dispatcher
                .try_dispatch_with_listener(listener, on_error)
                .await
                .context("starting the dispatcher (getMe)")
        }
        None => {
            tracing::info!("flashsale is on Telegram (long polling)");
            let polling = teloxide::update_listeners::polling_default(polling_bot).await;
            let on_error = LoggingErrorHandler::with_custom_text("long polling failed");
            let listener = stopping.watch(Shedding::new(polling, doorman));
            dispatcher
                .try_dispatch_with_listener(listener, on_error)
                .await
                .context("starting the dispatcher (getMe)")
        }
    };
    // The updates taken in are handled to the end before anything stops under them.
    lanes.idle().await;
    // The dispatcher holds the assistant, and with it the order writer's last handles.
    drop(dispatcher);
    let http_stopped = http.stop().await;
    let metrics_stopped = match metrics_http {
        Some(m) => m.stop().await,
        None => Ok(()),
    };
    boot.stop().await?;
    dispatched?;
    http_stopped?;
    metrics_stopped?;
    tracing::info!("stopped cleanly");
    Ok(())
}

/// A stable button-signing secret derived from the bot token (used when BUTTON_SECRET is unset).
fn derive_secret(token: &str) -> Vec<u8> {
    let mut m = Hmac::<Sha256>::new_from_slice(b"flashsale button secret v1")
        .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
    m.update(token.as_bytes());
    m.finalize().into_bytes().to_vec()
}

/// Stops a dispatcher when a signal resolves, and the listener it dispatches from with it.
///
/// A signal that lands while the dispatcher is still starting ("idle": getMe, setWebhook)
/// is retried until it takes, however long the start takes, so a bot told to stop never
/// goes on running. Then the listener is stopped too: teloxide tells its dispatch loop about
/// a shutdown with `notify_waiters`, which is lost when the loop is busy with an update at
/// that moment, and the loop then waits for the next update forever. A stopped listener
/// ends its stream once the updates it holds are handed over, which ends the loop either way.
pub(crate) struct StopOn {
    /// The token of the listener being dispatched from (set by [`StopOn::watch`]).
    listener: Arc<OnceLock<StopToken>>,
}

impl StopOn {
    /// Waits for `signal` in a task of its own, then stops the dispatcher of `stop`.
    pub(crate) fn spawn(
        stop: teloxide::dispatching::ShutdownToken,
        signal: impl Future<Output = ()> + Send + 'static,
    ) -> Self {
        let listener: Arc<OnceLock<StopToken>> = Arc::default();
        let token = listener.clone();
        tokio::spawn(async move {
            signal.await;
            loop {
                match stop.shutdown() {
                    Ok(done) => {
                        if let Some(token) = token.get() {
                            token.stop();
                        }
                        return done.await;
                    }
                    Err(_) => tokio::time::sleep(std::time::Duration::from_millis(50)).await,
                }
            }
        });
        Self { listener }
    }

    /// `listener`, noted as the one to stop: pass it to the dispatcher (a dispatcher starts
    /// only after this, so a stop never finds it unset).
    pub(crate) fn watch<L: UpdateListener>(&self, mut listener: L) -> L {
        let _ = self.listener.set(listener.stop_token());
        listener
    }
}
