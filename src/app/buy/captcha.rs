//! Captchas for sales that ask for one: a small sum with four answer buttons, shown before a
//! buyer's first purchase (or earlier, from the card's "Verify now"). Challenges are held in
//! this process, or in Redis when configured (`captcha_shared`); a solved captcha is stored per (sale, user) and kept in memory per sale, so
//! the buy path reads no SQL per press. Wrong answers are limited per user and sale.

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use crate::app::cache::Ttl;
use crate::domain::{SaleId, UserId};
use crate::store::Store;

/// Answer buttons under a challenge.
pub const OPTIONS: usize = 4;
/// Wrong answers allowed per user and sale in [`WRONG_WINDOW_SECS`]; then they wait.
pub const WRONG_PER_WINDOW: u32 = 3;
/// The window wrong answers are counted in.
pub const WRONG_WINDOW_SECS: i64 = 60;
/// How long a challenge can be answered.
const CHALLENGE_TTL: Duration = Duration::from_secs(600);
/// How long a sale's loaded solvers are trusted before one caller reloads them.
const RELOAD_EVERY: Duration = Duration::from_secs(15);

/// A challenge: `a + b`, with the sum at `correct` among `options`. Derived from its nonce.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Challenge {
    pub nonce: u32,
    pub a: u32,
    pub b: u32,
    pub options: [u32; OPTIONS],
    pub correct: u8,
}

impl Challenge {
    /// The challenge of `nonce` (the same nonce always gives the same challenge).
    pub fn from_nonce(nonce: u32) -> Self {
        let a = 2 + nonce % 8;
        let b = 1 + (nonce / 8) % 9;
        let sum = a + b;
        let correct = ((nonce / 72) % OPTIONS as u32) as u8;
        let mut wrong = [sum - 1, sum + 1, sum + 2].into_iter();
        let options = std::array::from_fn(|i| {
            if i == usize::from(correct) {
                sum
            } else {
                wrong.next().unwrap_or(sum + 3)
            }
        });
        Self {
            nonce,
            a,
            b,
            options,
            correct,
        }
    }
}

/// A challenge waiting for its answer.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Pending {
    pub user: UserId,
    pub sale: SaleId,
    pub correct: u8,
    /// Units the buyer was after when the challenge replaced their buy (offered back after).
    pub qty: u32,
}

/// What checking an answer found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Checked {
    /// Right: the captcha is solved.
    Solved { qty: u32 },
    /// Wrong; `locked_secs` is set when the user must now wait.
    Wrong { locked_secs: Option<u32>, qty: u32 },
    /// The challenge belongs to someone else.
    NotYours,
    /// No such open challenge (answered, replaced, expired, or issued elsewhere).
    Stale,
}

/// Wrong answers per (sale, user): when the counting window began and how many so far.
type WrongAnswers = HashMap<(SaleId, UserId), (DateTime<Utc>, u32)>;

/// Who solved which sale's captcha, loaded per sale.
struct Solvers {
    loaded_at: Option<Instant>,
    users: HashSet<i64>,
}

/// Open challenges, wrong-answer counts and solved captchas of this process.
pub(crate) struct Captchas {
    pending: Ttl<u32, Pending>,
    current: Ttl<(SaleId, UserId), u32>,
    wrong: Mutex<WrongAnswers>,
    solved: Mutex<HashMap<SaleId, Solvers>>,
    loading: tokio::sync::Mutex<()>,
    /// Challenges, wrong answers and solves every instance sees (Redis), when configured.
    pub(crate) shared: Option<crate::app::shared::SharedKeys>,
}

impl Captchas {
    /// The same, keeping what every instance must agree on in `shared` (Redis) when set.
    pub(crate) fn sharing(mut self, shared: Option<crate::app::shared::SharedKeys>) -> Self {
        self.shared = shared;
        self
    }

    /// Nothing open, nothing loaded.
    pub fn new() -> Self {
        Self {
            pending: Ttl::new(CHALLENGE_TTL, 500_000),
            current: Ttl::new(CHALLENGE_TTL, 500_000),
            wrong: Mutex::new(HashMap::new()),
            solved: Mutex::new(HashMap::new()),
            loading: tokio::sync::Mutex::new(()),
            shared: None,
        }
    }

