//! Where delivery meets the app: reminders and announced cards rendered at send time, and throttling told to
//! the admins as an alert.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::app::customer::reminders;
use crate::app::jobs::alerts::{Alerts, Anomaly};
use crate::app::merchant::announced_card;
use crate::clock::Clock;
use crate::delivery::{BodyRenderer, DeliveryObserver, OutboxBody};
use crate::i18n::Texts;
use crate::store::{OutboxItem, Store};

/// Renders a queued body when it is sent: a reminder in the language its user has then, an
/// announced card with Buy buttons fitted to what its recipient may still buy.
pub struct ReminderBodies {
    store: Store,
    texts: Arc<Texts>,
    clock: Arc<dyn Clock>,
}

impl ReminderBodies {
    /// A renderer reading users and sales from `store`, telling times by `clock`.
    pub fn new(store: Store, texts: Arc<Texts>, clock: Arc<dyn Clock>) -> Self {
        Self {
            store,
            texts,
            clock,
        }
    }
}

#[async_trait]
impl BodyRenderer for ReminderBodies {
    async fn render(&self, item: &OutboxItem, stored: OutboxBody) -> OutboxBody {
        let now = self.clock.now();
        let body = reminders::body_to_send(&self.store, &self.texts, item, stored, now).await;
        announced_card::body_to_send(&self.store, &self.texts, item, body).await
    }
}

#[async_trait]
impl DeliveryObserver for Alerts {
    async fn throttled(&self, retry_after: Duration, now: DateTime<Utc>) {
        let anomaly = Anomaly::Throttled {
            retry_after_secs: retry_after.as_secs(),
        };
        self.raise(anomaly, now).await;
    }
}
