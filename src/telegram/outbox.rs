//! The outbox worker: sends queued messages paced below Telegram's limits, honours
//! `retry_after`, backs off on server errors, marks users who blocked the bot, and never
//! sends one logical message twice (dedupe keys; interrupted sends are not repeated).

use std::sync::Arc;
use std::time::Duration as StdDuration;

use super::pacer::{PaceLimits, SharedPacer};
use crate::app::alerts::{Alerts, Anomaly};
use crate::clock::Clock;
use crate::store::{OutboxItem, Store, StoreError};
use async_trait::async_trait;
use chrono::Duration;
use serde::{Deserialize, Serialize};

/// A rendered message: text and rows of (label, assistant payload) buttons; the sender
/// signs the payloads for the recipient.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxBody {
    pub text: String,
    #[serde(default)]
    pub buttons: Vec<Vec<(String, String)>>,
}

/// What Telegram answered to one send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendOutcome {
    Sent,
    /// 429: wait this long before sending anything.
    RetryAfter(StdDuration),
    /// 403 and friends: the user blocked the bot or is gone.
    Blocked,
    /// Network trouble or a server error: try again later.
    Transient(String),
    /// Telegram refused this message for good (e.g. bad request).
    Permanent(String),
}

impl SendOutcome {
    /// A short label for logs and metrics.
    pub fn name(&self) -> &'static str {
        match self {
            SendOutcome::Sent => "sent",
            SendOutcome::RetryAfter(_) => "retry_after",
            SendOutcome::Blocked => "blocked",
            SendOutcome::Transient(_) => "transient",
            SendOutcome::Permanent(_) => "permanent",
        }
    }
}

/// Sends one message to one chat (the Bot API in production, via teloxide).
#[async_trait]
pub trait MessageSender: Send + Sync {
    /// Sends `body` to `chat`.
    async fn send(&self, chat: i64, body: &OutboxBody) -> SendOutcome;
}

/// Tuning of the worker.
#[derive(Debug, Clone, Copy)]
pub struct OutboxConfig {
    pub limits: PaceLimits,
    /// Messages claimed per step.
    pub batch: u32,
    /// Attempts before a message is given up (transient errors only).
    pub max_attempts: u32,
    /// Only this chat's messages (the terminal chat); `None` for all.
    pub only_chat: Option<i64>,
}

impl Default for OutboxConfig {
    fn default() -> Self {
        Self {
            limits: PaceLimits::default(),
            batch: 100,
            max_attempts: 5,
            only_chat: None,
        }
    }
}

/// What one step did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StepReport {
    pub sent: u32,
    /// Put back because their chat was messaged less than a second ago.
    pub deferred: u32,
    pub retried: u32,
    pub blocked: u32,
    pub failed: u32,
}

impl StepReport {
    /// Messages this step handled.
    pub fn handled(&self) -> u32 {
        self.sent + self.deferred + self.retried + self.blocked + self.failed
    }
}

/// Drains the outbox.
pub struct OutboxWorker {
    store: Store,
    sender: Arc<dyn MessageSender>,
    clock: Arc<dyn Clock>,
    config: OutboxConfig,
    pacer: Arc<SharedPacer>,
    alerts: Option<Arc<Alerts>>,
}

impl OutboxWorker {
    /// A worker; call [`OutboxWorker::recover`] once at start.
    pub fn new(
        store: Store,
        sender: Arc<dyn MessageSender>,
        clock: Arc<dyn Clock>,
        config: OutboxConfig,
    ) -> Self {
        Self {
            pacer: Arc::new(SharedPacer::new(config.limits)),
            store,
            sender,
            clock,
            config,
            alerts: None,
        }
    }

    /// The same worker, telling admins when Telegram throttles it (429).
    pub fn with_alerts(mut self, alerts: Arc<Alerts>) -> Self {
        self.alerts = Some(alerts);
        self
    }

    /// The pacer this worker sends under; other bulk senders share it to stay under the
    /// same global limit.
    pub fn pacer(&self) -> Arc<SharedPacer> {
        self.pacer.clone()
    }

