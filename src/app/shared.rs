//! State several `serve` instances must agree on, kept in Redis when `REDIS_URL` is set:
//! spent buy tokens, captcha challenges, wrong answers and solves, open staff dialogues, and
//! the blocklist's generation. Every key starts with the configured prefix and carries an
//! expiry given as a duration (`PX`), so Redis's own clock ends it. Each operation touches one
//! key, so the same calls work on a single server and on a cluster.

use std::sync::LazyLock;
use std::time::Duration;

use redis::{AsyncCommands, RedisResult, Script};

use crate::redis_link::RedisLink;

/// `SET key value PX ttl` unless the key exists; returns the value found (none: set now).
const SET_NX_OR_GET: &str = r"
local v = redis.call('GET', KEYS[1])
if v then return v end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return false";

/// `DEL key` when it holds `value`; 1 when deleted.
const DEL_IF: &str = r"
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0";

/// Replaces `value` by `new` (expiry kept); 1 when it held `value`.
const SWAP_IF: &str = r"
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'KEEPTTL') return 1
end
return 0";

/// `INCR key`, starting a window of `ttl` ms on the first count; returns the count.
const COUNT_IN_WINDOW: &str = r"
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n";

/// Each script built (and its SHA-1 taken) once, not on every call.
static SET_NX_OR_GET_SCRIPT: LazyLock<Script> = LazyLock::new(|| Script::new(SET_NX_OR_GET));
static DEL_IF_SCRIPT: LazyLock<Script> = LazyLock::new(|| Script::new(DEL_IF));
static SWAP_IF_SCRIPT: LazyLock<Script> = LazyLock::new(|| Script::new(SWAP_IF));
static COUNT_IN_WINDOW_SCRIPT: LazyLock<Script> = LazyLock::new(|| Script::new(COUNT_IN_WINDOW));

/// A Redis handle and the key prefix every shared key starts with.
#[derive(Clone)]
pub struct SharedKeys {
    conn: RedisLink,
    prefix: String,
}

fn ms(ttl: Duration) -> u64 {
    u64::try_from(ttl.as_millis()).unwrap_or(u64::MAX).max(1)
}

impl SharedKeys {
    /// Connects to `url` (one server, or a cluster's comma-separated nodes).
    pub async fn connect(url: &str, prefix: &str) -> RedisResult<Self> {
        Ok(Self {
            conn: RedisLink::connect_url(url).await?,
            prefix: prefix.to_owned(),
        })
    }

    /// The full key of `name` (the prefix prepended).
    pub(crate) fn key(&self, name: &str) -> String {
        format!("{}{name}", self.prefix)
    }

    /// Sets `name` to `value` for `ttl` unless it is set; `Some(found)` when it was.
    pub(crate) async fn set_new(
        &self,
        name: &str,
        value: &str,
        ttl: Duration,
    ) -> RedisResult<Option<String>> {
        let mut conn = self.conn.clone();
        SET_NX_OR_GET_SCRIPT
            .key(self.key(name))
            .arg(value)
            .arg(ms(ttl))
            .invoke_async(&mut conn)
            .await
    }

    /// Sets `name` to `value` for `ttl`.
    pub(crate) async fn set(&self, name: &str, value: &str, ttl: Duration) -> RedisResult<()> {
        let mut conn = self.conn.clone();
        redis::cmd("SET")
            .arg(self.key(name))
            .arg(value)
            .arg("PX")
            .arg(ms(ttl))
            .query_async(&mut conn)
            .await
    }

    /// The value of `name`, if set.
    pub(crate) async fn get(&self, name: &str) -> RedisResult<Option<String>> {
        let mut conn = self.conn.clone();
        conn.get(self.key(name)).await
    }

    /// Deletes `name`.
    pub(crate) async fn del(&self, name: &str) -> RedisResult<()> {
        let mut conn = self.conn.clone();
        conn.del(self.key(name)).await
    }

    /// Deletes `name` if it holds `value`.
    pub(crate) async fn del_if(&self, name: &str, value: &str) -> RedisResult<bool> {
        let mut conn = self.conn.clone();
        let n: i64 = DEL_IF_SCRIPT
            .key(self.key(name))
            .arg(value)
            .invoke_async(&mut conn)
            .await?;
        Ok(n == 1)
    }

    /// Replaces `value` by `new` in `name` (keeping its expiry); false when it held another.
    pub(crate) async fn swap_if(&self, name: &str, value: &str, new: &str) -> RedisResult<bool> {
        let mut conn = self.conn.clone();
        let n: i64 = SWAP_IF_SCRIPT
            .key(self.key(name))
            .arg(value)
            .arg(new)
            .invoke_async(&mut conn)
            .await?;
        Ok(n == 1)
    }

    /// Counts one more in `name`'s window of `window` (started by the first count).
    pub(crate) async fn count(&self, name: &str, window: Duration) -> RedisResult<i64> {
        let mut conn = self.conn.clone();
        COUNT_IN_WINDOW_SCRIPT
            .key(self.key(name))
            .arg(ms(window))
            .invoke_async(&mut conn)
            .await
    }

    /// The count in `name` and how long its window still runs (zero: no window).
    pub(crate) async fn count_left(&self, name: &str) -> RedisResult<(i64, Duration)> {
        let mut conn = self.conn.clone();
        let key = self.key(name);
        let (n, left): (Option<i64>, i64) = redis::pipe()
            .get(&key)
            .pttl(&key)
            .query_async(&mut conn)
            .await?;
        let left = Duration::from_millis(u64::try_from(left).unwrap_or(0));
        Ok((n.unwrap_or(0), left))
    }

    /// Adds one to the counter `name` (no expiry: a generation).
    pub(crate) async fn bump(&self, name: &str) -> RedisResult<i64> {
        let mut conn = self.conn.clone();
        conn.incr(self.key(name), 1).await
    }

    /// Whether `name` exists.
    pub(crate) async fn exists(&self, name: &str) -> RedisResult<bool> {
        let mut conn = self.conn.clone();
        conn.exists(self.key(name)).await
    }
}
