//! Inline keyboards: the assistant's buttons, each payload signed for the user who sees it.

use teloxide::types::{
    InlineKeyboardButton, InlineKeyboardButtonKind, InlineKeyboardMarkup,
    SwitchInlineQueryChosenChat,
};

use super::callback::ButtonSigner;
use crate::app::{Action, Button, Reply};
use crate::domain::UserId;

/// `reply`'s buttons signed for `user`, and under a sale card a Share button that opens
/// Telegram's chat picker with the inline query `#<sale>` (the card, sent inline, whose
/// link carries the sharer).
pub fn reply_keyboard(
    signer: &ButtonSigner,
    user: UserId,
    reply: &Reply,
    now: i64,
) -> Option<InlineKeyboardMarkup> {
    let signed = keyboard(signer, user, &reply.buttons, now);
    let (Some(card), Some(label)) = (reply.card, reply.share_label.as_deref()) else {
        return signed;
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
    markup.inline_keyboard.push(vec![share]);
    Some(markup)
}

/// One button a row, signed for `user` at `now` (unix seconds); `None` without buttons. A
/// payload that cannot be signed is left out and logged.
pub fn keyboard(
    signer: &ButtonSigner,
    user: UserId,
    buttons: &[Button],
    now: i64,
) -> Option<InlineKeyboardMarkup> {
    let rows: Vec<Vec<InlineKeyboardButton>> = buttons
        .iter()
        .filter_map(|b| match signer.sign_fresh(user, &b.payload, now) {
            Ok(data) => Some(vec![InlineKeyboardButton::callback(&b.label, data)]),
            Err(e) => {
                tracing::error!(payload = %b.payload, error = %e, "button left out");
                None
            }
        })
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
        let kb = keyboard(&signer, user, &buttons, 1_000).unwrap();
        assert_eq!(kb.inline_keyboard.len(), 2);
        assert!(is_card(&kb));
        let plain = keyboard(&signer, user, &buttons[..1], 1_000).unwrap();
        assert!(!is_card(&plain));
        assert!(keyboard(&signer, user, &[], 1_000).is_none());
    }
}
