//! Prices: an amount in minor units of a known currency.

use std::fmt;

use super::DomainError;

/// Currencies flashsale prices sales in; XTR is Telegram Stars.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Currency {
    Cny,
    Usd,
    Eur,
    Xtr,
}

impl Currency {
    /// Parses an ISO-4217-style code, case-insensitively.
    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        match raw.trim().to_ascii_uppercase().as_str() {
            "CNY" | "RMB" => Ok(Self::Cny),
            "USD" => Ok(Self::Usd),
            "EUR" => Ok(Self::Eur),
            "XTR" => Ok(Self::Xtr),
            _ => Err(DomainError::Invalid {
                field: "currency",
                reason: "must be one of CNY, USD, EUR, XTR",
            }),
        }
    }

    /// The code as stored.
    pub fn code(self) -> &'static str {
        match self {
            Self::Cny => "CNY",
            Self::Usd => "USD",
            Self::Eur => "EUR",
            Self::Xtr => "XTR",
        }
    }

    /// Minor units per major unit (Stars have none).
    pub fn minor_per_major(self) -> i64 {
        match self {
            Self::Xtr => 1,
            _ => 100,
        }
    }
}

/// A non-negative price in minor units (fen, cents, or whole Stars).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Money {
    minor: i64,
    currency: Currency,
}

impl Money {
    /// Largest accepted price: ten million major units.
    pub const MAX_MINOR: i64 = 1_000_000_000;

    /// Parses an amount in minor units.
    pub fn from_minor(minor: i64, currency: Currency) -> Result<Self, DomainError> {
        if minor < 0 {
            return Err(DomainError::NotPositive {
                field: "price",
                value: minor,
            });
        }
        if minor > Self::MAX_MINOR {
            return Err(DomainError::TooLarge {
                field: "price",
                value: minor,
                max: Self::MAX_MINOR,
            });
        }
        Ok(Self { minor, currency })
    }

    /// The amount in minor units.
    pub fn minor(self) -> i64 {
        self.minor
    }

    /// The currency.
    pub fn currency(self) -> Currency {
        self.currency
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let per = self.currency.minor_per_major();
        if per == 1 {
            write!(f, "{} {}", self.minor, self.currency.code())
        } else {
            write!(
                f,
                "{}.{:02} {}",
                self.minor / per,
                self.minor % per,
                self.currency.code()
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negative_and_absurd_prices_are_rejected() {
        assert!(Money::from_minor(-1, Currency::Cny).is_err());
        assert!(Money::from_minor(Money::MAX_MINOR + 1, Currency::Cny).is_err());
        assert!(Money::from_minor(0, Currency::Xtr).is_ok());
    }

    #[test]
    fn prices_print_in_major_units() {
        let p = Money::from_minor(129_900, Currency::Cny).unwrap();
        assert_eq!(p.to_string(), "1299.00 CNY");
        let s = Money::from_minor(50, Currency::Xtr).unwrap();
        assert_eq!(s.to_string(), "50 XTR");
    }

    #[test]
    fn currency_codes_parse_case_insensitively() {
        assert_eq!(Currency::parse("usd"), Ok(Currency::Usd));
        assert_eq!(Currency::parse("RMB"), Ok(Currency::Cny));
        assert!(Currency::parse("BTC").is_err());
    }
}
