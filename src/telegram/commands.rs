//! Bot commands: turning `/sales`, `/start sale_42`, … into what the assistant understands,
//! and the command menu registered with Telegram in each language.

use teloxide::types::BotCommand;

use crate::app::turn::commands;
use crate::app::{Action, Content};
use crate::domain::{OrderSource, SaleId};
use crate::i18n::{Locale, Msg, Texts};
use crate::store::Role;

/// The customers' menu for one language: the command table's customer commands, with
/// descriptions rendered from the locale files.
pub fn menu(texts: &Texts, locale: Locale) -> Vec<BotCommand> {
    role_menu(texts, locale, Role::Customer)
}

/// The menu of someone with `role` (their commands and every command below it); staff see
/// `/orders` described as its staff form (a sale's orders).
pub fn role_menu(texts: &Texts, locale: Locale, role: Role) -> Vec<BotCommand> {
    commands::for_role(role)
        .map(|c| {
            let about = if c.name == "orders" && role != Role::Customer {
                commands::ORDERS_OF_SALE
            } else {
                c.about
            };
            BotCommand::new(c.name, texts.render(locale, &Msg::new(about)))
        })
        .collect()
}

/// The admins' menu for one language: every command in the table.
pub fn staff_menu(texts: &Texts, locale: Locale) -> Vec<BotCommand> {
    role_menu(texts, locale, Role::Admin)
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
            // From a post's toast after a win: the order and how to pay.
            None if arg == "orders" => Action::Orders,
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

/// `sale_42` from a `t.me/bot?start=sale_42` link (or `sale_42_p7`, with a source).
fn deep_link_sale(arg: &str) -> Option<SaleId> {
    let rest = arg.strip_prefix("sale_")?;
    let number = rest.split_once('_').map_or(rest, |(n, _)| n);
    number
        .parse::<i64>()
        .ok()
        .and_then(|n| SaleId::parse(n).ok())
}

/// The sale and the source a `/start sale_42_p7` (a post) or `/start sale_42_s123` (a
/// share) message carries: a deep link fits Telegram's 64-character start parameter.
pub fn deep_link_source(text: &str) -> Option<(SaleId, OrderSource)> {
    let arg = text.trim().strip_prefix("/start")?.trim();
    let sale = deep_link_sale(arg)?;
    let (_, code) = arg.strip_prefix("sale_")?.split_once('_')?;
    Some((sale, OrderSource::parse(code)?))
}

/// The deep link that opens `sale` in the bot `username`, with `source` when there is one.
pub fn sale_link(username: &str, sale: SaleId, source: Option<OrderSource>) -> String {
    match source {
        Some(source) => format!(
            "https://t.me/{username}?start=sale_{sale}_{}",
            source.code()
        ),
        None => format!("https://t.me/{username}?start=sale_{sale}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::UserId;

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
    fn deep_links_carry_a_source_within_telegrams_limit() {
        let sale = SaleId::parse(42).unwrap();
        let sharer = OrderSource::Share(UserId::parse(9_007_199_254_740_991).unwrap());
        let link = sale_link("fs_bot", sale, Some(sharer));
        let start = link.split_once("?start=").unwrap().1;
        assert!(start.len() <= 64, "{start}");
        let text = format!("/start {start}");
        assert_eq!(interpret(&text, "fs_bot"), button(Action::Info(sale)));
        assert_eq!(deep_link_source(&text), Some((sale, sharer)));
        assert_eq!(
            deep_link_source("/start sale_42_p7"),
            Some((sale, OrderSource::Post(7)))
        );
        assert_eq!(deep_link_source("/start sale_42"), None);
        assert_eq!(deep_link_source("/start sale_42_x7"), None);
        assert_eq!(
            interpret("/start sale_42_x7", "b"),
            button(Action::Info(sale))
        );
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
