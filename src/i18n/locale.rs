//! The languages flashsale speaks and how a Telegram or `LANG` code picks one.

use unic_langid::{LanguageIdentifier, langid};

/// A supported locale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Locale {
    /// English, the fallback.
    En,
    /// Simplified Chinese.
    ZhCn,
}

impl Locale {
    /// Every locale.
    pub const ALL: [Locale; 2] = [Locale::En, Locale::ZhCn];

    /// Picks a locale from a Telegram `language_code`, a stored preference or `LANG`
    /// ("zh", "zh-hans", "zh_CN.UTF-8" -> zh-CN); anything else or nothing -> en.
    pub fn from_code(code: Option<&str>) -> Self {
        let Some(code) = code else {
            return Locale::En;
        };
        let lang = code
            .split(['-', '_', '.', '@'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        if lang == "zh" {
            Locale::ZhCn
        } else {
            Locale::En
        }
    }

    /// Reads a `/lang` argument: en, english, zh, cn, 中文 ...; `None` when not a language.
    pub fn from_choice(choice: &str) -> Option<Self> {
        match choice.trim().to_lowercase().as_str() {
            "en" | "english" | "英文" | "英语" => Some(Locale::En),
            "zh" | "cn" | "zh-cn" | "zh-hans" | "chinese" | "中文" | "汉语" | "简体" => {
                Some(Locale::ZhCn)
            }
            _ => None,
        }
    }

    /// The primary language subtag (`en`, `zh`): what a signed button carries, and what
    /// [`Locale::from_code`] reads back.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::ZhCn => "zh",
        }
    }

    /// The BCP 47 code stored for the user and shown in logs.
    pub fn code(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::ZhCn => "zh-CN",
        }
    }

    /// The identifier Fluent uses for plural rules.
    pub fn langid(self) -> LanguageIdentifier {
        match self {
            Locale::En => langid!("en"),
            Locale::ZhCn => langid!("zh-CN"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_codes_in_any_spelling_pick_simplified_chinese() {
        for code in ["zh", "zh-hans", "zh-CN", "ZH-cn", "zh_CN.UTF-8", "zh-TW"] {
            assert_eq!(Locale::from_code(Some(code)), Locale::ZhCn, "{code}");
        }
    }

    #[test]
    fn other_or_missing_codes_fall_back_to_english() {
        for code in ["en", "en-US", "de", "", "C.UTF-8", "zhx"] {
            assert_eq!(Locale::from_code(Some(code)), Locale::En, "{code}");
        }
        assert_eq!(Locale::from_code(None), Locale::En);
    }

    #[test]
    fn lang_command_choices_are_read_in_both_languages() {
        assert_eq!(Locale::from_choice("zh"), Some(Locale::ZhCn));
        assert_eq!(Locale::from_choice(" EN "), Some(Locale::En));
        assert_eq!(Locale::from_choice("中文"), Some(Locale::ZhCn));
        assert_eq!(Locale::from_choice("klingon"), None);
    }
}
