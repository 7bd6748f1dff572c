//! [`Secret`]: a configured value that must never reach a log line (the bot token, the
//! button secret, URLs that may carry a password). `Debug` prints `[redacted]`; there is no
//! `Display`; the value itself is read with [`Secret::expose`] (or through `Deref`, where a
//! `&str` is wanted).

use std::fmt;
use std::ops::Deref;

/// A string that `{:?}` prints as `[redacted]`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps `value`.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The value itself, for the one place that uses it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}

impl Deref for Secret {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl PartialEq<&str> for Secret {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_shows_no_part_of_the_value() {
        let s = Secret::new("postgres://u:hunter2@db/x");
        assert_eq!(format!("{s:?}"), "[redacted]");
        assert_eq!(format!("{:?}", Some(s.clone())), "Some([redacted])");
        assert_eq!(s.expose(), "postgres://u:hunter2@db/x");
    }

    #[test]
    fn the_config_debug_prints_no_token_secret_or_password() {
        let vars = [
            (
                "DATABASE_URL",
                "postgres://shop:db-pass-4711@127.0.0.1:5432/flashsale",
            ),
            ("REDIS_URL", "redis://:redis-pass-4712@127.0.0.1:6379"),
            ("TELEGRAM_BOT_TOKEN", "123456:tok-AAAA-4713"),
            ("BUTTON_SECRET", "button-secret-4714-long-enough"),
            ("WEBHOOK_URL", "https://bot.example.com/tg/hook"),
            ("WEBHOOK_SECRET", "webhook_secret_4715_long"),
        ];
        let config = crate::config::Config::from_lookup(|k| {
            vars.iter()
                .find(|(name, _)| *name == k)
                .map(|(_, v)| (*v).to_owned())
        })
        .expect("a valid config");
        let printed = format!("{config:?}");
        for secret in [
            "db-pass-4711",
            "redis-pass-4712",
            "tok-AAAA-4713",
            "button-secret-4714",
            "webhook_secret_4715",
        ] {
            assert!(!printed.contains(secret), "{secret} printed in {printed}");
        }
        assert!(printed.contains("[redacted]"));
    }
}
