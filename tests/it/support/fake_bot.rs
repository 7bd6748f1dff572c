//! The fake Bot API (`flashsale::sandbox`) with test conveniences: start or fail, wait or fail.

use std::time::Duration;

pub use flashsale::sandbox::{Call, FakeBotApi, Fault};

/// Test-side helpers on the fake.
pub trait FakeBotExt {
    /// Waits (up to 10 s) until some call satisfies `pred`; fails the test otherwise.
    async fn wait_for(&self, what: &str, pred: impl Fn(&Call) -> bool) -> Call;
}

impl FakeBotExt for FakeBotApi {
    async fn wait_for(&self, what: &str, pred: impl Fn(&Call) -> bool) -> Call {
        self.wait_until(Duration::from_secs(10), pred)
            .await
            .unwrap_or_else(|| panic!("timed out waiting for {what}"))
    }
}

/// Starts a fake Bot API or fails the test.
pub async fn start() -> FakeBotApi {
    FakeBotApi::start()
        .await
        .expect("fake Bot API binds to loopback")
}

/// Matches a `sendMessage` to `chat`.
pub fn sent_to(chat: i64) -> impl Fn(&Call) -> bool {
    move |c| c.method == "sendmessage" && c.body["chat_id"].as_i64() == Some(chat)
}

/// The texts of every message sent to `chat` so far, in order.
pub fn texts_to(fake: &FakeBotApi, chat: i64) -> Vec<String> {
    fake.calls()
        .into_iter()
        .filter(sent_to(chat))
        .map(|c| c.body["text"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// Every inline button of a message's (or an inline result's) `reply_markup`, as JSON.
pub fn markup_buttons(markup: &serde_json::Value) -> Vec<serde_json::Value> {
    markup["inline_keyboard"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|row| row.as_array().cloned().unwrap_or_default())
        .collect()
}
