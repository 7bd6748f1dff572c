//! An order: units a buyer won in a sale, and the states it may move through.

use chrono::{DateTime, Utc};

use super::{DomainError, OrderId, Quantity, RequestId, SaleId, UserId};

/// An order's state: pending until paid, or closed by expiry or cancellation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OrderState {
    Pending,
    Paid,
    Expired,
    Cancelled,
}

impl OrderState {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Paid => "paid",
            Self::Expired => "expired",
            Self::Cancelled => "cancelled",
        }
    }

    /// Parses the stored name.
    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        match raw {
            "pending" => Ok(Self::Pending),
            "paid" => Ok(Self::Paid),
            "expired" => Ok(Self::Expired),
            "cancelled" => Ok(Self::Cancelled),
            _ => Err(DomainError::Invalid {
                field: "order state",
                reason: "unknown state",
            }),
        }
    }

    /// Whether the order's units count against the stock.
    pub fn holds_stock(self) -> bool {
        matches!(self, Self::Pending | Self::Paid)
    }

    /// The state after moving to `to`; pending → paid | expired | cancelled, paid → cancelled (refund).
    pub fn transition(self, to: Self) -> Result<Self, DomainError> {
        use OrderState::*;
        match (self, to) {
            (Pending, Paid | Expired | Cancelled) | (Paid, Cancelled) => Ok(to),
            _ => Err(DomainError::BadTransition {
                from: self.as_str(),
                to: to.as_str(),
            }),
        }
    }
}

/// A stored order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Order {
    pub id: OrderId,
    pub sale: SaleId,
    pub buyer: UserId,
    pub quantity: Quantity,
    pub request: RequestId,
    pub state: OrderState,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub pay_deadline: DateTime<Utc>,
}

impl Order {
    /// Whether a pending order's payment deadline has passed at `now`.
    pub fn is_overdue(&self, now: DateTime<Utc>) -> bool {
        self.state == OrderState::Pending && now >= self.pay_deadline
    }
}

#[cfg(test)]
mod tests {
    use super::OrderState::*;
    use super::*;

    #[test]
    fn pending_orders_can_be_paid_expired_or_cancelled() {
        assert_eq!(Pending.transition(Paid), Ok(Paid));
        assert_eq!(Pending.transition(Expired), Ok(Expired));
        assert_eq!(Pending.transition(Cancelled), Ok(Cancelled));
    }

    #[test]
    fn closed_orders_never_reopen() {
        assert!(Expired.transition(Paid).is_err());
        assert!(Cancelled.transition(Pending).is_err());
        assert!(Paid.transition(Expired).is_err());
        assert!(Paid.transition(Paid).is_err());
    }

    #[test]
    fn only_pending_and_paid_orders_hold_stock() {
        assert!(Pending.holds_stock() && Paid.holds_stock());
        assert!(!Expired.holds_stock() && !Cancelled.holds_stock());
    }

    #[test]
    fn states_round_trip_through_their_stored_names() {
        for s in [Pending, Paid, Expired, Cancelled] {
            assert_eq!(OrderState::parse(s.as_str()), Ok(s));
        }
        assert!(OrderState::parse("PAID").is_err());
    }
}
