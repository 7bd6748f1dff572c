//! Replies going out to Telegram: the assistant's buttons as inline keyboards signed for
//! the user who sees them, and a sale card edited in place ("message is not modified"
//! counts as done).

use std::sync::Arc;

use async_trait::async_trait;
use teloxide::ApiError;
use teloxide::RequestError;
use teloxide::prelude::*;
use teloxide::types::{
    InlineKeyboardButton, InlineKeyboardButtonKind, InlineKeyboardMarkup, MessageId,
    SwitchInlineQueryChosenChat, WebAppInfo,
};

use super::callback::ButtonSigner;
use super::sender::classify;
use crate::app::{Action, Button, Reply};
use crate::clock::Clock;
use crate::delivery::SendOutcome;
use crate::domain::UserId;
use crate::i18n::Locale;

/// `reply`'s buttons signed for `user`, and under a sale card a Share button that opens
/// Telegram's chat picker with the inline query `#<sale>` (the card, sent inline, whose
/// link carries the sharer); in a private `chat`, with `MINI_APP_URL` set, an Open button
/// to the Mini App too.
pub fn reply_keyboard(
    signer: &ButtonSigner,
    chat: i64,
    user: UserId,
    reply: &Reply,
    now: i64,
) -> Option<InlineKeyboardMarkup> {
    let signed = keyboard(signer, user, &reply.buttons, now, Some(reply.locale));
    let (Some(card), Some(label)) = (reply.card, reply.share_label.as_deref()) else {
        return signed;
    };
    let open = match (signer.mini_app(), reply.open_label.as_deref()) {
        // Telegram takes web-app buttons in private chats only.
        // It opens this card's sale (`?sale=<id>`, which the page reads).
        (Some(url), Some(open)) if chat > 0 => {
            let mut url = url.clone();
            url.query_pairs_mut()
                .append_pair("sale", &card.sale.to_string());
            Some(InlineKeyboardButton::web_app(open, WebAppInfo { url }))
        }
        _ => None,
    };
    let share = InlineKeyboardButton::new(
        label,
        InlineKeyboardButtonKind::SwitchInlineQueryChosenChat(SwitchInlineQueryChosenChat {
            query: Some(format!("#{}", card.sale)),
            allow_user_chats: true,
            allow_bot_chats: false,
            allow_group_chats: true,
            allow_channel_chats: true,
        }),
    );
    let mut markup = signed.unwrap_or_else(|| InlineKeyboardMarkup::new(Vec::<Vec<_>>::new()));
    if let Some(open) = open {
        markup.inline_keyboard.push(vec![open]);
    }
    markup.inline_keyboard.push(vec![share]);
    Some(markup)
}

/// One button a row, signed for `user` at `now` (unix seconds), each carrying `locale` (the
/// language of the message they are under) when it fits; `None` without buttons. A payload
/// that cannot be signed is left out and logged.
pub fn keyboard(
    signer: &ButtonSigner,
    user: UserId,
    buttons: &[Button],
    now: i64,
    locale: Option<Locale>,
) -> Option<InlineKeyboardMarkup> {
    let lang = locale.map(Locale::tag);
    let rows: Vec<Vec<InlineKeyboardButton>> = buttons
        .iter()
        .filter_map(
            |b| match signer.sign_fresh_in(user, &b.payload, now, lang) {
                Ok(data) => Some(vec![InlineKeyboardButton::callback(&b.label, data)]),
                Err(e) => {
                    tracing::error!(payload = %b.payload, error = %e, "button left out");
                    None
                }
            },
        )
        .collect();
    (!rows.is_empty()).then(|| InlineKeyboardMarkup::new(rows))
}

/// Whether a keyboard is a sale card's: it carries a Refresh button.
pub fn is_card(markup: &InlineKeyboardMarkup) -> bool {
    markup
        .inline_keyboard
        .iter()
        .flatten()
        .any(|b| match &b.kind {
            InlineKeyboardButtonKind::CallbackData(data) => {
                let payload = data.split('~').next().unwrap_or_default();
                matches!(Action::parse(payload), Some(Action::Refresh(_)))
            }
            _ => false,
        })
}

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
        if let Some(kb) = reply_keyboard(&self.signer, chat, user, card, now) {
            req = req.reply_markup(kb);
        }
        match req.await {
            Ok(_) => SendOutcome::Sent,
            Err(e) => classify_edit(&e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buttons_are_signed_for_their_user_and_cards_are_recognised() {
        let signer = ButtonSigner::new(b"secret");
        let user = UserId::parse(5).unwrap();
        let buttons = [
            Button {
                label: "Buy 1".into(),
                payload: "buy:3:1".into(),
            },
            Button {
                label: "Refresh".into(),
                payload: "ref:3".into(),
            },
        ];
        let kb = keyboard(&signer, user, &buttons, 1_000, None).unwrap();
        assert_eq!(kb.inline_keyboard.len(), 2);
        assert!(is_card(&kb));
        let plain = keyboard(&signer, user, &buttons[..1], 1_000, None).unwrap();
        assert!(!is_card(&plain));
        assert!(keyboard(&signer, user, &[], 1_000, None).is_none());
    }
}
