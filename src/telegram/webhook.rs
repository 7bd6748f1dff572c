//! Our Telegram webhook: every request secret-checked, updates handed to the dispatcher
//! through a bounded queue, and the receiving end a teloxide `UpdateListener`.
//!
//! Promises: a request without the right `X-Telegram-Bot-Api-Secret-Token` is answered 401
//! before any of its body is read (hyper then closes the connection), and such refusals log
//! one WARN line per 10 s at most; a body over [`BODY_LIMIT`] is answered 413 (at once when
//! its Content-Length says so), one not complete within [`QueueLimits::body_timeout`] 408;
//! a body that is not an update is answered 400; when the queue stays full for `full_wait`,
//! or the bot is stopping, the answer is 503 so Telegram redelivers later (safe: purchases are idempotent by update id). Nothing here panics on
//! what a request carries. A button press's request waits (a short while) for the press's
//! answer and returns it as its response body (`press_answers.rs`).

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header::CONTENT_LENGTH, header::CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use futures::StreamExt;
use futures::stream::BoxStream;
use subtle::ConstantTimeEq;
use teloxide::payloads::{SetWebhook, SetWebhookSetters};
use teloxide::stop::{StopFlag, StopToken, mk_stop_token};
use teloxide::types::{AllowedUpdate, Update, UpdateKind};
use teloxide::update_listeners::{AsUpdateStream, UpdateListener};
use tokio::sync::mpsc;
use tokio::sync::mpsc::error::SendTimeoutError;

use super::log_throttle::LogThrottle;
use super::press_answers::{OpenPresses, awaited};
use crate::config::Webhook;

/// The largest body taken: updates are a few KB.
pub const BODY_LIMIT: usize = 256 * 1024;

/// At most one WARN line per this interval for requests refused for their secret.
const REFUSAL_LOG_EVERY: Duration = Duration::from_secs(10);

/// The header Telegram puts the `secret_token` in.
const SECRET_HEADER: &str = "x-telegram-bot-api-secret-token";

/// How many received updates may wait for the dispatcher, and for how long a request
/// waits for room before it is answered 503.
#[derive(Debug, Clone, Copy)]
pub struct QueueLimits {
    /// Updates waiting for the dispatcher, at most.
    pub capacity: usize,
    /// How long a request waits for room in a full queue.
    pub full_wait: Duration,
    /// How long an authentic request may take to send its whole body (then 408).
    pub body_timeout: Duration,
}

impl Default for QueueLimits {
    fn default() -> Self {
        Self {
            capacity: 1024,
            full_wait: Duration::from_secs(1),
            body_timeout: Duration::from_secs(10),
        }
    }
}

/// The dispatcher's side of the webhook: yields received updates until stopped, then the
/// ones already queued, then ends.
pub struct WebhookListener {
    rx: mpsc::Receiver<Update>,
    token: StopToken,
    flag: StopFlag,
}

/// What the request handler needs.
#[derive(Clone)]
struct Intake {
    tx: mpsc::Sender<Update>,
    secret: Arc<[u8]>,
    full_wait: Duration,
    body_timeout: Duration,
    refusals: Arc<LogThrottle>,
    /// Where handlers hand a press's answer (`None`: presses are answered by calls).
    presses: Option<Arc<OpenPresses>>,
}

/// The webhook route (at the URL's path) and the listener it feeds; presses are answered
/// by calls (see [`webhook_answering`]).
pub fn webhook(config: &Webhook, limits: QueueLimits) -> (WebhookListener, Router) {
    intake(config, limits, None)
}

/// Like [`webhook`], and a press's request waits for the answer the handlers hand to
/// `presses`, returning it as the response body.
pub fn webhook_answering(
    config: &Webhook,
    limits: QueueLimits,
    presses: Arc<OpenPresses>,
) -> (WebhookListener, Router) {
    intake(config, limits, Some(presses))
}

fn intake(
    config: &Webhook,
    limits: QueueLimits,
    presses: Option<Arc<OpenPresses>>,
) -> (WebhookListener, Router) {
    let (tx, rx) = mpsc::channel(limits.capacity.max(1));
    let (token, flag) = mk_stop_token();
    let intake = Intake {
        tx,
        secret: Arc::from(config.secret.expose().as_bytes()),
        full_wait: limits.full_wait,
        body_timeout: limits.body_timeout,
        refusals: Arc::new(LogThrottle::new(REFUSAL_LOG_EVERY)),
        presses,
    };
    let router = Router::new()
        .route(config.path(), post(receive))
        .with_state(intake);
    (WebhookListener { rx, token, flag }, router)
}

/// The `setWebhook` payload that points Telegram at us: the URL, the secret it must send
/// along, and the updates the bot reads (messages, button presses, payments, inline queries).
pub fn registration(config: &Webhook) -> SetWebhook {
    SetWebhook::new(config.url.clone())
        .secret_token(config.secret.expose())
        .allowed_updates([
            AllowedUpdate::Message,
            AllowedUpdate::CallbackQuery,
            AllowedUpdate::PreCheckoutQuery,
            AllowedUpdate::InlineQuery,
            AllowedUpdate::ChosenInlineResult,
            // The bot made (or no longer) an administrator of a channel or group: the link.
            AllowedUpdate::MyChatMember,
        ])
}

