//! The outbox worker: sends queued messages paced below Telegram's limits, honours
//! `retry_after`, backs off on server errors, marks users who blocked the bot, and never
//! sends one logical message twice (dedupe keys; a request a crash cut short is reported
//! `unknown`, not repeated).

use std::sync::Arc;
use std::time::Duration as StdDuration;

use super::message::{OutboxBody, SendFlags, SendOutcome};
use super::outbox_config::Settled;
use super::outbox_config::{OutboxConfig, StepReport};
use super::pacer::SharedPacer;
use super::ports::{BodyRenderer, DeliveryObserver, MessageSender, StoredBodies};
use super::send_window::SendWindow;
use crate::clock::Clock;
use crate::store::{Interrupted, OutboxItem, Store, StoreError};
use chrono::Duration;
use futures::stream::{self, StreamExt};

/// How far ahead a step takes send slots; messages whose slot is later wait for the next
/// step, so a step (and a clean stop) never takes much longer than this.
const STEP_HORIZON: StdDuration = StdDuration::from_secs(1);

/// Drains the outbox.
pub struct OutboxWorker {
    store: Store,
    sender: Arc<dyn MessageSender>,
    clock: Arc<dyn Clock>,
    config: OutboxConfig,
    pacer: Arc<SharedPacer>,
    paid_pacer: SharedPacer,
    /// Strict per-second caps on actual send starts, free and paid.
    windows: [SendWindow; 2],
    observer: Option<Arc<dyn DeliveryObserver>>,
    /// Renders stored bodies when they are sent (reminders).
    renderer: Arc<dyn BodyRenderer>,
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
            paid_pacer: SharedPacer::new(config.paid_limits),
            windows: [
                SendWindow::per_second(config.limits.per_second),
                SendWindow::per_second(config.paid_limits.per_second),
            ],
            store,
            sender,
            clock,
            config,
            observer: None,
            renderer: Arc::new(StoredBodies),
        }
    }

    /// The same worker, telling `observer` when the transport throttles it (429).
    pub fn with_observer(mut self, observer: Arc<dyn DeliveryObserver>) -> Self {
        self.observer = Some(observer);
        self
    }

    /// The same worker, rendering each stored body through `renderer` when it is sent.
    pub fn with_renderer(mut self, renderer: Arc<dyn BodyRenderer>) -> Self {
        self.renderer = renderer;
        self
    }

    /// The pacer this worker sends under; other bulk senders share it to stay under the
    /// same global limit.
    pub fn pacer(&self) -> Arc<SharedPacer> {
        self.pacer.clone()
    }

    /// Settles messages a crashed run left behind: claimed ones go back to the queue, and
    /// the ones whose request was in flight are marked `unknown` (not resent).
    pub async fn recover(&self) -> Result<Interrupted, StoreError> {
        let found = self
            .store
            .recover_interrupted_messages(self.clock.now())
            .await?;
        if found.unknown > 0 {
            tracing::warn!(
                messages = found.unknown,
                "outbox messages in flight at a restart may or may not have arrived; marked unknown, not resent"
            );
        }
        if found.requeued > 0 {
            tracing::info!(
                messages = found.requeued,
                "outbox messages claimed before a restart are queued again"
            );
        }
        Ok(found)
    }

    /// Claims the due messages under a fresh lease and sends them, paced, up to
    /// `concurrency` at once; each is marked `sending` just before its request and settled
    /// right after it, so a crash leaves at most `concurrency` messages undecided.
    pub async fn step(&self) -> Result<StepReport, StoreError> {
        let items = self
            .store
            .claim_due_messages_for(self.config.only_chat, self.clock.now(), self.config.batch)
            .await?;
        let results: Vec<_> = stream::iter(items)
            .map(|item| self.send_one(item))
            .buffer_unordered(self.config.concurrency.max(1))
            .collect()
            .await;
        let mut report = StepReport::default();
        let mut later = Vec::new();
        let mut first_error = None;
        for r in results {
            match r {
                Ok(Settled::Done(one)) => report.add(one),
                Ok(Settled::Later(id)) => later.push(id),
                Err(e) => first_error = first_error.or(Some(e)),
            }
        }
        self.store.unclaim_messages(&later).await?;
        match first_error {
            Some(e) => Err(e),
            None => Ok(report),
        }
    }

    async fn send_one(&self, item: OutboxItem) -> Result<Settled, StoreError> {
        let mut report = StepReport::default();
        let (body, flags): (OutboxBody, SendFlags) = match serde_json::from_str(&item.body)
            .and_then(|b| Ok((b, serde_json::from_str(&item.body)?)))
        {
            Ok(b) => b,
            Err(e) => {
                report.failed += 1;
                let err = format!("unreadable body: {e}");
                self.store
                    .finish_message(item.id, "failed", Some(&err), self.clock.now())
                    .await?;
                return Ok(Settled::Done(report));
            }
        };
        // Rendered before pacing: nothing may come between a send slot and the send.
        let body = self.renderer.render(&item, body).await;
        let pacer = if flags.paid {
            &self.paid_pacer
        } else {
            self.pacer.as_ref()
        };
        match pacer
            .take_slot_within(item.chat_id, StdDuration::from_millis(50), STEP_HORIZON)
            .await
        {
            Err(chat_wait) => {
                // This chat heard from us a moment ago: let other chats go first.
                let at = self.clock.now()
                    + Duration::from_std(chat_wait).unwrap_or(Duration::seconds(1));
                report.deferred += 1;
                self.store.defer_message(item.id, at).await?;
                return Ok(Settled::Done(report));
            }
            Ok(None) => return Ok(Settled::Later(item.id)),
            Ok(Some(wait)) if !wait.is_zero() => tokio::time::sleep(wait).await,
            Ok(Some(_)) => {}
        }
        // Marked before the last checks, so nothing slow comes between them and the request.
        if !self.store.mark_sending(&item, self.clock.now()).await? {
            // A restart elsewhere took the claim back: whoever holds it now sends it.
            return Ok(Settled::Done(report));
        }
        // A 429 arrived while this one waited for its slot: back to the queue until it ends.
        let paused = pacer.pause_left().await;
        if !paused.is_zero() {
            let at = self.clock.now() + Duration::from_std(paused).unwrap_or(Duration::seconds(1));
            report.deferred += 1;
            self.store.defer_message(item.id, at).await?;
            return Ok(Settled::Done(report));
        }
        // Held by the window until a second after the answer (see `send_window`).
        let ticket = self.windows[usize::from(flags.paid)].admit().await;
        pacer.started(item.chat_id).await;
        let outcome = if flags.paid {
            self.sender.send_paid(item.chat_id, &body).await
        } else {
            self.sender.send(item.chat_id, &body).await
        };
        drop(ticket);
        metrics::counter!("flashsale_outbox_sends_total", "outcome" => outcome.name()).increment(1);
        let now = self.clock.now();
        match outcome {
            SendOutcome::Sent => {
                report.sent += 1;
                self.store
                    .finish_message(item.id, "sent", None, now)
                    .await?;
            }
            SendOutcome::RetryAfter(wait) => {
                tracing::warn!(
                    seconds = wait.as_secs(),
                    "telegram asked to slow down; pausing all sends"
                );
                self.pacer.pause_for(wait).await;
                self.paid_pacer.pause_for(wait).await;
                if let Some(observer) = &self.observer {
                    observer.throttled(wait, now).await;
                }
                // Telegram said when to come back: not a failed attempt, so a long 429 storm
                // (with several sends in flight, each may meet it) never uses up the attempts.
                report.retried += 1;
                let at = now + Duration::from_std(wait).unwrap_or(Duration::seconds(1));
                self.store.defer_message(item.id, at).await?;
            }
            SendOutcome::Blocked => {
                report.blocked += 1;
                self.store.mark_user_inactive(item.chat_id, now).await?;
                self.store
                    .finish_message(item.id, "blocked", Some("the user blocked the bot"), now)
                    .await?;
            }
            SendOutcome::Transient(e) if item.attempts < self.config.max_attempts => {
                report.retried += 1;
                let backoff = Duration::seconds(2_i64.pow(item.attempts.min(10)));
                self.store
                    .retry_message(item.id, now + backoff, &e, now)
                    .await?;
            }
            SendOutcome::Transient(e) | SendOutcome::Permanent(e) => {
                report.failed += 1;
                tracing::error!(chat = item.chat_id, error = %e, "message given up");
                self.store
                    .finish_message(item.id, "failed", Some(&e), now)
                    .await?;
            }
        }
        Ok(Settled::Done(report))
    }
}

#[async_trait::async_trait]
impl crate::worker::Worker for OutboxWorker {
    fn name(&self) -> &'static str {
        "outbox"
    }

    async fn recover(&self) -> anyhow::Result<()> {
        OutboxWorker::recover(self).await?;
        Ok(())
    }

    /// Steps back to back while there is mail; idles briefly when the queue is empty.
    async fn step(&self) -> anyhow::Result<crate::worker::Pass> {
        let report = OutboxWorker::step(self).await?;
        Ok(if report.handled() == 0 {
            crate::worker::Pass::Idle
        } else {
            crate::worker::Pass::Busy
        })
    }

    fn period(&self) -> StdDuration {
        StdDuration::from_millis(250)
    }
}