    /// A fresh challenge for `user` in `sale`; any earlier one of theirs stops counting.
    pub fn issue(&self, sale: SaleId, user: UserId, qty: u32) -> Challenge {
        let mut nonce = rand::random::<u32>();
        // 0 marks an answered challenge in `current`.
        while nonce == 0 || self.pending.get(&nonce).is_some() {
            nonce = rand::random::<u32>();
        }
        let challenge = Challenge::from_nonce(nonce);
        self.pending.put(
            nonce,
            Pending {
                user,
                sale,
                correct: challenge.correct,
                qty,
            },
        );
        self.current.put((sale, user), nonce);
        challenge
    }

    /// Seconds `user` must still wait before answering in `sale`, if locked out.
    pub fn locked_for(&self, sale: SaleId, user: UserId, now: DateTime<Utc>) -> Option<u32> {
        let wrong = self.wrong.lock().unwrap_or_else(|p| p.into_inner());
        let (since, n) = wrong.get(&(sale, user))?;
        let ends = *since + chrono::Duration::seconds(WRONG_WINDOW_SECS);
        (*n >= WRONG_PER_WINDOW && now < ends)
            .then(|| u32::try_from((ends - now).num_seconds().max(1)).unwrap_or(u32::MAX))
    }

    /// Checks `user`'s answer `choice` to challenge `nonce` of `sale`.
    pub fn check(
        &self,
        sale: SaleId,
        user: UserId,
        nonce: u32,
        choice: u8,
        now: DateTime<Utc>,
    ) -> Checked {
        let Some(p) = self.pending.get(&nonce).filter(|p| p.sale == sale) else {
            return Checked::Stale;
        };
        if p.user != user {
            return Checked::NotYours;
        }
        if self.current.get(&(sale, user)) != Some(nonce) {
            return Checked::Stale;
        }
        // One answer per challenge: right or wrong, it is used up.
        self.current.put((sale, user), 0);
        if choice == p.correct {
            self.wrong
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .remove(&(sale, user));
            return Checked::Solved { qty: p.qty };
        }
        let mut wrong = self.wrong.lock().unwrap_or_else(|p| p.into_inner());
        if wrong.len() > 100_000 {
            wrong.retain(|_, (since, _)| (now - *since).num_seconds() < WRONG_WINDOW_SECS);
        }
        let entry = wrong.entry((sale, user)).or_insert((now, 0));
        if (now - entry.0).num_seconds() >= WRONG_WINDOW_SECS {
            *entry = (now, 0);
        }
        entry.1 += 1;
        drop(wrong);
        Checked::Wrong {
            locked_secs: self.locked_for(sale, user, now),
            qty: p.qty,
        }
    }