async fn receive(State(intake): State<Intake>, headers: HeaderMap, body: Body) -> Response {
    let (update, press) = match read_update(&intake, &headers, body).await {
        Ok(read) => read,
        Err(refused) => return refused.into_response(),
    };
    let id = update.id.0;
    // A press's request waits for its answer, opened before the dispatcher can see it.
    let waiting = match (&intake.presses, press) {
        (Some(presses), Some(q)) => {
            let rx = presses.open(&q);
            Some((presses, q, rx))
        }
        _ => None,
    };
    let refused = match intake.tx.send_timeout(update, intake.full_wait).await {
        Ok(()) => None,
        Err(SendTimeoutError::Timeout(_)) => {
            tracing::warn!(update = id, "update queue full; Telegram will redeliver");
            Some((StatusCode::SERVICE_UNAVAILABLE, "busy, try again"))
        }
        Err(SendTimeoutError::Closed(_)) => {
            tracing::info!(update = id, "stopping; Telegram will redeliver the update");
            Some((StatusCode::SERVICE_UNAVAILABLE, "stopping, try again"))
        }
    };
    match (refused, waiting) {
        (Some(refused), waiting) => {
            if let Some((presses, q, _)) = waiting {
                presses.close(&q);
            }
            refused.into_response()
        }
        (None, None) => (StatusCode::OK, "ok").into_response(),
        (None, Some((presses, q, rx))) => match awaited(presses, &q, rx).await {
            Some(answer) => {
                (StatusCode::OK, [(CONTENT_TYPE, "application/json")], answer).into_response()
            }
            None => (StatusCode::OK, "ok").into_response(),
        },
    }
}

/// The update a request carries (and its callback query id when it is a press), or the
/// answer refusing the request.
async fn read_update(
    intake: &Intake,
    headers: &HeaderMap,
    body: Body,
) -> Result<(Update, Option<String>), (StatusCode, &'static str)> {
    // The body is a stream not yet read: the secret decides whether it ever is.
    let given = headers.get(SECRET_HEADER).map(|v| v.as_bytes());
    let authentic = given.is_some_and(|g| bool::from(g.ct_eq(&intake.secret)));
    if !authentic {
        crate::metrics::webhook_refused();
        if let Some(held_back) = intake.refusals.admit(std::time::Instant::now()) {
            tracing::warn!(
                header_present = given.is_some(),
                similar_refusals_not_logged = held_back,
                "webhook request refused: wrong or missing secret token"
            );
        }
        return Err((StatusCode::UNAUTHORIZED, "wrong or missing secret token"));
    }
    let declared = headers
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > BODY_LIMIT as u64) {
        tracing::warn!(
            bytes = declared,
            "webhook body over the limit; refused unread"
        );
        return Err((StatusCode::PAYLOAD_TOO_LARGE, "body too large"));
    }
    let body =
        match tokio::time::timeout(intake.body_timeout, axum::body::to_bytes(body, BODY_LIMIT))
            .await
        {
            Ok(Ok(b)) => b,
            Ok(Err(e)) => {
                tracing::warn!(error = %e, "webhook body unreadable or over the limit");
                return Err((
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "body unreadable or too large",
                ));
            }
            Err(_) => {
                tracing::warn!("webhook body not complete in time; refused");
                return Err((StatusCode::REQUEST_TIMEOUT, "body too slow"));
            }
        };
    let update = match serde_json::from_slice::<Update>(&body) {
        Ok(u) => u,
        Err(e) => {
            // Where and what kind of error, never the body's content.
            tracing::warn!(
                kind = ?e.classify(),
                line = e.line(),
                column = e.column(),
                bytes = body.len(),
                "webhook body is not a Telegram update"
            );
            return Err((StatusCode::BAD_REQUEST, "the body is not a Telegram update"));
        }
    };
    if let UpdateKind::Error(_) = update.kind {
        // An update we cannot read; redelivering it would not help.
        tracing::warn!(
            update = update.id.0,
            "webhook update of a kind this bot cannot read; ignored"
        );
        return Err((StatusCode::OK, "ignored"));
    }
    let press = match &update.kind {
        UpdateKind::CallbackQuery(q) => Some(q.id.0.clone()),
        _ => None,
    };
    Ok((update, press))
}

impl UpdateListener for WebhookListener {
    type Err = Infallible;

    fn stop_token(&mut self) -> StopToken {
        self.token.clone()
    }
}

impl<'a> AsUpdateStream<'a> for WebhookListener {
    type StreamErr = Infallible;
    type Stream = BoxStream<'a, Result<Update, Infallible>>;

    fn as_stream(&'a mut self) -> Self::Stream {
        futures::stream::unfold(self, |this| async move {
            if !this.flag.is_stopped() {
                let received = tokio::select! {
                    biased;
                    u = this.rx.recv() => Some(u),
                    () = &mut this.flag => None,
                };
                if let Some(u) = received {
                    return u.map(|u| (Ok(u), this));
                }
            }
            // Stopped: refuse new updates (they get 503), hand over the queued ones.
            this.rx.close();
            this.rx.recv().await.map(|u| (Ok(u), this))
        })
        .boxed()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    #[test]
    fn registration_sends_the_url_the_secret_and_the_update_kinds_the_bot_handles() {
        let config = Config::from_lookup(|k| match k {
            "WEBHOOK_URL" => Some("https://bot.example.com/tg".to_owned()),
            "WEBHOOK_SECRET" => Some("abc_DEF-1_0123456789".to_owned()),
            _ => None,
        })
        .unwrap();
        let payload = serde_json::to_value(registration(&config.webhook.unwrap())).unwrap();
        assert_eq!(payload["url"], "https://bot.example.com/tg");
        assert_eq!(payload["secret_token"], "abc_DEF-1_0123456789");
        assert_eq!(
            payload["allowed_updates"],
            serde_json::json!([
                "message",
                "callback_query",
                "pre_checkout_query",
                "inline_query",
                "chosen_inline_result",
                "my_chat_member"
            ])
        );
    }
}
