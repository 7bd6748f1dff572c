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

/// What a customer's command `name` (lower case, without `/` and `@bot`) asks for: `/start`,
/// `/help`, `/list`, `/sales` and `/orders`, also in the spellings people type for them
/// (`/my_orders`, `/MyOrders`, `/order`, `/sale`, `/lists`). Only these read-only commands
/// are guessed at; anything else is not a command the bot knows.
pub(crate) fn customer_command(name: &str) -> Option<Action> {
    let letters: String = name.chars().filter(|c| c.is_alphanumeric()).collect();
    let word = letters.strip_prefix("my").unwrap_or(&letters);
    let word = word.strip_suffix('s').unwrap_or(word);
    match word {
        "start" | "help" => Some(Action::Help),
        "list" | "sale" => Some(Action::List),
        "order" => Some(Action::Orders),
        _ => None,
    }
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
    fn the_customer_commands_are_known_in_the_spellings_people_type() {
        for (name, action) in [
            ("orders", Action::Orders),
            ("myorders", Action::Orders),
            ("my_orders", Action::Orders),
            ("my-order", Action::Orders),
            ("order", Action::Orders),
            ("sales", Action::List),
            ("mysales", Action::List),
            ("list", Action::List),
            ("start", Action::Help),
            ("help", Action::Help),
        ] {
            assert_eq!(customer_command(name), Some(action), "/{name}");
        }
        for name in [
            "buy",
            "mybuy",
            "my",
            "s",
            "",
            "orderz",
            "cancel",
            "stock",
            "我的订单",
        ] {
            assert_eq!(customer_command(name), None, "/{name}");
        }
    }

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
