//! The rate limits shared by several instances: GCRA in one Lua script per check, keyed by
//! user or sale under the configured prefix, on Redis's clock. A Redis failure lets the
//! attempt through (the stock gate still decides every purchase) and is logged.

use std::time::Duration;

use redis::Script;

use crate::redis_link::RedisLink;

const GCRA_LUA: &str = include_str!("gcra.lua");

/// Shared-limiter checks that failed (Redis unreachable) in this process.
pub(super) static BACKEND_ERRORS: std::sync::atomic::AtomicU64 =
    std::sync::atomic::AtomicU64::new(0);

/// One quota: an emission interval and a burst.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Rate {
    pub interval: Duration,
    pub burst: u32,
}

/// GCRA limiters in Redis.
pub(super) struct SharedLimiter {
    conn: RedisLink,
    prefix: String,
    script: Script,
}

impl SharedLimiter {
    /// Connects to `url` (one server, or a cluster's comma-separated nodes); keys start with
    /// `prefix`.
    pub async fn connect(url: &str, prefix: &str) -> Result<Self, redis::RedisError> {
        let conn = RedisLink::connect_url(url).await?;
        Ok(Self {
            conn,
            prefix: prefix.to_owned(),
            script: Script::new(GCRA_LUA),
        })
    }

    /// Counts one unit against `kind:id`; `Err(wait)` when refused. Fails open.
    pub async fn check(&self, kind: &str, id: i64, rate: Rate) -> Result<(), Duration> {
        let key = format!("{}lim:{kind}:{{{id}}}", self.prefix);
        let interval_us = u64::try_from(rate.interval.as_micros()).unwrap_or(u64::MAX);
        let mut conn = self.conn.clone();
        let answer: Result<(i64, i64), _> = self
            .script
            .key(&key)
            .arg(interval_us)
            .arg(rate.burst.max(1))
            .invoke_async(&mut conn)
            .await;
        match answer {
            Ok((1, _)) => Ok(()),
            Ok((_, wait_us)) => Err(Duration::from_micros(u64::try_from(wait_us).unwrap_or(0))),
            Err(e) => {
                BACKEND_ERRORS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                metrics::counter!("flashsale_limiter_errors_total").increment(1);
                tracing::warn!(limiter = kind, error = %e, "shared rate limit unavailable; letting the attempt through");
                Ok(())
            }
        }
    }
}
