//! Channels and groups over the Bot API: finding a chat (`getChat`), anyone's standing in
//! it (`getChatMember`), and sale posts sent and edited there. A post's buttons are signed
//! for the post (its chat) rather than for one user, since everyone in the chat sees them
//! (a press is handled in `post_press`). Every post and edit in one
//! chat takes a slot of the post pace (at most one message every
//! [`POST_SPACING`](crate::delivery::post_cadence::POST_SPACING): within Telegram's 20 a
//! minute per group, edits counted) and of the shared bulk pace.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use teloxide::ApiError;
use teloxide::RequestError;
use teloxide::prelude::*;
use teloxide::types::{
    ChatFullInfo, ChatMemberKind, InlineKeyboardButton, InlineKeyboardMarkup, MessageId, Recipient,
};

use super::callback::ButtonSigner;
use super::reply_out::classify_edit;
use super::sender::classify;
use crate::app::Reply;
use crate::app::merchant::channels::{ChatFacts, ChatPort, ChatPortError, ChatRef, Standing, Who};
use crate::clock::Clock;
use crate::delivery::post_cadence::POST_SPACING;
use crate::delivery::{PaceLimits, SendOutcome, SharedPacer};

/// The pace of posts and their edits in channels and groups: one message per chat every
/// [`POST_SPACING`]; the global rate is the shared bulk pacer's.
pub fn post_pace() -> SharedPacer {
    SharedPacer::new(PaceLimits {
        per_second: 1_000,
        per_chat_spacing_us: POST_SPACING.as_micros() as u64,
    })
}

/// The Bot API side of channels and posts.
pub struct BotChats {
    bot: Bot,
    /// The bot's own user id (its standing is asked with it).
    bot_id: UserId,
    /// Signs a post's buttons for its chat.
    signer: Arc<ButtonSigner>,
    clock: Arc<dyn Clock>,
    /// One message per chat every few seconds (posts and edits together).
    post_pace: Arc<SharedPacer>,
    /// The bulk pace shared with the outbox and the countdowns.
    bulk: Arc<SharedPacer>,
}

impl BotChats {
    /// Channels and posts through `bot` (whose user id is `bot_id`), buttons signed by
    /// `signer`, paced by `post_pace` and the shared `bulk` pacer.
    pub fn new(
        bot: Bot,
        bot_id: UserId,
        signer: Arc<ButtonSigner>,
        clock: Arc<dyn Clock>,
        pace: (Arc<SharedPacer>, Arc<SharedPacer>),
    ) -> Self {
        let (post_pace, bulk) = pace;
        Self {
            bot,
            bot_id,
            signer,
            clock,
            post_pace,
            bulk,
        }
    }

    /// The buttons of a post in `chat`, each signed for the post: anyone there may press it.
    fn keyboard(&self, chat: i64, card: &Reply) -> Option<InlineKeyboardMarkup> {
        let now = self.clock.now().timestamp();
        let rows: Vec<Vec<InlineKeyboardButton>> = card
            .buttons
            .iter()
            .filter_map(
                |b| match self.signer.sign_fresh_for_post(chat, &b.payload, now) {
                    Ok(data) => Some(vec![InlineKeyboardButton::callback(&b.label, data)]),
                    Err(e) => {
                        tracing::error!(payload = %b.payload, error = %e, "post button left out");
                        None
                    }
                },
            )
            .collect();
        (!rows.is_empty()).then(|| InlineKeyboardMarkup::new(rows))
    }

    /// Waits for the chat's turn; `Err` with the wait when the chat had a message lately
    /// and `wait_for_chat` is false.
    async fn turn(&self, chat: i64, wait_for_chat: bool) -> Result<(), Duration> {
        let max = if wait_for_chat {
            POST_SPACING
        } else {
            Duration::ZERO
        };
        let own = self.post_pace.take_slot(chat, max).await?;
        let bulk = self
            .bulk
            .take_slot(chat, Duration::MAX)
            .await
            .unwrap_or_default();
        let wait = own.max(bulk);
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
        // A send that woke late pushes the chat's next turn: the spacing holds between the
        // requests themselves.
        self.post_pace.started(chat).await;
        Ok(())
    }

    /// Edits a post if the chat's pace allows it now; `Err` with the wait otherwise (the
    /// caller tries again then).
    pub async fn edit_if_due(
        &self,
        chat: i64,
        message_id: i64,
        card: &Reply,
    ) -> Result<SendOutcome, Duration> {
        self.turn(chat, false).await?;
        Ok(self.edit_now(chat, message_id, card).await)
    }

