//! The fields of a sale as merchants type them (in `/newsale`, its dialogue and `/editsale`):
//! each answer parsed and checked on its own, with a translated reason when it is refused,
//! then the whole set turned into a [`SaleDraft`] that checks the rules tying fields together.

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::app::merchant::sale::values::{count, duration, keywords, price, start, yes_no};
use crate::domain::{
    Currency, DomainError, MAX_QUANTITY, MAX_STOCK, Money, PerUserLimit, Sale, SaleDraft,
    SaleWindow, Stock, Title, UserId,
};
use crate::i18n::Msg;

/// One field of a sale, in the order the dialogue asks them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Field {
    Title,
    Keywords,
    Price,
    Stock,
    Limit,
    Start,
    Duration,
    Captcha,
}

impl Field {
    /// Every field, in asking order.
    pub const ALL: [Field; 8] = [
        Field::Title,
        Field::Keywords,
        Field::Price,
        Field::Stock,
        Field::Limit,
        Field::Start,
        Field::Duration,
        Field::Captcha,
    ];

    /// The name typed in `key=value` and put on buttons.
    pub fn name(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::Keywords => "keywords",
            Field::Price => "price",
            Field::Stock => "stock",
            Field::Limit => "limit",
            Field::Start => "start",
            Field::Duration => "duration",
            Field::Captcha => "captcha",
        }
    }

    /// The field a typed name means.
    pub fn parse(name: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.name() == name)
    }

    /// Whether the field may change after the sale started (words only, nothing sold differs).
    pub fn editable_when_live(self) -> bool {
        matches!(self, Field::Title | Field::Keywords)
    }
}

/// A sale's fields as answered so far (stored as JSON inside the dialogue).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Fields {
    pub title: Option<String>,
    pub keywords: Option<Vec<String>>,
    pub price_minor: Option<i64>,
    pub currency: Option<String>,
    pub stock: Option<u32>,
    pub limit: Option<u32>,
    pub start_ms: Option<i64>,
    pub duration_secs: Option<i64>,
    pub captcha: Option<bool>,
}

/// What an answer is read against: the clock and the merchant's zone.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Ctx {
    pub now: DateTime<Utc>,
    pub tz: Tz,
}

impl Fields {
    /// The fields of a stored sale.
    pub fn of_sale(sale: &Sale) -> Self {
        let d = &sale.draft;
        Self {
            title: Some(d.title.as_str().to_owned()),
            keywords: Some(d.keywords.clone()),
            price_minor: Some(d.price.minor()),
            currency: Some(d.price.currency().code().to_owned()),
            stock: Some(d.stock.get()),
            limit: Some(d.per_user_limit.get()),
            start_ms: Some(d.window.starts_at().timestamp_millis()),
            duration_secs: Some((d.window.ends_at() - d.window.starts_at()).num_seconds()),
            captcha: Some(d.captcha),
        }
    }

    /// Whether `field` has an answer.
    pub fn has(&self, field: Field) -> bool {
        match field {
            Field::Title => self.title.is_some(),
            Field::Keywords => self.keywords.is_some(),
            Field::Price => self.price_minor.is_some(),
            Field::Stock => self.stock.is_some(),
            Field::Limit => self.limit.is_some(),
            Field::Start => self.start_ms.is_some(),
            Field::Duration => self.duration_secs.is_some(),
            Field::Captcha => self.captcha.is_some(),
        }
    }

    /// The first field without an answer.
    pub fn first_missing(&self) -> Option<Field> {
        Field::ALL.into_iter().find(|f| !self.has(*f))
    }

    /// Reads `raw` as the answer for `field`. With `cross`, the per-user limit is also checked
    /// against the stock at once (the dialogue); otherwise that waits for [`Fields::draft`].
    pub fn apply(&mut self, field: Field, raw: &str, ctx: Ctx, cross: bool) -> Result<(), Msg> {
        let raw = raw.trim();
        match field {
            Field::Title => {
                self.title = Some(Title::parse(raw).map_err(title_error)?.as_str().into());
            }
            Field::Keywords => self.keywords = Some(keywords(raw)?),
            Field::Price => {
                let m = price(raw)?;
                self.price_minor = Some(m.minor());
                self.currency = Some(m.currency().code().to_owned());
            }
            Field::Stock => {
                let stock = count(raw, "stock", i64::from(MAX_STOCK))?;
                if let (true, Some(limit)) = (cross, self.limit)
                    && limit > stock
                {
                    return Err(above(limit, stock));
                }
                self.stock = Some(stock);
            }
            Field::Limit => {
                let limit = count(raw, "limit", i64::from(MAX_QUANTITY))?;
                if let (true, Some(stock)) = (cross, self.stock)
                    && limit > stock
                {
                    return Err(above(limit, stock));
                }
                self.limit = Some(limit);
            }
            Field::Start => self.start_ms = Some(start(raw, ctx)?.timestamp_millis()),
            Field::Duration => self.duration_secs = Some(duration(raw)?.num_seconds()),
            Field::Captcha => self.captcha = Some(yes_no(raw)?),
        }
        Ok(())
    }

    /// The sale these fields describe, every rule checked; keywords and captcha default to
    /// none and off.
    pub fn draft(&self, owner: UserId) -> Result<SaleDraft, Msg> {
        let missing = Field::ALL
            .into_iter()
            .filter(|f| !matches!(f, Field::Keywords | Field::Captcha) && !self.has(*f))
            .map(Field::name)
            .collect::<Vec<_>>();
        let (
            Some(title),
            Some(minor),
            Some(cur),
            Some(stock),
            Some(limit),
            Some(start),
            Some(secs),
        ) = (
            &self.title,
            self.price_minor,
            &self.currency,
            self.stock,
            self.limit,
            self.start_ms,
            self.duration_secs,
        )
        else {
            return Err(Msg::new("newsale-missing").arg("fields", missing.join(", ")));
        };
        let bad = || Msg::new("error-try-again");
        let currency = Currency::parse(cur).map_err(|_| bad())?;
        let start = DateTime::from_timestamp_millis(start).ok_or_else(bad)?;
        let end = start + Duration::seconds(secs);
        SaleDraft::new(
            Title::parse(title).map_err(title_error)?,
            self.keywords.clone().unwrap_or_default(),
            Money::from_minor(minor, currency).map_err(|_| Msg::new("field-price-bad"))?,
            Stock::parse(i64::from(stock)).map_err(|_| Msg::new("field-stock-bad"))?,
            PerUserLimit::parse(i64::from(limit)).map_err(|_| Msg::new("field-limit-bad"))?,
            SaleWindow::new(start, end).map_err(|_| Msg::new("field-end-before-start"))?,
            owner,
        )
        .map(|d| d.with_captcha(self.captcha.unwrap_or(false)))
        .map_err(|e| match e {
            DomainError::LimitAboveStock { limit, stock } => above(limit, stock),
            _ => Msg::new("error-try-again"),
        })
    }
}

fn above(limit: u32, stock: u32) -> Msg {
    Msg::new("field-limit-above-stock")
        .arg("limit", limit)
        .arg("stock", stock)
}

fn title_error(e: DomainError) -> Msg {
    match e {
        DomainError::Invalid { reason, .. } if reason.contains("120") => {
            Msg::new("field-title-long").arg("max", Title::MAX_CHARS as i64)
        }
        DomainError::Invalid { reason, .. } if reason.contains("control") => {
            Msg::new("field-title-control")
        }
        _ => Msg::new("field-title-empty"),
    }
}
