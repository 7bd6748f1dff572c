//! The floor `flashsale bench-telegram` measures the bot against: teloxide's dispatcher on
//! the same Bot API, in long polling or through the same webhook intake as `serve`, with a
//! handler that only answers each button press with a fixed toast (no gate, no store, no
//! limits). Run as its own process by the hidden `bench-bare-bot` subcommand.

use anyhow::Context;
use teloxide::prelude::*;
use teloxide::requests::MultipartRequest;

use crate::config::Config;
use crate::telegram::serve::StopOn;
use crate::telegram::webhook::{QueueLimits, registration, webhook};

/// The toast the bare bot answers every press with (not user-facing: benchmarks only).
const TOAST: &str = "ok";

/// Runs the bare bot until SIGTERM or Ctrl-C: `TELEGRAM_BOT_TOKEN`, `TELEGRAM_API_URL`, and
/// with `WEBHOOK_URL` the webhook on `HTTP_ADDR`, else long polling.
pub async fn run_bare_bot(config: &Config) -> anyhow::Result<()> {
    let token = config
        .telegram_token
        .clone()
        .context("TELEGRAM_BOT_TOKEN is needed")?;
    let mut bot = Bot::new(token.expose());
    if let Some(url) = &config.telegram_api_url {
        bot = bot.set_api_url(url.clone());
    }
    let handler =
        Update::filter_callback_query().endpoint(|bot: Bot, q: CallbackQuery| async move {
            bot.answer_callback_query(q.id).text(TOAST).await?;
            respond(())
        });
    let mut dispatcher = Dispatcher::builder(bot.clone(), handler)
        .default_handler(|_| async {})
        .build();
    let stopping = StopOn::spawn(dispatcher.shutdown_token(), stop_signal());
    let on_error = LoggingErrorHandler::with_custom_text("the bare bot's listener failed");
    match &config.webhook {
        Some(w) => {
            let (listener, route) = webhook(w, QueueLimits::default());
            let listener = stopping.watch(listener);
            let http = tokio::net::TcpListener::bind(config.http_addr)
                .await
                .context("HTTP_ADDR")?;
            let server = tokio::spawn(async move {
                if let Err(e) = axum::serve(http, route).await {
                    tracing::error!(error = %e, "the bare bot's webhook stopped");
                }
            });
            MultipartRequest::new(bot, registration(w))
                .await
                .context("setWebhook")?;
            dispatcher.dispatch_with_listener(listener, on_error).await;
            server.abort();
        }
        None => {
            let polling = stopping.watch(teloxide::update_listeners::polling_default(bot).await);
            dispatcher.dispatch_with_listener(polling, on_error).await;
        }
    }
    Ok(())
}

/// Resolves on SIGTERM or Ctrl-C.
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = term.recv() => {}
                _ = tokio::signal::ctrl_c() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}
