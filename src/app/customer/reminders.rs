//! Reminders: subscribing queues two durable messages in the outbox, one a few minutes
//! before the start and one at the start. Each is queued by reference (the sale and which
//! reminder) and rendered when it is sent, in the subscriber's language at that moment and
//! with the sale's title then; the text rendered at subscription time is only the fallback
//! when the store cannot be read at send time. Dedupe keys make subscribing twice (or a
//! redelivered update) queue nothing new.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::app::turn::action::Action;
use crate::delivery::OutboxBody;
use crate::domain::{Sale, SaleId, UserId};
use crate::i18n::{Locale, Msg, Texts};
use crate::store::{OutboxItem, Store, StoreError};

/// How long before the start the early reminder goes out.
pub const EARLY_REMINDER: Duration = Duration::minutes(5);

/// Which reminder of which sale a queued message is (stored beside the body's fields).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReminderRef {
    /// The sale reminded of.
    pub sale: i64,
    /// The early one ("starts in 5 minutes"); otherwise the one at the start.
    pub soon: bool,
    /// The language at subscription time, used when the user has chosen none since.
    #[serde(default)]
    pub locale: Option<String>,
}

/// The reminder reference read from an outbox body's JSON (other bodies lack it).
#[derive(Debug, Default, Deserialize)]
pub struct Deferred {
    /// Set on reminders.
    #[serde(default)]
    pub reminder: Option<ReminderRef>,
}

/// The reminder's text and button in `locale`, true at `now`: an early reminder sent late
/// (after an outage) counts the minutes really left, and one sent after the start says the
/// sale is live.
fn body(texts: &Texts, locale: Locale, sale: &Sale, soon: bool, now: DateTime<Utc>) -> OutboxBody {
    let title = sale.draft.title.as_str().to_owned();
    let left = sale.draft.window.starts_at() - now;
    let (text, label, action) = if soon && left > Duration::zero() {
        let minutes = ((left.num_seconds() + 59) / 60).clamp(1, EARLY_REMINDER.num_minutes());
        let msg = Msg::new("reminder-soon")
            .arg("title", title)
            .arg("minutes", minutes);
        (msg, "button-details", Action::Info(sale.id))
    } else {
        let msg = Msg::new("reminder-live").arg("title", title);
        (msg, "button-buy-now", Action::Buy(sale.id, 1))
    };
    OutboxBody {
        text: texts.render(locale, &text),
        buttons: vec![vec![(
            texts.render(locale, &Msg::new(label)),
            action.payload(),
        )]],
        lang: Some(locale.tag().to_owned()),
    }
}

/// Renders a queued reminder for `chat` at `now`: their current language (their stored choice,
/// else the language they subscribed in), the sale as it is.
/// `None` when the sale is gone (the stored fallback is sent instead).
pub async fn render_now(
    store: &Store,
    texts: &Texts,
    chat: i64,
    reminder: ReminderRef,
    now: DateTime<Utc>,
) -> Result<Option<OutboxBody>, StoreError> {
    let Ok(id) = SaleId::parse(reminder.sale) else {
        return Ok(None);
    };
    let Some(sale) = store.sale(id).await? else {
        return Ok(None);
    };
    let language = match UserId::parse(chat) {
        Ok(user) => store.user(user).await?.and_then(|u| u.language),
        Err(_) => None,
    };
    let locale = Locale::from_code(language.as_deref().or(reminder.locale.as_deref()));
    Ok(Some(body(texts, locale, &sale, reminder.soon, now)))
}

/// The body to send for a claimed outbox item: a reminder is rendered now, in its
/// recipient's current language; any other body (or a store error) goes as queued.
pub async fn body_to_send(
    store: &Store,
    texts: &Texts,
    item: &OutboxItem,
    stored: OutboxBody,
    now: DateTime<Utc>,
) -> OutboxBody {
    if !item.body.contains("\"reminder\"") {
        return stored;
    }
    let deferred: Deferred = serde_json::from_str(&item.body).unwrap_or_default();
    let Some(reminder) = deferred.reminder else {
        return stored;
    };
    match render_now(store, texts, item.chat_id, reminder, now).await {
        Ok(Some(body)) => body,
        Ok(None) => stored,
        Err(e) => {
            tracing::warn!(chat = item.chat_id, error = %e, "reminder sent as queued");
            stored
        }
    }
}

