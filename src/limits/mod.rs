//! Rate limits on the way to the gate (governor, or GCRA in Redis shared by every
//! instance): per user for buy attempts and for messages, per sale for attempts reaching
//! the gate. A limited user is told how long to
//! wait at most once per notice period; the rest of a spammer's messages get silence.
//! Who was refused lately, and until when (`Hushed`), is kept here too, for the door.

mod shared;

pub use crate::config::{LimitBackend, LimitsConfig};
use shared::{Rate, SharedLimiter};

use std::collections::HashMap;
use std::num::NonZeroU32;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

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

/// Where the limits are kept: in this process, or in Redis for every instance at once.
enum Store {
    Off,
    Local(Box<Local>),
    Shared(SharedLimiter),
}

/// The governor limiters of one process.
struct Local {
    buys: DefaultKeyedRateLimiter<i64>,
    messages: DefaultKeyedRateLimiter<i64>,
    sales: DefaultKeyedRateLimiter<i64>,
    notices: DefaultKeyedRateLimiter<i64>,
    clock: DefaultClock,
}

/// The four quotas as GCRA rates (for the shared store).
struct Rates {
    buys: Rate,
    messages: Rate,
    sales: Rate,
    notices: Rate,
}

/// The rate limits of the bot: per-process (governor) or shared through Redis.
pub struct Limits {
    store: Store,
    rates: Rates,
    refused: AtomicU64,
    hush: Hush,
}

impl Limits {
    /// In-process limiters with the configured quotas (`LIMIT_BACKEND` is not consulted).
    pub fn new(config: &LimitsConfig) -> Self {
        let notice = Quota::with_period(Duration::from_secs(u64::from(config.notice_secs.get())))
            .unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN));
        let store = if config.enabled {
            Store::Local(Box::new(Local {
                buys: RateLimiter::keyed(
                    Quota::per_second(config.buys_per_sec).allow_burst(config.buy_burst),
                ),
                messages: RateLimiter::keyed(Quota::per_minute(config.messages_per_min)),
                sales: RateLimiter::keyed(Quota::per_second(config.sale_buys_per_sec)),
                notices: RateLimiter::keyed(notice),
                clock: DefaultClock::default(),
            }))
        } else {
            Store::Off
        };
        Self {
            store,
            rates: Rates::of(config),
            refused: AtomicU64::new(0),
            hush: Hush::default(),
        }
    }

    /// The configured limiters: shared through Redis at `redis_url` (keys under `prefix`)
    /// when `LIMIT_BACKEND=redis`, else in-process.
    pub async fn connect(
        config: &LimitsConfig,
        redis_url: Option<&str>,
        prefix: &str,
    ) -> Result<Self, redis::RedisError> {
        let mut limits = Self::new(config);
        if let (true, LimitBackend::Redis, Some(url)) = (config.enabled, config.backend, redis_url)
        {
            limits.store = Store::Shared(SharedLimiter::connect(url, prefix).await?);
        }
        Ok(limits)
    }

    /// A message or button press from `user`.
    pub async fn message(&self, user: UserId) -> Verdict {
        let wait = match &self.store {
            Store::Off => return Verdict::Go,
            Store::Local(l) => l.check(&l.messages, user.get()),
            Store::Shared(s) => s.check("msg", user.get(), self.rates.messages).await,
        };
        self.per_user(user, wait, true).await
    }

    /// A buy attempt by `user` against their own pace (any sale, checked before anything
    /// else about the press, so a replayed or early button counts as an attempt too).
    pub async fn user_buy(&self, user: UserId) -> Verdict {
        let wait = match &self.store {
            Store::Off => return Verdict::Go,
            Store::Local(l) => l.check(&l.buys, user.get()),
            Store::Shared(s) => s.check("buy", user.get(), self.rates.buys).await,
        };
        self.per_user(user, wait, false).await
    }

    /// A buy attempt about to reach the gate for `sale`, against the sale's pace.
    pub async fn sale_buy(&self, sale: SaleId) -> Verdict {
        let wait = match &self.store {
            Store::Off => Ok(()),
            Store::Local(l) => l.check(&l.sales, sale.get()),
            Store::Shared(s) => s.check("sale", sale.get(), self.rates.sales).await,
        };
        match wait {
            Ok(()) => Verdict::Go,
            Err(wait) => {
                self.refused.fetch_add(1, Ordering::Relaxed);
                metrics::counter!("flashsale_limit_refusals_total", "limit" => "sale").increment(1);
                Verdict::Busy {
                    secs: whole_secs(wait),
                }
            }
        }
    }

    /// Whether `user` was refused lately and would be refused again now (by the message
    /// limit, or by the buy limit for buy presses): transports drop such updates unanswered.
    pub fn hushed(&self, user: UserId) -> Hushed {
        self.hush.of(user.get())
    }

    async fn per_user(&self, user: UserId, wait: Result<(), Duration>, all: bool) -> Verdict {
        let Err(wait) = wait else {
            return Verdict::Go;
        };
        self.hush.note(user.get(), all, wait);
        self.refused.fetch_add(1, Ordering::Relaxed);
        metrics::counter!("flashsale_limit_refusals_total", "limit" => "user").increment(1);
        let tell = match &self.store {
            Store::Off => true,
            Store::Local(l) => l.check(&l.notices, user.get()).is_ok(),
            Store::Shared(s) => s
                .check("note", user.get(), self.rates.notices)
                .await
                .is_ok(),
        };
        Verdict::SlowDown {
            secs: whole_secs(wait),
            tell,
        }
    }

    /// Checks of the shared (Redis) limits that failed and let the attempt through, so far
    /// in this process.
    pub fn backend_errors(&self) -> u64 {
        shared::BACKEND_ERRORS.load(Ordering::Relaxed)
    }

    /// Attempts refused so far by this process.
    pub fn refused(&self) -> u64 {
        self.refused.load(Ordering::Relaxed)
    }

    /// Keys held in this process (memory grows with it until [`Limits::forget_idle`]).
    pub fn tracked_keys(&self) -> usize {
        match &self.store {
            Store::Local(l) => {
                l.buys.len() + l.messages.len() + l.sales.len() + l.notices.len() + self.hush.len()
            }
            Store::Off | Store::Shared(_) => 0,
        }
    }

    /// Drops the state of users and sales that are back to a full allowance (shared keys
    /// expire in Redis by themselves).
    pub fn forget_idle(&self) {
        if let Store::Local(l) = &self.store {
            for limiter in [&l.buys, &l.messages, &l.sales, &l.notices] {
                limiter.retain_recent();
                limiter.shrink_to_fit();
            }
        }
        self.hush.forget_expired();
    }
}

