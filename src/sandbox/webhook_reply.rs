//! What Telegram does with a webhook's HTTP response: a JSON body naming a `method` is
//! one Bot API call, performed as if the bot had made it. Harnesses that post updates to a
//! bot's webhook hand the response here so the fake Bot API sees (and records) that call.

use serde_json::Value;

use super::FakeBotApi;

/// The method a webhook response body carries and its parameters; `None` for a plain
/// acknowledgement.
pub fn method_of(reply: &[u8]) -> Option<(String, Value)> {
    let mut body: Value = serde_json::from_slice(reply).ok()?;
    let method = body.as_object_mut()?.remove("method")?;
    Some((method.as_str()?.to_owned(), body))
}

/// Performs the method `reply` (a webhook's response body) carries against the Bot API at
/// `api` (the fake's URL), as Telegram would; true when there was one and it was accepted.
pub async fn perform_webhook_reply(http: &reqwest::Client, api: &str, reply: &[u8]) -> bool {
    let Some((method, params)) = method_of(reply) else {
        return false;
    };
    let sent = http
        .post(format!("{api}/botWEBHOOK/{method}"))
        .header("content-type", "application/json")
        .body(params.to_string())
        .send()
        .await;
    match sent {
        Ok(r) => r.status().is_success(),
        Err(e) => {
            tracing::warn!(method, error = %e, "webhook reply not performed");
            false
        }
    }
}

impl FakeBotApi {
    /// Performs the method a webhook response body carries, as Telegram would (see the
    /// module doc); true when there was one.
    pub async fn perform_reply(&self, reply: &[u8]) -> bool {
        perform_webhook_reply(&reqwest::Client::new(), &self.url, reply).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_method_reply_is_read_and_an_acknowledgement_is_not() {
        let (m, p) =
            method_of(br#"{"method":"answerCallbackQuery","callback_query_id":"q1","text":"hi"}"#)
                .expect("a method");
        assert_eq!(m, "answerCallbackQuery");
        assert_eq!(
            p,
            serde_json::json!({"callback_query_id": "q1", "text": "hi"})
        );
        assert!(method_of(b"ok").is_none());
        assert!(method_of(br#"{"ok":true}"#).is_none());
    }
}
