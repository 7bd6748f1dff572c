//! What a transport hands the assistant and what it gets back, free of any transport type.

use crate::i18n::Locale;
use chrono::{DateTime, Utc};

use crate::app::turn::action::Action;
use crate::domain::{OrderId, RequestId, SaleId, UserId};

/// A conversation (a Telegram chat id, or the terminal session).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ChatId(pub i64);

/// What the customer sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Content {
    /// A typed message.
    Text(String),
    /// A pressed button, with the payload the assistant put on it (an unsigned transport's
    /// button, parsed by the assistant; `None`-parsing payloads are answered "stale").
    Button(String),
    /// A pressed button the transport already opened, verified and parsed: the assistant
    /// acts on it without reading its payload again.
    Press(Action),
}

/// One customer message or button press.
#[derive(Debug, Clone)]
pub struct Inbound {
    /// Where to remember the conversation.
    pub chat: ChatId,
    /// Who sent it.
    pub user: UserId,
    /// The transport's language code (Telegram `language_code`, `LANG`), if any.
    pub language_code: Option<String>,
    /// The text or the button.
    pub content: Content,
    /// Idempotency key of this update; a buy it triggers uses it.
    pub request: RequestId,
}

/// What the assistant says to one pressed button, with what the transport must do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pressed {
    /// The replies to send (rendered), possibly none.
    pub replies: Vec<Reply>,
    /// Nothing to say because the user was told to slow down lately: the transport drops
    /// the press unanswered, as its door would have.
    pub silent: bool,
    /// The pressed card as it is now, to show in its place (set when the press says the
    /// button sat on a card of a sale, and that sale still exists).
    pub card: Option<Reply>,
    /// The presser's language, for what the transport words itself (toasts, later edits),
    /// so it need not ask the assistant again.
    pub locale: Locale,
}

/// A button under a reply: a label to show and a payload (at most 64 bytes) to send back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Button {
    /// Rendered label.
    pub label: String,
    /// What `Content::Button` carries when pressed.
    pub payload: String,
}

/// One message back to the customer, already rendered from the locale files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// Rendered text.
    pub text: String,
    /// Choices offered under it, in order.
    pub buttons: Vec<Button>,
    /// Set when this reply is a sale's card, which transports that can edit keep current.
    pub card: Option<Card>,
    /// A short notice: a transport that can answer a pressed button with a toast shows it
    /// there alone and sends no message (a refused press costs one call, not two).
    pub brief: bool,
    /// Set when a Telegram Stars invoice for an order goes out after the text.
    pub invoice: Option<Invoice>,
    /// Set when a file (e.g. an orders CSV) goes out after the text.
    pub document: Option<Document>,
    /// On a sale card: the label of the Share button a transport that can share adds
    /// (Telegram's chat picker, which sends the card inline).
    pub share_label: Option<String>,
    /// On a sale card: the label of the Open button to the Mini App a transport that has
    /// one adds.
    pub open_label: Option<String>,
    /// The language it is written in (its buttons carry it, so a press of one is answered
    /// in it at once).
    pub locale: crate::i18n::Locale,
}

impl Reply {
    /// This reply as a message for the durable outbox: its text and its buttons, one per row.
    pub fn outbox_body(&self) -> crate::delivery::OutboxBody {
        crate::delivery::OutboxBody {
            text: self.text.clone(),
            buttons: self
                .buttons
                .iter()
                .map(|b| vec![(b.label.clone(), b.payload.clone())])
                .collect(),
            lang: Some(self.locale.tag().to_owned()),
        }
    }
}

/// A file sent after a reply's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// The name the recipient sees (no directories).
    pub file_name: String,
    /// The file's content.
    pub bytes: Vec<u8>,
}

/// A Stars invoice for one pending order, already rendered; transports that cannot take
/// payments ignore it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invoice {
    /// The order it pays for (the payload is `order:<id>`).
    pub order: OrderId,
    /// Product name (the sale's title).
    pub title: String,
    /// Rendered description.
    pub description: String,
    /// Rendered label of the one price line.
    pub label: String,
    /// Price × quantity, in Stars.
    pub stars: u32,
}

/// What a transport needs to keep a sale card current.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Card {
    /// The sale shown.
    pub sale: SaleId,
    /// The start, while the sale is upcoming: the card counts down to it and then flips live.
    pub counts_down_to: Option<DateTime<Utc>>,
}
