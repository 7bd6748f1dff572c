//! The outbox's sender over the real Bot API (teloxide), mapping answers to outcomes.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use teloxide::ApiError;
use teloxide::RequestError;
use teloxide::prelude::*;
use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup};

use super::callback::ButtonSigner;
use crate::clock::Clock;
use crate::delivery::{MessageSender, OutboxBody, SendOutcome};
use crate::domain::UserId;

/// Sends outbox messages with a teloxide `Bot`, signing button payloads for the recipient
/// (bulk messages go to private chats, whose id is the user's).
pub struct BotSender {
    bot: Bot,
    signer: Arc<ButtonSigner>,
    clock: Arc<dyn Clock>,
}

impl BotSender {
    /// Wraps a bot (pointed at Telegram or, in tests, at the fake Bot API).
    pub fn new(bot: Bot, signer: Arc<ButtonSigner>, clock: Arc<dyn Clock>) -> Self {
        Self { bot, signer, clock }
    }

    /// `payload` signed for the user `chat`, under a message written in `lang`.
    fn sign(&self, chat: i64, payload: &str, lang: Option<&str>) -> Option<String> {
        let user = UserId::parse(chat).ok()?;
        self.signer
            .sign_fresh_in(user, payload, self.clock.now().timestamp(), lang)
            .ok()
    }
}

/// Maps a Bot API error to what the outbox should do.
pub fn classify(e: &RequestError) -> SendOutcome {
    let outcome = classify_inner(e);
    metrics::counter!("flashsale_telegram_errors_total", "error" => outcome.name()).increment(1);
    outcome
}

fn classify_inner(e: &RequestError) -> SendOutcome {
    match e {
        RequestError::RetryAfter(s) => {
            SendOutcome::RetryAfter(s.duration().max(Duration::from_secs(1)))
        }
        RequestError::Api(
            ApiError::BotBlocked
            | ApiError::UserDeactivated
            | ApiError::BotKicked
            | ApiError::BotKickedFromSupergroup
            | ApiError::ChatNotFound,
        ) => SendOutcome::Blocked,
        RequestError::Api(ApiError::Unknown(text)) => SendOutcome::Transient(text.clone()),
        RequestError::Api(other) => SendOutcome::Permanent(other.to_string()),
        other => SendOutcome::Transient(other.to_string()),
    }
}

impl BotSender {
    async fn deliver(&self, chat: i64, body: &OutboxBody, paid: bool) -> SendOutcome {
        let mut req = self.bot.send_message(ChatId(chat), &body.text);
        let rows: Vec<Vec<InlineKeyboardButton>> = body
            .buttons
            .iter()
            .map(|row| {
                row.iter()
                    .filter_map(|(label, payload)| {
                        let data = self.sign(chat, payload, body.lang.as_deref())?;
                        Some(InlineKeyboardButton::callback(label, data))
                    })
                    .collect::<Vec<_>>()
            })
            .filter(|row| !row.is_empty())
            .collect();
        if !rows.is_empty() {
            req = req.reply_markup(InlineKeyboardMarkup::new(rows));
        }
        if paid {
            req = req.allow_paid_broadcast(true);
        }
        match req.await {
            Ok(_) => SendOutcome::Sent,
            Err(e) => classify(&e),
        }
    }
}

#[async_trait]
impl MessageSender for BotSender {
    async fn send(&self, chat: i64, body: &OutboxBody) -> SendOutcome {
        self.deliver(chat, body, false).await
    }

    async fn send_paid(&self, chat: i64, body: &OutboxBody) -> SendOutcome {
        self.deliver(chat, body, true).await
    }
}
