//! The terminal's screen: replies and the messages the bot sends on its own are printed
//! the way Telegram would show them, their buttons (and a Stars invoice's Pay) as numbers.
//!
//! A reply to what the user typed numbers its choices from 1 again; a message arriving on
//! its own (a reminder, an offer, an announcement) adds its choices after those on screen,
//! so nothing already shown changes its number.

use std::io::Write;
use std::sync::{Arc, Mutex};

use crate::app::{Invoice, Reply};
use crate::delivery::OutboxBody;
use crate::i18n::{Locale, Msg, Texts};

/// What typing a number does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Choice {
    /// Presses a button carrying this assistant payload.
    Press(String),
    /// Pays this invoice (a simulated Stars payment).
    Pay(Invoice),
}

/// Where the chat writes, shared by the conversation and the background senders.
pub struct Screen {
    inner: Mutex<Inner>,
}

struct Inner {
    out: Box<dyn Write + Send>,
    choices: Vec<Choice>,
}

impl Screen {
    /// A screen writing to `out` (stdout, or a buffer in tests).
    pub fn new(out: Box<dyn Write + Send>) -> Arc<Self> {
        Arc::new(Self {
            inner: Mutex::new(Inner {
                out,
                choices: Vec::new(),
            }),
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The choice behind number `n` (1-based), if it is on screen.
    pub fn choice(&self, n: usize) -> Option<Choice> {
        let inner = self.lock();
        n.checked_sub(1).and_then(|i| inner.choices.get(i)).cloned()
    }

    /// Whether any numbered choice is on screen.
    pub fn has_choices(&self) -> bool {
        !self.lock().choices.is_empty()
    }

    /// Prints plain lines (the chat's own chrome).
    pub fn say(&self, text: &str) -> std::io::Result<()> {
        let mut inner = self.lock();
        writeln!(inner.out, "{text}")?;
        inner.out.flush()
    }

    /// Prints the replies to what the user typed; their choices replace those on screen.
    /// `extra` renders what goes under a reply besides buttons (a saved document's note).
    pub fn show(
        &self,
        replies: &[Reply],
        texts: &Texts,
        locale: Locale,
        extra: impl Fn(&Reply) -> Option<String>,
    ) -> std::io::Result<()> {
        let mut inner = self.lock();
        inner.choices.clear();
        for reply in replies {
            writeln!(inner.out, "{}", reply.text)?;
            for button in &reply.buttons {
                inner.add(Choice::Press(button.payload.clone()), &button.label)?;
            }
            if let Some(invoice) = &reply.invoice {
                let line = texts.render(locale, &invoice_msg("chat-invoice", invoice));
                writeln!(inner.out, "{line}")?;
                let label = texts.render(locale, &invoice_msg("chat-pay", invoice));
                inner.add(Choice::Pay(invoice.clone()), &label)?;
            }
            if let Some(note) = extra(reply) {
                writeln!(inner.out, "{note}")?;
            }
        }
        writeln!(inner.out)?;
        inner.out.flush()
    }

    /// Prints a message the bot sent on its own; its buttons join those on screen.
    pub fn push(&self, body: &OutboxBody) -> std::io::Result<()> {
        let mut inner = self.lock();
        writeln!(inner.out, "\n{}", body.text)?;
        for (label, payload) in body.buttons.iter().flatten() {
            inner.add(Choice::Press(payload.clone()), label)?;
        }
        writeln!(inner.out)?;
        inner.out.flush()
    }
}

impl Inner {
    fn add(&mut self, choice: Choice, label: &str) -> std::io::Result<()> {
        self.choices.push(choice);
        writeln!(self.out, "  [{}] {label}", self.choices.len())
    }
}

fn invoice_msg(key: &'static str, invoice: &Invoice) -> Msg {
    Msg::new(key)
        .arg("title", invoice.title.clone())
        .arg("description", invoice.description.clone())
        .arg("stars", invoice.stars)
        .arg("order", invoice.order.get())
}
