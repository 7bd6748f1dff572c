//! The announcement status worker: queues announcements that started (again, idempotently,
//! after a restart), keeps one status message per announcement in the merchant's chat
//! ("sent 4,210 / 10,000 · 12 blocked · ETA 3 min"), edited every few seconds while the
//! outbox sends, then replaced by the final summary once every message has its fate.
//!
//! All of it is read back from the store (the announcement row and the outbox counts of its
//! campaign), so a new process picks up where the old one stopped.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration as StdDuration;

use async_trait::async_trait;
use chrono::{DateTime, Duration, Utc};

use crate::app::Assistant;
use crate::app::jobs::notice::{sale_title, stored_locale};
use crate::app::merchant::Merchant;
use crate::domain::{AnnouncementId, Span};
use crate::i18n::Msg;
use crate::store::{Announcement, AnnouncementState, BroadcastMode, OutboxCounts, StoreError};

/// Where status messages go (the Bot API in production).
#[async_trait]
pub trait StatusBoard: Send + Sync {
    /// Sends a new message to `chat`; its message id, or `None` when it could not be sent.
    async fn post(&self, chat: i64, text: &str) -> Option<i32>;
    /// Replaces the text of message `message` in `chat`; false when that failed.
    async fn edit(&self, chat: i64, message: i32, text: &str) -> bool;
}

/// Keeps the status messages of running announcements current.
pub struct AnnouncementWorker {
    assistant: Arc<Assistant>,
    board: Arc<dyn StatusBoard>,
    every: StdDuration,
    /// The text each status message shows now (edits only when it changes).
    shown: Mutex<HashMap<AnnouncementId, String>>,
}

impl AnnouncementWorker {
    /// A worker editing status messages at most once every `every`.
    pub fn new(assistant: Arc<Assistant>, board: Arc<dyn StatusBoard>, every: StdDuration) -> Self {
        Self {
            assistant,
            board,
            every,
            shown: Mutex::new(HashMap::new()),
        }
    }

    /// One pass over the announcements being sent; returns how many finished.
    pub async fn step(&self) -> Result<u32, StoreError> {
        let store = &self.assistant.store;
        let mut finished = 0;
        for mut a in store.sending_announcements().await? {
            if a.status.is_none() {
                // First pass for it in this process or ever: make sure every message is queued.
                if let Err(e) = self.assistant.queue_announcement(&a).await {
                    tracing::error!(announcement = a.id.get(), error = %e, "announcement not queued");
                    continue;
                }
                a = store.announcement(a.id).await?.unwrap_or(a);
            }
            let counts = store.outbox_counts(Some(&a.campaign())).await?;
            let done = counts.pending == 0;
            let now = self.assistant.clock.now();
            let text = self
                .assistant
                .merchant
                .announcement_status(&a, counts, now, done)
                .await;
            let changed = {
                let shown = self.shown.lock().unwrap_or_else(|p| p.into_inner());
                shown.get(&a.id) != Some(&text)
            };
            match a.status {
                None => {
                    if let Some(message) = self.board.post(a.actor.get(), &text).await {
                        store
                            .set_announcement_status(a.id, a.actor.get(), message, now)
                            .await?;
                        self.remember(a.id, text);
                    }
                }
                Some((chat, message)) if changed => {
                    if self.board.edit(chat, message, &text).await {
                        self.remember(a.id, text);
                    }
                }
                Some(_) => {}
            }
            if done {
                let totals = [counts.sent, counts.blocked + a.skipped, counts.failed];
                if store
                    .settle_announcement(
                        a.id,
                        AnnouncementState::Sending,
                        AnnouncementState::Done,
                        totals,
                        now,
                    )
                    .await?
                {
                    finished += 1;
                    tracing::info!(
                        announcement = a.id.get(),
                        sale = a.sale.get(),
                        sent = totals[0],
                        blocked = totals[1],
                        failed = totals[2],
                        "announcement finished"
                    );
                }
                self.shown
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .remove(&a.id);
            }
        }
        Ok(finished)
    }

    fn remember(&self, id: AnnouncementId, text: String) {
        self.shown
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(id, text);
    }
}

#[async_trait]
impl crate::worker::Worker for AnnouncementWorker {
    fn name(&self) -> &'static str {
        "announcement status"
    }

    async fn step(&self) -> anyhow::Result<crate::worker::Pass> {
        AnnouncementWorker::step(self).await?;
        Ok(crate::worker::Pass::Idle)
    }

    fn period(&self) -> StdDuration {
        self.every
    }
}

impl Merchant {
    /// The status text of an announcement in its author's language: progress, or the summary.
    pub(crate) async fn announcement_status(
        &self,
        a: &Announcement,
        counts: OutboxCounts,
        now: DateTime<Utc>,
        done: bool,
    ) -> String {
        let locale = stored_locale(&self.store, a.actor, None).await;
        let title = sale_title(&self.store, a.sale).await;
        let blocked = i64::from(counts.blocked + a.skipped);
        let msg = if done {
            let took = a.started_at.map_or(Duration::zero(), |s| now - s);
            Msg::new("announce-summary").arg("span", Span::of(took))
        } else {
            let rates = self.broadcast_rates();
            let rate = match a.mode {
                BroadcastMode::Free => rates.free_per_sec,
                BroadcastMode::Paid => rates.paid_per_sec,
            };
            let eta = i64::from(counts.pending.div_ceil(rate.max(1)));
            Msg::new("announce-progress")
                .arg("total", i64::from(counts.total()))
                .arg("span", Span::of(Duration::seconds(eta)))
        };
        let msg = msg
            .arg("sale", a.sale.get())
            .arg("title", title)
            .arg("sent", i64::from(counts.sent))
            .arg("blocked", blocked)
            .arg("failed", i64::from(counts.failed))
            .arg("unknown", i64::from(counts.unknown));
        self.texts.render(locale, &msg)
    }
}
