//! When a live countdown card edits itself next: coarse far from the start, fine near it,
//! and never all cards at once (each chat gets a stable offset within the step).

use chrono::Duration;

/// How long until the card for `chat` should be edited again, `to_start` before the sale
/// opens; `None` once it has opened (flip to the live card now).
///
/// Steps: 10 min while more than an hour away, 1 min inside the hour, 30 s inside ten
/// minutes, 10 s inside the last minute, then one edit exactly at the start. The per-chat
/// offset spreads edits over the step but never pushes an edit past the start.
pub fn next_edit_in(to_start: Duration, chat: i64) -> Option<Duration> {
    if to_start <= Duration::zero() {
        return None;
    }
    let step = if to_start > Duration::hours(1) {
        Duration::minutes(10)
    } else if to_start > Duration::minutes(10) {
        Duration::minutes(1)
    } else if to_start > Duration::minutes(1) {
        Duration::seconds(30)
    } else if to_start > Duration::seconds(10) {
        Duration::seconds(10)
    } else {
        return Some(to_start);
    };
    let spread_ms = step.num_milliseconds() / 4;
    let offset = Duration::milliseconds(chat.unsigned_abs() as i64 % spread_ms.max(1));
    Some((step + offset).min(to_start))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn far_from_the_start_cards_refresh_rarely() {
        let d = next_edit_in(Duration::hours(5), 0).unwrap();
        assert_eq!(d, Duration::minutes(10));
    }

    #[test]
    fn near_the_start_cards_refresh_often_and_land_on_the_start() {
        assert_eq!(
            next_edit_in(Duration::seconds(45), 0),
            Some(Duration::seconds(10))
        );
        assert_eq!(
            next_edit_in(Duration::seconds(7), 99),
            Some(Duration::seconds(7))
        );
        assert_eq!(next_edit_in(Duration::zero(), 1), None);
    }

    #[test]
    fn chats_are_spread_across_a_step_but_never_past_the_start() {
        let a = next_edit_in(Duration::minutes(30), 1).unwrap();
        let b = next_edit_in(Duration::minutes(30), 7_777).unwrap();
        assert_ne!(a, b);
        assert!(a < Duration::seconds(76) && b < Duration::seconds(76));
        let c = next_edit_in(Duration::seconds(61), 12_345).unwrap();
        assert!(c <= Duration::seconds(61));
    }

    #[test]
    fn a_whole_countdown_takes_a_bounded_number_of_edits() {
        let mut left = Duration::hours(3);
        let mut edits = 0;
        while let Some(d) = next_edit_in(left, 42) {
            left -= d;
            edits += 1;
        }
        // 12 coarse + 50 per-minute + 18 half-minute + 6 final edits.
        assert!(edits <= 90, "{edits} edits for a three-hour countdown");
    }
}
