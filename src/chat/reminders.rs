//! Reminders in the terminal chat: the same outbox worker as on Telegram, delivering only
//! the terminal user's messages by printing them.

use std::io::Write;
use std::sync::Arc;

use async_trait::async_trait;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::clock::Clock;
use crate::store::Store;
use crate::telegram::outbox::{MessageSender, OutboxBody, OutboxConfig, OutboxWorker, SendOutcome};

/// Prints a due message between the conversation's lines.
struct TerminalSender;

#[async_trait]
impl MessageSender for TerminalSender {
    async fn send(&self, _chat: i64, body: &OutboxBody) -> SendOutcome {
        let mut out = std::io::stdout().lock();
        match writeln!(out, "\n{}\n", body.text).and_then(|()| out.flush()) {
            Ok(()) => SendOutcome::Sent,
            Err(e) => SendOutcome::Transient(e.to_string()),
        }
    }
}

/// Starts delivering `chat`'s reminders; send `true` on the returned channel to stop.
pub fn start(
    store: Store,
    clock: Arc<dyn Clock>,
    chat: i64,
) -> (watch::Sender<bool>, JoinHandle<()>) {
    let (stop, stopped) = watch::channel(false);
    let config = OutboxConfig {
        only_chat: Some(chat),
        ..OutboxConfig::default()
    };
    let worker = OutboxWorker::new(store, Arc::new(TerminalSender), clock, config);
    let task = tokio::spawn(async move { worker.run(stopped).await });
    (stop, task)
}
