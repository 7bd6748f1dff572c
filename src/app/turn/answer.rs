//! An answer under construction: message lines and buttons, rendered once the locale is known.

use crate::app::inbound::{Button, Card, Document, Invoice, Reply};
use crate::app::turn::action::Action;
use crate::domain::{OrderId, SaleId};
use crate::i18n::{Locale, Msg, Texts};

/// Lines of one reply and the buttons under it, as keys and actions (no text yet).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Answer {
    lines: Vec<Msg>,
    buttons: Vec<(Msg, Action)>,
    card: Option<Card>,
    invoice: Option<InvoiceDraft>,
    document: Option<Document>,
    brief: bool,
    /// A brief answer to a press on a card that the card, brought up to date, completes.
    refreshes_card: bool,
    /// Silent because the user was told to slow down lately (the transport drops the press).
    hushed: bool,
    /// The pressed card as this answer leaves it, when the answer knows (a won Buy press,
    /// drawn from the gate's answer); else the handler reads the card.
    pressed_card: Option<Box<Answer>>,
}

/// A Stars invoice to send after the answer, rendered with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct InvoiceDraft {
    pub order: OrderId,
    pub title: String,
    pub qty: u32,
    pub stars: u32,
}

impl InvoiceDraft {
    /// The invoice rendered in `locale` (the chat sends it, the Mini App links to it).
    pub(crate) fn render(&self, texts: &Texts, locale: Locale) -> Invoice {
        Invoice {
            order: self.order,
            title: self.title.clone(),
            description: texts.render(
                locale,
                &Msg::new("invoice-description")
                    .arg("qty", self.qty)
                    .arg("title", self.title.as_str())
                    .arg("order", self.order.get()),
            ),
            label: texts.render(
                locale,
                &Msg::new("invoice-label")
                    .arg("qty", self.qty)
                    .arg("title", self.title.as_str()),
            ),
            stars: self.stars,
        }
    }
}

impl Answer {
    /// An answer starting with one line.
    pub fn new(first: Msg) -> Self {
        Self::from_lines(vec![first])
    }

    /// An answer made of these lines.
    pub fn from_lines(lines: Vec<Msg>) -> Self {
        Self {
            lines,
            buttons: Vec::new(),
            card: None,
            invoice: None,
            document: None,
            brief: false,
            refreshes_card: false,
            hushed: false,
            pressed_card: None,
        }
    }

    /// No answer at all (a transport sends nothing, and leaves a press unanswered).
    pub fn silent() -> Self {
        Self::from_lines(Vec::new())
    }

    /// No answer, because the user was told to slow down within the notice period: the
    /// transport drops the update as its door would.
    pub fn hushed() -> Self {
        Self {
            hushed: true,
            ..Self::silent()
        }
    }

    /// Whether this is [`Answer::hushed`].
    pub fn is_hushed(&self) -> bool {
        self.hushed
    }

