//! `my_chat_member` updates: the bot's own standing changed in a channel or group (made an
//! administrator, added, demoted, removed). The app links or unlinks the chat as that allows
//! (with the same checks as `/channel add`); its notices go to the people concerned in
//! private, best effort (someone who never started the bot cannot be written to). A post
//! a merchant forwards from a channel links that channel the same way.

use teloxide::prelude::*;
use teloxide::types::{Chat, ChatMemberUpdated, MessageOrigin, User};

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

/// A post forwarded from a channel, in a private chat: when its sender is a merchant the
/// channel is linked (after the same checks) and `true` comes back (the message is
/// answered); otherwise `false` and the message is handled as any other.
pub async fn forwarded_channel(
    bot: &Bot,
    msg: &Message,
    from: &User,
    ctx: &BotContext,
) -> Result<bool, teloxide::RequestError> {
    let Some(MessageOrigin::Channel { chat, .. }) = msg.forward_origin() else {
        return Ok(false);
    };
    let (Some(facts), Ok(user)) = (facts_of_chat(chat), UserId::parse(from.id.0 as i64)) else {
        return Ok(false);
    };
    let code = from.language_code.as_deref();
    let Some(replies) = ctx.assistant.forwarded_from(facts, user, code).await else {
        return Ok(false);
    };
    for reply in replies {
        bot.send_message(msg.chat.id, &reply.text).await?;
    }
    Ok(true)
}
