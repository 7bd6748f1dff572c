//! `MINI_APP_URL`: the public https address of the Mini App (`/app/` behind the same proxy
//! as the webhook); with it, the chat menu button and sale cards open the Mini App.

use super::{ConfigError, err};

/// `MINI_APP_URL`, checked: https with a host; `None` when unset.
pub(super) fn mini_app_url(
    var: &impl Fn(&str) -> Option<String>,
) -> Result<Option<url::Url>, ConfigError> {
    let Some(raw) = var("MINI_APP_URL") else {
        return Ok(None);
    };
    raw.parse::<url::Url>()
        .ok()
        .filter(|u| u.scheme() == "https" && u.host_str().is_some())
        .map(Some)
        .ok_or_else(|| {
            err(
                "MINI_APP_URL",
                format!("{raw:?} is not an https URL"),
                "the public https address of /app/, e.g. https://shop.example.com/app/ (Telegram opens Mini Apps over https only), or unset it",
            )
        })
}

#[cfg(test)]
mod tests {
    use crate::config::tests::config;

    #[test]
    fn an_https_mini_app_url_is_kept() {
        let c = config(&[("MINI_APP_URL", "https://shop.example.com/app/")]).unwrap();
        assert_eq!(
            c.mini_app_url.map(|u| u.to_string()).as_deref(),
            Some("https://shop.example.com/app/")
        );
        assert!(config(&[]).unwrap().mini_app_url.is_none());
    }

    #[test]
    fn a_plain_http_or_garbled_mini_app_url_is_a_config_error() {
        for bad in [
            "http://shop.example.com/app/",
            "shop.example.com",
            "https://",
        ] {
            let e = config(&[("MINI_APP_URL", bad)]).unwrap_err();
            assert_eq!(e.var, "MINI_APP_URL", "{bad}");
            assert!(e.to_string().contains("https"), "{e}");
        }
    }
}