    /// Settles messages a crashed run left half-sent; returns how many.
    pub async fn recover(&self) -> Result<u64, StoreError> {
        let n = self
            .store
            .fail_interrupted_messages(self.clock.now())
            .await?;
        if n > 0 {
            tracing::warn!(
                messages = n,
                "outbox messages interrupted by a restart were not resent"
            );
        }
        Ok(n)
    }

    /// Claims the due messages and sends them, paced; returns what happened.
    pub async fn step(&self) -> Result<StepReport, StoreError> {
        let items = self
            .store
            .claim_due_messages_for(self.config.only_chat, self.clock.now(), self.config.batch)
            .await?;
        let mut report = StepReport::default();
        for item in items {
            self.send_one(item, &mut report).await?;
        }
        Ok(report)
    }

    async fn send_one(&self, item: OutboxItem, report: &mut StepReport) -> Result<(), StoreError> {
        let body: OutboxBody = match serde_json::from_str(&item.body) {
            Ok(b) => b,
            Err(e) => {
                report.failed += 1;
                let err = format!("unreadable body: {e}");
                return self
                    .store
                    .finish_message(item.id, "failed", Some(&err), self.clock.now())
                    .await;
            }
        };
        match self
            .pacer
            .take_slot(item.chat_id, StdDuration::from_millis(50))
            .await
        {
            Err(chat_wait) => {
                // This chat heard from us a moment ago: let other chats go first.
                let at = self.clock.now()
                    + Duration::from_std(chat_wait).unwrap_or(Duration::seconds(1));
                report.deferred += 1;
                return self.store.defer_message(item.id, at).await;
            }
            Ok(wait) if !wait.is_zero() => tokio::time::sleep(wait).await,
            Ok(_) => {}
        }
        let outcome = self.sender.send(item.chat_id, &body).await;
        metrics::counter!("flashsale_outbox_sends_total", "outcome" => outcome.name()).increment(1);
        let now = self.clock.now();
        match outcome {
            SendOutcome::Sent => {
                report.sent += 1;
                self.store.finish_message(item.id, "sent", None, now).await
            }
            SendOutcome::RetryAfter(wait) => {
                tracing::warn!(
                    seconds = wait.as_secs(),
                    "telegram asked to slow down; pausing all sends"
                );
                self.pacer.pause_for(wait).await;
                if let Some(alerts) = &self.alerts {
                    let secs = wait.as_secs();
                    alerts
                        .raise(
                            Anomaly::Throttled {
                                retry_after_secs: secs,
                            },
                            now,
                        )
                        .await;
                }
                report.retried += 1;
                let at = now + Duration::from_std(wait).unwrap_or(Duration::seconds(1));
                self.store
                    .retry_message(item.id, at, "429 retry_after", now)
                    .await
            }
            SendOutcome::Blocked => {
                report.blocked += 1;
                self.store.mark_user_inactive(item.chat_id, now).await?;
                self.store
                    .finish_message(item.id, "blocked", Some("the user blocked the bot"), now)
                    .await
            }
            SendOutcome::Transient(e) if item.attempts < self.config.max_attempts => {
                report.retried += 1;
                let backoff = Duration::seconds(2_i64.pow(item.attempts.min(10)));
                self.store
                    .retry_message(item.id, now + backoff, &e, now)
                    .await
            }
            SendOutcome::Transient(e) | SendOutcome::Permanent(e) => {
                report.failed += 1;
                tracing::error!(chat = item.chat_id, error = %e, "message given up");
                self.store
                    .finish_message(item.id, "failed", Some(&e), now)
                    .await
            }
        }
    }

    /// Runs steps until `shutdown` flips to true, idling briefly when the queue is empty.
    pub async fn run(&self, mut shutdown: tokio::sync::watch::Receiver<bool>) {
        if let Err(e) = self.recover().await {
            tracing::error!(error = %e, "outbox recovery failed");
        }
        while !*shutdown.borrow() {
            let idle = match self.step().await {
                Ok(r) => r.handled() == 0,
                Err(e) => {
                    tracing::error!(error = %e, "outbox step failed");
                    true
                }
            };
            if idle {
                tokio::select! {
                    _ = tokio::time::sleep(StdDuration::from_millis(250)) => {}
                    _ = shutdown.changed() => {}
                }
            }
        }
    }
}
