//! Announcement status messages over the Bot API: posted once, then edited in place.

use async_trait::async_trait;
use teloxide::ApiError;
use teloxide::RequestError;
use teloxide::prelude::*;
use teloxide::types::MessageId;

use crate::app::merchant::announce_status::StatusBoard;

/// Posts and edits status messages with a teloxide `Bot`.
pub struct BotStatusBoard(pub Bot);

#[async_trait]
impl StatusBoard for BotStatusBoard {
    async fn post(&self, chat: i64, text: &str) -> Option<i32> {
        match self.0.send_message(ChatId(chat), text).await {
            Ok(m) => Some(m.id.0),
            Err(e) => {
                tracing::warn!(chat, error = %e, "announcement status not posted");
                None
            }
        }
    }

    async fn edit(&self, chat: i64, message: i32, text: &str) -> bool {
        match self
            .0
            .edit_message_text(ChatId(chat), MessageId(message), text)
            .await
        {
            Ok(_) | Err(RequestError::Api(ApiError::MessageNotModified)) => true,
            Err(e) => {
                tracing::warn!(chat, error = %e, "announcement status not edited");
                false
            }
        }
    }
}
