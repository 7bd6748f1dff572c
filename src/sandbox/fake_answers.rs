//! The fake Bot API's answers: the users and chats it describes, sends that store the
//! message, getUpdates in batches, and edits that fail as Telegram's do.

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::fake_chats::{answer_chat_method, chat_object, refuse_post};
use super::fake_state::{FakeState, Queued, Stored, lock};

/// The bot's own user id in the fake.
pub(super) const BOT_ID: i64 = 123;

pub(super) fn private_chat(user: i64) -> Value {
    json!({"id": user, "type": "private", "first_name": "Buyer"})
}

pub(super) fn customer(user: i64, lang: &str) -> Value {
    json!({"id": user, "is_bot": false, "first_name": "Buyer", "language_code": lang})
}

pub(super) fn bot_user() -> Value {
    json!({"id": BOT_ID, "is_bot": true, "first_name": "flashsale", "username": "flashsale_bot",
           "can_join_groups": false, "can_read_all_group_messages": false,
           "supports_inline_queries": false, "can_connect_to_business": false,
           "has_main_web_app": false})
}

pub(super) fn ok(result: Value) -> Response {
    axum::Json(json!({"ok": true, "result": result})).into_response()
}

pub(super) fn error(status: StatusCode, description: &str, retry_after: Option<u32>) -> Response {
    let mut body = json!({"ok": false, "error_code": status.as_u16(), "description": description});
    if let Some(s) = retry_after {
        body["parameters"] = json!({"retry_after": s});
    }
    (status, axum::Json(body)).into_response()
}

/// Telegram's refusal of an edit that would show exactly what the message shows now.
pub(super) fn not_modified() -> Response {
    error(
        StatusCode::BAD_REQUEST,
        "Bad Request: message is not modified: specified new message content and reply \
         markup are exactly the same as a current content and reply markup of the message",
        None,
    )
}

fn message_json(state: &FakeState, chat: i64, id: i64, stored: &Stored) -> Value {
    let chat_json = chat_object(state, chat).unwrap_or_else(|| private_chat(chat));
    let mut m = json!({"message_id": id, "date": chrono::Utc::now().timestamp(),
        "chat": chat_json, "from": bot_user(), "text": stored.text});
    if !stored.markup.is_null() {
        m["reply_markup"] = stored.markup.clone();
    }
    m
}

/// The normal answer to one method.
pub(super) async fn answer(state: &FakeState, method: &str, body: &Value) -> Response {
    let chat = body.get("chat_id").and_then(Value::as_i64).unwrap_or(0);
    let blocked = lock(&state.blocked).contains(&chat);
    let sends = matches!(
        method,
        "sendmessage"
            | "editmessagetext"
            | "editmessagereplymarkup"
            | "sendphoto"
            | "senddocument"
            | "sendinvoice"
    );
    if let Some(result) = lock(&state.overrides).get(method).cloned() {
        return ok(result);
    }
    if let Some(r) = answer_chat_method(state, method, body) {
        return r;
    }
    if sends && let Some(refused) = refuse_post(state, chat) {
        return refused;
    }
    if sends && blocked {
        return error(
            StatusCode::FORBIDDEN,
            "Forbidden: bot was blocked by the user",
            None,
        );
    }
    match method {
        "getme" => ok(bot_user()),
        "getwebhookinfo" => ok(json!({"url": "", "has_custom_certificate": false,
                                      "pending_update_count": 0})),
        "getupdates" => updates_response(&updates(state, body).await),
        "sendmessage" | "sendphoto" | "senddocument" | "sendinvoice" => {
            let id = state.next_message_id.fetch_add(1, Ordering::Relaxed) + 1;
            let stored = Stored {
                text: body.get("text").cloned().unwrap_or(Value::Null),
                markup: body.get("reply_markup").cloned().unwrap_or(Value::Null),
            };
            let m = message_json(state, chat, id, &stored);
            lock(&state.messages).insert((chat, id), stored);
            ok(m)
        }
        "editmessagetext" | "editmessagereplymarkup" => edit(state, method, chat, body),
        // A Stars invoice link named after its payload (the Mini App's Pay).
        "createinvoicelink" => {
            let payload = body.get("payload").and_then(Value::as_str).unwrap_or("x");
            ok(json!(format!(
                "https://t.me/$fake-{}",
                payload.replace(':', "-")
            )))
        }
        // setChatMenuButton and the other setters just succeed.
        _ => ok(Value::Bool(true)),
    }
}

/// The longest the fake holds a getUpdates call with nothing to hand out.
const LONG_POLL: Duration = Duration::from_millis(50);

/// getUpdates' answer: the queued updates' JSON, put together as it is.
fn updates_response(batch: &[Queued]) -> Response {
    let mut body =
        String::with_capacity(32 + batch.iter().map(|u| u.json.len() + 1).sum::<usize>());
    body.push_str(r#"{"ok":true,"result":["#);
    for (i, u) in batch.iter().enumerate() {
        if i > 0 {
            body.push(',');
        }
        body.push_str(&u.json);
    }
    body.push_str("]}");
    ([(header::CONTENT_TYPE, "application/json")], body).into_response()
}

/// Up to `limit` queued updates (default 100), noting when each callback query was handed.
async fn updates(state: &FakeState, body: &Value) -> Vec<Queued> {
    let limit = body
        .get("limit")
        .and_then(Value::as_u64)
        .map_or(100, |l| l.clamp(1, 100)) as usize;
    let take = |state: &FakeState| {
        let mut q = lock(&state.updates);
        let n = q.len().min(limit);
        q.drain(..n).collect::<Vec<Queued>>()
    };
    // A long poll as Telegram's: it returns as soon as an update arrives. It is held at
    // most LONG_POLL (not the request's `timeout`), so a stopping bot is not kept waiting.
    let arrived = state.update_arrived.notified();
    tokio::pin!(arrived);
    arrived.as_mut().enable();
    let mut batch = take(state);
    if batch.is_empty() {
        let _ = tokio::time::timeout(LONG_POLL, arrived).await;
        batch = take(state);
    }
    let now = Instant::now();
    let mut handed = lock(&state.handed);
    for id in batch.iter().filter_map(|u| u.query.as_ref()) {
        handed.insert(id.clone(), now);
    }
    batch
}

/// An edit: 400 when the message does not exist or nothing would change, as Telegram does.
fn edit(state: &FakeState, method: &str, chat: i64, body: &Value) -> Response {
    if let Some(inline_id) = body.get("inline_message_id").and_then(Value::as_str) {
        return super::fake_inline::edit_inline(state, inline_id, body);
    }
    let Some(id) = body.get("message_id").and_then(Value::as_i64) else {
        return error(
            StatusCode::BAD_REQUEST,
            "Bad Request: message_id is required",
            None,
        );
    };
    let mut messages = lock(&state.messages);
    let Some(old) = messages.get(&(chat, id)).cloned() else {
        return error(
            StatusCode::BAD_REQUEST,
            "Bad Request: message to edit not found",
            None,
        );
    };
    let new = Stored {
        text: match method {
            "editmessagetext" => body.get("text").cloned().unwrap_or(Value::Null),
            _ => old.text.clone(),
        },
        markup: body.get("reply_markup").cloned().unwrap_or(Value::Null),
    };
    if new == old {
        return not_modified();
    }
    let m = message_json(state, chat, id, &new);
    messages.insert((chat, id), new);
    ok(m)
}
