//! A waitlist offer: units that came back, held for one waiting customer for a short while.

use chrono::{DateTime, Utc};

use super::{DomainError, OfferId, RequestId, SaleId, UserId};

/// An offer's state: open until claimed (it became an order) or lapsed (units given back).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OfferState {
    Offered,
    Claimed,
    Lapsed,
}

impl OfferState {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Offered => "offered",
            Self::Claimed => "claimed",
            Self::Lapsed => "lapsed",
        }
    }

    /// Parses the stored name.
    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        match raw {
            "offered" => Ok(Self::Offered),
            "claimed" => Ok(Self::Claimed),
            "lapsed" => Ok(Self::Lapsed),
            _ => Err(DomainError::Invalid {
                field: "offer state",
                reason: "unknown state",
            }),
        }
    }
}

/// A stored waitlist offer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offer {
    pub id: OfferId,
    pub sale: SaleId,
    pub user: UserId,
    pub units: u32,
    pub state: OfferState,
    pub expires_at: DateTime<Utc>,
}

impl Offer {
    /// The gate request id that holds this offer's units, and later names its order.
    pub fn request(&self) -> RequestId {
        offer_request(self.id)
    }

    /// Whether the claim window is over at `now`.
    pub fn is_overdue(&self, now: DateTime<Utc>) -> bool {
        now >= self.expires_at
    }
}

/// The gate request id of offer `id` (`wl-<id>`; request ids never contain ':').
pub fn offer_request(id: OfferId) -> RequestId {
    RequestId::parse(&format!("wl-{id}")).unwrap_or_else(|_| unreachable!("wl-<digits> is valid"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offer_states_survive_storage_and_requests_are_valid() {
        for s in [OfferState::Offered, OfferState::Claimed, OfferState::Lapsed] {
            assert_eq!(OfferState::parse(s.as_str()), Ok(s));
        }
        assert!(OfferState::parse("open").is_err());
        let id = OfferId::parse(i64::MAX).unwrap();
        assert_eq!(offer_request(id).as_str(), format!("wl-{}", i64::MAX));
    }
}
