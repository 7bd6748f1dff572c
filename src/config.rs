//! Configuration from the environment (and `.env`), checked once at start.

use std::fmt;
use std::net::SocketAddr;

use crate::domain::UserId;

mod alerts;
mod broadcast;
mod lang;
mod limits;
mod mini_app;
mod secret;
mod startup;
mod webhook;
pub use alerts::AlertsConfig;
pub use broadcast::BroadcastConfig;
pub use limits::{LimitBackend, LimitsConfig};
pub use secret::Secret;
pub use webhook::{Webhook, WebhookSecret};

/// How log lines look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Pretty,
    Json,
}

/// Everything the process reads from its environment.
#[derive(Debug, Clone)]
pub struct Config {
    /// `DATABASE_URL`; a SQLite file when unset.
    pub database_url: Secret,
    /// `REDIS_URL`; the embedded gate when unset.
    pub redis_url: Option<Secret>,
    /// `REDIS_KEY_PREFIX`; prepended to every Redis key.
    pub redis_key_prefix: String,
    /// `ADMIN_IDS`; Telegram user ids with the admin role.
    pub admin_ids: Vec<UserId>,
    /// `DEFAULT_TZ`; the time zone times are shown and read in.
    pub default_tz: chrono_tz::Tz,
    /// `DEFAULT_LANG`; the language of sale posts in a channel or group that sets none.
    pub default_lang: crate::i18n::Locale,
    /// `PAY_WINDOW_SECS`; how long a won order stays pending before it expires.
    pub pay_window_secs: u32,
    /// `DB_MAX_CONNECTIONS`; the SQL connection pool size.
    pub db_max_connections: u32,
    /// `LOG_FORMAT`; pretty or json.
    pub log_format: LogFormat,
    /// `TELEGRAM_BOT_TOKEN`; without it only the local chat runs.
    pub telegram_token: Option<Secret>,
    /// `TELEGRAM_API_URL`; another Bot API server (self-hosted, or the tests' fake).
    pub telegram_api_url: Option<url::Url>,
    /// `BUTTON_SECRET`; signs inline buttons (default: derived from the bot token).
    pub button_secret: Option<Secret>,
    /// `WEBHOOK_URL` + `WEBHOOK_SECRET`; long polling when unset.
    pub webhook: Option<Webhook>,
    /// `HTTP_ADDR`; where `/healthz` (and the webhook) listen.
    pub http_addr: SocketAddr,
    /// `METRICS_ADDR`; when set, `/metrics`, `/readyz` and `/healthz` are served there
    /// instead of on `HTTP_ADDR` (which then serves only `/healthz` and the webhook).
    pub metrics_addr: Option<SocketAddr>,
    /// `LIMIT_*`; per-user and per-sale rate limits.
    pub limits: LimitsConfig,
    /// `OUTBOX_*`, `ANNOUNCE_STATUS_SECS`; bulk-sending pace.
    pub broadcast: BroadcastConfig,
    /// `ALERT_*`; when anomalies are told to the admins.
    pub alerts: AlertsConfig,
    /// `MIGRATE_ON_START`; false: `serve` checks the schema instead of migrating it.
    pub migrate_on_start: bool,
    /// `SOLD_OUT_MEMO`; false: every press after a sell-out still asks Redis.
    pub sold_out_memo: bool,
    /// `BOT_API_WARM_CONNECTIONS`; connections to the Bot API opened shortly before a sale
    /// starts (0: none).
    pub bot_api_warm_connections: u32,
    /// `MINI_APP_URL`; the public https address of the Mini App: the chat menu button and
    /// sale cards open it. Unset: neither.
    pub mini_app_url: Option<url::Url>,
}

/// The default store: a SQLite file in the working directory.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://flashsale.db?mode=rwc";

/// The default HTTP address: loopback, for a reverse proxy in front.
pub const DEFAULT_HTTP_ADDR: &str = "127.0.0.1:8080";

/// A variable that is set but wrong: its name, what is wrong, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub var: &'static str,
    pub problem: String,
    pub fix: &'static str,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} ({})", self.var, self.problem, self.fix)
    }
}

impl std::error::Error for ConfigError {}

fn err(var: &'static str, problem: impl Into<String>, fix: &'static str) -> ConfigError {
    ConfigError {
        var,
        problem: problem.into(),
        fix,
    }
}