    async fn edit_now(&self, chat: i64, message_id: i64, card: &Reply) -> SendOutcome {
        let Ok(id) = i32::try_from(message_id) else {
            return SendOutcome::Blocked;
        };
        let mut req = self
            .bot
            .edit_message_text(ChatId(chat), MessageId(id), &card.text);
        if let Some(kb) = self.keyboard(chat, card) {
            req = req.reply_markup(kb);
        }
        match req.await {
            Ok(_) => SendOutcome::Sent,
            Err(e) => classify_edit(&e),
        }
    }
}

impl BotChats {
    /// Edits a card sent inline (its chat is unknown: it takes a bulk slot under a key of
    /// its own), with `markup` as its buttons.
    pub async fn edit_inline(
        &self,
        inline_id: &str,
        text: &str,
        markup: InlineKeyboardMarkup,
    ) -> SendOutcome {
        let key = inline_key(inline_id);
        let wait = self
            .bulk
            .take_slot(key, Duration::MAX)
            .await
            .unwrap_or_default();
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
        match self
            .bot
            .edit_message_text_inline(inline_id, text)
            .reply_markup(markup)
            .await
        {
            Ok(_) => SendOutcome::Sent,
            Err(e) => classify_edit(&e),
        }
    }

    /// The signer of the buttons these chats carry.
    pub fn signer(&self) -> &ButtonSigner {
        &self.signer
    }
}

/// A pacer key for an inline card: positive and far above any user id, so it never shares
/// a chat's slot.
fn inline_key(inline_id: &str) -> i64 {
    let sum = inline_id.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    (1i64 << 60) | (sum as i64 & ((1i64 << 60) - 1))
}

fn facts_of(chat: &ChatFullInfo) -> Option<ChatFacts> {
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

/// A member's standing as the app reads it.
pub fn standing_of(kind: &ChatMemberKind) -> Standing {
    match kind {
        ChatMemberKind::Owner(_) => Standing::Owner,
        ChatMemberKind::Administrator(a) => Standing::Admin {
            can_post: a.can_post_messages,
        },
        ChatMemberKind::Member(_) => Standing::Member,
        ChatMemberKind::Restricted(r) if r.is_member && r.can_send_messages => Standing::Member,
        ChatMemberKind::Restricted(r) if r.is_member => Standing::Muted,
        ChatMemberKind::Restricted(_) | ChatMemberKind::Left | ChatMemberKind::Banned(_) => {
            Standing::Absent
        }
    }
}

fn recipient(chat: &ChatRef) -> Recipient {
    match chat {
        ChatRef::Username(name) => Recipient::ChannelUsername(format!("@{name}")),
        ChatRef::Id(id) => Recipient::Id(ChatId(*id)),
    }
}

#[async_trait]
impl ChatPort for BotChats {
    async fn find(&self, chat: &ChatRef) -> Result<Option<ChatFacts>, ChatPortError> {
        match self.bot.get_chat(recipient(chat)).await {
            Ok(info) => Ok(facts_of(&info)),
            Err(RequestError::Api(ApiError::ChatNotFound)) => Ok(None),
            Err(e) => Err(ChatPortError(e.to_string())),
        }
    }

    async fn standing(&self, chat: i64, who: Who) -> Result<Standing, ChatPortError> {
        let user = match who {
            Who::Bot => self.bot_id,
            Who::User(u) => UserId(u.get().unsigned_abs()),
        };
        match self.bot.get_chat_member(ChatId(chat), user).await {
            Ok(m) => Ok(standing_of(&m.kind)),
            Err(RequestError::Api(
                ApiError::ChatNotFound | ApiError::UserNotFound | ApiError::BotKicked,
            )) => Ok(Standing::Absent),
            Err(e) => Err(ChatPortError(e.to_string())),
        }
    }

    async fn post(&self, chat: i64, card: &Reply) -> Result<i64, SendOutcome> {
        if let Err(wait) = self.turn(chat, true).await {
            return Err(SendOutcome::RetryAfter(wait));
        }
        let mut req = self.bot.send_message(ChatId(chat), &card.text);
        if let Some(kb) = self.keyboard(chat, card) {
            req = req.reply_markup(kb);
        }
        match req.await {
            Ok(m) => Ok(i64::from(m.id.0)),
            Err(e) => Err(classify(&e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_chat_gets_at_most_20_posts_and_edits_a_minute_and_other_chats_are_not_held_up() {
        let pace = post_pace();
        let (mut busy, mut other) = (0, 0);
        // Every post of a busy chat wants an edit ten times a second for a minute.
        for _ in 0..600 {
            if pace.take_slot(-1, Duration::ZERO).await.is_ok() {
                busy += 1;
            }
            if pace.take_slot(-2, Duration::ZERO).await.is_ok() {
                other += 1;
            }
            tokio::time::advance(Duration::from_millis(100)).await;
        }
        assert_eq!(busy, 20);
        assert_eq!(other, 20);
    }
}
