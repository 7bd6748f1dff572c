//! `/channel add`: linking a channel or group a merchant posts sales in (the other
//! `/channel` commands are in `manage`).
//!
//! A link is made only when the bot may post in the chat (a channel's administrator with
//! "Post messages", or a group's member) and the merchant is an administrator of that chat,
//! both asked of Telegram (`getChatMember`) at that moment. Merchants see and change their
//! own links, admins all of them; every change is audited.

use crate::app::merchant::commands::StaffCall;
use serde_json::{Value, json};

use super::{ChatFacts, ChatRef, Who};
use crate::app::assistant::Turn;
use crate::app::failure::{Context, Failure};
use crate::app::merchant::Merchant;
use crate::app::merchant::commands::Staff;
use crate::app::turn::answer::Answer;
use crate::domain::UserId;
use crate::i18n::{Locale, Msg};
use crate::store::LinkedChat;

/// How a link was asked for (kept in the audit entry).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Via {
    /// `/channel add`.
    Command,
    /// The merchant made the bot an administrator of the chat (or added it to a group).
    BotAdded,
    /// The merchant forwarded a post from the channel to the bot.
    Forwarded,
}

impl Via {
    fn name(self) -> &'static str {
        match self {
            Via::Command => "command",
            Via::BotAdded => "bot-added",
            Via::Forwarded => "forwarded",
        }
    }
}

/// The audit snapshot of a link.
pub(crate) fn snapshot(link: &LinkedChat) -> Value {
    json!({
        "title": link.title,
        "username": link.username,
        "kind": if link.channel { "channel" } else { "group" },
        "owner": link.owner.get(),
        "locale": link.locale,
    })
}

/// How a linked chat is named in answers: its title and @username or id.
pub(crate) fn chat_label(link: &LinkedChat) -> String {
    match &link.username {
        Some(u) => format!("{} (@{u})", link.title),
        None => format!("{} ({})", link.title, link.chat_id),
    }
}

impl Merchant {
    /// `/channel …`: add, list, remove or set the language of linked chats.
    pub(crate) async fn channel_command(&self, call: StaffCall<'_>) -> Result<Answer, Failure> {
        let StaffCall { turn, staff, args } = call;
        match args {
            [] | ["list"] => self.list_chats(staff).await,
            ["add", chat] => self.add_chat(turn, staff, chat, None).await,
            ["add", chat, lang] => self.add_chat(turn, staff, chat, Some(lang)).await,
            ["remove", chat] => self.remove_chat(turn, staff, chat).await,
            ["lang", chat, lang] => self.chat_language(turn, staff, chat, lang).await,
            _ => Ok(Answer::new(Msg::new("channel-usage"))),
        }
    }

    /// `/channel add <@chat> [lang]`: looks the chat up and links it after both checks.
    async fn add_chat(
        &self,
        turn: &Turn,
        staff: Staff,
        raw: &str,
        lang: Option<&str>,
    ) -> Result<Answer, Failure> {
        if !self.chats().available() {
            return Ok(Answer::new(Msg::new("channel-unavailable")));
        }
        let Some(chat) = ChatRef::parse(raw) else {
            return Ok(Answer::new(Msg::new("channel-bad-chat").arg("raw", raw)));
        };
        let locale = match lang.map(Locale::from_choice) {
            None => self.post_locale(),
            Some(Some(l)) => l,
            Some(None) => return Ok(Answer::new(Msg::new("channel-usage"))),
        };
        let found = self
            .chats()
            .find(&chat)
            .await
            .context("chat not looked up")?;
        let Some(facts) = found else {
            return Ok(Answer::new(
                Msg::new("channel-not-found").arg("chat", chat.to_string()),
            ));
        };
        self.link_checked(turn.now, staff.user, facts, locale, Via::Command)
            .await
    }

    /// Links `facts` for `user` once the bot may post there and `user` administers it.
    pub(crate) async fn link_checked(
        &self,
        now: chrono::DateTime<chrono::Utc>,
        user: UserId,
        facts: ChatFacts,
        locale: Locale,
        via: Via,
    ) -> Result<Answer, Failure> {
        let title = facts.title.clone();
        let bot = self
            .chats()
            .standing(facts.id, Who::Bot)
            .await
            .context("bot's standing not looked up")?;
        if !bot.may_post(facts.channel) {
            let key = if facts.channel {
                "channel-bot-cannot-post"
            } else {
                "channel-bot-not-in-group"
            };
            return Ok(Answer::new(Msg::new(key).arg("title", title)));
        }
        let theirs = self
            .chats()
            .standing(facts.id, Who::User(user))
            .await
            .context("merchant's standing not looked up")?;
        if !theirs.is_admin() {
            tracing::info!(
                user = user.get(),
                chat = facts.id,
                "link refused: not an administrator of the chat"
            );
            return Ok(Answer::new(
                Msg::new("channel-not-admin").arg("title", title),
            ));
        }
        let wanted = LinkedChat {
            chat_id: facts.id,
            title: facts.title,
            username: facts.username,
            channel: facts.channel,
            owner: user,
            locale: locale.code().to_owned(),
            linked_at: now,
        };
        let before = self
            .store
            .linked_chat(wanted.chat_id)
            .await
            .context("link not read")?;
        let stored = self
            .store
            .link_chat(&wanted)
            .await
            .context("link not stored")?;
        if stored.owner != user {
            return Ok(Answer::new(
                Msg::new("channel-linked-by-other").arg("title", chat_label(&stored)),
            ));
        }
        tracing::info!(
            user = user.get(),
            chat = stored.chat_id,
            via = via.name(),
            "chat linked"
        );
        let mut after = snapshot(&stored);
        after["via"] = json!(via.name());
        let before = before.as_ref().map_or(json!({}), snapshot);
        self.record(
            user,
            "link-chat",
            format!("chat:{}", stored.chat_id),
            before,
            after,
            now,
        )
        .await;
        let handle = stored
            .username
            .as_ref()
            .map_or_else(|| stored.chat_id.to_string(), |u| format!("@{u}"));
        Ok(Answer::new(
            Msg::new("channel-linked")
                .arg("title", chat_label(&stored))
                .arg("channel", i64::from(stored.channel))
                .arg("lang", stored.locale.as_str())
                .arg("handle", handle),
        ))
    }
}