impl Config {
    /// Reads `.env` (if present) and the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        let _ = dotenvy::dotenv();
        Self::from_lookup(|k| std::env::var(k).ok())
    }

    /// Builds the configuration from any variable lookup (tests pass a map).
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let var = |k: &str| {
            get(k)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };

        let database_url = var("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned());
        if !(database_url.starts_with("postgres://")
            || database_url.starts_with("postgresql://")
            || database_url.starts_with("sqlite:"))
        {
            return Err(err(
                "DATABASE_URL",
                "is not a postgres:// or sqlite: URL",
                "e.g. postgres://postgres@127.0.0.1:5432/flashsale, or unset it for a local SQLite file",
            ));
        }

        let redis_url = var("REDIS_URL");
        if let Some(u) = &redis_url
            && let Err(why) = crate::redis_link::RedisTarget::parse(u)
        {
            return Err(err(
                "REDIS_URL",
                format!("is not a redis:// URL or a comma-separated list of cluster nodes ({why})"),
                "e.g. redis://127.0.0.1:6379, or redis://10.0.0.1:7001,redis://10.0.0.2:7002 for a cluster, or unset it to use the in-process gate",
            ));
        }

        let admin_ids = match var("ADMIN_IDS") {
            None => Vec::new(),
            Some(list) => list
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| {
                    s.parse::<i64>()
                        .ok()
                        .and_then(|n| UserId::parse(n).ok())
                        .ok_or_else(|| {
                            err(
                                "ADMIN_IDS",
                                format!("{s:?} is not a Telegram user id"),
                                "a comma-separated list of numeric ids, e.g. 12345,67890",
                            )
                        })
                })
                .collect::<Result<_, _>>()?,
        };

        let default_tz = match var("DEFAULT_TZ") {
            None => chrono_tz::Asia::Shanghai,
            Some(name) => name.parse().map_err(|_| {
                err(
                    "DEFAULT_TZ",
                    format!("{name:?} is not a time zone"),
                    "an IANA name such as Asia/Shanghai or Europe/Berlin",
                )
            })?,
        };

        let pay_window_secs = number(&var, "PAY_WINDOW_SECS", 600, 30, 86_400)?;
        let db_max_connections = number(&var, "DB_MAX_CONNECTIONS", 16, 1, 1_000)?;
        let bot_api_warm_connections = number(&var, "BOT_API_WARM_CONNECTIONS", 128, 0, 1_024)?;

        let log_format = match var("LOG_FORMAT").as_deref() {
            None | Some("pretty") => LogFormat::Pretty,
            Some("json") => LogFormat::Json,
            Some(other) => {
                return Err(err(
                    "LOG_FORMAT",
                    format!("{other:?} is not a log format"),
                    "use pretty or json",
                ));
            }
        };

        let telegram_token = var("TELEGRAM_BOT_TOKEN");
        if let Some(t) = &telegram_token
            && !t.split_once(':').is_some_and(|(id, rest)| {
                !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()) && !rest.is_empty()
            })
        {
            return Err(err(
                "TELEGRAM_BOT_TOKEN",
                "does not look like a bot token",
                "paste the token @BotFather gave you, e.g. 123456:ABC-DEF...",
            ));
        }
        let telegram_api_url = match var("TELEGRAM_API_URL") {
            None => None,
            Some(u) => Some(
                u.parse::<url::Url>()
                    .ok()
                    .filter(|u| u.scheme().starts_with("http"))
                    .ok_or_else(|| {
                        err(
                            "TELEGRAM_API_URL",
                            format!("{u:?} is not an http(s) URL"),
                            "e.g. http://127.0.0.1:8081, or unset it to use api.telegram.org",
                        )
                    })?,
            ),
        };
        let button_secret = var("BUTTON_SECRET");
        if button_secret.as_ref().is_some_and(|s| s.len() < 16) {
            return Err(err(
                "BUTTON_SECRET",
                "is shorter than 16 characters",
                "use a long random string, or unset it to derive one from the bot token",
            ));
        }

        let webhook = webhook::from_vars(&var)?;
        let http_addr = var("HTTP_ADDR")
            .unwrap_or_else(|| DEFAULT_HTTP_ADDR.to_owned())
            .parse::<SocketAddr>()
            .map_err(|_| {
                err(
                    "HTTP_ADDR",
                    "is not a socket address",
                    "an IP and a port, e.g. 127.0.0.1:8080 or 0.0.0.0:8080",
                )
            })?;
        let metrics_addr = var("METRICS_ADDR")
            .map(|raw| {
                raw.parse::<SocketAddr>().ok().filter(|a| *a != http_addr).ok_or_else(|| {
                    err(
                        "METRICS_ADDR",
                        "is not a socket address other than HTTP_ADDR",
                        "an IP and a port apart from HTTP_ADDR, e.g. 127.0.0.1:9090, or unset it",
                    )
                })
            })
            .transpose()?;

        Ok(Self {
            telegram_token: telegram_token.map(Secret::from),
            telegram_api_url,
            button_secret: button_secret.map(Secret::from),
            webhook,
            http_addr,
            metrics_addr,
            database_url: Secret::from(database_url),
            redis_url: redis_url.map(Secret::from),
            redis_key_prefix: var("REDIS_KEY_PREFIX").unwrap_or_else(|| "fs:".to_owned()),
            admin_ids,
            default_tz,
            default_lang: lang::default_lang(&var)?,
            pay_window_secs,
            db_max_connections,
            log_format,
            limits: LimitsConfig::from_lookup(&var)?,
            broadcast: BroadcastConfig::from_vars(&var)?,
            alerts: AlertsConfig::from_lookup(&var)?,
            migrate_on_start: startup::migrate_on_start(&var)?,
            sold_out_memo: startup::sold_out_memo(&var)?,
            bot_api_warm_connections,
            mini_app_url: mini_app::mini_app_url(&var)?,
        })
    }
}

