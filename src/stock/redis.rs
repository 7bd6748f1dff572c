//! The Redis gate: three hash-tagged keys per sale (and one per signed button pressed, in the
//! same slot) and one Lua script per operation.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration as StdDuration;

use async_trait::async_trait;
use chrono::{DateTime, Duration, TimeZone, Utc};
use redis::{RedisError, Script};

use super::embedded::RETENTION_AFTER_END;
use super::{
    BuyOutcome, GateError, GateSeed, GateSnapshot, LoadMode, ReleaseOutcome, RestockOutcome,
    SeedSource, StockGate,
};
use crate::clock::Clock;
use crate::domain::{Quantity, RequestId, SaleId, UserId};
use crate::redis_link::{LinkOptions, RedisLink, RedisTarget};

/// The purchase script, also run raw by `redis-benchmark` in `scripts/bench.sh`.
pub const BUY_LUA: &str = include_str!("lua/buy.lua");
const RELEASE_LUA: &str = include_str!("lua/release.lua");
const LOAD_LUA: &str = include_str!("lua/load.lua");
const RESTOCK_LUA: &str = include_str!("lua/restock.lua");

/// How to reach Redis and name the keys.
#[derive(Debug, Clone)]
pub struct RedisGateConfig {
    /// e.g. `redis://127.0.0.1:6379`, or several comma-separated node URLs of a cluster.
    pub url: String,
    /// Prepended to every key, so tests and deployments can share one Redis.
    pub key_prefix: String,
    /// Multiplexed connections used round-robin (each pipelines many requests).
    pub connections: usize,
    /// How long one call may wait for Redis before the buyer is told to retry.
    pub response_timeout: StdDuration,
}

impl RedisGateConfig {
    /// Defaults for `url` with the given prefix.
    pub fn new(url: impl Into<String>, key_prefix: impl Into<String>) -> Self {
        Self {
            url: url.into(),
            key_prefix: key_prefix.into(),
            connections: 2,
            response_timeout: StdDuration::from_secs(2),
        }
    }
}

/// The production gate: correct across any number of app instances sharing one Redis.
pub struct RedisGate {
    conns: Vec<RedisLink>,
    next: AtomicUsize,
    prefix: String,
    buy: Script,
    release: Script,
    load: Script,
    restock: Script,
    clock: Arc<dyn Clock>,
    source: Arc<dyn SeedSource>,
    reloads: super::ReloadLocks,
}

fn redis_err(e: RedisError) -> GateError {
    GateError::Redis(e.to_string())
}

fn ms_to_time(ms: i64) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(ms)
        .single()
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// The shortest life a sale's keys get, even when the sale ended long ago by our clock: long
/// enough to answer "ended" to a press or two, short enough not to linger.
const MIN_KEY_LIFETIME: Duration = Duration::minutes(1);

/// How long a sale's keys live from now: until a day after its end by the injected clock that
/// decides the sale window, handed to Redis as a duration (see [`crate::clock`] for the rule).
pub(crate) fn key_lifetime(ends_at: DateTime<Utc>, now: DateTime<Utc>) -> Duration {
    (ends_at + RETENTION_AFTER_END - now).max(MIN_KEY_LIFETIME)
}

fn to_u32(v: i64) -> u32 {
    u32::try_from(v.max(0)).unwrap_or(u32::MAX)
}

impl RedisGate {
    /// Connects (failing fast when Redis is unreachable) and warns when eviction could drop stock keys.
    pub async fn connect(
        config: RedisGateConfig,
        clock: Arc<dyn Clock>,
        source: Arc<dyn SeedSource>,
    ) -> Result<Self, GateError> {
        let target = RedisTarget::parse(&config.url).map_err(GateError::Redis)?;
        let options = LinkOptions {
            response_timeout: config.response_timeout,
            connect_timeout: config.response_timeout,
            retries: 2,
        };
        let mut conns = Vec::with_capacity(config.connections.max(1));
        for _ in 0..config.connections.max(1) {
            conns.push(
                RedisLink::connect(&target, options)
                    .await
                    .map_err(redis_err)?,
            );
        }
        let gate = Self {
            conns,
            next: AtomicUsize::new(0),
            prefix: config.key_prefix,
            buy: Script::new(BUY_LUA),
            release: Script::new(RELEASE_LUA),
            load: Script::new(LOAD_LUA),
            restock: Script::new(RESTOCK_LUA),
            clock,
            source,
            reloads: super::ReloadLocks::default(),
        };
        gate.warn_unless_noeviction().await;
        Ok(gate)
    }

