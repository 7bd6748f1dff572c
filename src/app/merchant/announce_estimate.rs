//! How long an announcement takes and what it costs, free or as a paid broadcast.

use crate::config::BroadcastConfig;

/// Telegram's free broadcast rate; paid broadcasts are charged for messages above it.
pub const FREE_TELEGRAM_PER_SEC: u32 = 30;
/// Tenths of a Star charged per paid-broadcast message (Bot API: 0.1 Stars per message).
pub const PAID_TENTHS_OF_A_STAR: u32 = 1;

/// The time (seconds) and cost (Stars) of sending `n` messages in each mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Estimate {
    pub free_secs: u64,
    pub paid_secs: u64,
    pub paid_stars: u64,
    /// The cost if every paid message were charged (the sendMessage docs' wording; the
    /// FAQ charges only those above the free 30/s, which is `paid_stars`).
    pub paid_stars_max: u64,
}

impl Estimate {
    /// `n` messages at the configured free and paid rates; only messages above Telegram's
    /// free 30/s are charged.
    pub fn of(n: u32, rates: BroadcastConfig) -> Self {
        let n = u64::from(n);
        let free = u64::from(rates.free_per_sec.max(1));
        let paid = u64::from(rates.paid_per_sec.max(1));
        // Each second of the paid send carries 30 messages free of charge.
        let within_free = (n.div_ceil(paid) * u64::from(FREE_TELEGRAM_PER_SEC)).min(n);
        let charged = if paid > u64::from(FREE_TELEGRAM_PER_SEC) {
            n - within_free
        } else {
            0
        };
        Self {
            free_secs: n.div_ceil(free),
            paid_secs: n.div_ceil(paid),
            paid_stars: (charged * u64::from(PAID_TENTHS_OF_A_STAR)).div_ceil(10),
            paid_stars_max: (n * u64::from(PAID_TENTHS_OF_A_STAR)).div_ceil(10),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ten_thousand_messages_take_six_minutes_free_or_ten_seconds_paid() {
        let e = Estimate::of(10_000, BroadcastConfig::default());
        assert_eq!(e.free_secs, 345); // 10,000 / 29 per second
        assert_eq!(e.paid_secs, 10);
        // 300 of them fit in the free 30/s over those 10 s; 9,700 × 0.1 Stars.
        assert_eq!(e.paid_stars, 970);
        assert_eq!(e.paid_stars_max, 1_000);
    }

    #[test]
    fn a_paid_rate_within_the_free_limit_costs_nothing() {
        let rates = BroadcastConfig {
            paid_per_sec: 30,
            ..BroadcastConfig::default()
        };
        assert_eq!(Estimate::of(100, rates).paid_stars, 0);
        assert_eq!(Estimate::of(0, BroadcastConfig::default()).paid_stars, 0);
    }

    #[test]
    fn recipients_within_the_free_rate_are_never_charged() {
        let rates = BroadcastConfig::default();
        for n in [1, 2, 29, 30] {
            assert_eq!(Estimate::of(n, rates).paid_stars, 0, "{n} recipients");
        }
        assert_eq!(Estimate::of(40, rates).paid_stars, 1);
    }
}
