//! Anomaly alerts for admins, in chat: one user hammering the bot, the purchase path failing
//! (SQL or Redis errors), Telegram throttling the bot (429), a burst of new users right at a
//! sale's start, failed-captcha streaks (one user, or everyone), gate/store drift. Each kind
//! (per sale, for the per-sale kinds) is sent at most once per ten-minute window: through the
//! durable outbox, with a dedupe key per kind, admin and window, so several instances
//! noticing the same storm still send one alert.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use crate::config::AlertsConfig;
use crate::delivery::OutboxBody;
use crate::domain::{SaleId, UserId};
use crate::i18n::{Locale, Msg, Texts};
use crate::store::Store;

/// Silenced messages from one user within a minute that count as hammering.
const HAMMERING: u32 = 20;
/// Purchase-path failures within a minute that raise an alert.
const FAILING: u32 = 5;
/// How long a counting window lasts.
const WINDOW: Duration = Duration::from_secs(60);
/// Most (kind, key) counts held at once (a flood of distinct users cannot grow it further).
const MOST_COUNTED: usize = 10_000;
/// Minutes in one alert window (an alert kind repeats at most this often).
const ALERT_EVERY_MIN: i64 = 10;
/// A user first seen this recently counts as new.
pub(crate) const NEW_USER_AGE: Duration = Duration::from_secs(600);
/// SQL or Redis errors on the buy path within a minute that raise an alert.
const BACKEND_FAILING: u32 = 5;

/// [`NEW_USER_AGE`] as a span of wall-clock time.
pub(crate) fn new_user_age() -> chrono::Duration {
    chrono::Duration::seconds(NEW_USER_AGE.as_secs() as i64)
}

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
    /// Many users first seen lately bought right at a sale's start.
    NewUserBurst { sale: SaleId, users: u32, secs: u32 },
    /// One user answered a captcha wrong this many times in a row.
    CaptchaStreak { user: UserId, failures: u32 },
    /// Captcha answers were wrong this many times within a minute, across users.
    CaptchaFailures { count: u32 },
    /// The gate and the store disagree on a sale's remaining units (two checks running).
    Drift { sale: SaleId, gate: u32, store: u32 },
    /// SQL or Redis failed on the buy path this many times within a minute.
    BackendErrors { backend: &'static str, count: u32 },
}

impl Anomaly {
    fn kind(&self) -> &'static str {
        match self {
            Anomaly::Hammering { .. } => "hammering",
            Anomaly::PurchaseErrors { .. } => "purchase-errors",
            Anomaly::Throttled { .. } => "throttled",
            Anomaly::NewUserBurst { .. } => "new-user-burst",
            Anomaly::CaptchaStreak { .. } => "captcha-streak",
            Anomaly::CaptchaFailures { .. } => "captcha-failures",
            Anomaly::Drift { .. } => "drift",
            Anomaly::BackendErrors {
                backend: "redis", ..
            } => "redis-errors",
            Anomaly::BackendErrors { .. } => "sql-errors",
        }
    }

    /// The sale a per-sale kind is about (alerted once per window per sale).
    fn scope(&self) -> Option<i64> {
        match self {
            Anomaly::NewUserBurst { sale, .. } | Anomaly::Drift { sale, .. } => Some(sale.get()),
            _ => None,
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
            Anomaly::NewUserBurst { sale, users, secs } => Msg::new("alert-new-user-burst")
                .arg("sale", sale.get())
                .arg("count", users)
                .arg("secs", secs),
            Anomaly::CaptchaStreak { user, failures } => Msg::new("alert-captcha-streak")
                .arg("user", user.get())
                .arg("count", failures),
            Anomaly::CaptchaFailures { count } => {
                Msg::new("alert-captcha-failures").arg("count", count)
            }
            Anomaly::Drift { sale, gate, store } => Msg::new("alert-drift")
                .arg("sale", sale.get())
                .arg("gate", gate)
                .arg("store", store),
            Anomaly::BackendErrors { backend, count } => Msg::new("alert-backend-errors")
                .arg("backend", backend)
                .arg("count", count),
        }
    }
}

/// Counts what might be an anomaly and tells the admins when it is one.
pub struct Alerts {
    store: Store,
    texts: std::sync::Arc<Texts>,
    admins: Vec<UserId>,
    /// Event counts per kind and key, and when they were last swept of old windows.
    counts: Mutex<(Counts, Instant)>,
    thresholds: std::sync::RwLock<AlertsConfig>,
    /// New users seen buying in each sale's first seconds.
    new_buyers: Mutex<HashMap<SaleId, std::collections::HashSet<i64>>>,
    /// Wrong captcha answers in a row, per user.
    streaks: Mutex<HashMap<i64, u32>>,
}

impl Alerts {
    /// Alerts for `admins` (none: nothing is sent, anomalies are still logged).
    pub fn new(store: Store, texts: std::sync::Arc<Texts>, admins: Vec<UserId>) -> Self {
        Self {
            store,
            texts,
            admins,
            counts: Mutex::new((HashMap::new(), Instant::now())),
            thresholds: std::sync::RwLock::new(AlertsConfig::default()),
            new_buyers: Mutex::new(HashMap::new()),
            streaks: Mutex::new(HashMap::new()),
        }
    }

    /// Uses the configured thresholds (`ALERT_*`).
    pub fn configure(&self, config: AlertsConfig) {
        *self.thresholds.write().unwrap_or_else(|p| p.into_inner()) = config;
    }

    fn thresholds(&self) -> AlertsConfig {
        *self.thresholds.read().unwrap_or_else(|p| p.into_inner())
    }

