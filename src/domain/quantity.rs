//! Counts of units: a purchase quantity, a sale's stock and a per-user limit.

use super::DomainError;

/// Most units one purchase may ask for.
pub const MAX_QUANTITY: u32 = 1_000;
/// Most units one sale may hold.
pub const MAX_STOCK: u32 = 10_000_000;

macro_rules! bounded_count {
    ($(#[$doc:meta])* $name:ident, $field:literal, $max:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(u32);

        impl $name {
            /// Parses a count in `1..=max`.
            pub fn parse(raw: i64) -> Result<Self, DomainError> {
                if raw <= 0 {
                    return Err(DomainError::NotPositive { field: $field, value: raw });
                }
                if raw > i64::from($max) {
                    return Err(DomainError::TooLarge { field: $field, value: raw, max: i64::from($max) });
                }
                Ok(Self(raw as u32))
            }

            /// The count.
            pub fn get(self) -> u32 {
                self.0
            }
        }

        impl TryFrom<i64> for $name {
            type Error = DomainError;
            fn try_from(raw: i64) -> Result<Self, DomainError> {
                Self::parse(raw)
            }
        }
    };
}

bounded_count!(
    /// Units asked for in one purchase.
    Quantity,
    "quantity",
    MAX_QUANTITY
);
bounded_count!(
    /// Total units a sale offers.
    Stock,
    "stock",
    MAX_STOCK
);
bounded_count!(
    /// Most units one user may hold in one sale.
    PerUserLimit,
    "per-user limit",
    MAX_QUANTITY
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_and_negative_counts_are_rejected() {
        assert!(Quantity::parse(0).is_err());
        assert!(Stock::parse(-3).is_err());
        assert!(PerUserLimit::parse(0).is_err());
    }

    #[test]
    fn absurd_counts_are_rejected() {
        assert!(Quantity::parse(1_000_000_000).is_err());
        assert!(Stock::parse(i64::from(MAX_STOCK) + 1).is_err());
        assert_eq!(
            Quantity::parse(MAX_QUANTITY as i64).map(Quantity::get),
            Ok(MAX_QUANTITY)
        );
    }
}
