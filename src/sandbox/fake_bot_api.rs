//! The fake Bot API server: enough of Telegram's HTTP API for everything flashsale calls,
//! with injectable updates from many users and injectable faults (429, 5xx, 403, delays).

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::post;
use serde_json::{Value, json};
use teloxide::Bot;

use super::fake_answers::{answer, bot_user, customer, error, private_chat};
use super::fake_body::read_body;
pub use super::fake_state::{Call, Fault};
use super::fake_state::{FakeState, Queued, Storm, lock};

/// The running fake; the server stops when this is dropped.
pub struct FakeBotApi {
    /// Base URL to hand to `Bot::set_api_url` / `TELEGRAM_API_URL`.
    pub url: String,
    pub(super) state: Arc<FakeState>,
    server: tokio::task::JoinHandle<()>,
}

impl FakeBotApi {
    /// The bot's own user id in the fake (its standing in chats is set with it).
    pub const BOT_ID: i64 = super::fake_answers::BOT_ID;

    /// Starts the fake on a free loopback port.
    pub async fn start() -> std::io::Result<Self> {
        let state = Arc::new(FakeState::default());
        let app = Router::new()
            .route("/{bot}/{method}", post(handle))
            .with_state(state.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let url = format!("http://{}", listener.local_addr()?);
        let server = tokio::spawn(async move {
            if let Err(e) = axum::serve(listener, app).await {
                tracing::error!(error = %e, "fake Bot API stopped");
            }
        });
        Ok(Self { url, state, server })
    }

    /// A real teloxide bot pointed at this fake.
    pub fn bot(&self) -> Bot {
        let bot = Bot::new("123:TEST");
        match self.url.parse() {
            Ok(url) => bot.set_api_url(url),
            Err(_) => unreachable!("the fake's own URL parses"),
        }
    }

    /// Answers the `nth` call from now (0 = the next one) with `fault`.
    pub fn fail_call(&self, nth: usize, fault: Fault) {
        let at = lock(&self.state.calls).len() + nth;
        lock(&self.state.faults).push_back((at, fault));
    }

    /// Answers every call of `method` (lower case; `None` = all methods) with `fault` for
    /// the next `lasting`.
    pub fn storm(&self, method: Option<&str>, fault: Fault, lasting: Duration) {
        lock(&self.state.storms).push(Storm {
            until: Instant::now() + lasting,
            method: method.map(str::to_owned),
            fault,
        });
    }

    /// Answers every call of `method` (lower case) with `result` from now on, e.g. a `getMe`
    /// lacking fields newer clients expect.
    pub fn answer_with(&self, method: &str, result: Value) {
        lock(&self.state.overrides).insert(method.to_owned(), result);
    }

    /// Makes sends and edits to `chat` fail with 403 "bot was blocked by the user".
    pub fn block(&self, chat: i64) {
        lock(&self.state.blocked).insert(chat);
    }

    /// Queues an update for the bot's next getUpdates; returns its update id. An update that
    /// already has an `update_id` is a redelivery and keeps it.
    pub fn push_update(&self, mut update: Value) -> i64 {
        let id = match update.get("update_id").and_then(Value::as_i64) {
            Some(id) => id,
            None => {
                let id = self.next_update_id();
                update["update_id"] = json!(id);
                id
            }
        };
        let query = update["callback_query"]["id"].as_str().map(str::to_owned);
        self.queue(Queued {
            json: update.to_string(),
            query,
        });
        id
    }

    fn next_update_id(&self) -> i64 {
        self.state.next_update_id.fetch_add(1, Ordering::Relaxed) + 1
    }

    fn queue(&self, update: Queued) {
        lock(&self.state.updates).push_back(update);
        self.state.update_arrived.notify_waiters();
    }

    /// A press like [`FakeBotApi::press`], written out now and queued later by
    /// [`FakeBotApi::push_prepared`]: a benchmark's harness does the JSON work before the
    /// clock starts, not on the cores the bot under test is measured on. The pressed message
    /// is as the fake stores it now.
    pub fn prepare_press(&self, user: i64, query_id: &str, data: &str) -> PreparedPress {
        let (key, message) = ((user, PRESSED_CARD), press_message(user, PRESSED_CARD));
        let update = self.press_update(user, key, message, query_id, data);
        let json = update.to_string();
        // `{"callback_query":{…}}` without its opening brace: the update id goes in front.
        let rest = json.strip_prefix('{').unwrap_or(&json).to_owned();
        PreparedPress {
            rest,
            query: query_id.to_owned(),
        }
    }

    /// Queues a prepared press for the bot's next getUpdates; returns its update id.
    pub fn push_prepared(&self, press: PreparedPress) -> i64 {
        let id = self.next_update_id();
        self.queue(Queued {
            json: format!("{{\"update_id\":{id},{}", press.rest),
            query: Some(press.query),
        });
        id
    }

    /// A private text message from `user`.
    pub fn text_from(&self, user: i64, lang: &str, text: &str) -> i64 {
        self.push_update(json!({"message": {
            "message_id": 1, "date": chrono::Utc::now().timestamp(),
            "chat": private_chat(user),
            "from": customer(user, lang),
            "text": text}}))
    }

    /// A press by `user` of a button carrying `data` on some earlier card.
    pub fn press(&self, user: i64, query_id: &str, data: &str) -> i64 {
        self.press_on(user, PRESSED_CARD, query_id, data)
    }

    /// A press by `user` of a button carrying `data` on the message `message_id` the bot
    /// sent to them (the update carries that message as the fake last stored it).
    pub fn press_on(&self, user: i64, message_id: i64, query_id: &str, data: &str) -> i64 {
        let message = press_message(user, message_id);
        self.push_press(user, (user, message_id), message, query_id, data)
    }

    /// A press by `user` of a button carrying `data` on `message`, the one kept under `key`
    /// (chat, message id): the update carries its text and buttons as the fake last stored them.
    pub(super) fn push_press(
        &self,
        user: i64,
        key: (i64, i64),
        message: Value,
        query_id: &str,
        data: &str,
    ) -> i64 {
        self.push_update(self.press_update(user, key, message, query_id, data))
    }

    /// The update of a press by `user` on `message` (kept under `key`), without an update id.
    fn press_update(
        &self,
        user: i64,
        key: (i64, i64),
        mut message: Value,
        query_id: &str,
        data: &str,
    ) -> Value {
        if let Some(stored) = lock(&self.state.messages).get(&key) {
            message["text"] = stored.text.clone();
            if !stored.markup.is_null() {
                message["reply_markup"] = stored.markup.clone();
            }
        }
        json!({"callback_query": {
            "id": query_id, "chat_instance": "ci",
            "from": customer(user, "en"),
            "message": message,
            "data": data}})
    }

    /// The first call so far that satisfies `pred`, waiting up to `timeout` for it.
    pub async fn wait_until(
        &self,
        timeout: Duration,
        pred: impl Fn(&Call) -> bool,
    ) -> Option<Call> {
        let deadline = Instant::now() + timeout;
        loop {
            // A snapshot, so `pred` may itself look at the calls.
            if let Some(c) = self.calls().into_iter().find(|c| pred(c)) {
                return Some(c);
            }
            if Instant::now() >= deadline {
                return None;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Every call so far.
    pub fn calls(&self) -> Vec<Call> {
        lock(&self.state.calls).clone()
    }

    /// Calls of one method (lower-case name).
    pub fn calls_of(&self, method: &str) -> Vec<Call> {
        lock(&self.state.calls)
            .iter()
            .filter(|c| c.method == method)
            .cloned()
            .collect()
    }

    /// How many calls of `method` so far.
    pub fn count_of(&self, method: &str) -> usize {
        lock(&self.state.calls)
            .iter()
            .filter(|c| c.method == method)
            .count()
    }

    /// How many of `queries` (callback query ids) have been answered at least once. `watch`
    /// remembers what it has read, so each call reads only the calls recorded since the last
    /// (a benchmark asks every few milliseconds while the bot answers thousands).
    pub fn answered_among(
        &self,
        queries: &std::collections::HashSet<String>,
        watch: &mut AnswerWatch,
    ) -> usize {
        let calls = lock(&self.state.calls);
        for c in calls[watch.read.min(calls.len())..]
            .iter()
            .filter(|c| c.method == "answercallbackquery")
        {
            if let Some(q) = c.body["callback_query_id"].as_str()
                && queries.contains(q)
                && !watch.seen.contains(q)
            {
                watch.seen.insert(q.to_owned());
            }
        }
        watch.read = calls.len();
        watch.seen.len()
    }

    /// The text and keyboard of a message the bot sent (after any edits), if it exists.
    pub fn message(&self, chat: i64, message_id: i64) -> Option<Value> {
        lock(&self.state.messages)
            .get(&(chat, message_id))
            .map(|m| json!({"text": m.text, "reply_markup": m.markup}))
    }

    /// When getUpdates handed the callback query `query_id` to the bot.
    pub fn handed_at(&self, query_id: &str) -> Option<Instant> {
        lock(&self.state.handed).get(query_id).copied()
    }

    /// From now on, records of calls keep only the query id and text of answers to button
    /// presses (other bodies are dropped), so a big benchmark run stays small in memory.
    pub fn record_lean(&self) {
        self.state.lean.store(true, Ordering::Relaxed);
    }

    /// Updates queued and not yet handed to the bot.
    pub fn pending_updates(&self) -> usize {
        lock(&self.state.updates).len()
    }
}

/// The message a press without one named is on ([`FakeBotApi::press`]): some earlier card.
const PRESSED_CARD: i64 = 7;

/// A press written out ahead of time ([`FakeBotApi::prepare_press`]).
#[derive(Debug, Clone)]
pub struct PreparedPress {
    /// The update's JSON after its opening brace.
    rest: String,
    /// The callback query's id.
    query: String,
}

/// The message `message_id` the bot sent to `user`, as a press carries it before the fake
/// fills in what it stores of it.
fn press_message(user: i64, message_id: i64) -> Value {
    json!({"message_id": message_id,
        "date": chrono::Utc::now().timestamp(),
        "chat": private_chat(user), "from": bot_user(), "text": "card"})
}

impl Drop for FakeBotApi {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// What a lean record keeps of a call's body.
fn lean(method: &str, body: Value) -> Value {
    if method != "answercallbackquery" {
        return Value::Null;
    }
    json!({"callback_query_id": body["callback_query_id"], "text": body["text"]})
}

async fn handle(
    State(state): State<Arc<FakeState>>,
    Path((_bot, method)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let arrived = Instant::now();
    let method = method.to_ascii_lowercase();
    let body = read_body(&headers, body).await;
    let index = lock(&state.calls).len();
    let fault = state.fault_for(index, &method);
    if let Some(Fault::Delay(d)) = fault {
        tokio::time::sleep(d).await;
    }
    let response = match fault {
        Some(Fault::RetryAfter(s)) => error(
            StatusCode::TOO_MANY_REQUESTS,
            &format!("Too Many Requests: retry after {s}"),
            Some(s),
        ),
        Some(Fault::ServerError) => error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Internal Server Error",
            None,
        ),
        _ => answer(&state, &method, &body).await,
    };
    let body = if state.lean.load(Ordering::Relaxed) {
        lean(&method, body)
    } else {
        body
    };
    lock(&state.calls).push(Call {
        method,
        body,
        at: arrived,
        status: response.status().as_u16(),
    });
    response
}

/// What [`FakeBotApi::answered_among`] has read so far: the calls up to `read`, and the
/// queries among them it found answered.
#[derive(Debug, Default)]
pub struct AnswerWatch {
    read: usize,
    seen: std::collections::HashSet<String>,
}
