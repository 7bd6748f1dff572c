//! The countdown worker's second kind of live card: sale posts in channels and groups.
//! The same worker, lease and outcome handling as private countdown cards, with the post
//! schedule ([`crate::delivery::post_cadence`]): counting down, flipping to the selling card
//! at the start, the stock left on whole stock steps, then "sold out" or "ended". Posts of
//! one sale are due at the same instants and rendered once per language in a step, so
//! they stay in step; an unchanged post is not edited; a chat that heard from the bot less
//! than [`POST_SPACING`](crate::delivery::post_cadence::POST_SPACING) ago gets the edit a
//! moment later instead.

use std::collections::HashMap;

use chrono::Duration;

use super::countdown::{CountdownReport, CountdownWorker};
use crate::app::browse::post_card::PostCard;
use crate::delivery::SendOutcome;
use crate::delivery::post_cadence::next_post_edit_at;
use crate::domain::SaleId;
use crate::i18n::Locale;
use crate::store::{SalePost, StoreError};

impl CountdownWorker {
    /// Leases the due posts and brings each up to date; counts into `report`.
    pub(super) async fn step_posts(&self, report: &mut CountdownReport) -> Result<(), StoreError> {
        let Some(chats) = self.posts.clone() else {
            return Ok(());
        };
        let now = self.clock.now();
        let due = self
            .store
            .claim_due_posts(now, now + self.config.lease, self.config.batch)
            .await?;
        // One render per sale and language for the whole step: every post shows the same.
        let mut cards: HashMap<(SaleId, Locale), Option<PostCard>> = HashMap::new();
        for post in due {
            let locale = Locale::from_code(Some(&post.locale));
            let card = match cards.get(&(post.sale, locale)) {
                Some(card) => card.clone(),
                None => match self.assistant.post_card_in(post.sale, locale).await {
                    Ok(card) => {
                        cards.insert((post.sale, locale), card.clone());
                        card
                    }
                    Err(e) => {
                        tracing::warn!(sale = post.sale.get(), error = %e, "post not rendered");
                        report.retried += 1;
                        self.retry_post(&post, Duration::seconds(5)).await?;
                        continue;
                    }
                },
            };
            let Some(card) = card else {
                // The sale is gone: the post stays as it was, no longer edited.
                report.dropped += 1;
                self.store
                    .reschedule_post(post.id, None, None, self.clock.now())
                    .await?;
                continue;
            };
            self.refresh_post(&chats, &post, &card, report).await?;
        }
        Ok(())
    }

    async fn refresh_post(
        &self,
        chats: &super::chats::BotChats,
        post: &SalePost,
        card: &PostCard,
        report: &mut CountdownReport,
    ) -> Result<(), StoreError> {
        let digest = card.digest();
        let now = self.clock.now();
        let next = next_post_edit_at(now, card.phase);
        if digest == post.shown {
            return self.store.reschedule_post(post.id, next, None, now).await;
        }
        let outcome = match chats
            .edit_if_due(post.chat_id, post.message_id, &card.reply)
            .await
        {
            Ok(outcome) => outcome,
            Err(wait) => {
                // The chat heard from the bot a moment ago: its limit comes first.
                report.posts_waiting += 1;
                let after = Duration::from_std(wait).unwrap_or(Duration::seconds(3));
                return self.retry_post(post, after).await;
            }
        };
        let now = self.clock.now();
        metrics::counter!("flashsale_post_edits_total", "result" => outcome.name()).increment(1);
        match outcome {
            SendOutcome::Sent => {
                report.posts_edited += 1;
                if next.is_none() {
                    report.finished += 1;
                    tracing::debug!(sale = post.sale.get(), chat = post.chat_id, "post final");
                }
                let next = next_post_edit_at(now, card.phase);
                self.store
                    .reschedule_post(post.id, next, Some(&digest), now)
                    .await
            }
            SendOutcome::RetryAfter(wait) => {
                tracing::warn!(
                    seconds = wait.as_secs(),
                    chat = post.chat_id,
                    "telegram asked to slow down; pausing edits"
                );
                self.pacer.pause_for(wait).await;
                report.retried += 1;
                let after = Duration::from_std(wait).unwrap_or(Duration::seconds(1));
                self.retry_post(post, after).await
            }
            SendOutcome::Transient(e) => {
                tracing::warn!(chat = post.chat_id, error = %e, "post edit failed; will retry");
                report.retried += 1;
                self.retry_post(post, Duration::seconds(5)).await
            }
            SendOutcome::Blocked | SendOutcome::Permanent(_) => {
                // Deleted, or the bot may no longer edit there: stop keeping it live.
                tracing::info!(
                    chat = post.chat_id,
                    sale = post.sale.get(),
                    "post no longer editable"
                );
                report.dropped += 1;
                self.store.reschedule_post(post.id, None, None, now).await
            }
        }
    }

    async fn retry_post(&self, post: &SalePost, after: Duration) -> Result<(), StoreError> {
        let now = self.clock.now();
        self.store
            .reschedule_post(post.id, Some(now + after), None, now)
            .await
    }
}
