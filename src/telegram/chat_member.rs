//! `my_chat_member` updates: the bot's own standing changed in a channel or group (made an
//! administrator, added, demoted, removed). The app links or unlinks the chat as that allows
//! (with the same checks as `/channel add`); its notices go to the people concerned in
//! private, best effort (someone who never started the bot cannot be written to).

use teloxide::prelude::*;
use teloxide::types::{Chat, ChatMemberUpdated};

use super::chats::standing_of;
use super::handlers::BotContext;
use crate::app::merchant::channels::ChatFacts;
use crate::domain::UserId;

type HandlerResult = Result<(), Box<dyn std::error::Error + Send + Sync>>;

/// What a channel or group is, from an update's `chat`; `None` for a private chat.
pub fn facts_of_chat(chat: &Chat) -> Option<ChatFacts> {
    if chat.is_private() {
        return None;
    }
    Some(ChatFacts {
        id: chat.id.0,
        title: chat.title().unwrap_or_default().to_owned(),
        username: chat.username().map(str::to_owned),
        channel: chat.is_channel(),
    })
}

/// Handles one `my_chat_member` update.
pub async fn on_my_chat_member(
    bot: Bot,
    update: ChatMemberUpdated,
    ctx: BotContext,
) -> HandlerResult {
    metrics::counter!("flashsale_updates_total", "kind" => "my_chat_member").increment(1);
    let Some(facts) = facts_of_chat(&update.chat) else {
        return Ok(()); // a user blocked or restarted the bot in private: not a chat to link
    };
    if update.from.is_bot {
        return Ok(());
    }
    let Ok(by) = UserId::parse(update.from.id.0 as i64) else {
        return Ok(());
    };
    let standing = standing_of(&update.new_chat_member.kind);
    tracing::info!(
        chat = facts.id,
        user = by.get(),
        ?standing,
        "bot's standing in a chat changed"
    );
    let notices = ctx
        .assistant
        .bot_standing_changed(facts, by, standing)
        .await;
    for (user, reply) in notices {
        if let Err(e) = bot.send_message(ChatId(user.get()), &reply.text).await {
            tracing::info!(user = user.get(), error = %e, "chat link notice not delivered");
        }
    }
    Ok(())
}
