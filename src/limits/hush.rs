//! Who this process knows to be refused right now, and until when: a user a limiter has
//! just turned away stays refused until their next allowance, so a transport may drop their
//! presses before any handler runs (shedding a script's flood at the door).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Most users remembered at once; past it (after forgetting the expired) nobody new is
/// added, and their updates are simply handled and refused the usual way.
const MOST: usize = 100_000;

/// What a refused user's next updates would meet until their allowance is back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hushed {
    /// Nothing: handle the update.
    No,
    /// Buy presses would be refused (the per-user buy limit).
    Buys,
    /// Every message and press would be refused (the per-user message limit).
    Everything,
}

/// Until when each refused user stays refused, by limit.
#[derive(Debug, Clone, Copy)]
struct Until {
    everything: Option<Instant>,
    buys: Option<Instant>,
}

/// The users refused lately, bounded.
#[derive(Debug, Default)]
pub struct Hush {
    users: Mutex<HashMap<i64, Until>>,
}

impl Hush {
    /// `user` was refused by the message limit (`everything`) or the buy limit, and gets
    /// an allowance again in `wait`.
    pub fn note(&self, user: i64, everything: bool, wait: Duration) {
        self.note_at(user, everything, wait, Instant::now());
    }

    fn note_at(&self, user: i64, everything: bool, wait: Duration, now: Instant) {
        let until = now + wait;
        let mut users = self.users.lock().unwrap_or_else(|p| p.into_inner());
        if users.len() >= MOST && !users.contains_key(&user) {
            users.retain(|_, u| u.latest() > Some(now));
            if users.len() >= MOST {
                return;
            }
        }
        let entry = users.entry(user).or_insert(Until {
            everything: None,
            buys: None,
        });
        let slot = if everything {
            &mut entry.everything
        } else {
            &mut entry.buys
        };
        *slot = Some(slot.map_or(until, |u| u.max(until)));
    }

    /// What `user`'s next update would meet.
    pub fn of(&self, user: i64) -> Hushed {
        self.of_at(user, Instant::now())
    }

    fn of_at(&self, user: i64, now: Instant) -> Hushed {
        let users = self.users.lock().unwrap_or_else(|p| p.into_inner());
        let Some(u) = users.get(&user) else {
            return Hushed::No;
        };
        if u.everything.is_some_and(|t| t > now) {
            Hushed::Everything
        } else if u.buys.is_some_and(|t| t > now) {
            Hushed::Buys
        } else {
            Hushed::No
        }
    }

    /// Forgets users whose allowance is back.
    pub fn forget_expired(&self) {
        let now = Instant::now();
        let mut users = self.users.lock().unwrap_or_else(|p| p.into_inner());
        users.retain(|_, u| u.latest() > Some(now));
        users.shrink_to_fit();
    }

    /// Users remembered now (expired ones included until forgotten).
    pub fn len(&self) -> usize {
        self.users.lock().unwrap_or_else(|p| p.into_inner()).len()
    }
}

impl Until {
    fn latest(&self) -> Option<Instant> {
        self.everything.max(self.buys)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refused_user_is_hushed_until_the_wait_is_over_and_only_for_that_limit() {
        let hush = Hush::default();
        let t0 = Instant::now();
        let ms = Duration::from_millis;
        assert_eq!(hush.of_at(1, t0), Hushed::No);
        hush.note_at(1, false, ms(80), t0);
        assert_eq!(hush.of_at(1, t0), Hushed::Buys);
        assert_eq!(hush.of_at(2, t0), Hushed::No);
        hush.note_at(1, true, ms(40), t0);
        assert_eq!(hush.of_at(1, t0 + ms(39)), Hushed::Everything);
        assert_eq!(hush.of_at(1, t0 + ms(50)), Hushed::Buys);
        assert_eq!(hush.of_at(1, t0 + ms(80)), Hushed::No);
        hush.note_at(3, false, Duration::ZERO, t0);
        hush.forget_expired();
        assert_eq!(hush.len(), 1, "only the user still hushed is kept");
    }

    #[test]
    fn a_shorter_wait_never_shortens_a_longer_one() {
        let hush = Hush::default();
        let t0 = Instant::now();
        hush.note_at(5, false, Duration::from_secs(60), t0);
        hush.note_at(5, false, Duration::from_millis(1), t0);
        assert_eq!(hush.of_at(5, t0 + Duration::from_secs(1)), Hushed::Buys);
    }

    #[test]
    fn memory_is_bounded_and_a_full_list_only_stops_remembering() {
        let hush = Hush::default();
        for u in 0..(MOST as i64 + 10) {
            hush.note(u, true, Duration::from_secs(60));
        }
        assert_eq!(hush.len(), MOST);
        assert_eq!(hush.of(MOST as i64 + 5), Hushed::No);
        assert_eq!(hush.of(7), Hushed::Everything);
    }
}
