//! Inline mode in the fake Bot API: inline queries a test types (`@bot airpods` in some
//! chat) and presses on the cards sent inline, which Telegram reports with an
//! `inline_message_id` and no message.

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};

use super::fake_answers::{customer, error, not_modified, ok};
use super::fake_bot_api::FakeBotApi;
use super::fake_state::{FakeState, Stored, lock};

/// An edit of a card sent inline: 400 when it is unknown or nothing would change, as
/// Telegram does; `true` otherwise (Telegram answers inline edits with `true`).
pub(super) fn edit_inline(state: &FakeState, inline_id: &str, body: &Value) -> Response {
    let mut cards = lock(&state.inline);
    let Some(old) = cards.get(inline_id).cloned() else {
        return error(
            StatusCode::BAD_REQUEST,
            "Bad Request: MESSAGE_ID_INVALID",
            None,
        );
    };
    let new = Stored {
        text: body.get("text").cloned().unwrap_or(old.text.clone()),
        markup: body.get("reply_markup").cloned().unwrap_or(Value::Null),
    };
    if new == old {
        return not_modified();
    }
    cards.insert(inline_id.to_owned(), new);
    ok(Value::Bool(true))
}

impl FakeBotApi {
    /// `user` (app language `lang`) types `@bot <query>` in a chat: an inline query.
    pub fn inline_query(&self, user: i64, lang: &str, query_id: &str, query: &str) -> i64 {
        self.push_update(json!({"inline_query": {
            "id": query_id, "from": customer(user, lang),
            "query": query, "offset": "", "chat_type": "supergroup"}}))
    }

    /// `user` chose result `result_id` of an inline query and Telegram sent it as
    /// `inline_message_id` with `text` and `markup` (inline feedback is on).
    pub fn choose_inline(
        &self,
        user: i64,
        lang: &str,
        result_id: &str,
        inline_message_id: &str,
        sent: (&Value, &Value),
    ) -> i64 {
        let (text, markup) = sent;
        lock(&self.state.inline).insert(
            inline_message_id.to_owned(),
            Stored {
                text: text.clone(),
                markup: markup.clone(),
            },
        );
        self.push_update(json!({"chosen_inline_result": {
            "result_id": result_id, "from": customer(user, lang),
            "inline_message_id": inline_message_id, "query": ""}}))
    }

    /// A press by `user` of a button carrying `data` on the card sent inline as
    /// `inline_message_id`.
    pub fn press_inline(
        &self,
        user: i64,
        inline_message_id: &str,
        query_id: &str,
        data: &str,
    ) -> i64 {
        self.push_update(json!({"callback_query": {
            "id": query_id, "chat_instance": "ci-inline",
            "from": customer(user, "en"),
            "inline_message_id": inline_message_id,
            "data": data}}))
    }
}
