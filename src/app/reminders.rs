//! Reminders: subscribing queues two durable messages in the outbox, one a few minutes
//! before the start and one at the start, rendered in the subscriber's language. Dedupe keys
//! make subscribing twice (or a redelivered update) queue nothing new.

use chrono::{DateTime, Duration, Utc};

use super::action::Action;
use crate::domain::{Sale, UserId};
use crate::i18n::{Locale, Msg, Texts};
use crate::store::{Store, StoreError};
use crate::telegram::outbox::OutboxBody;

/// How long before the start the early reminder goes out.
pub const EARLY_REMINDER: Duration = Duration::minutes(5);

/// Queues the reminders of `sale` for `user`; returns how many were new.
pub async fn schedule(
    store: &Store,
    texts: &Texts,
    locale: Locale,
    sale: &Sale,
    user: UserId,
    now: DateTime<Utc>,
) -> Result<u32, StoreError> {
    let starts = sale.draft.window.starts_at();
    let title = sale.draft.title.as_str().to_owned();
    let early_at = starts - EARLY_REMINDER;
    let mut plan = Vec::with_capacity(2);
    if early_at > now {
        let text = texts.render(
            locale,
            &Msg::new("reminder-soon")
                .arg("title", title.clone())
                .arg("minutes", EARLY_REMINDER.num_minutes()),
        );
        let button = (
            texts.render(locale, &Msg::new("button-details")),
            Action::Info(sale.id).payload(),
        );
        plan.push(("soon", early_at, text, button));
    }
    let text = texts.render(locale, &Msg::new("reminder-live").arg("title", title));
    let button = (
        texts.render(locale, &Msg::new("button-buy-now")),
        Action::Buy(sale.id, 1).payload(),
    );
    plan.push(("start", starts.max(now), text, button));

    let mut queued = 0;
    for (when, at, text, button) in plan {
        let body = OutboxBody {
            text,
            buttons: vec![vec![button]],
        };
        let body = serde_json::to_string(&body).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let key = format!("reminder:{}:{}:{when}", sale.id, user);
        let campaign = format!("reminder:{}", sale.id);
        if store
            .enqueue_message(user.get(), &key, Some(&campaign), &body, at, now)
            .await?
        {
            queued += 1;
        }
    }
    Ok(queued)
}
