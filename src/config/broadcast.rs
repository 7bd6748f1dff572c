//! Bulk-sending pace (`OUTBOX_*`, `ANNOUNCE_STATUS_SECS`): the free and paid global rates,
//! how many sends may be in flight, and how often an announcement's status is edited.

use super::{ConfigError, err};

/// How fast bot-initiated messages go out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BroadcastConfig {
    /// `OUTBOX_PER_SEC`: messages a second across all chats without paid broadcasts (29).
    pub free_per_sec: u32,
    /// `OUTBOX_PAID_PER_SEC`: messages a second with `allow_paid_broadcast` (1,000).
    pub paid_per_sec: u32,
    /// `OUTBOX_CONCURRENCY`: sends in flight at once (the pacer still spaces their starts).
    pub concurrency: u32,
    /// `ANNOUNCE_STATUS_SECS`: seconds between two edits of an announcement's status message.
    pub status_every_secs: u32,
}

impl Default for BroadcastConfig {
    fn default() -> Self {
        Self {
            free_per_sec: 29,
            paid_per_sec: 1_000,
            concurrency: 32,
            status_every_secs: 3,
        }
    }
}

impl BroadcastConfig {
    /// Reads the variables; a missing one keeps its default, a bad one is named in the error.
    pub fn from_vars(var: &impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let d = Self::default();
        Ok(Self {
            free_per_sec: rate(var, "OUTBOX_PER_SEC", d.free_per_sec, 100_000)?,
            paid_per_sec: rate(var, "OUTBOX_PAID_PER_SEC", d.paid_per_sec, 100_000)?,
            concurrency: rate(var, "OUTBOX_CONCURRENCY", d.concurrency, 1_000)?,
            status_every_secs: rate(var, "ANNOUNCE_STATUS_SECS", d.status_every_secs, 300)?,
        })
    }
}

fn rate(
    var: &impl Fn(&str) -> Option<String>,
    name: &'static str,
    default: u32,
    max: u32,
) -> Result<u32, ConfigError> {
    let Some(raw) = var(name) else {
        return Ok(default);
    };
    match raw.parse::<u32>() {
        Ok(n) if (1..=max).contains(&n) => Ok(n),
        _ => Err(err(
            name,
            format!("{raw:?} is not a whole number from 1 to {max}"),
            "a positive whole number, or unset it for the default",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn read(pairs: &[(&str, &str)]) -> Result<BroadcastConfig, ConfigError> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        BroadcastConfig::from_vars(&|k: &str| map.get(k).cloned())
    }

    #[test]
    fn unset_means_telegrams_limits() {
        assert_eq!(read(&[]).unwrap(), BroadcastConfig::default());
        assert_eq!(
            read(&[("OUTBOX_PER_SEC", "500")]).unwrap().free_per_sec,
            500
        );
    }

    #[test]
    fn zero_negative_or_garbage_names_the_variable() {
        for var in [
            "OUTBOX_PER_SEC",
            "OUTBOX_PAID_PER_SEC",
            "OUTBOX_CONCURRENCY",
            "ANNOUNCE_STATUS_SECS",
        ] {
            for bad in ["0", "-3", "fast", "1.5"] {
                let e = read(&[(var, bad)]).unwrap_err();
                assert_eq!(e.var, var);
                assert!(e.to_string().starts_with(var), "{e}");
            }
        }
    }
}
