//! What a conversation was just shown — the last sale, the list in order, a pending
//! confirm — kept outside the process (the store, or Redis when configured) so the next
//! message may reach any instance, and forgotten a few minutes later.

mod redis;
pub mod replies;
mod sql;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

pub use self::redis::RedisContexts;
pub use self::sql::SqlContexts;
use crate::app::inbound::ChatId;
use crate::domain::{RequestId, SaleId};
use crate::i18n::Locale;

/// How long a conversation's context lives after it was last written.
pub const CONTEXT_TTL: std::time::Duration = std::time::Duration::from_secs(10 * 60);

/// A buy the customer was asked to confirm ("Buy 2 × AirPods Pro 2? [Yes] [No]").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingBuy {
    sale: i64,
    qty: u32,
    /// The update that asked: a Yes buys under this id, so any number of Yes presses (or
    /// redeliveries) place one order.
    request: String,
}

impl PendingBuy {
    /// A confirm of `qty` units of `sale`, asked by update `request`.
    pub fn new(sale: SaleId, qty: u32, request: &RequestId) -> Self {
        Self {
            sale: sale.get(),
            qty,
            request: request.as_str().to_owned(),
        }
    }

    /// The sale, quantity and idempotency key; `None` when the stored values are not valid.
    pub fn parts(&self) -> Option<(SaleId, u32, RequestId)> {
        let sale = SaleId::parse(self.sale).ok()?;
        let request = RequestId::parse(&self.request).ok()?;
        (self.qty > 0).then_some((sale, self.qty, request))
    }
}

/// One chat's context (stored as JSON; unknown or missing fields read as empty).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Context {
    /// The sale talked about last ("buy it", "两个").
    #[serde(default)]
    last_sale: Option<i64>,
    /// The sales of the last list, in the order shown ("the first one").
    #[serde(default)]
    shown: Vec<i64>,
    /// A buy awaiting Yes or No.
    #[serde(default)]
    pub pending: Option<PendingBuy>,
    /// The language the conversation was last answered in (for its Yes and No buttons).
    #[serde(default)]
    lang: Option<String>,
}

impl Context {
    /// The sale talked about last.
    pub fn last_sale(&self) -> Option<SaleId> {
        self.last_sale.and_then(|s| SaleId::parse(s).ok())
    }

    /// Remembers `sale` as the one talked about.
    pub fn set_last_sale(&mut self, sale: SaleId) {
        self.last_sale = Some(sale.get());
    }

    /// The `n`th sale (from 1) of the last list.
    pub fn shown(&self, n: usize) -> Option<SaleId> {
        let id = *self.shown.get(n.checked_sub(1)?)?;
        SaleId::parse(id).ok()
    }

    /// Remembers the list just shown, in order. A list moves the talk off any one sale: after
    /// a list of several, "buy one" asks which instead of buying the sale talked about before
    /// it; a list of one makes that sale the one talked about.
    pub fn set_shown(&mut self, sales: impl IntoIterator<Item = SaleId>) {
        self.shown = sales.into_iter().map(|s| s.get()).collect();
        self.last_sale = match self.shown.as_slice() {
            [only] => Some(*only),
            _ => None,
        };
    }

    /// The language the conversation was last answered in.
    pub fn locale(&self) -> Option<Locale> {
        self.lang.as_deref().and_then(Locale::from_choice)
    }

    /// Remembers the language the conversation is answered in.
    pub fn set_locale(&mut self, locale: Locale) {
        self.lang = Some(locale.code().to_owned());
    }

    /// The stored form.
    pub fn to_json(&self) -> Result<String, ContextError> {
        serde_json::to_string(self).map_err(|e| ContextError(e.to_string()))
    }

    /// Reads the stored form.
    pub fn from_json(json: &str) -> Result<Self, ContextError> {
        serde_json::from_str(json).map_err(|e| ContextError(e.to_string()))
    }
}

/// The context could not be read or written (the conversation goes on without it).
#[derive(Debug, thiserror::Error)]
#[error("conversation context unavailable: {0}")]
pub struct ContextError(pub String);

/// Where contexts live; every implementation runs the same contract test.
#[async_trait]
pub trait ContextStore: Send + Sync {
    /// The chat's context, unless none was written within [`CONTEXT_TTL`].
    async fn load(&self, chat: ChatId) -> Result<Option<Context>, ContextError>;
    /// Replaces the chat's context; it expires [`CONTEXT_TTL`] from now.
    async fn save(&self, chat: ChatId, context: &Context) -> Result<(), ContextError>;
    /// Forgets the chat's context.
    async fn forget(&self, chat: ChatId) -> Result<(), ContextError>;
}
