//! Refusals told again: the first time a button press is refused for a reason (sold out,
//! already ordered, a used button), the answer comes in full, with its buttons; pressed
//! again within a minute, the same news is a toast alone. A script hammering one button
//! then costs one call a press, not two, and a human loses nothing they were not just told.

use std::time::Duration;

use crate::app::assistant::Turn;
use crate::app::cache::Ttl;
use crate::app::turn::answer::Answer;
use crate::domain::SaleId;

/// How long a refusal, once told in full, is told again briefly.
const TOLD_FOR: Duration = Duration::from_secs(60);
/// Most (user, sale, reason) remembered at once (then forgotten all at once).
const MOST: usize = 200_000;

/// The refusals told in full lately.
pub(crate) struct Repeats {
    told: Ttl<(i64, i64, &'static str), ()>,
}

impl Repeats {
    /// Nothing told yet.
    pub fn new() -> Self {
        Self {
            told: Ttl::new(TOLD_FOR, MOST),
        }
    }

    /// `answer` in full the first time `reason` refuses this user's press in `sale`, and its
    /// first line alone (a toast) when it does again within a minute. Typed messages always
    /// get it in full.
    pub fn once_in_full(
        &self,
        turn: &Turn,
        sale: SaleId,
        reason: &'static str,
        answer: Answer,
    ) -> Answer {
        if turn.press.is_none() {
            return answer;
        }
        let key = (turn.user.get(), sale.get(), reason);
        if self.told.get(&key).is_some() {
            return answer.first_line_brief();
        }
        self.told.put(key, ());
        answer
    }

    /// A sold-out refusal: to a press, a toast alone, the first time with the pressed card
    /// brought up to date (it then says sold out and offers the waitlist and the list), so
    /// a stampede's losers cost one Bot API call each, not two; typed, in full.
    pub fn sold_out(&self, turn: &Turn, sale: SaleId, answer: Answer) -> Answer {
        if turn.press.is_none() {
            return answer;
        }
        let key = (turn.user.get(), sale.get(), "sold-out");
        if self.told.get(&key).is_some() {
            return answer.first_line_brief();
        }
        self.told.put(key, ());
        answer.first_line_brief().refreshing_card()
    }
}
