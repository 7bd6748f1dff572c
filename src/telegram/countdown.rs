//! Live countdown cards: the card of an upcoming sale edits itself on an adaptive cadence
//! (see [`crate::delivery::cadence`]) until the start, then flips to the live card with its Buy
//! buttons. Cards are tracked in the store, so a restart resumes them; edits share the bulk
//! pacer with the outbox and stay within their own global edit budget.

use std::sync::Arc;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};

use super::reply_out::CardEditor;
use crate::app::{Assistant, Card};
use crate::clock::Clock;
use crate::delivery::SendOutcome;
use crate::delivery::cadence::next_edit_in;
use crate::delivery::{PaceLimits, SharedPacer};
use crate::domain::UserId;
use crate::i18n::Locale;
use crate::store::{Store, StoreError, TrackedCard};

/// Tuning of the countdown worker.
#[derive(Debug, Clone, Copy)]
pub struct CountdownConfig {
    /// Edits per second across all chats, on top of the shared send pace.
    pub edits_per_second: u32,
    /// Cards leased per step.
    pub batch: u32,
    /// How long a leased card stays with this worker before another may take it.
    pub lease: Duration,
}

impl Default for CountdownConfig {
    fn default() -> Self {
        Self {
            edits_per_second: 10,
            batch: 50,
            lease: Duration::seconds(60),
        }
    }
}

/// What one step did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CountdownReport {
    /// Cards edited (or already up to date).
    pub edited: u32,
    /// Cards that flipped live or finished, and stopped counting.
    pub finished: u32,
    /// Cards dropped: the message or the sale is gone, or the user blocked the bot.
    pub dropped: u32,
    /// Cards put back to try later (429, server trouble).
    pub retried: u32,
    /// Sale posts in channels and groups edited (countdown, flip, stock, final state).
    pub posts_edited: u32,
    /// Sale posts whose edit waits for their chat's pace (a moment later).
    pub posts_waiting: u32,
}

/// Starts keeping a card current when it counts down; the first edit lands on the cadence.
pub async fn track(
    store: &Store,
    chat: i64,
    message_id: i64,
    user: UserId,
    locale: Locale,
    card: Card,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let Some(start) = card.counts_down_to else {
        return Ok(());
    };
    let next = next_edit_in(start - now, chat).unwrap_or(Duration::zero());
    let tracked = TrackedCard {
        chat_id: chat,
        sale: card.sale,
        message_id,
        user,
        locale: locale.code().to_owned(),
        next_edit_at: now + next,
        edits: 0,
    };
    store.track_countdown(&tracked, now).await
}

/// Edits the due countdown cards, and the live sale posts in channels and groups.
pub struct CountdownWorker {
    pub(super) store: Store,
    pub(super) assistant: Arc<Assistant>,
    editor: Arc<dyn CardEditor>,
    pub(super) clock: Arc<dyn Clock>,
    pub(super) pacer: Arc<SharedPacer>,
    budget: SharedPacer,
    pub(super) config: CountdownConfig,
    /// Where sale posts are edited (none: posts are not kept live by this worker).
    pub(super) posts: Option<Arc<super::chats::BotChats>>,
}

impl CountdownWorker {
    /// A worker sending under `pacer` (shared with the outbox) and its own edit budget.
    pub fn new(
        assistant: Arc<Assistant>,
        editor: Arc<dyn CardEditor>,
        clock: Arc<dyn Clock>,
        pacer: Arc<SharedPacer>,
        config: CountdownConfig,
    ) -> Self {
        Self {
            store: assistant.store.clone(),
            assistant,
            editor,
            clock,
            pacer,
            budget: SharedPacer::new(PaceLimits {
                per_second: config.edits_per_second,
                per_chat_spacing_us: 1_000_000,
            }),
            config,
            posts: None,
        }
    }

    /// Also keeps the sale posts in channels and groups live, edited through `chats`.
    pub fn with_posts(mut self, chats: Arc<super::chats::BotChats>) -> Self {
        self.posts = Some(chats);
        self
    }

