//! Where a buyer came from: a sale post in a channel or group, a link someone shared, or
//! nowhere in particular (direct). Carried by deep links (`sale_42_p7`) and stored with the
//! order as a short code (`p7`, `s123`); no code means direct.

use super::UserId;

/// A buyer's source other than direct.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OrderSource {
    /// A sale post (its id in `sale_posts`).
    Post(i64),
    /// A link shared by this user.
    Share(UserId),
}

impl OrderSource {
    /// The short code stored and carried in links: `p<post>` or `s<sharer>`.
    pub fn code(&self) -> String {
        match self {
            OrderSource::Post(id) => format!("p{id}"),
            OrderSource::Share(user) => format!("s{}", user.get()),
        }
    }

    /// Reads a code written by [`OrderSource::code`]; anything else is `None`.
    pub fn parse(code: &str) -> Option<Self> {
        let (kind, rest) = code.split_at_checked(1)?;
        if rest.is_empty() || !rest.bytes().all(|b| b.is_ascii_digit()) || rest.len() > 19 {
            return None;
        }
        let n: i64 = rest.parse().ok()?;
        match kind {
            "p" if n > 0 => Some(OrderSource::Post(n)),
            "s" => UserId::parse(n).ok().map(OrderSource::Share),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_junk_is_refused() {
        let share = OrderSource::Share(UserId::parse(123).unwrap());
        for source in [OrderSource::Post(7), share] {
            assert_eq!(OrderSource::parse(&source.code()), Some(source));
        }
        assert_eq!(share.code(), "s123");
        for junk in [
            "",
            "p",
            "p0",
            "s-1",
            "x5",
            "p1a",
            "p99999999999999999999",
            "s 1",
        ] {
            assert_eq!(OrderSource::parse(junk), None, "{junk}");
        }
    }
}