/// Housekeeping: forgets idle keys once a minute.
#[async_trait::async_trait]
impl crate::worker::Worker for Limits {
    fn name(&self) -> &'static str {
        "rate-limit housekeeping"
    }

    async fn step(&self) -> anyhow::Result<crate::worker::Pass> {
        self.forget_idle();
        Ok(crate::worker::Pass::Idle)
    }

    fn period(&self) -> Duration {
        Duration::from_secs(60)
    }

    fn waits_first(&self) -> bool {
        true
    }
}

impl Local {
    fn check(&self, limiter: &DefaultKeyedRateLimiter<i64>, key: i64) -> Result<(), Duration> {
        limiter
            .check_key(&key)
            .map_err(|not_until| not_until.wait_time_from(self.clock.now()))
    }
}

impl Rates {
    fn of(c: &LimitsConfig) -> Self {
        let every = |period: Duration, n: NonZeroU32| period / n.get();
        Self {
            buys: Rate {
                interval: every(Duration::from_secs(1), c.buys_per_sec),
                burst: c.buy_burst.get(),
            },
            messages: Rate {
                interval: every(Duration::from_secs(60), c.messages_per_min),
                burst: c.messages_per_min.get(),
            },
            sales: Rate {
                interval: every(Duration::from_secs(1), c.sale_buys_per_sec),
                burst: c.sale_buys_per_sec.get(),
            },
            notices: Rate {
                interval: Duration::from_secs(u64::from(c.notice_secs.get())),
                burst: 1,
            },
        }
    }
}

/// Seconds to wait, rounded up, at least one.
fn whole_secs(d: Duration) -> u32 {
    u32::try_from(d.as_millis().div_ceil(1000))
        .unwrap_or(u32::MAX)
        .max(1)
}

// Who this process knows to be refused right now, and until when: a user a limiter has
// just turned away stays refused until their next allowance, so a transport may drop their
// presses before any handler runs (shedding a script's flood at the door).

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
struct Hush {
    users: Mutex<HashMap<i64, Until>>,
}

impl Hush {
    /// `user` was refused by the message limit (`everything`) or the buy limit, and gets
    /// an allowance again in `wait`.
    fn note(&self, user: i64, everything: bool, wait: Duration) {
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
    fn of(&self, user: i64) -> Hushed {
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
    fn forget_expired(&self) {
        let now = Instant::now();
        let mut users = self.users.lock().unwrap_or_else(|p| p.into_inner());
        users.retain(|_, u| u.latest() > Some(now));
        users.shrink_to_fit();
    }

    /// Users remembered now (expired ones included until forgotten).
    fn len(&self) -> usize {
        self.users.lock().unwrap_or_else(|p| p.into_inner()).len()
    }
}

impl Until {
    fn latest(&self) -> Option<Instant> {
        self.everything.max(self.buys)
    }
}

#[cfg(test)]
mod tests;
