//! `DEFAULT_LANG`: the language of sale posts in a channel or group that sets none.

use super::{ConfigError, err};
use crate::i18n::Locale;

/// `DEFAULT_LANG` (en or zh; default en).
pub(super) fn default_lang(var: &impl Fn(&str) -> Option<String>) -> Result<Locale, ConfigError> {
    match var("DEFAULT_LANG") {
        None => Ok(Locale::En),
        Some(raw) => Locale::from_choice(&raw).ok_or_else(|| {
            err(
                "DEFAULT_LANG",
                format!("{raw:?} is not a language flashsale speaks"),
                "use en or zh",
            )
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(v: Option<&str>) -> Result<Locale, ConfigError> {
        default_lang(&|_: &str| v.map(str::to_owned))
    }

    #[test]
    fn posts_default_to_english_unless_chinese_is_chosen() {
        assert_eq!(parse(None).ok(), Some(Locale::En));
        assert_eq!(parse(Some("zh")).ok(), Some(Locale::ZhCn));
        assert_eq!(parse(Some("zh-CN")).ok(), Some(Locale::ZhCn));
        assert_eq!(parse(Some("fr")).err().map(|e| e.var), Some("DEFAULT_LANG"));
    }
}
