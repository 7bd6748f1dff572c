//! `/channel add|list|remove|lang`: the channels and groups a merchant posts sales in.
//!
//! A link is made only when the bot may post in the chat (a channel's administrator with
//! "Post messages", or a group's member) and the merchant is an administrator of that chat,
//! both asked of Telegram (`getChatMember`) at that moment. Merchants see and change their
//! own links, admins all of them; every change is audited.

use serde_json::{Value, json};

use super::{ChatFacts, ChatRef, Who};
use crate::app::assistant::Turn;
use crate::app::failure::{Context, Failure};
use crate::app::merchant::Merchant;
use crate::app::merchant::commands::Staff;
use crate::app::or_answer;
use crate::app::turn::answer::Answer;
use crate::domain::UserId;
use crate::i18n::{Locale, Msg};
use crate::store::{LinkedChat, Role};

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
    pub(crate) async fn channel_command(
        &self,
        turn: &Turn,
        staff: Staff,
        args: &[&str],
    ) -> Result<Answer, Failure> {
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

    /// The link `raw` names, if `staff` may change it; else the refusal.
    pub(crate) async fn own_link(
        &self,
        staff: Staff,
        raw: &str,
    ) -> Result<Result<LinkedChat, Answer>, Failure> {
        let link = match ChatRef::parse(raw) {
            Some(ChatRef::Id(id)) => self.store.linked_chat(id).await,
            Some(ChatRef::Username(name)) => self.store.linked_chat_named(&name).await,
            None => {
                return Ok(Err(Answer::new(
                    Msg::new("channel-bad-chat").arg("raw", raw),
                )));
            }
        }
        .context("link not read")?;
        let Some(link) = link else {
            return Ok(Err(Answer::new(
                Msg::new("channel-not-linked").arg("chat", raw),
            )));
        };
        if link.owner != staff.user && staff.role != Role::Admin {
            return Ok(Err(Answer::new(
                Msg::new("channel-not-yours").arg("title", chat_label(&link)),
            )));
        }
        Ok(Ok(link))
    }

    /// `/channel list`: the merchant's links (an admin's: everyone's, with their owners).
    async fn list_chats(&self, staff: Staff) -> Result<Answer, Failure> {
        let admin = staff.role == Role::Admin;
        let owner = (!admin).then_some(staff.user);
        let links = self
            .store
            .linked_chats(owner)
            .await
            .context("links not read")?;
        if links.is_empty() {
            return Ok(Answer::new(Msg::new("channel-list-empty")));
        }
        let mut lines = Vec::with_capacity(links.len());
        for link in links.iter().take(50) {
            let live = self
                .store
                .live_posts_in(link.chat_id)
                .await
                .context("posts not counted")?;
            let key = if admin {
                "channel-list-line-owner"
            } else {
                "channel-list-line"
            };
            lines.push(
                Msg::new(key)
                    .arg("title", chat_label(link))
                    .arg("channel", i64::from(link.channel))
                    .arg("lang", link.locale.as_str())
                    .arg("live", live as i64)
                    .arg("owner", link.owner.get()),
            );
        }
        Ok(
            Answer::new(Msg::new("channel-list-title").arg("count", links.len() as i64))
                .lines(lines),
        )
    }

    /// `/channel remove <@chat>`: unlinks it; its live posts stop being edited.
    async fn remove_chat(&self, turn: &Turn, staff: Staff, raw: &str) -> Result<Answer, Failure> {
        let link = or_answer!(self.own_link(staff, raw).await?);
        let live = self
            .store
            .live_posts_in(link.chat_id)
            .await
            .context("posts not counted")?;
        self.unlink(staff.user, &link, "command", turn.now).await?;
        Ok(Answer::new(
            Msg::new("channel-removed")
                .arg("title", chat_label(&link))
                .arg("live", live as i64),
        ))
    }

    /// Unlinks `link` on `actor`'s behalf (`reason` goes into the audit entry).
    pub(crate) async fn unlink(
        &self,
        actor: UserId,
        link: &LinkedChat,
        reason: &str,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), Failure> {
        self.store
            .unlink_chat(link.chat_id)
            .await
            .context("link not removed")?;
        tracing::info!(
            user = actor.get(),
            chat = link.chat_id,
            reason,
            "chat unlinked"
        );
        self.record(
            actor,
            "unlink-chat",
            format!("chat:{}", link.chat_id),
            snapshot(link),
            json!({ "reason": reason }),
            now,
        )
        .await;
        Ok(())
    }

    /// `/channel lang <@chat> <en|zh>`: the language its posts are shown in from now on.
    async fn chat_language(
        &self,
        turn: &Turn,
        staff: Staff,
        raw: &str,
        lang: &str,
    ) -> Result<Answer, Failure> {
        let Some(locale) = Locale::from_choice(lang) else {
            return Ok(Answer::new(Msg::new("channel-usage")));
        };
        let link = or_answer!(self.own_link(staff, raw).await?);
        self.store
            .set_chat_locale(link.chat_id, locale.code())
            .await
            .context("chat language not stored")?;
        self.record(
            staff.user,
            "chat-lang",
            format!("chat:{}", link.chat_id),
            json!({ "locale": link.locale }),
            json!({ "locale": locale.code() }),
            turn.now,
        )
        .await;
        Ok(Answer::new(
            Msg::new("channel-lang-set")
                .arg("title", chat_label(&link))
                .arg("lang", locale.code()),
        ))
    }
}