    async fn warn_unless_noeviction(&self) {
        let mut c = self.conn();
        let policy: Result<Vec<String>, _> = redis::cmd("CONFIG")
            .arg("GET")
            .arg("maxmemory-policy")
            .query_async(&mut c)
            .await;
        match policy {
            Ok(v) if v.get(1).is_some_and(|p| p != "noeviction") => tracing::warn!(
                policy = %v[1],
                "redis may evict keys; run it with maxmemory-policy noeviction so stock keys are never dropped"
            ),
            Ok(_) => {}
            Err(e) => tracing::debug!(error = %e, "could not read redis maxmemory-policy"),
        }
    }

    fn conn(&self) -> RedisLink {
        let i = self.next.fetch_add(1, Ordering::Relaxed) % self.conns.len();
        self.conns[i].clone()
    }

    /// The three keys of one sale, sharing the `{sale:N}` hash tag (one cluster slot).
    pub fn keys(&self, sale: SaleId) -> [String; 3] {
        let base = format!("{}{{sale:{}}}", self.prefix, sale.get());
        [
            format!("{base}:meta"),
            format!("{base}:bought"),
            format!("{base}:reqs"),
        ]
    }

    /// The key claiming the signed button `token` on `sale` (in the sale's slot).
    pub fn token_key(&self, sale: SaleId, token: &str) -> String {
        format!("{}{}", self.prefix, super::token_key_name(sale, token))
    }

    /// Removes every key of one sale (tests and benchmark clean-up).
    pub async fn forget(&self, sale: SaleId) -> Result<(), GateError> {
        let mut c = self.conn();
        let keys = self.keys(sale);
        redis::cmd("DEL")
            .arg(&keys[..])
            .query_async::<()>(&mut c)
            .await
            .map_err(redis_err)
    }
}

