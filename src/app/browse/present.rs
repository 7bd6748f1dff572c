//! How a sale is described: price, remaining stock and its phase with a countdown in words.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::domain::{Currency, Money, Phase, Sale, Span};
use crate::i18n::Msg;

/// A sale with what is left of it, seen at one instant.
#[derive(Debug, Clone)]
pub(crate) struct SaleView {
    pub sale: Sale,
    pub remaining: u32,
    pub phase: Phase,
}

impl SaleView {
    /// The sale's title.
    pub fn title(&self) -> String {
        self.sale.draft.title.as_str().to_owned()
    }
}

/// A price as customers read it: "¥1,299.00", "$5.00", "50 ⭐" (Telegram Stars).
pub(crate) fn price(m: Money) -> String {
    amount(m.minor(), m.currency())
}

/// What `qty` units at `each` cost together, as [`price`] writes it.
pub(crate) fn total(each: Money, qty: u32) -> String {
    let minor = each.minor().saturating_mul(i64::from(qty));
    amount(minor, each.currency())
}

fn amount(minor: i64, currency: Currency) -> String {
    let per = currency.minor_per_major();
    let (major, minor) = (grouped(minor / per), minor % per);
    match currency {
        Currency::Cny => format!("¥{major}.{minor:02}"),
        Currency::Usd => format!("${major}.{minor:02}"),
        Currency::Eur => format!("€{major}.{minor:02}"),
        Currency::Xtr => format!("{major} ⭐"),
    }
}

/// "9093" -> "9,093".
fn grouped(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// A local date and time in `tz` with its offset, never an ambiguous abbreviation like
/// "CST" (China or US Central?): "12-01 20:00 UTC+08:00".
pub(crate) fn local_time(at: DateTime<Utc>, tz: Tz) -> String {
    at.with_timezone(&tz)
        .format("%m-%d %H:%M UTC%:z")
        .to_string()
}

/// The phase of a sale in one line: starts in, live with stock and end, sold out, ended.
pub(crate) fn phase_line(view: &SaleView, now: DateTime<Utc>, tz: Tz) -> Msg {
    let window = &view.sale.draft.window;
    match view.phase {
        Phase::Upcoming => Msg::new("phase-upcoming")
            .arg("span", Span::until(now, window.starts_at()))
            .arg("time", local_time(window.starts_at(), tz)),
        Phase::Live => Msg::new("phase-live")
            .arg("remaining", view.remaining)
            .arg("span", Span::until(now, window.ends_at())),
        Phase::SoldOut => Msg::new("phase-sold-out"),
        Phase::Ended => Msg::new("phase-ended"),
        Phase::Cancelled => Msg::new("phase-cancelled"),
    }
}

/// One line of the sales list.
pub(crate) fn list_line(view: &SaleView, now: DateTime<Utc>, tz: Tz) -> Vec<Msg> {
    vec![
        Msg::new("list-item")
            .arg("title", view.title())
            .arg("price", price(view.sale.draft.price)),
        phase_line(view, now, tz),
    ]
}

/// Everything about one sale.
pub(crate) fn details(view: &SaleView, now: DateTime<Utc>, tz: Tz) -> Vec<Msg> {
    let d = &view.sale.draft;
    vec![
        Msg::new("info-title")
            .arg("title", view.title())
            .arg("price", price(d.price)),
        phase_line(view, now, tz),
        Msg::new("info-stock")
            .arg("remaining", view.remaining)
            .arg("stock", d.stock.get()),
        Msg::new("info-limit").arg("limit", d.per_user_limit.get()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn prices_read_with_symbol_and_two_decimals() {
        assert_eq!(
            price(Money::from_minor(129_900, Currency::Cny).unwrap()),
            "¥1,299.00"
        );
        let each = Money::from_minor(129_900, Currency::Cny).unwrap();
        assert_eq!(total(each, 7), "¥9,093.00");
        assert_eq!(
            total(Money::from_minor(50, Currency::Xtr).unwrap(), 2),
            "100 ⭐"
        );
        assert_eq!(grouped(1_234_567), "1,234,567");
        assert_eq!(grouped(999), "999");
        assert_eq!(
            price(Money::from_minor(505, Currency::Usd).unwrap()),
            "$5.05"
        );
        assert_eq!(
            price(Money::from_minor(50, Currency::Xtr).unwrap()),
            "50 ⭐"
        );
    }

    #[test]
    fn start_times_are_shown_in_the_configured_zone() {
        let at = Utc.with_ymd_and_hms(2026, 12, 1, 12, 0, 0).unwrap();
        assert_eq!(
            local_time(at, chrono_tz::Asia::Shanghai),
            "12-01 20:00 UTC+08:00"
        );
        assert_eq!(
            local_time(at, chrono_tz::Europe::Berlin),
            "12-01 13:00 UTC+01:00"
        );
    }
}
