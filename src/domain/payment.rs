//! Payments in Telegram Stars: the invoice payload bound to an order, charge ids, and the
//! pure check of a payment claim against the order it names.

use std::fmt;

use chrono::{DateTime, Utc};

use super::{Currency, DomainError, Order, OrderId, OrderState, Sale, UserId};

/// The payload put on an invoice: `order:<id>`, binding the invoice to one order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InvoicePayload(OrderId);

impl InvoicePayload {
    /// The payload for `order`.
    pub fn new(order: OrderId) -> Self {
        Self(order)
    }

    /// Reads a payload back; anything this version did not write is refused.
    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        raw.strip_prefix("order:")
            .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|n| n.parse::<i64>().ok())
            .and_then(|n| OrderId::parse(n).ok())
            .map(Self)
            .ok_or(DomainError::Invalid {
                field: "invoice payload",
                reason: "must be order:<id>",
            })
    }

    /// The order the invoice pays for.
    pub fn order(self) -> OrderId {
        self.0
    }
}

impl fmt::Display for InvoicePayload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "order:{}", self.0)
    }
}

/// Telegram's id of one successful payment (`telegram_payment_charge_id`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ChargeId(String);

impl ChargeId {
    /// Accepts 1..=256 visible ASCII characters.
    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        if raw.is_empty() || raw.len() > 256 || !raw.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(DomainError::Invalid {
                field: "charge id",
                reason: "must be 1 to 256 visible ASCII characters",
            });
        }
        Ok(Self(raw.to_owned()))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ChargeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Why a payment for an order is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The payload names no order of this payer (unknown, malformed, someone else's).
    UnknownOrder,
    /// The order is no longer waiting for payment (paid, expired, cancelled).
    Closed(OrderState),
    /// The payment deadline has passed.
    Expired,
    /// The sale is not paid in Stars.
    NotPayable,
    /// The currency is not XTR.
    WrongCurrency,
    /// The amount differs from price × quantity.
    WrongAmount,
}

/// What an order costs in Stars, when its sale is paid in Stars.
pub fn stars_due(sale: &Sale, order: &Order) -> Option<u32> {
    if sale.draft.price.currency() != Currency::Xtr {
        return None;
    }
    let total = sale
        .draft
        .price
        .minor()
        .checked_mul(i64::from(order.quantity.get()))?;
    u32::try_from(total).ok()
}

/// Whether `payer` may pay `amount` in `currency` for `order` of `sale` at `now`; the
/// currency is the raw wire code (anything but `XTR` is refused).
pub fn check_payment(
    order: &Order,
    sale: &Sale,
    payer: UserId,
    currency: &str,
    amount: u32,
    now: DateTime<Utc>,
) -> Result<u32, Refusal> {
    if order.buyer != payer || order.sale != sale.id {
        return Err(Refusal::UnknownOrder);
    }
    let due = stars_due(sale, order).ok_or(Refusal::NotPayable)?;
    if currency != Currency::Xtr.code() {
        return Err(Refusal::WrongCurrency);
    }
    if amount != due {
        return Err(Refusal::WrongAmount);
    }
    if order.state != OrderState::Pending {
        return Err(Refusal::Closed(order.state));
    }
    if order.is_overdue(now) {
        return Err(Refusal::Expired);
    }
    Ok(due)
}

#[cfg(test)]
#[path = "payment_tests.rs"]
mod tests;