#[async_trait]
impl StockGate for RedisGate {
    fn name(&self) -> &'static str {
        "redis"
    }

    async fn load(&self, seed: &GateSeed, mode: LoadMode) -> Result<bool, GateError> {
        let keys = self.keys(seed.sale);
        let mut held: HashMap<i64, u32> = HashMap::new();
        for r in seed.requests.iter().filter(|r| r.holds_stock) {
            *held.entry(r.user.get()).or_default() += r.units;
        }
        let lifetime_ms = key_lifetime(seed.ends_at, self.clock.now()).num_milliseconds();
        let mut inv = self.load.prepare_invoke();
        inv.key(&keys[0]).key(&keys[1]).key(&keys[2]);
        inv.arg(match mode {
            LoadMode::IfAbsent => "absent",
            LoadMode::Replace => "replace",
        })
        .arg(seed.stock)
        .arg(seed.remaining())
        .arg(seed.per_user_limit)
        .arg(seed.starts_at.timestamp_millis())
        .arg(seed.ends_at.timestamp_millis())
        .arg(u8::from(seed.cancelled))
        .arg(lifetime_ms)
        .arg(held.len());
        for (user, units) in &held {
            inv.arg(*user).arg(*units);
        }
        for r in &seed.requests {
            let record = format!("{}:{}", r.user.get(), r.units);
            let record = if r.holds_stock {
                record
            } else {
                format!("R{record}")
            };
            inv.arg(r.request.as_str()).arg(record);
        }
        let mut c = self.conn();
        let loaded: i64 = inv.invoke_async(&mut c).await.map_err(redis_err)?;
        Ok(loaded == 1)
    }

    fn claims_tokens(&self) -> bool {
        true
    }

    async fn try_buy_once_pressed(
        &self,
        sale: SaleId,
        user: UserId,
        qty: Quantity,
        request: &RequestId,
        token: Option<&str>,
    ) -> Result<BuyOutcome, GateError> {
        let keys = self.keys(sale);
        let now = self.clock.now().timestamp_millis();
        let mut c = self.conn();
        let mut invocation = self.buy.prepare_invoke();
        invocation.key(&keys[0]).key(&keys[1]).key(&keys[2]);
        if let Some(token) = token {
            invocation.key(self.token_key(sale, token));
        }
        invocation
            .arg(user.get())
            .arg(qty.get())
            .arg(request.as_str())
            .arg(now);
        if token.is_some() {
            invocation.arg(u64::try_from(super::TOKEN_IN_FLIGHT.as_millis()).unwrap_or(u64::MAX));
        }
        let reply: Vec<i64> = invocation.invoke_async(&mut c).await.map_err(redis_err)?;
        let at = |i: usize| reply.get(i).copied().unwrap_or(0);
        Ok(match at(0) {
            0 => BuyOutcome::Reserved {
                remaining: to_u32(at(1)),
                held: to_u32(at(2)),
            },
            1 => BuyOutcome::SoldOut,
            2 => BuyOutcome::NotEnough {
                remaining: to_u32(at(1)),
            },
            3 => BuyOutcome::LimitReached {
                held: to_u32(at(1)),
                limit: to_u32(at(2)),
            },
            4 => BuyOutcome::NotStarted {
                starts_at: ms_to_time(at(1)),
            },
            5 => BuyOutcome::Ended,
            6 => BuyOutcome::Cancelled,
            7 => BuyOutcome::Duplicate,
            8 => BuyOutcome::NotLoaded,
            9 => BuyOutcome::Replayed {
                order: crate::domain::OrderId::parse(at(1)).ok(),
            },
            other => return Err(GateError::Protocol(format!("buy script code {other}"))),
        })
    }

    async fn release(
        &self,
        sale: SaleId,
        request: &RequestId,
    ) -> Result<ReleaseOutcome, GateError> {
        let keys = self.keys(sale);
        let mut c = self.conn();
        let reply: Vec<i64> = self
            .release
            .key(&keys[0])
            .key(&keys[1])
            .key(&keys[2])
            .arg(request.as_str())
            .invoke_async(&mut c)
            .await
            .map_err(redis_err)?;
        Ok(match reply.first().copied().unwrap_or(-1) {
            0 => ReleaseOutcome::Released {
                units: to_u32(reply.get(1).copied().unwrap_or(0)),
            },
            1 => ReleaseOutcome::AlreadyReleased,
            2 => ReleaseOutcome::Unknown,
            3 => ReleaseOutcome::NotLoaded,
            other => return Err(GateError::Protocol(format!("release script code {other}"))),
        })
    }

    async fn raise_stock(&self, sale: SaleId, stock: u32) -> Result<RestockOutcome, GateError> {
        let keys = self.keys(sale);
        let mut c = self.conn();
        let reply: Vec<i64> = self
            .restock
            .key(&keys[0])
            .key(&keys[1])
            .key(&keys[2])
            .arg(stock)
            .invoke_async(&mut c)
            .await
            .map_err(redis_err)?;
        let at = |i: usize| to_u32(reply.get(i).copied().unwrap_or(0));
        Ok(match reply.first().copied().unwrap_or(-1) {
            0 => RestockOutcome::Raised {
                stock: at(1),
                remaining: at(2),
            },
            1 => RestockOutcome::Unchanged {
                stock: at(1),
                remaining: at(2),
            },
            2 => RestockOutcome::NotLoaded,
            other => return Err(GateError::Protocol(format!("restock script code {other}"))),
        })
    }

    async fn ready(&self) -> Result<(), GateError> {
        let mut c = self.conn();
        redis::cmd("PING")
            .query_async::<String>(&mut c)
            .await
            .map(|_| ())
            .map_err(redis_err)
    }

    async fn snapshot(&self, sale: SaleId) -> Result<Option<GateSnapshot>, GateError> {
        let keys = self.keys(sale);
        let mut c = self.conn();
        let v: Vec<Option<i64>> = redis::cmd("HMGET")
            .arg(&keys[0])
            .arg(&["stock", "remaining", "limit", "cancelled"])
            .query_async(&mut c)
            .await
            .map_err(redis_err)?;
        let [Some(stock), Some(remaining), Some(limit), Some(cancelled)] = v[..] else {
            return Ok(None);
        };
        Ok(Some(GateSnapshot {
            stock: to_u32(stock),
            remaining: to_u32(remaining),
            per_user_limit: to_u32(limit),
            cancelled: cancelled == 1,
        }))
    }

    async fn held_requests(&self, sale: SaleId) -> Result<Vec<RequestId>, GateError> {
        let mut c = self.conn();
        let all: HashMap<String, String> = redis::cmd("HGETALL")
            .arg(&self.keys(sale)[2])
            .query_async(&mut c)
            .await
            .map_err(redis_err)?;
        // "_" is the placeholder; "R..." records were released.
        Ok(all
            .into_iter()
            .filter(|(k, v)| k != "_" && !v.is_empty() && !v.starts_with('R'))
            .filter_map(|(k, _)| RequestId::parse(&k).ok())
            .collect())
    }

    fn reload_locks(&self) -> Option<&super::ReloadLocks> {
        Some(&self.reloads)
    }

    fn seed_source(&self) -> &dyn SeedSource {
        self.source.as_ref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(h: i64) -> DateTime<Utc> {
        DateTime::<Utc>::UNIX_EPOCH + Duration::hours(h)
    }

    #[test]
    fn keys_live_until_a_day_after_the_end_counted_from_now() {
        assert_eq!(key_lifetime(at(10), at(9)), Duration::hours(25));
        assert_eq!(key_lifetime(at(10), at(10)), Duration::hours(24));
    }

    #[test]
    fn a_sale_over_for_more_than_a_day_still_gets_keys_that_outlive_the_call() {
        assert_eq!(key_lifetime(at(10), at(100)), MIN_KEY_LIFETIME);
        assert_eq!(key_lifetime(at(10), at(34)), MIN_KEY_LIFETIME);
    }
}
