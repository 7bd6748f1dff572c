//! Captchas across instances: with Redis configured, a challenge, its "current" marker, the
//! wrong-answer window and the solve live under `<prefix>cap:` with expiries on Redis's clock,
//! so a challenge shown by one instance can be answered on another and a solve made on one
//! lets the buyer through on every other at once. Without Redis (or when a Redis call fails)
//! the process's own [`Captchas`] state answers, as with one instance.

use std::time::Duration;

use chrono::{DateTime, Utc};

use super::captcha::{Captchas, Challenge, Checked, WRONG_PER_WINDOW, WRONG_WINDOW_SECS};
use crate::domain::{SaleId, UserId};
use crate::store::Store;

/// How long a challenge can be answered (as in this process).
const CHALLENGE_TTL: Duration = Duration::from_secs(600);
/// How long a solve is remembered in Redis (SQL keeps it for good).
const SOLVED_TTL: Duration = Duration::from_secs(8 * 24 * 3600);

fn challenge_key(nonce: u32) -> String {
    format!("cap:ch:{nonce}")
}
fn current_key(sale: SaleId, user: UserId) -> String {
    format!("cap:cur:{}:{}", sale.get(), user.get())
}
fn wrong_key(sale: SaleId, user: UserId) -> String {
    format!("cap:wrong:{}:{}", sale.get(), user.get())
}
fn solved_key(sale: SaleId, user: UserId) -> String {
    format!("cap:ok:{}:{}", sale.get(), user.get())
}

fn warn(what: &str, e: &redis::RedisError) {
    tracing::warn!(error = %e, "shared captcha {what} failed; this instance answers alone");
}

impl Captchas {
    /// A fresh challenge for `user` in `sale`, held where every instance can check it.
    pub async fn issue_shared(&self, sale: SaleId, user: UserId, qty: u32) -> Challenge {
        let challenge = self.issue(sale, user, qty);
        let Some(shared) = &self.shared else {
            return challenge;
        };
        let value = format!(
            "{}:{}:{}:{}",
            sale.get(),
            user.get(),
            challenge.correct,
            qty
        );
        let nonce = challenge.nonce.to_string();
        let stored = match shared
            .set(&challenge_key(challenge.nonce), &value, CHALLENGE_TTL)
            .await
        {
            Ok(()) => {
                shared
                    .set(&current_key(sale, user), &nonce, CHALLENGE_TTL)
                    .await
            }
            Err(e) => Err(e),
        };
        if let Err(e) = stored {
            warn("issue", &e);
        }
        challenge
    }

    /// Seconds `user` must still wait before answering in `sale`, counted across instances.
    pub async fn locked_for_shared(
        &self,
        sale: SaleId,
        user: UserId,
        now: DateTime<Utc>,
    ) -> Option<u32> {
        let Some(shared) = &self.shared else {
            return self.locked_for(sale, user, now);
        };
        match shared.count_left(&wrong_key(sale, user)).await {
            Ok((n, left)) if n >= i64::from(WRONG_PER_WINDOW) && !left.is_zero() => {
                Some(u32::try_from(left.as_secs().max(1)).unwrap_or(u32::MAX))
            }
            Ok(_) => None,
            Err(e) => {
                warn("lockout read", &e);
                self.locked_for(sale, user, now)
            }
        }
    }

    /// Checks an answer to a challenge issued by any instance; each challenge takes one answer.
    pub async fn check_shared(
        &self,
        sale: SaleId,
        user: UserId,
        nonce: u32,
        choice: u8,
        now: DateTime<Utc>,
    ) -> Checked {
        let Some(shared) = &self.shared else {
            return self.check(sale, user, nonce, choice, now);
        };
        let read = match shared.get(&challenge_key(nonce)).await {
            Ok(v) => v,
            Err(e) => {
                warn("read", &e);
                return self.check(sale, user, nonce, choice, now);
            }
        };
        let Some(p) = read.as_deref().and_then(parse) else {
            return Checked::Stale;
        };
        if p.0 != sale.get() {
            return Checked::Stale;
        }
        if p.1 != user.get() {
            return Checked::NotYours;
        }
        // One answer per challenge: the current marker is swapped to 0 by exactly one answer.
        match shared
            .swap_if(&current_key(sale, user), &nonce.to_string(), "0")
            .await
        {
            Ok(true) => {}
            Ok(false) => return Checked::Stale,
            Err(e) => {
                warn("answer", &e);
                return Checked::Stale;
            }
        }
        let (correct, qty) = (p.2, p.3);
        if choice == correct {
            if let Err(e) = shared.del(&wrong_key(sale, user)).await {
                warn("reset", &e);
            }
            return Checked::Solved { qty };
        }
        let window = Duration::from_secs(WRONG_WINDOW_SECS.unsigned_abs());
        if let Err(e) = shared.count(&wrong_key(sale, user), window).await {
            warn("count", &e);
        }
        Checked::Wrong {
            locked_secs: self.locked_for_shared(sale, user, now).await,
            qty,
        }
    }

    /// Remembers a solve here and where every instance sees it (SQL is written by the caller).
    pub async fn mark_solved_shared(&self, sale: SaleId, user: UserId) {
        self.mark_solved(sale, user);
        if let Some(shared) = &self.shared
            && let Err(e) = shared.set(&solved_key(sale, user), "1", SOLVED_TTL).await
        {
            warn("solve", &e);
        }
    }

    /// Whether `user` solved the captcha of `sale` on any instance: this process's memory,
    /// then Redis, then the solvers stored in SQL.
    pub async fn solved_shared(&self, store: &Store, sale: SaleId, user: UserId) -> bool {
        if self.known_solved(sale, user) {
            return true;
        }
        if let Some(shared) = &self.shared {
            match shared.exists(&solved_key(sale, user)).await {
                Ok(true) => {
                    self.mark_solved(sale, user);
                    return true;
                }
                Ok(false) => {}
                Err(e) => warn("solve read", &e),
            }
        }
        self.solved(store, sale, user).await
    }
}

/// `sale:user:correct:qty` as stored.
fn parse(v: &str) -> Option<(i64, i64, u8, u32)> {
    let mut it = v.split(':');
    let p = (
        it.next()?.parse().ok()?,
        it.next()?.parse().ok()?,
        it.next()?.parse().ok()?,
        it.next()?.parse().ok()?,
    );
    it.next().is_none().then_some(p)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_stored_challenge_reads_back_and_junk_does_not() {
        assert_eq!(super::parse("3:10:2:1"), Some((3, 10, 2, 1)));
        assert_eq!(super::parse("3:10:2"), None);
        assert_eq!(super::parse("3:10:2:1:9"), None);
        assert_eq!(super::parse("x:10:2:1"), None);
    }
}
