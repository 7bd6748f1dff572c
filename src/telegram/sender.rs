//! The outbox's sender over the real Bot API (teloxide), mapping answers to outcomes.

use std::time::Duration;

use async_trait::async_trait;
use teloxide::ApiError;
use teloxide::RequestError;
use teloxide::prelude::*;
use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup};

use super::outbox::{MessageSender, OutboxBody, SendOutcome};

/// Sends outbox messages with a teloxide `Bot`.
pub struct BotSender {
    bot: Bot,
}

impl BotSender {
    /// Wraps a bot (pointed at Telegram or, in tests, at the fake Bot API).
    pub fn new(bot: Bot) -> Self {
        Self { bot }
    }
}

/// Maps a Bot API error to what the outbox should do.
pub fn classify(e: &RequestError) -> SendOutcome {
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

#[async_trait]
impl MessageSender for BotSender {
    async fn send(&self, chat: i64, body: &OutboxBody) -> SendOutcome {
        let mut req = self.bot.send_message(ChatId(chat), &body.text);
        if !body.buttons.is_empty() {
            let rows = body.buttons.iter().map(|row| {
                row.iter()
                    .map(|(label, data)| InlineKeyboardButton::callback(label, data))
                    .collect::<Vec<_>>()
            });
            req = req.reply_markup(InlineKeyboardMarkup::new(rows));
        }
        match req.await {
            Ok(_) => SendOutcome::Sent,
            Err(e) => classify(&e),
        }
    }
}
