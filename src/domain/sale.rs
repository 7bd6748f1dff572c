//! A sale: what is sold, how many, to whom, and when; and its phase at a given instant.

use chrono::{DateTime, Utc};

use super::{DomainError, Money, PerUserLimit, SaleId, Stock, UserId};

/// A sale title: 1..=120 characters, no control characters, surrounding space trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Title(String);

impl Title {
    /// Longest title, in characters.
    pub const MAX_CHARS: usize = 120;

    /// Parses a title; bidi controls and zero-width characters are dropped (they could make
    /// one title look like another).
    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        let visible = super::strip_invisible(raw);
        let t = visible.trim();
        if t.is_empty() {
            return Err(DomainError::Invalid {
                field: "title",
                reason: "must not be empty",
            });
        }
        if t.chars().count() > Self::MAX_CHARS {
            return Err(DomainError::Invalid {
                field: "title",
                reason: "must be at most 120 characters",
            });
        }
        if t.chars().any(char::is_control) {
            return Err(DomainError::Invalid {
                field: "title",
                reason: "must not contain control characters",
            });
        }
        Ok(Self(t.to_owned()))
    }

    /// The title text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// When a sale sells: from `starts_at` (inclusive) to `ends_at` (exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SaleWindow {
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
}

impl SaleWindow {
    /// A window must end strictly after it starts.
    pub fn new(starts_at: DateTime<Utc>, ends_at: DateTime<Utc>) -> Result<Self, DomainError> {
        if ends_at <= starts_at {
            return Err(DomainError::EndsBeforeStart);
        }
        Ok(Self { starts_at, ends_at })
    }

    /// First instant of the sale.
    pub fn starts_at(&self) -> DateTime<Utc> {
        self.starts_at
    }

    /// First instant after the sale.
    pub fn ends_at(&self) -> DateTime<Utc> {
        self.ends_at
    }

    /// Whether `now` falls inside the window.
    pub fn contains(&self, now: DateTime<Utc>) -> bool {
        self.starts_at <= now && now < self.ends_at
    }
}

/// Whether a merchant has cancelled the sale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaleStatus {
    Active,
    Cancelled,
}

impl SaleStatus {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Cancelled => "cancelled",
        }
    }

    /// Parses the stored name.
    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        match raw {
            "active" => Ok(Self::Active),
            "cancelled" => Ok(Self::Cancelled),
            _ => Err(DomainError::Invalid {
                field: "sale status",
                reason: "must be active or cancelled",
            }),
        }
    }
}

/// Where a sale stands at one instant, as a customer sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Upcoming,
    Live,
    SoldOut,
    Ended,
    Cancelled,
}

/// A sale's fields before the store has given it an id; building one checks every rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaleDraft {
    pub title: Title,
    pub keywords: Vec<String>,
    pub price: Money,
    pub stock: Stock,
    pub per_user_limit: PerUserLimit,
    pub window: SaleWindow,
    pub owner: UserId,
    /// Whether buyers must solve a captcha before their first buy in this sale.
    pub captcha: bool,
}

impl SaleDraft {
    /// Checks the rules that tie fields together (limit within stock).
    pub fn new(
        title: Title,
        keywords: Vec<String>,
        price: Money,
        stock: Stock,
        per_user_limit: PerUserLimit,
        window: SaleWindow,
        owner: UserId,
    ) -> Result<Self, DomainError> {
        if per_user_limit.get() > stock.get() {
            return Err(DomainError::LimitAboveStock {
                limit: per_user_limit.get(),
                stock: stock.get(),
            });
        }
        let keywords = keywords
            .into_iter()
            .map(|k| super::strip_invisible(&k).trim().to_lowercase())
            .filter(|k| !k.is_empty() && k.chars().count() <= 40)
            .take(20)
            .collect();
        Ok(Self {
            title,
            keywords,
            price,
            stock,
            per_user_limit,
            window,
            owner,
            captcha: false,
        })
    }

    /// The same draft with the captcha requirement set to `on`.
    pub fn with_captcha(mut self, on: bool) -> Self {
        self.captcha = on;
        self
    }
}

/// A stored sale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sale {
    pub id: SaleId,
    pub draft: SaleDraft,
    pub status: SaleStatus,
}

