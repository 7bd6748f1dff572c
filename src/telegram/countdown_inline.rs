//! The countdown worker's third kind of live card: sale cards sent inline, edited by their
//! `inline_message_id` on the post schedule ([`crate::delivery::post_cadence`]): counting
//! down, flipping to Buy at the start, the stock left, then "sold out" or "ended". Their
//! chat is unknown, so each edit takes a slot of the shared bulk pace under a key of its
//! own; one card is edited at most every few seconds, like a post.

use std::collections::HashMap;

use chrono::Duration;

use super::countdown::{CountdownReport, CountdownWorker};
use super::inline::inline_keyboard;
use crate::app::browse::post_card::PostCard;
use crate::delivery::SendOutcome;
use crate::delivery::post_cadence::next_post_edit_at;
use crate::domain::SaleId;
use crate::i18n::{Locale, Msg};
use crate::store::{InlineCardRow, StoreError};

impl CountdownWorker {
    /// Leases the due inline cards and brings each up to date; counts into `report`.
    pub(super) async fn step_inline(&self, report: &mut CountdownReport) -> Result<(), StoreError> {
        let Some(chats) = self.posts.clone() else {
            return Ok(());
        };
        let now = self.clock.now();
        let due = self
            .store
            .claim_due_inline_cards(now, now + self.config.lease, self.config.batch)
            .await?;
        let mut cards: HashMap<(SaleId, Locale), Option<PostCard>> = HashMap::new();
        for row in due {
            let locale = Locale::from_code(Some(&row.locale));
            let card = match cards.get(&(row.sale, locale)) {
                Some(card) => card.clone(),
                None => match self.assistant.post_card_in(row.sale, locale).await {
                    Ok(card) => {
                        cards.insert((row.sale, locale), card.clone());
                        card
                    }
                    Err(e) => {
                        tracing::warn!(sale = row.sale.get(), error = %e, "inline card not rendered");
                        report.retried += 1;
                        self.retry_inline(&row, Duration::seconds(5)).await?;
                        continue;
                    }
                },
            };
            let Some(card) = card else {
                report.dropped += 1;
                let now = self.clock.now();
                self.store
                    .reschedule_inline_card(&row.inline_id, None, None, now)
                    .await?;
                continue;
            };
            self.refresh_inline(&chats, &row, &card, locale, report)
                .await?;
        }
        Ok(())
    }

    async fn refresh_inline(
        &self,
        chats: &super::chats::BotChats,
        row: &InlineCardRow,
        card: &PostCard,
        locale: Locale,
        report: &mut CountdownReport,
    ) -> Result<(), StoreError> {
        let digest = card.digest();
        let now = self.clock.now();
        let next = next_post_edit_at(now, card.phase);
        if digest == row.shown {
            return self
                .store
                .reschedule_inline_card(&row.inline_id, next, None, now)
                .await;
        }
        let label = self
            .assistant
            .texts()
            .render(locale, &Msg::new("inline-open-bot"));
        let markup = inline_keyboard(
            chats.signer(),
            &label,
            &card.reply,
            row.sharer,
            &row.link,
            now.timestamp(),
        );
        let outcome = chats
            .edit_inline(&row.inline_id, &card.reply.text, markup)
            .await;
        metrics::counter!("flashsale_inline_edits_total", "result" => outcome.name()).increment(1);
        let now = self.clock.now();
        match outcome {
            SendOutcome::Sent => {
                report.posts_edited += 1;
                let next = next_post_edit_at(now, card.phase);
                self.store
                    .reschedule_inline_card(&row.inline_id, next, Some(&digest), now)
                    .await
            }
            SendOutcome::RetryAfter(wait) => {
                tracing::warn!(
                    seconds = wait.as_secs(),
                    "telegram asked to slow down; pausing edits"
                );
                self.pacer.pause_for(wait).await;
                report.retried += 1;
                let after = Duration::from_std(wait).unwrap_or(Duration::seconds(1));
                self.retry_inline(row, after).await
            }
            SendOutcome::Transient(e) => {
                tracing::warn!(error = %e, "inline card edit failed; will retry");
                report.retried += 1;
                self.retry_inline(row, Duration::seconds(5)).await
            }
            SendOutcome::Blocked | SendOutcome::Permanent(_) => {
                tracing::info!(sale = row.sale.get(), "inline card no longer editable");
                report.dropped += 1;
                self.store
                    .reschedule_inline_card(&row.inline_id, None, None, now)
                    .await
            }
        }
    }

    async fn retry_inline(&self, row: &InlineCardRow, after: Duration) -> Result<(), StoreError> {
        let now = self.clock.now();
        self.store
            .reschedule_inline_card(&row.inline_id, Some(now + after), None, now)
            .await
    }
}
