//! The rate limits as configured (`LIMIT_*` variables; the `limits` module enforces them); zero
//! or nonsense fails at start.

use std::num::NonZeroU32;

use super::ConfigError;

/// Where the limits are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LimitBackend {
    /// In this process (governor): each instance enforces its own.
    Local,
    /// In Redis (GCRA): all instances share one limit per user and per sale.
    Redis,
}

/// How fast one user, and one sale as a whole, may go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LimitsConfig {
    /// `LIMIT_BUYS_PER_SEC`: buy attempts per second per user (steady rate).
    pub buys_per_sec: NonZeroU32,
    /// `LIMIT_BUY_BURST`: buy attempts a user may make at once before the rate applies.
    pub buy_burst: NonZeroU32,
    /// `LIMIT_MESSAGES_PER_MIN`: messages and button presses per minute per user.
    pub messages_per_min: NonZeroU32,
    /// `LIMIT_SALE_BUYS_PER_SEC`: buy attempts per second reaching the gate for one sale;
    /// above it buyers are told "busy, retry in N s" instead of queueing.
    pub sale_buys_per_sec: NonZeroU32,
    /// `LIMIT_NOTICE_SECS`: a limited user is told to wait at most once in this many seconds.
    pub notice_secs: NonZeroU32,
    /// False for the local chat: one person at a keyboard (or a script piping lines in).
    pub enabled: bool,
    /// `LIMIT_BACKEND`: `local` (default) or `redis` (needs `REDIS_URL`).
    pub backend: LimitBackend,
}

const fn nz(n: u32) -> NonZeroU32 {
    match NonZeroU32::new(n) {
        Some(n) => n,
        None => NonZeroU32::MIN,
    }
}

impl Default for LimitsConfig {
    fn default() -> Self {
        Self {
            buys_per_sec: nz(1),
            buy_burst: nz(3),
            messages_per_min: nz(20),
            sale_buys_per_sec: nz(20_000),
            notice_secs: nz(10),
            enabled: true,
            backend: LimitBackend::Local,
        }
    }
}

impl LimitsConfig {
    /// Reads the `LIMIT_*` variables through `var`; unset ones keep their defaults.
    pub fn from_lookup(var: &impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let d = Self::default();
        Ok(Self {
            buys_per_sec: positive(var, "LIMIT_BUYS_PER_SEC", d.buys_per_sec, 1_000)?,
            buy_burst: positive(var, "LIMIT_BUY_BURST", d.buy_burst, 1_000)?,
            messages_per_min: positive(var, "LIMIT_MESSAGES_PER_MIN", d.messages_per_min, 100_000)?,
            sale_buys_per_sec: positive(
                var,
                "LIMIT_SALE_BUYS_PER_SEC",
                d.sale_buys_per_sec,
                10_000_000,
            )?,
            notice_secs: positive(var, "LIMIT_NOTICE_SECS", d.notice_secs, 3_600)?,
            enabled: true,
            backend: backend(var)?,
        })
    }
}

fn backend(var: &impl Fn(&str) -> Option<String>) -> Result<LimitBackend, ConfigError> {
    let wrong = |problem: String| ConfigError {
        var: "LIMIT_BACKEND",
        problem,
        fix: "use local, or redis together with REDIS_URL",
    };
    match var("LIMIT_BACKEND").as_deref() {
        None | Some("local") => Ok(LimitBackend::Local),
        Some("redis") if var("REDIS_URL").is_some() => Ok(LimitBackend::Redis),
        Some("redis") => Err(wrong("is redis but REDIS_URL is not set".into())),
        Some(other) => Err(wrong(format!("{other:?} is not a limit backend"))),
    }
}

fn positive(
    var: &impl Fn(&str) -> Option<String>,
    name: &'static str,
    default: NonZeroU32,
    max: u32,
) -> Result<NonZeroU32, ConfigError> {
    let Some(raw) = var(name) else {
        return Ok(default);
    };
    raw.parse::<u32>()
        .ok()
        .filter(|n| *n <= max)
        .and_then(NonZeroU32::new)
        .ok_or(ConfigError {
            var: name,
            problem: format!("{raw:?} is not a whole number from 1 to {max}"),
            fix: "a limit must be positive; unset it for the default",
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(pairs: &[(&str, &str)]) -> Result<LimitsConfig, ConfigError> {
        let map: std::collections::HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        LimitsConfig::from_lookup(&|k: &str| map.get(k).cloned())
    }

    #[test]
    fn unset_limits_keep_their_defaults() {
        assert_eq!(read(&[]), Ok(LimitsConfig::default()));
    }

    #[test]
    fn zero_negative_or_huge_limits_are_refused_naming_the_variable() {
        for bad in ["0", "-1", "1.5", "many", "99999999999"] {
            let e = read(&[("LIMIT_BUYS_PER_SEC", bad)]).unwrap_err();
            assert_eq!(e.var, "LIMIT_BUYS_PER_SEC", "{bad}");
        }
        assert_eq!(
            read(&[("LIMIT_BACKEND", "redis")]).unwrap_err().var,
            "LIMIT_BACKEND"
        );
        assert_eq!(
            read(&[("LIMIT_BACKEND", "etcd")]).unwrap_err().var,
            "LIMIT_BACKEND"
        );
        let shared = read(&[("LIMIT_BACKEND", "redis"), ("REDIS_URL", "redis://x")]).unwrap();
        assert_eq!(shared.backend, LimitBackend::Redis);
        let ok = read(&[("LIMIT_MESSAGES_PER_MIN", "60")]).unwrap();
        assert_eq!(ok.messages_per_min.get(), 60);
    }
}