fn number(
    var: &impl Fn(&str) -> Option<String>,
    name: &'static str,
    default: u32,
    min: u32,
    max: u32,
) -> Result<u32, ConfigError> {
    let Some(raw) = var(name) else {
        return Ok(default);
    };
    match raw.parse::<u32>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err(ConfigError {
            var: name,
            problem: format!("{raw:?} is not a whole number from {min} to {max}"),
            fix: "fix the value or unset it for the default",
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    /// The configuration these variables give (the submodules' tests use it too).
    pub(super) fn config(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn nothing_set_means_sqlite_and_the_embedded_gate() {
        let c = config(&[]).unwrap();
        assert_eq!(c.database_url, DEFAULT_DATABASE_URL);
        assert!(c.redis_url.is_none());
        assert_eq!(c.log_format, LogFormat::Pretty);
    }

    #[test]
    fn each_bad_variable_is_named_in_the_error() {
        for (var, value) in [
            ("DATABASE_URL", "mysql://x"),
            ("REDIS_URL", "127.0.0.1:6379"),
            ("ADMIN_IDS", "12,abc"),
            ("DEFAULT_TZ", "Mars/Olympus"),
            ("DEFAULT_LANG", "klingon"),
            ("PAY_WINDOW_SECS", "-5"),
            ("BOT_API_WARM_CONNECTIONS", "5000"),
            ("LOG_FORMAT", "xml"),
            ("TELEGRAM_BOT_TOKEN", "not-a-token"),
            ("TELEGRAM_API_URL", "ftp://x"),
            ("BUTTON_SECRET", "short"),
            ("WEBHOOK_URL", "http://bot.example.com/tg"),
            ("WEBHOOK_SECRET", "has spaces"),
            ("HTTP_ADDR", "localhost"),
            ("LIMIT_BUY_BURST", "0"),
            ("LIMIT_SALE_BUYS_PER_SEC", "-3"),
            ("LIMIT_NOTICE_SECS", "soon"),
            ("ALERT_NEW_USERS", "0"),
            ("ALERT_CAPTCHA_STREAK", "-1"),
        ] {
            let e = config(&[(var, value)]).unwrap_err();
            assert_eq!(e.var, var);
            assert!(e.to_string().starts_with(var));
        }
    }

    #[test]
    fn admin_ids_are_parsed_from_a_comma_list() {
        let c = config(&[("ADMIN_IDS", " 1, 22 ,")]).unwrap();
        assert_eq!(c.admin_ids.len(), 2);
    }
}