    /// The key of the answer's first line (transports that tell outcomes apart by it).
    pub fn first_key(&self) -> Option<&'static str> {
        self.lines.first().map(Msg::key)
    }

    /// The nonce of the captcha challenge this answer offers, if it offers one.
    pub fn captcha_nonce(&self) -> Option<u32> {
        self.buttons.iter().find_map(|(_, action)| match action {
            Action::Answer { nonce, .. } => Some(*nonce),
            _ => None,
        })
    }

    /// Whether this answer says nothing.
    pub fn is_silent(&self) -> bool {
        self.lines.is_empty()
            && self.buttons.is_empty()
            && self.card.is_none()
            && self.invoice.is_none()
            && self.document.is_none()
    }

    /// Adds a line.
    pub fn line(mut self, msg: Msg) -> Self {
        self.lines.push(msg);
        self
    }

    /// Adds several lines.
    pub fn lines(mut self, msgs: impl IntoIterator<Item = Msg>) -> Self {
        self.lines.extend(msgs);
        self
    }

    /// Adds another answer's lines and buttons after this one's.
    pub fn merge(mut self, other: Answer) -> Self {
        self.lines.extend(other.lines);
        self.buttons.extend(other.buttons);
        self
    }

    /// Adds a button.
    pub fn button(mut self, label: Msg, action: Action) -> Self {
        self.buttons.push((label, action));
        self
    }

    /// Turns a "Buy N × X? [Yes]" question's Yes into the Yes of the chat's pending buy and
    /// returns what it asks to buy, so the button and a typed "yes" buy the same one order.
    pub fn confirm_as_pending(&mut self) -> Option<(SaleId, u32)> {
        self.buttons
            .iter_mut()
            .find_map(|(_, action)| match *action {
                Action::Confirm(sale, qty) => {
                    *action = Action::Yes;
                    Some((sale, qty))
                }
                _ => None,
            })
    }

    /// Marks the answer as the card of a sale.
    pub fn with_card(mut self, card: Card) -> Self {
        self.card = Some(card);
        self
    }

    /// Sends a Stars invoice after the answer.
    pub fn with_invoice(mut self, invoice: InvoiceDraft) -> Self {
        self.invoice = Some(invoice);
        self
    }

    /// Sends a file after the answer.
    pub fn with_document(mut self, document: Document) -> Self {
        self.document = Some(document);
        self
    }

    /// Marks a short notice (no buttons) that a pressed button's toast can carry alone.
    pub fn brief(mut self) -> Self {
        self.brief = true;
        self
    }

    /// Only the first line, as a brief notice (no buttons): the news again, for a toast.
    pub fn first_line_brief(mut self) -> Self {
        self.lines.truncate(1);
        self.buttons.clear();
        self.brief = true;
        self
    }

    /// A toast whose news the pressed card, brought up to date, completes (its buttons).
    pub fn refreshing_card(mut self) -> Self {
        self.refreshes_card = true;
        self
    }

    /// Says what the pressed card shows after this answer.
    pub fn with_pressed_card(mut self, card: Answer) -> Self {
        self.pressed_card = Some(Box::new(card));
        self
    }

    /// The pressed card as this answer leaves it, if the answer knows it.
    pub fn pressed_card(&self) -> Option<&Answer> {
        self.pressed_card.as_deref()
    }

    /// Whether the pressed card is to be brought up to date with this answer.
    pub fn refreshes_card(&self) -> bool {
        self.refreshes_card
    }

    /// The "see the sales" and "help" buttons every dead end offers.
    pub fn with_way_out(self) -> Self {
        self.button(Msg::new("button-list"), Action::List)
            .button(Msg::new("button-help"), Action::Help)
    }

    /// Renders the answer in `locale`.
    pub fn render(&self, texts: &Texts, locale: Locale) -> Reply {
        let text = self
            .lines
            .iter()
            .map(|m| texts.render(locale, m))
            .collect::<Vec<_>>()
            .join("\n");
        Reply {
            text: within_telegram_limit(text),
            buttons: self
                .buttons
                .iter()
                .map(|(label, action)| Button {
                    label: texts.render(locale, label),
                    payload: action.payload(),
                })
                .collect(),
            card: self.card,
            share_label: self
                .card
                .map(|_| texts.render(locale, &Msg::new("button-share"))),
            open_label: self
                .card
                .map(|_| texts.render(locale, &Msg::new("button-open"))),
            brief: self.brief && self.buttons.is_empty(),
            invoice: self.invoice.as_ref().map(|i| i.render(texts, locale)),
            document: self.document.clone(),
            locale,
        }
    }
}

/// Telegram takes at most 4096 UTF-16 units per message; longer text is cut with "…".
fn within_telegram_limit(text: String) -> String {
    const MAX_UNITS: usize = 4096;
    if text.encode_utf16().count() <= MAX_UNITS {
        return text;
    }
    let mut units = 0;
    let mut out = String::new();
    for c in text.chars() {
        units += c.len_utf16();
        if units > MAX_UNITS - 1 {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hushed_answer_says_nothing_and_says_why() {
        assert!(Answer::hushed().is_silent() && Answer::hushed().is_hushed());
        assert!(Answer::silent().is_silent() && !Answer::silent().is_hushed());
        assert!(!Answer::new(Msg::new("buy-blocked")).is_hushed());
    }

    #[test]
    fn long_text_is_cut_to_fit_one_telegram_message() {
        let long = "表".repeat(5000);
        let cut = within_telegram_limit(long);
        assert_eq!(cut.encode_utf16().count(), 4096);
        assert!(cut.ends_with('…'));
        assert_eq!(within_telegram_limit("short".into()), "short");
    }
}
