//! Anomaly alerts for admins, in chat: one user hammering the bot, the purchase path failing
//! (SQL or Redis errors), Telegram throttling the bot (429). Each kind is sent at most once
//! per ten-minute window: through the durable outbox, with a dedupe key per kind, admin and
//! window, so several instances noticing the same storm still send one alert.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use crate::domain::UserId;
use crate::i18n::{Locale, Msg, Texts};
use crate::store::Store;
use crate::telegram::outbox::OutboxBody;

/// Silenced messages from one user within a minute that count as hammering.
const HAMMERING: u32 = 20;
/// Purchase-path failures within a minute that raise an alert.
const FAILING: u32 = 5;
/// How long a counting window lasts.
const WINDOW: Duration = Duration::from_secs(60);
/// Minutes in one alert window (an alert kind repeats at most this often).
const ALERT_EVERY_MIN: i64 = 10;

/// Events counted per (kind, key): when the window began and how many so far.
type Counts = HashMap<(&'static str, i64), (Instant, u32)>;

/// Something admins should hear about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anomaly {
    /// One user kept sending after being told to slow down.
    Hammering { user: UserId, silenced: u32 },
    /// Buyers were told "try again" because SQL or the gate failed.
    PurchaseErrors { count: u32 },
    /// Telegram answered 429 and the bot paused sending.
    Throttled { retry_after_secs: u64 },
}

impl Anomaly {
    fn kind(&self) -> &'static str {
        match self {
            Anomaly::Hammering { .. } => "hammering",
            Anomaly::PurchaseErrors { .. } => "purchase-errors",
            Anomaly::Throttled { .. } => "throttled",
        }
    }

    fn message(&self) -> Msg {
        match *self {
            Anomaly::Hammering { user, silenced } => Msg::new("alert-hammering")
                .arg("user", user.get())
                .arg("count", silenced),
            Anomaly::PurchaseErrors { count } => {
                Msg::new("alert-purchase-errors").arg("count", count)
            }
            Anomaly::Throttled { retry_after_secs } => Msg::new("alert-throttled")
                .arg("secs", i64::try_from(retry_after_secs).unwrap_or(i64::MAX)),
        }
    }
}

/// Counts what might be an anomaly and tells the admins when it is one.
pub struct Alerts {
    store: Store,
    texts: std::sync::Arc<Texts>,
    admins: Vec<UserId>,
    counts: Mutex<Counts>,
}

impl Alerts {
    /// Alerts for `admins` (none: nothing is sent, anomalies are still logged).
    pub fn new(store: Store, texts: std::sync::Arc<Texts>, admins: Vec<UserId>) -> Self {
        Self {
            store,
            texts,
            admins,
            counts: Mutex::new(HashMap::new()),
        }
    }

    /// Counts one event of `kind` for `key` in the current window; the new count.
    fn count(&self, kind: &'static str, key: i64) -> u32 {
        let mut counts = self.counts.lock().unwrap_or_else(|p| p.into_inner());
        if counts.len() > 10_000 {
            counts.retain(|_, (at, _)| at.elapsed() < WINDOW);
        }
        let entry = counts.entry((kind, key)).or_insert((Instant::now(), 0));
        if entry.0.elapsed() >= WINDOW {
            *entry = (Instant::now(), 0);
        }
        entry.1 += 1;
        entry.1
    }

    /// A message from `user` went unanswered because they are rate-limited.
    pub async fn note_silenced(&self, user: UserId, now: DateTime<Utc>) {
        let n = self.count("silenced", user.get());
        if n == HAMMERING {
            self.raise(Anomaly::Hammering { user, silenced: n }, now)
                .await;
        }
    }

    /// A buyer was told to try again because SQL or the gate failed.
    pub async fn note_purchase_error(&self, now: DateTime<Utc>) {
        let n = self.count("purchase-errors", 0);
        if n == FAILING {
            self.raise(Anomaly::PurchaseErrors { count: n }, now).await;
        }
    }

    /// Logs `anomaly` and queues one alert per admin (deduplicated per ten-minute window).
    pub async fn raise(&self, anomaly: Anomaly, now: DateTime<Utc>) {
        tracing::warn!(kind = anomaly.kind(), ?anomaly, "anomaly");
        let window = now.timestamp() / 60 / ALERT_EVERY_MIN;
        for admin in &self.admins {
            let locale = match self.store.user(*admin).await {
                Ok(u) => Locale::from_code(u.and_then(|u| u.language).as_deref()),
                Err(_) => Locale::En,
            };
            let body = OutboxBody {
                text: self.texts.render(locale, &anomaly.message()),
                buttons: Vec::new(),
            };
            let Ok(body) = serde_json::to_string(&body) else {
                continue;
            };
            let key = format!("alert:{}:{admin}:{window}", anomaly.kind());
            if let Err(e) = self
                .store
                .enqueue_message(admin.get(), &key, Some("alerts"), &body, now, now)
                .await
            {
                tracing::error!(admin = admin.get(), error = %e, "alert not queued");
            }
        }
    }
}
