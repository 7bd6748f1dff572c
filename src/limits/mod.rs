//! Rate limits on the way to the gate (governor): per user for buy attempts and for
//! messages, per sale for attempts reaching the gate. A limited user is told how long to
//! wait at most once per notice period; the rest of a spammer's messages get silence.

mod config;

pub use config::LimitsConfig;

use std::num::NonZeroU32;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::domain::{SaleId, UserId};

/// What the limits say about one message or buy attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Go ahead.
    Go,
    /// This user is going too fast: wait `secs`; `tell` is false when they were told already.
    SlowDown { secs: u32, tell: bool },
    /// The sale takes no more attempts this instant: retry in `secs`.
    Busy { secs: u32 },
}

/// The limiters of one process (see `limits` in the Redis option for a shared limit).
pub struct Limits {
    buys: DefaultKeyedRateLimiter<i64>,
    messages: DefaultKeyedRateLimiter<i64>,
    sales: DefaultKeyedRateLimiter<i64>,
    notices: DefaultKeyedRateLimiter<i64>,
    clock: DefaultClock,
    refused: AtomicU64,
    enabled: bool,
}

impl Limits {
    /// Limiters with the configured quotas.
    pub fn new(config: &LimitsConfig) -> Self {
        let per_minute = Quota::per_minute(config.messages_per_min);
        let notice = Quota::with_period(Duration::from_secs(u64::from(config.notice_secs.get())))
            .unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN));
        Self {
            buys: RateLimiter::keyed(
                Quota::per_second(config.buys_per_sec).allow_burst(config.buy_burst),
            ),
            messages: RateLimiter::keyed(per_minute),
            sales: RateLimiter::keyed(Quota::per_second(config.sale_buys_per_sec)),
            notices: RateLimiter::keyed(notice),
            clock: DefaultClock::default(),
            refused: AtomicU64::new(0),
            enabled: config.enabled,
        }
    }

    /// A message or button press from `user`.
    pub fn message(&self, user: UserId) -> Verdict {
        if !self.enabled {
            return Verdict::Go;
        }
        self.per_user(&self.messages, user)
    }

    /// A buy attempt by `user` in `sale`: the user's own pace first, then the sale's.
    pub fn buy(&self, user: UserId, sale: SaleId) -> Verdict {
        if !self.enabled {
            return Verdict::Go;
        }
        match self.per_user(&self.buys, user) {
            Verdict::Go => {}
            limited => return limited,
        }
        match self.sales.check_key(&sale.get()) {
            Ok(()) => Verdict::Go,
            Err(not_until) => {
                self.refused.fetch_add(1, Ordering::Relaxed);
                Verdict::Busy {
                    secs: whole_secs(not_until.wait_time_from(self.clock.now())),
                }
            }
        }
    }

    fn per_user(&self, limiter: &DefaultKeyedRateLimiter<i64>, user: UserId) -> Verdict {
        match limiter.check_key(&user.get()) {
            Ok(()) => Verdict::Go,
            Err(not_until) => {
                self.refused.fetch_add(1, Ordering::Relaxed);
                Verdict::SlowDown {
                    secs: whole_secs(not_until.wait_time_from(self.clock.now())),
                    tell: self.notices.check_key(&user.get()).is_ok(),
                }
            }
        }
    }

    /// Attempts refused so far.
    pub fn refused(&self) -> u64 {
        self.refused.load(Ordering::Relaxed)
    }

    /// Keys held across all limiters (memory grows with it until [`Limits::forget_idle`]).
    pub fn tracked_keys(&self) -> usize {
        self.buys.len() + self.messages.len() + self.sales.len() + self.notices.len()
    }

    /// Drops the state of users and sales that are back to a full allowance.
    pub fn forget_idle(&self) {
        for l in [&self.buys, &self.messages, &self.sales, &self.notices] {
            l.retain_recent();
            l.shrink_to_fit();
        }
    }

    /// Forgets idle keys every `every` until `shutdown` flips to true.
    pub async fn housekeeping(
        self: Arc<Self>,
        every: Duration,
        mut shutdown: tokio::sync::watch::Receiver<bool>,
    ) {
        while !*shutdown.borrow() {
            tokio::select! {
                _ = tokio::time::sleep(every) => self.forget_idle(),
                _ = shutdown.changed() => {}
            }
        }
    }
}

/// Seconds to wait, rounded up, at least one.
fn whole_secs(d: Duration) -> u32 {
    u32::try_from(d.as_millis().div_ceil(1000))
        .unwrap_or(u32::MAX)
        .max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(n: i64) -> UserId {
        UserId::parse(n).unwrap()
    }

    fn sale(n: i64) -> SaleId {
        SaleId::parse(n).unwrap()
    }

    #[test]
    fn a_user_gets_a_burst_of_buys_then_is_told_to_wait_once() {
        let limits = Limits::new(&LimitsConfig::default());
        for _ in 0..3 {
            assert_eq!(limits.buy(user(1), sale(1)), Verdict::Go);
        }
        assert_eq!(
            limits.buy(user(1), sale(1)),
            Verdict::SlowDown {
                secs: 1,
                tell: true
            }
        );
        assert_eq!(
            limits.buy(user(1), sale(1)),
            Verdict::SlowDown {
                secs: 1,
                tell: false
            }
        );
        assert_eq!(
            limits.buy(user(2), sale(1)),
            Verdict::Go,
            "others are not slowed"
        );
        assert_eq!(limits.refused(), 2);
    }

    #[test]
    fn a_sale_above_its_rate_is_busy_for_everyone() {
        let config = LimitsConfig {
            sale_buys_per_sec: NonZeroU32::new(2).unwrap(),
            ..LimitsConfig::default()
        };
        let limits = Limits::new(&config);
        assert_eq!(limits.buy(user(1), sale(7)), Verdict::Go);
        assert_eq!(limits.buy(user(2), sale(7)), Verdict::Go);
        assert!(matches!(
            limits.buy(user(3), sale(7)),
            Verdict::Busy { secs: 1 }
        ));
        assert_eq!(
            limits.buy(user(3), sale(8)),
            Verdict::Go,
            "other sales go on"
        );
    }

    #[test]
    fn disabled_limits_let_everything_through() {
        let config = LimitsConfig {
            enabled: false,
            ..LimitsConfig::default()
        };
        let limits = Limits::new(&config);
        for _ in 0..100 {
            assert_eq!(limits.buy(user(1), sale(1)), Verdict::Go);
            assert_eq!(limits.message(user(1)), Verdict::Go);
        }
    }

    #[test]
    fn messages_are_limited_per_minute_and_idle_users_are_forgotten() {
        let limits = Limits::new(&LimitsConfig::default());
        for _ in 0..20 {
            assert_eq!(limits.message(user(5)), Verdict::Go);
        }
        assert!(matches!(
            limits.message(user(5)),
            Verdict::SlowDown {
                secs: 3,
                tell: true
            }
        ));
        assert!(limits.tracked_keys() >= 2);
        limits.forget_idle();
        assert!(limits.tracked_keys() >= 1, "a user still limited is kept");
    }
}
