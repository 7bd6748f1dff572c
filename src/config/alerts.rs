//! Alert thresholds (`ALERT_*` variables); zero or nonsense fails at start.

use super::{ConfigError, number};

/// When anomalies become alerts for the admins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AlertsConfig {
    /// `ALERT_NEW_USERS`: new users (first seen in the last ten minutes) buying in a sale's
    /// first seconds that count as a burst.
    pub new_user_burst: u32,
    /// `ALERT_NEW_USER_SECS`: how many seconds after a sale's start the burst is counted.
    pub new_user_window_secs: u32,
    /// `ALERT_CAPTCHA_STREAK`: wrong captcha answers in a row by one user.
    pub captcha_streak: u32,
    /// `ALERT_CAPTCHA_FAILURES`: wrong captcha answers within a minute, across users.
    pub captcha_failures: u32,
}

impl Default for AlertsConfig {
    fn default() -> Self {
        Self {
            new_user_burst: 50,
            new_user_window_secs: 10,
            captcha_streak: 5,
            captcha_failures: 30,
        }
    }
}

impl AlertsConfig {
    /// Reads the `ALERT_*` variables through `var`; unset ones keep their defaults.
    pub fn from_lookup(var: &impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let d = Self::default();
        Ok(Self {
            new_user_burst: number(var, "ALERT_NEW_USERS", d.new_user_burst, 1, 1_000_000)?,
            new_user_window_secs: number(
                var,
                "ALERT_NEW_USER_SECS",
                d.new_user_window_secs,
                1,
                3_600,
            )?,
            captcha_streak: number(var, "ALERT_CAPTCHA_STREAK", d.captcha_streak, 1, 1_000)?,
            captcha_failures: number(
                var,
                "ALERT_CAPTCHA_FAILURES",
                d.captcha_failures,
                1,
                1_000_000,
            )?,
        })
    }
}
