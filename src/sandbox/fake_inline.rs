//! Inline mode in the fake Bot API: inline queries a test types (`@bot airpods` in some
//! chat) and presses on the cards sent inline, which Telegram reports with an
//! `inline_message_id` and no message.

use serde_json::json;

use super::fake_answers::customer;
use super::fake_bot_api::FakeBotApi;

impl FakeBotApi {
    /// `user` (app language `lang`) types `@bot <query>` in a chat: an inline query.
    pub fn inline_query(&self, user: i64, lang: &str, query_id: &str, query: &str) -> i64 {
        self.push_update(json!({"inline_query": {
            "id": query_id, "from": customer(user, lang),
            "query": query, "offset": "", "chat_type": "supergroup"}}))
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
