//! When a live sale post in a channel or group is edited next. The countdown uses the same
//! steps as private cards ([`crate::delivery::cadence`]), but every post lands on the same
//! instants (whole steps counted back from the sale's start, then whole stock steps of the
//! clock), so several posts of one sale, in several chats, are edited together and stay in
//! step. A chat's own limit (about 20 messages a minute in groups, edits counted) is kept by
//! the post pace, [`POST_SPACING`], on top of this schedule.

use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};

use super::cadence::next_edit_in;

/// How often a selling post may show a new stock figure.
pub const STOCK_EVERY: Duration = Duration::seconds(5);

/// The least time between two messages (posts or edits) to one channel or group: 3 s, so
/// a chat hears from the bot at most 20 times a minute.
pub const POST_SPACING: StdDuration = StdDuration::from_secs(3);

/// What a post shows, as far as its schedule cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PostPhase {
    /// Counting down to the start (then it flips to the selling card).
    CountingDown { starts_at: DateTime<Utc> },
    /// Selling: the stock left changes until the end.
    Selling { ends_at: DateTime<Utc> },
    /// Sold out, ended or cancelled: the post is final.
    Final,
}

/// When a post showing `phase` at `now` is edited next; `None` once it is final.
pub fn next_post_edit_at(now: DateTime<Utc>, phase: PostPhase) -> Option<DateTime<Utc>> {
    match phase {
        PostPhase::Final => None,
        PostPhase::CountingDown { starts_at } => {
            let to_start = starts_at - now;
            // The private cards' step for this distance (chat 0: no per-chat offset).
            let Some(step) = next_edit_in(to_start, 0) else {
                return Some(now);
            };
            if step >= to_start {
                return Some(starts_at);
            }
            // The next whole step before the start: the same instant for every post.
            let step_ms = step.num_milliseconds().max(1);
            let steps_left = (to_start.num_milliseconds() - 1) / step_ms;
            Some(starts_at - Duration::milliseconds(steps_left * step_ms))
        }
        PostPhase::Selling { ends_at } => {
            let every = STOCK_EVERY.num_milliseconds();
            let next_ms = (now.timestamp_millis() / every + 1) * every;
            let next = DateTime::<Utc>::from_timestamp_millis(next_ms).unwrap_or(now + STOCK_EVERY);
            Some(next.min(ends_at.max(now)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(h: u32, m: u32, s: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 1, h, m, s).unwrap()
    }

    #[test]
    fn posts_made_at_different_times_are_edited_at_the_same_instants() {
        let start = at(20, 0, 0);
        let phase = PostPhase::CountingDown { starts_at: start };
        let a = next_post_edit_at(at(19, 30, 7), phase).unwrap();
        let b = next_post_edit_at(at(19, 30, 41), phase).unwrap();
        assert_eq!(a, b);
        assert_eq!(a, at(19, 31, 0), "a whole minute before the start");
        let far = next_post_edit_at(at(15, 3, 0), phase).unwrap();
        assert_eq!(far, at(15, 10, 0), "whole ten minutes far from the start");
    }

    #[test]
    fn the_last_edit_of_a_countdown_lands_on_the_start() {
        let start = at(20, 0, 0);
        let phase = PostPhase::CountingDown { starts_at: start };
        assert_eq!(next_post_edit_at(at(19, 59, 55), phase), Some(start));
        assert_eq!(next_post_edit_at(start, phase), Some(start));
    }

    #[test]
    fn a_countdown_takes_no_more_edits_than_a_private_card() {
        let start = at(20, 0, 0);
        let phase = PostPhase::CountingDown { starts_at: start };
        let mut now = at(17, 0, 3);
        let mut edits = 0;
        while now < start {
            let next = next_post_edit_at(now, phase).unwrap();
            assert!(next > now, "the schedule moves forward at {now}");
            now = next;
            edits += 1;
        }
        assert!(edits <= 90, "{edits} edits for a three-hour countdown");
    }

    #[test]
    fn a_selling_post_is_edited_on_whole_stock_steps_until_the_end() {
        let ends = at(21, 0, 0);
        let phase = PostPhase::Selling { ends_at: ends };
        let now = at(20, 10, 2);
        assert_eq!(next_post_edit_at(now, phase), Some(at(20, 10, 5)));
        assert_eq!(
            next_post_edit_at(at(20, 10, 5), phase),
            Some(at(20, 10, 10))
        );
        assert_eq!(next_post_edit_at(at(20, 59, 58), phase), Some(ends));
        assert_eq!(next_post_edit_at(now, PostPhase::Final), None);
    }
}
