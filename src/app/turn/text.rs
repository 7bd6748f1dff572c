//! A typed message before it is understood: cleaned of control characters, `/lang`, and the
//! help every role starts from.

use crate::app::turn::action::Action;
use crate::app::turn::answer::Answer;
use crate::i18n::Msg;

/// The help text with its buttons.
pub(crate) fn help() -> Answer {
    Answer::new(Msg::new("help-intro"))
        .line(Msg::new("help-examples"))
        .button(Msg::new("button-list"), Action::List)
        .button(Msg::new("button-orders"), Action::Orders)
}

/// `/lang xx` -> `Some("xx")` (possibly empty).
pub(crate) fn lang_command(text: &str) -> Option<&str> {
    let rest = text.trim().strip_prefix("/lang")?;
    (rest.is_empty() || rest.starts_with(char::is_whitespace)).then(|| rest.trim())
}

/// Control characters become spaces; runs of whitespace collapse; ends are trimmed.
pub(crate) fn clean(raw: &str) -> String {
    raw.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_and_extra_spaces_are_cleaned_away() {
        assert_eq!(clean("\u{0}buy\t\t2\r\n airpods\u{7f}"), "buy 2 airpods");
        assert_eq!(clean("\u{1b}[2J"), "[2J");
        assert_eq!(clean(" \n "), "");
    }

    #[test]
    fn lang_command_takes_an_optional_argument() {
        assert_eq!(lang_command("/lang zh"), Some("zh"));
        assert_eq!(lang_command("/lang"), Some(""));
        assert_eq!(lang_command("/language"), None);
        assert_eq!(lang_command("lang zh"), None);
    }
}
