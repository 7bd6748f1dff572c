//! `WEBHOOK_URL` and `WEBHOOK_SECRET`: webhook mode, checked together at start.

use std::fmt;

use super::{ConfigError, err};

/// Webhook mode: the public URL Telegram posts to and the secret it must send along.
#[derive(Debug, Clone)]
pub struct Webhook {
    /// `WEBHOOK_URL`: https, a port Telegram posts to, a plain path (served locally).
    pub url: url::Url,
    /// `WEBHOOK_SECRET`.
    pub secret: WebhookSecret,
}

impl Webhook {
    /// The local route: the URL's path (a proxy forwards it unchanged).
    pub fn path(&self) -> &str {
        self.url.path()
    }
}

/// Telegram's `secret_token` (1-256 characters of `A-Za-z0-9_-`), and at least 16 of them
/// so it cannot be guessed; never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct WebhookSecret(String);

impl WebhookSecret {
    /// The fewest characters accepted.
    pub const MIN_LEN: usize = 16;

    /// Accepts what Telegram accepts as `secret_token`, from [`Self::MIN_LEN`] characters.
    pub fn parse(s: &str) -> Option<Self> {
        let ok = (Self::MIN_LEN..=256).contains(&s.len())
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        ok.then(|| Self(s.to_owned()))
    }

    /// The secret itself, for `setWebhook` and the header check.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for WebhookSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("WebhookSecret(..)")
    }
}

/// Webhook mode when `WEBHOOK_URL` is set (then `WEBHOOK_SECRET` is required).
pub(super) fn from_vars(
    var: &impl Fn(&str) -> Option<String>,
) -> Result<Option<Webhook>, ConfigError> {
    let secret = match var("WEBHOOK_SECRET") {
        None => None,
        Some(s) => Some(WebhookSecret::parse(&s).ok_or_else(|| {
            err(
                "WEBHOOK_SECRET",
                "is not 16-256 characters of A-Z, a-z, 0-9, _ and -",
                "use a random string of those characters, e.g. from `openssl rand -hex 32`",
            )
        })?),
    };
    let Some(raw) = var("WEBHOOK_URL") else {
        return Ok(None);
    };
    let url = raw
        .parse::<url::Url>()
        .ok()
        .filter(|u| u.scheme() == "https" && u.host_str().is_some())
        .ok_or_else(|| {
            err(
                "WEBHOOK_URL",
                format!("{raw:?} is not an https URL"),
                "the public https URL Telegram posts to, or unset it for long polling",
            )
        })?;
    if !matches!(url.port_or_known_default(), Some(443 | 80 | 88 | 8443)) {
        return Err(err(
            "WEBHOOK_URL",
            "uses a port Telegram does not post to",
            "use port 443, 80, 88 or 8443 and proxy it to HTTP_ADDR",
        ));
    }
    let path = url.path();
    let plain = path
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"/-._~".contains(&b));
    if !plain || path == "/healthz" {
        return Err(err(
            "WEBHOOK_URL",
            format!("path {path:?} cannot be served"),
            "use a path of letters, digits, - . _ ~ and /, other than /healthz, e.g. /telegram",
        ));
    }
    let secret = secret.ok_or_else(|| {
        err(
            "WEBHOOK_SECRET",
            "is required when WEBHOOK_URL is set",
            "set it to 16-256 random characters of A-Z, a-z, 0-9, _ and -",
        )
    })?;
    Ok(Some(Webhook { url, secret }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::DEFAULT_HTTP_ADDR;
    use crate::config::tests::config;

    #[test]
    fn without_a_webhook_url_the_bot_polls_and_health_is_on_loopback() {
        let c = config(&[]).unwrap();
        assert!(c.webhook.is_none());
        assert_eq!(c.http_addr.to_string(), DEFAULT_HTTP_ADDR);
    }

    #[test]
    fn a_webhook_url_with_a_secret_enables_webhook_mode_on_its_path() {
        let c = config(&[
            ("WEBHOOK_URL", "https://bot.example.com/tg/hook"),
            ("WEBHOOK_SECRET", "s3cret_-X-0123456"),
            ("HTTP_ADDR", "0.0.0.0:9000"),
        ])
        .unwrap();
        let w = c.webhook.unwrap();
        assert_eq!(w.path(), "/tg/hook");
        assert_eq!(w.secret.expose(), "s3cret_-X-0123456");
        assert_eq!(c.http_addr.port(), 9000);
        assert!(
            !format!("{w:?}").contains("s3cret"),
            "the secret is never printed"
        );
    }

    #[test]
    fn a_short_webhook_secret_is_refused_with_one_line_naming_the_fix() {
        let e = config(&[
            ("WEBHOOK_URL", "https://bot.example.com/tg"),
            ("WEBHOOK_SECRET", "x"),
        ])
        .unwrap_err();
        assert_eq!(e.var, "WEBHOOK_SECRET");
        let line = e.to_string();
        assert!(line.contains("16-256 characters"), "{line}");
        assert!(line.contains("openssl rand -hex 32"), "{line}");
        assert!(!line.contains('\n'), "one line: {line}");
    }

    #[test]
    fn a_webhook_url_without_a_secret_names_webhook_secret() {
        let e = config(&[("WEBHOOK_URL", "https://bot.example.com/tg")]).unwrap_err();
        assert_eq!(e.var, "WEBHOOK_SECRET");
    }

    #[test]
    fn webhook_urls_telegram_cannot_reach_or_we_cannot_route_are_refused() {
        for url in [
            "http://bot.example.com/tg",
            "https://bot.example.com:8080/tg",
            "https://bot.example.com/healthz",
            "https://bot.example.com/{x}",
            "https://bot.example.com/:x",
            "https://bot.example.com/*x",
            "not a url",
        ] {
            let e = config(&[
                ("WEBHOOK_URL", url),
                ("WEBHOOK_SECRET", "ok_0123456789abcdef"),
            ])
            .unwrap_err();
            assert_eq!(e.var, "WEBHOOK_URL", "{url}");
        }
    }

    #[test]
    fn webhook_secrets_follow_telegrams_rules() {
        assert!(WebhookSecret::parse("A-z_09-A-z_09-A-").is_some());
        assert!(
            WebhookSecret::parse("A-z_09-A-z_09-A").is_none(),
            "15 characters"
        );
        assert!(WebhookSecret::parse("x").is_none());
        assert!(WebhookSecret::parse(&"a".repeat(256)).is_some());
        assert!(WebhookSecret::parse(&"a".repeat(257)).is_none());
        assert!(WebhookSecret::parse("").is_none());
        assert!(WebhookSecret::parse(&"ü".repeat(16)).is_none());
    }
}
