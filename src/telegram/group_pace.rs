//! Telegram's pace inside a group: at most 20 bot messages a minute per group. Commands in a
//! group beyond that are shed inside that group (other chats are not held up), and a
//! repeated `/sales` within a minute gets no new list: the last one in the group stands.

use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

/// Messages a group may get from the bot per minute (Telegram's limit).
pub const GROUP_MESSAGES_PER_MIN: u32 = 20;

/// How long a list posted in a group answers every `/sales` after it.
const LIST_SHARED_FOR: Duration = Duration::from_secs(60);

/// Per-group budgets: replies per minute, and one shared sales list per minute.
pub struct GroupPace {
    replies: DefaultKeyedRateLimiter<i64>,
    lists: DefaultKeyedRateLimiter<i64>,
    /// Commands weighed so far (idle groups are forgotten every [`HOUSEKEEP_EVERY`]).
    weighed: AtomicU64,
}

/// Idle groups' state is dropped once per this many commands weighed.
const HOUSEKEEP_EVERY: u64 = 4096;

impl Default for GroupPace {
    fn default() -> Self {
        let per_min = NonZeroU32::new(GROUP_MESSAGES_PER_MIN).unwrap_or(NonZeroU32::MIN);
        let list_quota = Quota::with_period(LIST_SHARED_FOR)
            .unwrap_or_else(|| Quota::per_minute(NonZeroU32::MIN));
        Self {
            replies: RateLimiter::keyed(Quota::per_minute(per_min)),
            lists: RateLimiter::keyed(list_quota),
            weighed: AtomicU64::new(0),
        }
    }
}

impl GroupPace {
    /// Whether the group `chat` may get an answer to a command now (`list`: a `/sales`).
    /// A refused command is dropped without a reply.
    pub fn admit(&self, chat: i64, list: bool) -> bool {
        let n = self.weighed.fetch_add(1, Ordering::Relaxed) + 1;
        if n.is_multiple_of(HOUSEKEEP_EVERY) {
            self.housekeep();
        }
        if list && self.lists.check_key(&chat).is_err() {
            return false;
        }
        self.replies.check_key(&chat).is_ok()
    }

    /// Forgets groups idle long enough to have their full budget back.
    pub fn housekeep(&self) {
        self.replies.retain_recent();
        self.lists.retain_recent();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_group_gets_one_list_a_minute_and_at_most_20_replies_while_others_are_untouched() {
        let pace = GroupPace::default();
        assert!(pace.admit(-100, true));
        assert!(!pace.admit(-100, true), "the list just posted stands");
        let more = (0..100).filter(|_| pace.admit(-100, false)).count();
        assert_eq!(more, (GROUP_MESSAGES_PER_MIN - 1) as usize);
        assert!(pace.admit(-200, true), "another group has its own budget");
    }
}