    /// Leases the due cards (and posts) and edits them, paced; returns what happened.
    pub async fn step(&self) -> Result<CountdownReport, StoreError> {
        let now = self.clock.now();
        let cards = self
            .store
            .claim_due_countdowns(now, now + self.config.lease, self.config.batch)
            .await?;
        let mut report = CountdownReport::default();
        for card in cards {
            self.refresh(card, &mut report).await?;
        }
        self.step_posts(&mut report).await?;
        self.step_inline(&mut report).await?;
        Ok(report)
    }

    async fn refresh(
        &self,
        card: TrackedCard,
        report: &mut CountdownReport,
    ) -> Result<(), StoreError> {
        let locale = Locale::from_code(Some(&card.locale));
        let fresh = match self.assistant.card_in(card.sale, locale).await {
            Ok(Some(reply)) => reply,
            Ok(None) => {
                report.dropped += 1;
                return self.store.end_countdown(&card).await;
            }
            Err(e) => {
                tracing::warn!(sale = card.sale.get(), error = %e, "countdown card not rendered");
                report.retried += 1;
                return self.retry(&card, Duration::seconds(5)).await;
            }
        };
        self.wait_turn(card.chat_id).await;
        let outcome = self
            .editor
            .edit(card.chat_id, card.message_id, card.user, &fresh)
            .await;
        let now = self.clock.now();
        metrics::counter!("flashsale_countdown_edits_total", "result" => outcome.name())
            .increment(1);
        match outcome {
            SendOutcome::Sent => match fresh.card.and_then(|c| c.counts_down_to) {
                Some(start) => {
                    report.edited += 1;
                    let next = next_edit_in(start - now, card.chat_id)
                        .unwrap_or(Duration::milliseconds(250));
                    self.store
                        .reschedule_countdown(&card, now + next, true, now)
                        .await
                }
                None => {
                    report.finished += 1;
                    tracing::debug!(
                        sale = card.sale.get(),
                        chat = card.chat_id,
                        "countdown card flipped"
                    );
                    self.store.end_countdown(&card).await
                }
            },
            SendOutcome::RetryAfter(wait) => {
                tracing::warn!(
                    seconds = wait.as_secs(),
                    "telegram asked to slow down; pausing edits"
                );
                self.pacer.pause_for(wait).await;
                report.retried += 1;
                self.retry(
                    &card,
                    Duration::from_std(wait).unwrap_or(Duration::seconds(1)),
                )
                .await
            }
            SendOutcome::Transient(e) => {
                tracing::warn!(chat = card.chat_id, error = %e, "countdown edit failed; will retry");
                report.retried += 1;
                self.retry(&card, Duration::seconds(5)).await
            }
            SendOutcome::Blocked | SendOutcome::Permanent(_) => {
                report.dropped += 1;
                self.store.end_countdown(&card).await
            }
        }
    }

    async fn retry(&self, card: &TrackedCard, after: Duration) -> Result<(), StoreError> {
        let now = self.clock.now();
        self.store
            .reschedule_countdown(card, now + after, false, now)
            .await
    }

    /// Waits for a slot in both the edit budget and the shared send pace.
    async fn wait_turn(&self, chat: i64) {
        let (a, b) = tokio::join!(
            self.budget.take_slot(chat, StdDuration::MAX),
            self.pacer.take_slot(chat, StdDuration::MAX)
        );
        let wait = a.unwrap_or_default().max(b.unwrap_or_default());
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
    }
}

#[async_trait::async_trait]
impl crate::worker::Worker for CountdownWorker {
    fn name(&self) -> &'static str {
        "countdowns"
    }

    /// Steps back to back while cards are due; idles briefly when none is.
    async fn step(&self) -> anyhow::Result<crate::worker::Pass> {
        let report = CountdownWorker::step(self).await?;
        Ok(if report == CountdownReport::default() {
            crate::worker::Pass::Idle
        } else {
            crate::worker::Pass::Busy
        })
    }

    fn period(&self) -> StdDuration {
        StdDuration::from_millis(250)
    }
}
