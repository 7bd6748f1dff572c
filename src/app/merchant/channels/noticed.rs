//! The bot's own standing changed in a channel or group (Telegram's `my_chat_member`): made
//! an administrator (or added to a group) by a merchant who runs the chat, it links the chat
//! for them; removed, or stripped of the right to post, it unlinks the chat and tells the
//! merchant who linked it. A merchant forwarding a post from a channel to the bot links
//! that channel too. All go through the same checks and audit as `/channel add`.

use chrono::{DateTime, Utc};

use super::link::{Via, chat_label};
use super::{ChatFacts, Standing};
use crate::app::failure::{Context, Failure};
use crate::app::merchant::Merchant;
use crate::app::turn::answer::Answer;
use crate::app::turn::commands::rank;
use crate::domain::UserId;
use crate::i18n::Msg;
use crate::store::Role;

/// Who should hear about a change, and what.
pub(crate) type Notices = Vec<(UserId, Answer)>;

impl Merchant {
    /// The bot's standing in `chat` is now `bot`, changed by `by`: links or unlinks the chat
    /// as that allows; returns what to tell whom in private.
    pub(crate) async fn bot_standing_changed(
        &self,
        chat: ChatFacts,
        by: UserId,
        bot: Standing,
        now: DateTime<Utc>,
    ) -> Result<Notices, Failure> {
        let existing = self
            .store
            .linked_chat(chat.id)
            .await
            .context("link not read")?;
        if !bot.may_post(chat.channel) {
            let Some(link) = existing else {
                return Ok(Vec::new());
            };
            let live = self
                .store
                .live_posts_in(link.chat_id)
                .await
                .context("posts not counted")?;
            self.unlink(by, &link, "bot-removed", now).await?;
            let notice = Answer::new(
                Msg::new("channel-unlinked-bot-removed")
                    .arg("title", chat_label(&link))
                    .arg("live", live as i64),
            );
            return Ok(vec![(link.owner, notice)]);
        }
        if existing.is_some() {
            return Ok(Vec::new());
        }
        let role = self
            .roles
            .role_of(&self.store, by)
            .await
            .context("role not read")?;
        if rank(role) < rank(Role::Merchant) {
            tracing::info!(
                user = by.get(),
                chat = chat.id,
                "bot added to a chat by someone who is not a merchant; nothing linked"
            );
            return Ok(Vec::new());
        }
        let answer = self
            .link_checked(now, by, chat, self.post_locale(), Via::BotAdded)
            .await?;
        Ok(vec![(by, answer)])
    }

    /// A post forwarded to the bot from `chat` by `user`: a merchant's links that channel
    /// (after the same checks as `/channel add`); `None` for anyone else, whose forward is
    /// an ordinary message.
    pub(crate) async fn forwarded_from(
        &self,
        chat: ChatFacts,
        user: UserId,
        now: DateTime<Utc>,
    ) -> Option<Result<Answer, Failure>> {
        let role = match self.roles.role_of(&self.store, user).await {
            Ok(r) => r,
            Err(e) => return Some(Err(Failure::new("role not read", e).user(user))),
        };
        if rank(role) < rank(Role::Merchant) {
            return None;
        }
        Some(
            self.link_checked(now, user, chat, self.post_locale(), Via::Forwarded)
                .await,
        )
    }
}