    /// Whether `user` solved the captcha of `sale`. Loads the sale's solvers on first use
    /// (everyone waits for that one read) and reloads them in the background of one caller
    /// when stale; a store failure keeps the last list.
    pub async fn solved(&self, store: &Store, sale: SaleId, user: UserId) -> bool {
        let (known, fresh) = {
            let s = self.solved.lock().unwrap_or_else(|p| p.into_inner());
            match s.get(&sale) {
                Some(v) => (
                    v.users.contains(&user.get()),
                    v.loaded_at.is_some_and(|t| t.elapsed() < RELOAD_EVERY),
                ),
                None => (false, false),
            }
        };
        if known || fresh {
            return known;
        }
        let loaded_once = self
            .solved
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&sale)
            .is_some_and(|v| v.loaded_at.is_some());
        let _guard = if loaded_once {
            match self.loading.try_lock() {
                Ok(g) => g,
                Err(_) => return false,
            }
        } else {
            self.loading.lock().await
        };
        let still_stale = {
            let s = self.solved.lock().unwrap_or_else(|p| p.into_inner());
            s.get(&sale)
                .is_none_or(|v| v.loaded_at.is_none_or(|t| t.elapsed() >= RELOAD_EVERY))
        };
        if still_stale {
            match store.captcha_solvers(sale).await {
                Ok(list) => {
                    let mut s = self.solved.lock().unwrap_or_else(|p| p.into_inner());
                    let v = s.entry(sale).or_insert(Solvers {
                        loaded_at: None,
                        users: HashSet::new(),
                    });
                    v.users.extend(list.into_iter().map(UserId::get));
                    v.loaded_at = Some(Instant::now());
                }
                Err(e) => {
                    tracing::warn!(sale = sale.get(), error = %e, "captcha solvers not loaded");
                }
            }
        }
        let s = self.solved.lock().unwrap_or_else(|p| p.into_inner());
        s.get(&sale).is_some_and(|v| v.users.contains(&user.get()))
    }

    /// Whether this process already knows `user` solved `sale` (no I/O).
    pub fn known_solved(&self, sale: SaleId, user: UserId) -> bool {
        let s = self.solved.lock().unwrap_or_else(|p| p.into_inner());
        s.get(&sale).is_some_and(|v| v.users.contains(&user.get()))
    }

    /// Remembers a solve made here at once.
    pub fn mark_solved(&self, sale: SaleId, user: UserId) {
        let mut s = self.solved.lock().unwrap_or_else(|p| p.into_inner());
        s.entry(sale)
            .or_insert(Solvers {
                loaded_at: None,
                users: HashSet::new(),
            })
            .users
            .insert(user.get());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids() -> (SaleId, UserId, UserId) {
        (
            SaleId::parse(3).unwrap(),
            UserId::parse(10).unwrap(),
            UserId::parse(11).unwrap(),
        )
    }

    #[test]
    fn every_challenge_has_four_distinct_options_with_the_sum_at_its_place() {
        for nonce in (0..5_000u32).chain([u32::MAX, u32::MAX - 1]) {
            let c = Challenge::from_nonce(nonce);
            assert_eq!(c.options[usize::from(c.correct)], c.a + c.b);
            let distinct: HashSet<u32> = c.options.into_iter().collect();
            assert_eq!(distinct.len(), OPTIONS, "{c:?}");
            assert_eq!(Challenge::from_nonce(nonce), c);
        }
    }

    #[test]
    fn a_right_answer_solves_once_and_someone_else_cannot_answer() {
        let (sale, alice, bob) = ids();
        let c = Captchas::new();
        let now = Utc::now();
        let ch = c.issue(sale, alice, 2);
        assert_eq!(
            c.check(sale, bob, ch.nonce, ch.correct, now),
            Checked::NotYours
        );
        assert_eq!(
            c.check(sale, alice, ch.nonce, ch.correct, now),
            Checked::Solved { qty: 2 }
        );
        assert_eq!(
            c.check(sale, alice, ch.nonce, ch.correct, now),
            Checked::Stale
        );
    }

    #[test]
    fn wrong_answers_lock_the_user_out_for_the_rest_of_the_window() {
        let (sale, alice, _) = ids();
        let c = Captchas::new();
        let now = Utc::now();
        for n in 1..=WRONG_PER_WINDOW {
            let ch = c.issue(sale, alice, 1);
            let wrong = (ch.correct + 1) % OPTIONS as u8;
            let got = c.check(sale, alice, ch.nonce, wrong, now);
            let locked = n == WRONG_PER_WINDOW;
            assert_eq!(
                matches!(
                    got,
                    Checked::Wrong {
                        locked_secs: Some(_),
                        ..
                    }
                ),
                locked
            );
        }
        assert!(c.locked_for(sale, alice, now).is_some());
        let later = now + chrono::Duration::seconds(WRONG_WINDOW_SECS);
        assert_eq!(c.locked_for(sale, alice, later), None);
        let ch = c.issue(sale, alice, 1);
        let old = c.issue(sale, alice, 1);
        assert_eq!(
            c.check(sale, alice, ch.nonce, ch.correct, later),
            Checked::Stale
        );
        assert_eq!(
            c.check(sale, alice, old.nonce, old.correct, later),
            Checked::Solved { qty: 1 }
        );
    }
}
