//! Countdown arithmetic: how far away an instant is, as at most two coarse units.

use chrono::{DateTime, Duration, Utc};

/// One unit of a spoken duration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// 86,400 seconds.
    Day,
    /// 3,600 seconds.
    Hour,
    /// 60 seconds.
    Minute,
    /// One second.
    Second,
}

/// A non-negative duration as one or two (value, unit) parts, largest first ("2 h 15 min").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span(Vec<(i64, Unit)>);

impl Span {
    /// The span from `now` until `until` (zero seconds when `until` has passed).
    ///
    /// Days come with hours, hours with minutes, minutes with seconds only under ten
    /// minutes, so the text stays short and only the final minutes tick by the second.
    pub fn until(now: DateTime<Utc>, until: DateTime<Utc>) -> Self {
        Self::of(until - now)
    }

    /// The span of `d` (negative durations count as zero).
    pub fn of(d: Duration) -> Self {
        let secs = d.num_seconds().max(0);
        let (days, hours, minutes, seconds) = (
            secs / 86_400,
            secs % 86_400 / 3_600,
            secs % 3_600 / 60,
            secs % 60,
        );
        let parts = if days > 0 {
            vec![(days, Unit::Day), (hours, Unit::Hour)]
        } else if hours > 0 {
            vec![(hours, Unit::Hour), (minutes, Unit::Minute)]
        } else if minutes >= 10 {
            vec![(minutes, Unit::Minute)]
        } else if minutes > 0 {
            vec![(minutes, Unit::Minute), (seconds, Unit::Second)]
        } else {
            vec![(seconds, Unit::Second)]
        };
        let first = parts[0];
        let mut kept: Vec<_> = parts.into_iter().filter(|(n, _)| *n > 0).collect();
        if kept.is_empty() {
            kept.push(first);
        }
        Span(kept)
    }

    /// The parts, largest unit first; never empty.
    pub fn parts(&self) -> &[(i64, Unit)] {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(secs: i64) -> Vec<(i64, Unit)> {
        Span::of(Duration::seconds(secs)).parts().to_vec()
    }

    #[test]
    fn two_hours_fifteen_minutes_reads_as_hours_and_minutes() {
        assert_eq!(
            span(2 * 3600 + 15 * 60 + 7),
            [(2, Unit::Hour), (15, Unit::Minute)]
        );
    }

    #[test]
    fn under_a_minute_reads_in_seconds() {
        assert_eq!(span(45), [(45, Unit::Second)]);
    }

    #[test]
    fn the_final_minutes_show_seconds_and_longer_ones_do_not() {
        assert_eq!(span(3 * 60 + 5), [(3, Unit::Minute), (5, Unit::Second)]);
        assert_eq!(span(42 * 60 + 5), [(42, Unit::Minute)]);
    }

    #[test]
    fn days_come_with_hours_and_zero_parts_are_dropped() {
        assert_eq!(
            span(86_400 * 3 + 3600 * 4),
            [(3, Unit::Day), (4, Unit::Hour)]
        );
        assert_eq!(span(86_400), [(1, Unit::Day)]);
        assert_eq!(span(3600), [(1, Unit::Hour)]);
    }

    #[test]
    fn a_past_instant_is_zero_seconds_away() {
        assert_eq!(span(-30), [(0, Unit::Second)]);
    }
}
