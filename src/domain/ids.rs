//! Identifiers: sales, orders, waitlist offers, Telegram users and purchase request ids.

use std::fmt;

use super::DomainError;

macro_rules! positive_id {
    ($(#[$doc:meta])* $name:ident, $field:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(i64);

        impl $name {
            /// Parses a raw integer; ids are always positive.
            pub fn parse(raw: i64) -> Result<Self, DomainError> {
                if raw > 0 {
                    Ok(Self(raw))
                } else {
                    Err(DomainError::NotPositive { field: $field, value: raw })
                }
            }

            /// The raw integer, for storage and wire formats.
            pub fn get(self) -> i64 {
                self.0
            }
        }

        impl TryFrom<i64> for $name {
            type Error = DomainError;
            fn try_from(raw: i64) -> Result<Self, DomainError> {
                Self::parse(raw)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

positive_id!(
    /// A sale's id in the store.
    SaleId,
    "sale id"
);
positive_id!(
    /// An order's id in the store.
    OrderId,
    "order id"
);
positive_id!(
    /// A waitlist offer's id in the store.
    OfferId,
    "offer id"
);
positive_id!(
    /// An announcement's id in the store.
    AnnouncementId,
    "announcement id"
);
positive_id!(
    /// A Telegram user id (also used for simulated buyers).
    UserId,
    "user id"
);

/// The idempotency key of one purchase attempt (a Telegram update or callback id).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RequestId(String);

impl RequestId {
    /// Longest request id accepted; Telegram callback ids are far shorter.
    pub const MAX_LEN: usize = 64;

    /// Accepts 1..=64 visible ASCII characters other than ':' (used as a separator in the gate).
    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        if raw.is_empty() || raw.len() > Self::MAX_LEN {
            return Err(DomainError::Invalid {
                field: "request id",
                reason: "must be 1 to 64 characters",
            });
        }
        if !raw.bytes().all(|b| b.is_ascii_graphic() && b != b':') || raw == "_" {
            return Err(DomainError::Invalid {
                field: "request id",
                reason: "must be visible ASCII without ':'",
            });
        }
        Ok(Self(raw.to_owned()))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for RequestId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_must_be_positive() {
        assert!(SaleId::parse(0).is_err());
        assert!(UserId::parse(-5).is_err());
        assert_eq!(OrderId::parse(7).map(OrderId::get), Ok(7));
    }

    #[test]
    fn request_ids_reject_empty_long_and_separator_text() {
        assert!(RequestId::parse("").is_err());
        assert!(RequestId::parse(&"x".repeat(65)).is_err());
        assert!(RequestId::parse("a:b").is_err());
        assert!(RequestId::parse("a b").is_err());
        assert!(RequestId::parse("_").is_err());
        assert!(RequestId::parse("cb-123456789").is_ok());
    }
}
