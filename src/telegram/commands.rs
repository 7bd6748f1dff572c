//! Bot commands: turning `/sales`, `/start sale_42`, … into what the assistant understands,
//! and the command menu registered with Telegram in each language.

use teloxide::types::BotCommand;

use crate::app::{Action, Content};
use crate::domain::SaleId;
use crate::i18n::{Locale, Msg, Texts};

/// The customer commands, in menu order, with their description keys.
const MENU: [(&str, &str); 5] = [
    ("start", "tg-cmd-start"),
    ("sales", "tg-cmd-sales"),
    ("orders", "tg-cmd-orders"),
    ("lang", "tg-cmd-lang"),
    ("help", "tg-cmd-help"),
];

/// What admins see on top of the customer menu (`orders` there already covers `/orders <sale>`).
const STAFF_MENU: &[(&str, &str)] = &[
    ("mysales", "tg-cmd-mysales"),
    ("newsale", "tg-cmd-newsale"),
    ("editsale", "tg-cmd-editsale"),
    ("stock", "tg-cmd-stock"),
    ("stats", "tg-cmd-stats"),
    ("cancelsale", "tg-cmd-cancelsale"),
    ("restock", "tg-cmd-restock"),
    ("announce", "tg-cmd-announce"),
    ("grant", "tg-cmd-grant"),
    ("revoke", "tg-cmd-revoke"),
    ("reconcile", "tg-cmd-reconcile"),
    ("audit", "tg-cmd-audit"),
    ("users", "tg-cmd-users"),
];

/// The menu for one language, descriptions rendered from the locale files.
pub fn menu(texts: &Texts, locale: Locale) -> Vec<BotCommand> {
    render(texts, locale, &MENU)
}

/// The admins' menu for one language: the customer menu and the staff commands.
pub fn staff_menu(texts: &Texts, locale: Locale) -> Vec<BotCommand> {
    let mut commands = menu(texts, locale);
    if let Some(orders) = commands.iter_mut().find(|c| c.command == "orders") {
        orders.description = texts.render(locale, &Msg::new("tg-cmd-orders-sale"));
    }
    commands.extend(render(texts, locale, STAFF_MENU));
    commands
}

fn render(texts: &Texts, locale: Locale, entries: &[(&str, &'static str)]) -> Vec<BotCommand> {
    entries
        .iter()
        .map(|(cmd, key)| BotCommand::new(*cmd, texts.render(locale, &Msg::new(key))))
        .collect()
}

/// What a message means to the assistant. Commands may carry `@botname` (groups);
/// `bot_username` is compared without case. `None`: a command for another bot.
pub fn interpret(text: &str, bot_username: &str) -> Option<Content> {
    let trimmed = text.trim();
    let Some(rest) = trimmed.strip_prefix('/') else {
        return Some(Content::Text(trimmed.to_owned()));
    };
    let (head, arg) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
    let (cmd, addressee) = head.split_once('@').unwrap_or((head, ""));
    if !addressee.is_empty() && !addressee.eq_ignore_ascii_case(bot_username) {
        return None;
    }
    let arg = arg.trim();
    let action = match cmd.to_ascii_lowercase().as_str() {
        "start" => match deep_link_sale(arg) {
            Some(sale) => Action::Info(sale),
            None => Action::List,
        },
        "sales" => Action::List,
        "orders" if arg.is_empty() => Action::Orders,
        "help" => Action::Help,
        // `/lang …`, `/orders <sale>` (staff) and unknown commands go to the assistant as text, which answers them.
        _ => {
            let text = if arg.is_empty() {
                format!("/{cmd}")
            } else {
                format!("/{cmd} {arg}")
            };
            return Some(Content::Text(text));
        }
    };
    Some(Content::Button(action.payload()))
}

/// `sale_42` from a `t.me/bot?start=sale_42` link.
fn deep_link_sale(arg: &str) -> Option<SaleId> {
    arg.strip_prefix("sale_")?
        .parse::<i64>()
        .ok()
        .and_then(|n| SaleId::parse(n).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn button(a: Action) -> Option<Content> {
        Some(Content::Button(a.payload()))
    }

    #[test]
    fn commands_map_to_assistant_actions() {
        assert_eq!(interpret("/sales", "fs_bot"), button(Action::List));
        assert_eq!(
            interpret("/orders@FS_bot", "fs_bot"),
            button(Action::Orders)
        );
        assert_eq!(interpret("/start", "fs_bot"), button(Action::List));
        let sale = SaleId::parse(42).unwrap();
        assert_eq!(
            interpret("/start sale_42", "fs_bot"),
            button(Action::Info(sale))
        );
        assert_eq!(interpret("/start sale_-1", "fs_bot"), button(Action::List));
    }

    #[test]
    fn lang_unknown_commands_and_text_reach_the_assistant_as_text() {
        assert_eq!(
            interpret("/lang zh", "b"),
            Some(Content::Text("/lang zh".into()))
        );
        assert_eq!(
            interpret("/frobnicate", "b"),
            Some(Content::Text("/frobnicate".into()))
        );
        assert_eq!(
            interpret(" buy 2 airpods ", "b"),
            Some(Content::Text("buy 2 airpods".into()))
        );
    }

    #[test]
    fn orders_with_a_sale_number_is_the_staff_query() {
        assert_eq!(
            interpret("/orders 12", "b"),
            Some(Content::Text("/orders 12".into()))
        );
    }

    #[test]
    fn a_command_for_another_bot_is_ignored() {
        assert_eq!(interpret("/sales@other_bot", "fs_bot"), None);
    }
}