    /// Counts one event of `kind` for `key` in the current window; the new count.
    fn count(&self, kind: &'static str, key: i64) -> u32 {
        let mut guard = self.counts.lock().unwrap_or_else(|p| p.into_inner());
        let (counts, swept) = &mut *guard;
        // Aggregate counts are always kept; per-user ones (one key each) are bounded.
        if kind == "silenced" && counts.len() >= MOST_COUNTED && !counts.contains_key(&(kind, key))
        {
            // Sweeping is O(n): at most once a second, however hard the flood.
            if swept.elapsed() >= Duration::from_secs(1) {
                counts.retain(|_, (at, _)| at.elapsed() < WINDOW);
                *swept = Instant::now();
            }
            if counts.len() >= MOST_COUNTED {
                return 0; // Full of live counts: this key goes uncounted for now.
            }
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
        if let Some(anomaly) = self.silenced(user) {
            self.raise(anomaly, now).await;
        }
    }

    /// Counts one unanswered message from `user`; the anomaly to raise when this one
    /// makes them a hammerer (for callers that cannot wait, e.g. an update stream).
    pub fn silenced(&self, user: UserId) -> Option<Anomaly> {
        let n = self.count("silenced", user.get());
        (n == HAMMERING).then_some(Anomaly::Hammering { user, silenced: n })
    }

    /// A buyer was told to try again because SQL or the gate failed.
    pub async fn note_purchase_error(&self, now: DateTime<Utc>) {
        let n = self.count("purchase-errors", 0);
        if n == FAILING {
            self.raise(Anomaly::PurchaseErrors { count: n }, now).await;
        }
    }

    /// A user first seen lately tried to buy in `sale` (which starts at `starts`). The
    /// alert, when this buyer completes a burst, is raised in a task of its own: no one waits
    /// for it.
    pub fn count_new_buyer(
        self: &Arc<Self>,
        sale: SaleId,
        starts: DateTime<Utc>,
        user: UserId,
        now: DateTime<Utc>,
    ) {
        let t = self.thresholds();
        let since_start = (now - starts).num_seconds();
        if since_start < 0 || since_start > i64::from(t.new_user_window_secs) {
            return;
        }
        let n = {
            let mut seen = self.new_buyers.lock().unwrap_or_else(|p| p.into_inner());
            if seen.len() > 1_000 {
                seen.clear();
            }
            let users = seen.entry(sale).or_default();
            if users.len() > t.new_user_burst as usize {
                return;
            }
            users.insert(user.get());
            users.len() as u32
        };
        if n == t.new_user_burst {
            let anomaly = Anomaly::NewUserBurst {
                sale,
                users: n,
                secs: t.new_user_window_secs,
            };
            let alerts = Arc::clone(self);
            tokio::spawn(async move { alerts.raise(anomaly, now).await });
        }
    }

    /// `user` answered a captcha wrong.
    pub async fn note_captcha_failure(&self, user: UserId, now: DateTime<Utc>) {
        let t = self.thresholds();
        let streak = {
            let mut s = self.streaks.lock().unwrap_or_else(|p| p.into_inner());
            if s.len() > 100_000 {
                s.clear();
            }
            let n = s.entry(user.get()).or_default();
            *n += 1;
            *n
        };
        if streak == t.captcha_streak {
            let anomaly = Anomaly::CaptchaStreak {
                user,
                failures: streak,
            };
            self.raise(anomaly, now).await;
        }
        let n = self.count("captcha-failures", 0);
        if n == t.captcha_failures {
            self.raise(Anomaly::CaptchaFailures { count: n }, now).await;
        }
    }

    /// `user` solved a captcha: their streak of wrong answers ends.
    pub fn note_captcha_solved(&self, user: UserId) {
        self.streaks
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&user.get());
    }

    /// A use case's failure, wherever a transport met it: logged once with its context, and
    /// counted as a backend error when it names one.
    pub(crate) async fn note_failure(
        &self,
        failure: &crate::app::failure::Failure,
        now: DateTime<Utc>,
    ) {
        failure.log();
        if let Some(backend) = failure.backend() {
            self.note_backend_error(backend, now).await;
        }
    }

    /// SQL or Redis (`backend`) failed on the buy path.
    pub async fn note_backend_error(&self, backend: &'static str, now: DateTime<Utc>) {
        let key = if backend == "redis" { 1 } else { 0 };
        let n = self.count("backend-errors", key);
        if n == BACKEND_FAILING {
            self.raise(Anomaly::BackendErrors { backend, count: n }, now)
                .await;
        }
    }

    /// Logs `anomaly` and queues one alert per admin (deduplicated per ten-minute window).
    pub async fn raise(&self, anomaly: Anomaly, now: DateTime<Utc>) {
        tracing::warn!(kind = anomaly.kind(), ?anomaly, "anomaly");
        metrics::counter!("flashsale_alerts_total", "kind" => anomaly.kind()).increment(1);
        let window = now.timestamp() / 60 / ALERT_EVERY_MIN;
        let kind = match anomaly.scope() {
            Some(scope) => format!("{}:{scope}", anomaly.kind()),
            None => anomaly.kind().to_owned(),
        };
        for admin in &self.admins {
            let locale = match self.store.user(*admin).await {
                Ok(u) => Locale::from_code(u.and_then(|u| u.language).as_deref()),
                Err(_) => Locale::En,
            };
            let body = OutboxBody {
                text: self.texts.render(locale, &anomaly.message()),
                buttons: Vec::new(),
                lang: Some(locale.tag().to_owned()),
            };
            let Ok(body) = serde_json::to_string(&body) else {
                continue;
            };
            let key = format!("alert:{kind}:{admin}:{window}");
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
