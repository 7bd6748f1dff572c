//! Presses answered in the webhook's HTTP response. Telegram accepts one Bot API call as
//! the reply to a webhook request, so a press decided while its request still waits has its
//! `answerCallbackQuery` returned as the response body: one HTTP round trip less per press.
//! The request waits at most [`ANSWER_WITHIN`]; a press decided later (or never answered,
//! e.g. shed at the door) is answered by a call as before. Either way, exactly once: the
//! handler takes the open request out of the map before using it, and the request, when it
//! stops waiting, closes its end before looking for an answer.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use serde_json::json;
use teloxide::prelude::*;
use teloxide::types::CallbackQueryId;
use tokio::sync::oneshot;

/// How long a webhook request holding a press waits for its answer.
pub const ANSWER_WITHIN: Duration = Duration::from_secs(2);

/// Webhook requests holding a press, by callback query id (empty with long polling).
#[derive(Default)]
pub struct OpenPresses {
    open: Mutex<HashMap<String, oneshot::Sender<String>>>,
}

impl OpenPresses {
    /// Nothing open.
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, oneshot::Sender<String>>> {
        self.open.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Opens press `id`: its request waits on the receiver for the answer's body.
    pub fn open(&self, id: &str) -> oneshot::Receiver<String> {
        let (tx, rx) = oneshot::channel();
        self.lock().insert(id.to_owned(), tx);
        rx
    }

    /// Closes press `id` unanswered: its request stops waiting (the handler is done, or the
    /// door dropped the press).
    pub fn close(&self, id: &str) {
        self.lock().remove(id);
    }

    /// Hands `body` to the request holding press `id`; gives it back when none does.
    fn reply(&self, id: &str, body: String) -> Result<(), String> {
        let open = self.lock().remove(id);
        match open {
            Some(tx) => tx.send(body),
            None => Err(body),
        }
    }

    /// Answers press `id` with `text` (none: no toast): in the webhook's response when its
    /// request still waits, else by a Bot API call.
    pub async fn answer(
        &self,
        bot: &Bot,
        id: &CallbackQueryId,
        text: Option<String>,
    ) -> Result<(), teloxide::RequestError> {
        if self.lock().is_empty() {
            return send(bot, id, text).await;
        }
        let mut body = json!({"method": "answerCallbackQuery", "callback_query_id": id.0});
        if let Some(t) = &text {
            body["text"] = json!(t);
        }
        match self.reply(&id.0, body.to_string()) {
            Ok(()) => {
                crate::metrics::press_answered_in_response();
                Ok(())
            }
            Err(_) => send(bot, id, text).await,
        }
    }
}

async fn send(
    bot: &Bot,
    id: &CallbackQueryId,
    text: Option<String>,
) -> Result<(), teloxide::RequestError> {
    let mut req = bot.answer_callback_query(id.clone());
    if let Some(t) = text {
        req = req.text(t);
    }
    req.await.map(|_| ())
}

/// The body to answer a webhook request holding a press with: the answer, once it comes
/// within [`ANSWER_WITHIN`]; `None` when it does not (the press is then answered by a call).
pub async fn awaited(
    open: &OpenPresses,
    id: &str,
    mut rx: oneshot::Receiver<String>,
) -> Option<String> {
    match tokio::time::timeout(ANSWER_WITHIN, &mut rx).await {
        Ok(answer) => answer.ok(),
        Err(_) => {
            open.close(id);
            // From here a late handler's reply fails (and it calls instead), unless it was
            // handed over already.
            rx.close();
            rx.try_recv().ok()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn an_answer_goes_to_the_waiting_request_once_and_a_closed_press_gets_none() {
        let open = OpenPresses::new();
        let rx = open.open("q1");
        assert!(open.reply("q1", "body".into()).is_ok());
        assert_eq!(awaited(&open, "q1", rx).await.as_deref(), Some("body"));
        assert_eq!(open.reply("q1", "again".into()), Err("again".into()));
        let rx = open.open("q2");
        open.close("q2");
        assert_eq!(awaited(&open, "q2", rx).await, None);
        assert_eq!(open.reply("q2", "late".into()), Err("late".into()));
    }
}
