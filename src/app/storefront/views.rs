//! What the storefront answers with, shaped as the Mini App's JSON (see docs/miniapp.md).

use serde::Serialize;

/// One sale as the page shows it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct SaleCard {
    pub id: i64,
    pub title: String,
    pub description: Option<String>,
    pub price_text: String,
    pub price_minor: i64,
    pub currency: String,
    pub starts_at_ms: i64,
    pub ends_at_ms: i64,
    /// "upcoming" | "live" | "sold_out" | "ended".
    pub state: &'static str,
    pub stock_left: u32,
    pub stock_total: u32,
    pub per_user_limit: u32,
    /// Units this visitor holds in the sale (pending and paid orders).
    pub held: u32,
    pub captcha: bool,
}

/// One of the visitor's orders as the page shows it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct OrderCard {
    pub id: i64,
    pub sale: i64,
    pub title: String,
    pub quantity: u32,
    pub total_text: String,
    /// "pending" | "paid" | "cancelled" | "expired".
    pub status: &'static str,
    pub status_text: String,
    pub pay_until_ms: Option<i64>,
    pub can_pay: bool,
    pub can_cancel: bool,
}

/// A captcha challenge to answer before buying.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct CaptchaCard {
    pub token: String,
    pub question: String,
}

/// What a buy came to.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct BuyReply {
    pub outcome: &'static str,
    pub message: String,
    pub order: Option<OrderCard>,
    pub captcha: Option<CaptchaCard>,
    pub stock_left: Option<u32>,
}

/// What asking to pay came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PayReply {
    /// The Stars invoice link to open.
    Link(String),
    /// The order cannot be paid (closed, expired, not in Stars): why, in words.
    Refused(String),
    /// No such order of this visitor.
    Unknown,
}

/// What joining the waitlist came to.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct WaitlistReply {
    pub joined: bool,
    pub message: String,
}