/// Queues the reminders of `sale` for `user`; returns how many were new. `locale` (the
/// language they subscribe in) is used at send time only when they chose none by then.
pub async fn schedule(
    store: &Store,
    texts: &Texts,
    locale: Locale,
    sale: &Sale,
    user: UserId,
    now: DateTime<Utc>,
) -> Result<u32, StoreError> {
    let starts = sale.draft.window.starts_at();
    let early_at = starts - EARLY_REMINDER;
    let mut plan = Vec::with_capacity(2);
    if early_at > now {
        plan.push(("soon", early_at, true));
    }
    plan.push(("start", starts.max(now), false));

    let mut queued = 0;
    for (when, at, soon) in plan {
        // As it reads when due (the store read at send time may fail).
        let fallback = body(texts, locale, sale, soon, at);
        let mut json =
            serde_json::to_value(&fallback).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let reminder = ReminderRef {
            sale: sale.id.get(),
            soon,
            locale: Some(locale.code().to_owned()),
        };
        if let Some(fields) = json.as_object_mut() {
            let reference =
                serde_json::to_value(reminder).map_err(|e| StoreError::Corrupt(e.to_string()))?;
            fields.insert("reminder".into(), reference);
        }
        let key = format!("reminder:{}:{}:{when}", sale.id, user);
        let campaign = format!("reminder:{}", sale.id);
        if store
            .enqueue_message(
                user.get(),
                &key,
                Some(&campaign),
                &json.to_string(),
                at,
                now,
            )
            .await?
        {
            queued += 1;
        }
    }
    Ok(queued)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{
        Currency, Money, PerUserLimit, SaleDraft, SaleStatus, SaleWindow, Stock, Title,
    };

    fn lamp(starts: DateTime<Utc>) -> Sale {
        let draft = SaleDraft::new(
            Title::parse("Lamp").expect("title"),
            vec!["lamp".into()],
            Money::from_minor(100, Currency::Cny).expect("price"),
            Stock::parse(5).expect("stock"),
            PerUserLimit::parse(1).expect("limit"),
            SaleWindow::new(starts, starts + Duration::hours(1)).expect("window"),
            UserId::parse(1).expect("merchant"),
        )
        .expect("draft");
        Sale {
            id: SaleId::parse(3).expect("id"),
            draft,
            status: SaleStatus::Active,
        }
    }

    #[test]
    fn an_early_reminder_tells_the_minutes_really_left_and_says_live_once_started() {
        let texts = Texts::load();
        let now = Utc::now();
        let on_time = body(&texts, Locale::En, &lamp(now + EARLY_REMINDER), true, now);
        assert!(
            on_time.text.contains("starts in 5 minutes"),
            "{}",
            on_time.text
        );
        let late = body(
            &texts,
            Locale::En,
            &lamp(now + Duration::seconds(90)),
            true,
            now,
        );
        assert!(late.text.contains("starts in 2 minutes"), "{}", late.text);
        let zh = body(
            &texts,
            Locale::ZhCn,
            &lamp(now + Duration::seconds(30)),
            true,
            now,
        );
        assert!(zh.text.contains("还有 1 分钟开抢"), "{}", zh.text);
        let started = body(
            &texts,
            Locale::En,
            &lamp(now - Duration::minutes(1)),
            true,
            now,
        );
        assert!(started.text.contains("is live now"), "{}", started.text);
        assert_eq!(
            started.buttons[0][0].1,
            Action::Buy(SaleId::parse(3).expect("id"), 1).payload()
        );
    }
}
