//! The language a message is written in, so a Chinese message gets a Chinese answer even
//! when the transport says `en` (and an English one an English answer).

use crate::i18n::Locale;

/// One script alone names the language; in a mix, the one at least twice the other (Han
/// characters against Latin words, and not a word or two: "我要两个airpods" is Chinese).
/// `None` for a short or even mix ("tea, 茶", "airpods, 耳机"), commands, numbers and
/// emoji alone: the language code decides those.
pub(crate) fn written_in(text: &str) -> Option<Locale> {
    if text.trim_start().starts_with('/') {
        return None;
    }
    let han = text.chars().filter(|c| is_han(*c)).count();
    let words = text
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| !w.is_empty())
        .count();
    match (han, words) {
        (0, 0) => None,
        (0, _) => Some(Locale::En),
        (_, 0) => Some(Locale::ZhCn),
        (h, w) if h >= 3 && h >= 2 * w => Some(Locale::ZhCn),
        (h, w) if w >= 2 && w >= 2 * h => Some(Locale::En),
        _ => None,
    }
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' | '\u{f900}'..='\u{faff}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_of_the_message_names_its_language() {
        assert_eq!(written_in("我要两个耳机"), Some(Locale::ZhCn));
        assert_eq!(written_in("我要两个airpods"), Some(Locale::ZhCn));
        assert_eq!(written_in("airpods, 耳机"), None);
        assert_eq!(written_in("buy 2 airpods"), Some(Locale::En));
        assert_eq!(written_in("buy the airpods 耳机 please"), Some(Locale::En));
        assert_eq!(written_in("tea, 茶"), None);
        assert_eq!(written_in("/orders"), None);
        assert_eq!(written_in("2"), None);
        assert_eq!(written_in("🤣🤣"), None);
    }
}
