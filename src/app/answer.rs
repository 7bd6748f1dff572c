//! An answer under construction: message lines and buttons, rendered once the locale is known.

use super::action::Action;
use super::inbound::{Button, Card, Reply};
use crate::i18n::{Locale, Msg, Texts};

/// Lines of one reply and the buttons under it, as keys and actions (no text yet).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Answer {
    lines: Vec<Msg>,
    buttons: Vec<(Msg, Action)>,
    card: Option<Card>,
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
        }
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

    /// Adds a button.
    pub fn button(mut self, label: Msg, action: Action) -> Self {
        self.buttons.push((label, action));
        self
    }

    /// Marks the answer as the card of a sale.
    pub fn with_card(mut self, card: Card) -> Self {
        self.card = Some(card);
        self
    }

    /// The "see the sales" and "help" buttons every dead end offers.
    pub fn with_way_out(self) -> Self {
        self.button(Msg::new("button-list"), Action::List)
            .button(Msg::new("button-help"), Action::Help)
    }

    /// Renders the answer in `locale`.
    pub fn render(&self, texts: &Texts, locale: Locale) -> Reply {
        Reply {
            text: self
                .lines
                .iter()
                .map(|m| texts.render(locale, m))
                .collect::<Vec<_>>()
                .join("\n"),
            buttons: self
                .buttons
                .iter()
                .map(|(label, action)| Button {
                    label: texts.render(locale, label),
                    payload: action.payload(),
                })
                .collect(),
            card: self.card,
        }
    }
}
