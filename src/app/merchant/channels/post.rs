//! `/post <sale> <@chat>`: posts a sale's card in a linked channel or group, in the chat's
//! language, and keeps it live (the countdown worker edits it until its final state).
//!
//! The poster must manage the sale (a merchant: their own) and the link (a merchant: their
//! own; an admin: any), and must still be an administrator of the chat, asked of Telegram
//! again now: a link does not outlive its merchant's rights in the chat.

use crate::app::merchant::commands::StaffCall;
use serde_json::json;

use super::link::chat_label;
use super::{ChatRef, Who};
use crate::app::failure::{Context, Failure};
use crate::app::merchant::Merchant;
use crate::app::or_answer;
use crate::app::turn::answer::Answer;
use crate::delivery::SendOutcome;
use crate::delivery::post_cadence::{PostPhase, next_post_edit_at};
use crate::domain::SaleStatus;
use crate::i18n::{Locale, Msg};
use crate::store::NewPost;

impl Merchant {
    /// `/post <sale> <@chat>`: the sale's live card, posted in a linked chat.
    pub(crate) async fn post_sale(&self, call: StaffCall<'_>) -> Result<Answer, Failure> {
        let StaffCall { turn, staff, args } = call;
        let [raw_sale, raw_chat] = args else {
            return Ok(Answer::new(Msg::new("post-usage")));
        };
        if !self.chats().available() {
            return Ok(Answer::new(Msg::new("channel-unavailable")));
        }
        if ChatRef::parse(raw_chat).is_none() {
            return Ok(Answer::new(
                Msg::new("channel-bad-chat").arg("raw", *raw_chat),
            ));
        }
        let sale = or_answer!(self.managed_sale(staff, &[*raw_sale], "post-usage").await?);
        let id = sale.id;
        if sale.status == SaleStatus::Cancelled || turn.now >= sale.draft.window.ends_at() {
            return Ok(Answer::new(
                Msg::new("post-sale-over").arg("sale", id.get()),
            ));
        }
        let link = or_answer!(self.own_link(staff, raw_chat).await?);
        let standing = self
            .chats()
            .standing(link.chat_id, Who::User(staff.user))
            .await
            .context("poster's standing not looked up")?;
        if !standing.is_admin() {
            tracing::info!(
                user = staff.user.get(),
                chat = link.chat_id,
                sale = id.get(),
                "post refused: not an administrator of the chat"
            );
            return Ok(Answer::new(
                Msg::new("channel-not-admin").arg("title", link.title.as_str()),
            ));
        }
        let locale = Locale::from_code(Some(&link.locale));
        let card = self
            .browse
            .post_card_in(id, locale)
            .await
            .map_err(|e| Failure::new("post card not rendered", e).sale(id))?;
        let Some(card) = card else {
            return Ok(Answer::new(
                Msg::new("staff-sale-unknown").arg("sale", id.get()),
            ));
        };
        if card.phase == PostPhase::Final {
            return Ok(Answer::new(
                Msg::new("post-sale-over").arg("sale", id.get()),
            ));
        }
        let message_id = match self.chats().post(link.chat_id, &card.reply).await {
            Ok(m) => m,
            Err(refused @ (SendOutcome::Blocked | SendOutcome::Permanent(_))) => {
                tracing::warn!(
                    chat = link.chat_id,
                    sale = id.get(),
                    outcome = refused.name(),
                    "post refused by the transport"
                );
                return Ok(Answer::new(
                    Msg::new("post-bot-cannot-post").arg("title", chat_label(&link)),
                ));
            }
            Err(other) => {
                return Err(Failure::new("post not sent", other.name())
                    .sale(id)
                    .about("chat", link.chat_id));
            }
        };
        let now = turn.now;
        let post = NewPost {
            sale: id,
            chat_id: link.chat_id,
            message_id,
            locale: locale.code().to_owned(),
            posted_by: staff.user,
            shown: card.digest(),
            next_edit_at: next_post_edit_at(now, card.phase),
        };
        // The post is out; one that is not recorded stays as posted (not edited).
        let post_id = self
            .store
            .add_post(&post, now)
            .await
            .map_err(|e| Failure::new("post not recorded", e).sale(id))?;
        tracing::info!(
            user = staff.user.get(),
            sale = id.get(),
            chat = link.chat_id,
            post = post_id,
            "sale posted"
        );
        self.record(
            staff.user,
            "post-sale",
            format!("sale:{id}"),
            json!({}),
            json!({ "chat": link.chat_id, "message": message_id, "post": post_id }),
            now,
        )
        .await;
        let live = matches!(card.phase, PostPhase::Selling { .. });
        Ok(Answer::new(
            Msg::new("post-done")
                .arg("sale", id.get())
                .arg("title", chat_label(&link))
                .arg("live", i64::from(live)),
        ))
    }
}