impl Sale {
    /// The phase at `now`, given how many units are still available.
    pub fn phase(&self, now: DateTime<Utc>, remaining: u32) -> Phase {
        if self.status == SaleStatus::Cancelled {
            Phase::Cancelled
        } else if now < self.draft.window.starts_at() {
            Phase::Upcoming
        } else if now >= self.draft.window.ends_at() {
            Phase::Ended
        } else if remaining == 0 {
            Phase::SoldOut
        } else {
            Phase::Live
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Currency;
    use chrono::{Duration, TimeZone};

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 1, 12, 0, 0).unwrap()
    }

    fn sale(status: SaleStatus) -> Sale {
        let draft = SaleDraft::new(
            Title::parse("AirPods Pro 2").unwrap(),
            vec!["AirPods ".into(), "".into()],
            Money::from_minor(129_900, Currency::Cny).unwrap(),
            Stock::parse(100).unwrap(),
            PerUserLimit::parse(2).unwrap(),
            SaleWindow::new(t0(), t0() + Duration::minutes(30)).unwrap(),
            UserId::parse(1).unwrap(),
        )
        .unwrap();
        Sale {
            id: SaleId::parse(1).unwrap(),
            draft,
            status,
        }
    }

    #[test]
    fn a_window_that_ends_before_it_starts_is_rejected() {
        assert_eq!(
            SaleWindow::new(t0(), t0()),
            Err(DomainError::EndsBeforeStart)
        );
        assert!(SaleWindow::new(t0(), t0() - Duration::seconds(1)).is_err());
    }

    #[test]
    fn a_limit_above_the_stock_is_rejected() {
        let r = SaleDraft::new(
            Title::parse("x").unwrap(),
            vec![],
            Money::from_minor(1, Currency::Usd).unwrap(),
            Stock::parse(2).unwrap(),
            PerUserLimit::parse(3).unwrap(),
            SaleWindow::new(t0(), t0() + Duration::minutes(1)).unwrap(),
            UserId::parse(1).unwrap(),
        );
        assert_eq!(r, Err(DomainError::LimitAboveStock { limit: 3, stock: 2 }));
    }

    #[test]
    fn keywords_are_trimmed_lowercased_and_empty_ones_dropped() {
        assert_eq!(sale(SaleStatus::Active).draft.keywords, vec!["airpods"]);
    }

    #[test]
    fn titles_reject_empty_long_and_control_text() {
        assert!(Title::parse("   ").is_err());
        assert!(Title::parse(&"é".repeat(121)).is_err());
        assert!(Title::parse("a\u{7}b").is_err());
        assert_eq!(Title::parse("  茅台 ").unwrap().as_str(), "茅台");
    }

    #[test]
    fn the_phase_follows_the_clock_and_the_stock() {
        let s = sale(SaleStatus::Active);
        assert_eq!(s.phase(t0() - Duration::seconds(1), 100), Phase::Upcoming);
        assert_eq!(s.phase(t0(), 100), Phase::Live);
        assert_eq!(s.phase(t0() + Duration::minutes(5), 0), Phase::SoldOut);
        assert_eq!(s.phase(t0() + Duration::minutes(30), 3), Phase::Ended);
    }

    #[test]
    fn a_cancelled_sale_is_cancelled_whatever_the_time() {
        let s = sale(SaleStatus::Cancelled);
        assert_eq!(s.phase(t0() + Duration::minutes(1), 50), Phase::Cancelled);
    }

    #[test]
    fn titles_and_keywords_drop_bidi_controls_and_zero_width_characters() {
        let t = Title::parse("\u{202E}Air\u{200B}Pods\u{2066} Pro\u{2069}").unwrap();
        assert_eq!(t.as_str(), "AirPods Pro");
        assert!(
            Title::parse("\u{200B}\u{202E} \u{FEFF}").is_err(),
            "nothing visible"
        );
        let draft = SaleDraft::new(
            t,
            vec!["air\u{200D}pods".into(), "\u{200B}".into()],
            Money::from_minor(100, Currency::Cny).unwrap(),
            Stock::parse(5).unwrap(),
            PerUserLimit::parse(1).unwrap(),
            SaleWindow::new(t0(), t0() + Duration::minutes(1)).unwrap(),
            UserId::parse(1).unwrap(),
        )
        .unwrap();
        assert_eq!(draft.keywords, vec!["airpods".to_owned()]);
    }
}
