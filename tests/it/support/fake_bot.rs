//! A fake Telegram Bot API on 127.0.0.1: records every call a real teloxide `Bot` makes and
//! can answer with 429 + retry_after, 5xx, or 403 for users who "blocked" the bot.

use std::collections::{HashSet, VecDeque};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::{Value, json};
use teloxide::Bot;

/// One request the bot made.
#[derive(Debug, Clone)]
pub struct Call {
    /// Method name, lower-cased (`sendmessage`).
    pub method: String,
    pub body: Value,
    pub at: Instant,
    /// The HTTP status the fake answered with.
    pub status: u16,
}

/// An answer to force on the next calls.
#[derive(Debug, Clone, Copy)]
pub enum Fault {
    RetryAfter(u32),
    ServerError,
}

#[derive(Default)]
struct FakeState {
    updates: Mutex<VecDeque<Value>>,
    next_update_id: AtomicI64,
    calls: Mutex<Vec<Call>>,
    faults: Mutex<VecDeque<(usize, Fault)>>,
    blocked: Mutex<HashSet<i64>>,
    next_message_id: AtomicI64,
}

/// The running fake; stops when dropped.
pub struct FakeBotApi {
    pub url: String,
    state: Arc<FakeState>,
    server: tokio::task::JoinHandle<()>,
}

impl FakeBotApi {
    /// Starts the fake on a free loopback port.
    pub async fn start() -> Self {
        let state = Arc::new(FakeState::default());
        let app = Router::new()
            .route("/{bot}/{method}", post(handle))
            .with_state(state.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let url = format!("http://{}", listener.local_addr().expect("addr"));
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Self { url, state, server }
    }

    /// A real teloxide bot pointed at this fake.
    pub fn bot(&self) -> Bot {
        Bot::new("123:TEST").set_api_url(self.url.parse().expect("url"))
    }

    /// Answers the `nth` call from now (0 = the next one) with `fault`.
    pub fn fail_call(&self, nth: usize, fault: Fault) {
        let at = self.calls().len() + nth;
        self.state
            .faults
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push_back((at, fault));
    }

    /// Makes sends to `chat` fail with 403 "bot was blocked by the user".
    pub fn block(&self, chat: i64) {
        self.state
            .blocked
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(chat);
    }

    /// Queues an update for the bot's next getUpdates; returns its update id.
    pub fn push_update(&self, mut update: Value) -> i64 {
        let id = match update.get("update_id").and_then(Value::as_i64) {
            Some(id) => id, // a redelivery of an earlier update
            None => {
                let id = self.state.next_update_id.fetch_add(1, Ordering::Relaxed) + 1;
                update["update_id"] = json!(id);
                id
            }
        };
        self.state
            .updates
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push_back(update);
        id
    }

    /// A private text message from `user`.
    pub fn text_from(&self, user: i64, lang: &str, text: &str) -> i64 {
        self.push_update(json!({"message": {
            "message_id": 1, "date": chrono::Utc::now().timestamp(),
            "chat": {"id": user, "type": "private", "first_name": "Buyer"},
            "from": {"id": user, "is_bot": false, "first_name": "Buyer", "language_code": lang},
            "text": text}}))
    }

    /// A press of a button carrying `data` by `user`.
    pub fn press(&self, user: i64, query_id: &str, data: &str) -> i64 {
        self.push_update(json!({"callback_query": {
            "id": query_id, "chat_instance": "ci",
            "from": {"id": user, "is_bot": false, "first_name": "Buyer", "language_code": "en"},
            "message": {"message_id": 7, "date": chrono::Utc::now().timestamp(),
                        "chat": {"id": user, "type": "private", "first_name": "Buyer"},
                        "from": bot_user(), "text": "card"},
            "data": data}}))
    }

    /// Waits (up to 10 s) until some call satisfies `pred`; returns it.
    pub async fn wait_for(&self, what: &str, pred: impl Fn(&Call) -> bool) -> Call {
        let deadline = Instant::now() + std::time::Duration::from_secs(10);
        loop {
            if let Some(c) = self.calls().into_iter().find(|c| pred(c)) {
                return c;
            }
            assert!(Instant::now() < deadline, "timed out waiting for {what}");
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    }

    /// Every call so far.
    pub fn calls(&self) -> Vec<Call> {
        self.state
            .calls
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Calls of one method (lower-case name).
    pub fn calls_of(&self, method: &str) -> Vec<Call> {
        self.calls()
            .into_iter()
            .filter(|c| c.method == method)
            .collect()
    }
}

impl Drop for FakeBotApi {
    fn drop(&mut self) {
        self.server.abort();
    }
}

fn error(status: StatusCode, description: &str, retry_after: Option<u32>) -> Response {
    let mut body = json!({"ok": false, "error_code": status.as_u16(), "description": description});
    if let Some(s) = retry_after {
        body["parameters"] = json!({"retry_after": s});
    }
    (status, axum::Json(body)).into_response()
}

fn bot_user() -> Value {
    json!({"id": 123, "is_bot": true, "first_name": "flashsale", "username": "flashsale_bot",
           "can_join_groups": false, "can_read_all_group_messages": false,
           "supports_inline_queries": false, "can_connect_to_business": false,
           "has_main_web_app": false})
}

async fn handle(
    State(state): State<Arc<FakeState>>,
    Path((_bot, method)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    let method = method.to_ascii_lowercase();
    let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let index = state.calls.lock().unwrap_or_else(|p| p.into_inner()).len();
    let fault = {
        let mut faults = state.faults.lock().unwrap_or_else(|p| p.into_inner());
        match faults.front() {
            Some((at, f)) if *at <= index => {
                let f = *f;
                faults.pop_front();
                Some(f)
            }
            _ => None,
        }
    };
    let chat = body.get("chat_id").and_then(Value::as_i64).unwrap_or(0);
    let blocked = state
        .blocked
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .contains(&chat);
    let response = match (fault, method.as_str()) {
        (Some(Fault::RetryAfter(s)), _) => error(
            StatusCode::TOO_MANY_REQUESTS,
            &format!("Too Many Requests: retry after {s}"),
            Some(s),
        ),
        (Some(Fault::ServerError), _) => error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Internal Server Error",
            None,
        ),
        (None, "sendmessage") if blocked => error(
            StatusCode::FORBIDDEN,
            "Forbidden: bot was blocked by the user",
            None,
        ),
        (None, "getme") => axum::Json(json!({"ok": true, "result": bot_user()})).into_response(),
        (None, "getupdates") => {
            let batch: Vec<Value> = state
                .updates
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .drain(..)
                .collect();
            if batch.is_empty() {
                // A short long-poll, so an idle bot does not spin.
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            }
            axum::Json(json!({"ok": true, "result": batch})).into_response()
        }
        (None, "sendmessage") => {
            let id = state.next_message_id.fetch_add(1, Ordering::Relaxed) + 1;
            let message = json!({
                "message_id": id,
                "date": chrono::Utc::now().timestamp(),
                "chat": {"id": chat, "type": "private", "first_name": "Buyer"},
                "from": bot_user(),
                "text": body.get("text").cloned().unwrap_or(Value::Null),
            });
            axum::Json(json!({"ok": true, "result": message})).into_response()
        }
        _ => axum::Json(json!({"ok": true, "result": true})).into_response(),
    };
    state
        .calls
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .push(Call {
            method,
            body,
            at: Instant::now(),
            status: response.status().as_u16(),
        });
    response
}
