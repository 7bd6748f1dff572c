//! Editing a sale card in place over the Bot API; "message is not modified" counts as done.

use std::sync::Arc;

use async_trait::async_trait;
use teloxide::ApiError;
use teloxide::RequestError;
use teloxide::prelude::*;
use teloxide::types::MessageId;

use super::callback::ButtonSigner;
use super::keyboard::reply_keyboard;
use super::sender::classify;
use crate::app::Reply;
use crate::clock::Clock;
use crate::delivery::SendOutcome;
use crate::domain::UserId;

/// Replaces the text and buttons of a message the bot sent.
#[async_trait]
pub trait CardEditor: Send + Sync {
    /// Shows `card` in message `message_id` of `chat`, buttons signed for `user`.
    async fn edit(&self, chat: i64, message_id: i64, user: UserId, card: &Reply) -> SendOutcome;
}

/// Edits cards with a teloxide `Bot`.
pub struct BotCardEditor {
    bot: Bot,
    signer: Arc<ButtonSigner>,
    clock: Arc<dyn Clock>,
}

impl BotCardEditor {
    /// Wraps a bot (pointed at Telegram or, in tests, at the fake Bot API).
    pub fn new(bot: Bot, signer: Arc<ButtonSigner>, clock: Arc<dyn Clock>) -> Self {
        Self { bot, signer, clock }
    }
}

/// Maps an edit's error to an outcome: "not modified" is success; a message that is gone
/// or can no longer be edited is `Blocked` (stop editing it).
pub fn classify_edit(e: &RequestError) -> SendOutcome {
    match e {
        RequestError::Api(ApiError::MessageNotModified) => SendOutcome::Sent,
        RequestError::Api(
            ApiError::MessageToEditNotFound
            | ApiError::MessageCantBeEdited
            | ApiError::MessageIdInvalid,
        ) => SendOutcome::Blocked,
        other => match classify(other) {
            SendOutcome::Permanent(_) => SendOutcome::Blocked,
            outcome => outcome,
        },
    }
}

#[async_trait]
impl CardEditor for BotCardEditor {
    async fn edit(&self, chat: i64, message_id: i64, user: UserId, card: &Reply) -> SendOutcome {
        let Ok(id) = i32::try_from(message_id) else {
            return SendOutcome::Blocked;
        };
        let mut req = self
            .bot
            .edit_message_text(ChatId(chat), MessageId(id), &card.text);
        let now = self.clock.now().timestamp();
        if let Some(kb) = reply_keyboard(&self.signer, user, card, now) {
            req = req.reply_markup(kb);
        }
        match req.await {
            Ok(_) => SendOutcome::Sent,
            Err(e) => classify_edit(&e),
        }
    }
}
