//! Messages the bot sends on its own, in the terminal: the same outbox worker as on
//! Telegram (reminders, waitlist offers, announcements, notices) delivering only the
//! terminal user's messages onto the [`Screen`], buttons included, and the announcement
//! status board (posted once, then shown again whenever its text changes).

use std::sync::Arc;
use std::sync::atomic::{AtomicI32, Ordering};

use async_trait::async_trait;

use super::screen::Screen;
use crate::app::merchant::announce_status::StatusBoard;
use crate::bootstrap::adapters::ReminderBodies;
use crate::clock::Clock;
use crate::delivery::{
    MessageSender, OutboxBody, OutboxConfig, OutboxWorker, PaceLimits, SendOutcome,
};
use crate::i18n::{Locale, Msg, Texts};
use crate::store::Store;

/// Prints a due message, with its buttons as numbers, between the conversation's lines.
pub struct ScreenSender(pub Arc<Screen>);

#[async_trait]
impl MessageSender for ScreenSender {
    async fn send(&self, _chat: i64, body: &OutboxBody) -> SendOutcome {
        match self.0.push(body) {
            Ok(()) => SendOutcome::Sent,
            Err(e) => SendOutcome::Transient(e.to_string()),
        }
    }
}

/// The outbox worker delivering `chat`'s messages onto `screen` (messages for anyone else
/// stay queued: the database may be shared with a real bot), reminders rendered with `texts`.
pub fn outbox_worker(
    store: Store,
    clock: Arc<dyn Clock>,
    screen: Arc<Screen>,
    chat: i64,
    texts: Arc<Texts>,
) -> OutboxWorker {
    let defaults = OutboxConfig::default();
    let config = OutboxConfig {
        only_chat: Some(chat),
        // One person reading a terminal: Telegram's per-chat flood limit does not apply.
        limits: PaceLimits {
            per_chat_spacing_us: 0,
            ..defaults.limits
        },
        ..defaults
    };
    let reminders = Arc::new(ReminderBodies::new(store.clone(), texts, clock.clone()));
    OutboxWorker::new(store, Arc::new(ScreenSender(screen)), clock, config).with_renderer(reminders)
}

/// Announcement status messages on the terminal: a post prints the status; an edit prints
/// the new text, marked as the same message updated.
pub struct ScreenBoard {
    screen: Arc<Screen>,
    texts: Arc<Texts>,
    locale: Locale,
    next_id: AtomicI32,
}

impl ScreenBoard {
    /// A board printing on `screen`, its "updated" mark in `locale`.
    pub fn new(screen: Arc<Screen>, texts: Arc<Texts>, locale: Locale) -> Self {
        Self {
            screen,
            texts,
            locale,
            next_id: AtomicI32::new(1),
        }
    }
}

#[async_trait]
impl StatusBoard for ScreenBoard {
    async fn post(&self, _chat: i64, text: &str) -> Option<i32> {
        let body = OutboxBody {
            text: text.to_owned(),
            buttons: Vec::new(),
            lang: Some(self.locale.tag().to_owned()),
        };
        self.screen.push(&body).ok()?;
        Some(self.next_id.fetch_add(1, Ordering::Relaxed))
    }

    async fn edit(&self, _chat: i64, _message: i32, text: &str) -> bool {
        let mark = self.texts.render(self.locale, &Msg::new("chat-updated"));
        let body = OutboxBody {
            text: format!("{mark} {text}"),
            buttons: Vec::new(),
            lang: Some(self.locale.tag().to_owned()),
        };
        self.screen.push(&body).is_ok()
    }
}
