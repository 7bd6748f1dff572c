//! `/channel list|remove|lang`: the links a merchant has (an admin: every link), taking one
//! away (its live posts stop being updated) and the language of a chat's posts; each change
//! audited.

use serde_json::json;

use super::ChatRef;
use super::link::{chat_label, snapshot};
use crate::app::assistant::Turn;
use crate::app::failure::{Context, Failure};
use crate::app::merchant::Merchant;
use crate::app::merchant::commands::Staff;
use crate::app::or_answer;
use crate::app::turn::answer::Answer;
use crate::domain::UserId;
use crate::i18n::{Locale, Msg};
use crate::store::{LinkedChat, Role};

impl Merchant {
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
    pub(super) async fn list_chats(&self, staff: Staff) -> Result<Answer, Failure> {
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
    pub(super) async fn remove_chat(
        &self,
        turn: &Turn,
        staff: Staff,
        raw: &str,
    ) -> Result<Answer, Failure> {
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
    pub(super) async fn chat_language(
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
