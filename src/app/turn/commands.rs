//! The one command table: every slash command with the least role it needs and its
//! description key. It drives the Telegram menus (per role), `/help` (per role) and the role
//! check before a staff command runs, so the three can never drift apart.

use crate::store::Role;

/// One slash command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Command {
    /// The name typed after the slash.
    pub name: &'static str,
    /// The least role that may run it.
    pub role: Role,
    /// The locale key of its description (menus and help).
    pub about: &'static str,
}

const fn cmd(name: &'static str, role: Role, about: &'static str) -> Command {
    Command { name, role, about }
}

/// Every command, in menu order: customers', then merchants', then admins'.
pub const COMMANDS: &[Command] = &[
    cmd("start", Role::Customer, "tg-cmd-start"),
    cmd("sales", Role::Customer, "tg-cmd-sales"),
    cmd("orders", Role::Customer, "tg-cmd-orders"),
    cmd("lang", Role::Customer, "tg-cmd-lang"),
    cmd("help", Role::Customer, "tg-cmd-help"),
    cmd("mysales", Role::Merchant, "tg-cmd-mysales"),
    cmd("newsale", Role::Merchant, "tg-cmd-newsale"),
    cmd("editsale", Role::Merchant, "tg-cmd-editsale"),
    cmd("stock", Role::Merchant, "tg-cmd-stock"),
    cmd("stats", Role::Merchant, "tg-cmd-stats"),
    cmd("cancelsale", Role::Merchant, "tg-cmd-cancelsale"),
    cmd("restock", Role::Merchant, "tg-cmd-restock"),
    cmd("announce", Role::Merchant, "tg-cmd-announce"),
    cmd("faq", Role::Merchant, "tg-cmd-faq"),
    cmd("channel", Role::Merchant, "tg-cmd-channel"),
    cmd("post", Role::Merchant, "tg-cmd-post"),
    cmd("grant", Role::Admin, "tg-cmd-grant"),
    cmd("revoke", Role::Admin, "tg-cmd-revoke"),
    cmd("block", Role::Admin, "tg-cmd-block"),
    cmd("unblock", Role::Admin, "tg-cmd-unblock"),
    cmd("users", Role::Admin, "tg-cmd-users"),
    cmd("audit", Role::Admin, "tg-cmd-audit"),
    cmd("reconcile", Role::Admin, "tg-cmd-reconcile"),
];

/// `/orders <sale>` (a sale's orders as a file) is the staff form of the customer's
/// `/orders`; its description replaces the customer's in staff menus and help.
pub const ORDERS_OF_SALE: &str = "tg-cmd-orders-sale";

/// Orders roles: customer < merchant < admin.
pub(crate) fn rank(role: Role) -> u8 {
    match role {
        Role::Customer => 0,
        Role::Merchant => 1,
        Role::Admin => 2,
    }
}

/// The commands someone with `role` may run (their menu), in menu order.
pub fn for_role(role: Role) -> impl Iterator<Item = &'static Command> {
    COMMANDS.iter().filter(move |c| rank(c.role) <= rank(role))
}

/// The least role a staff command needs; `None` for customer commands and unknown names.
/// `/orders` with an argument is the staff form (a sale's orders).
pub(crate) fn staff_role(name: &str, args: &[&str]) -> Option<Role> {
    if name == "orders" && !args.is_empty() {
        return Some(Role::Merchant);
    }
    COMMANDS
        .iter()
        .find(|c| c.name == name)
        .map(|c| c.role)
        .filter(|r| *r != Role::Customer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_valid_for_telegram_menus() {
        for (i, c) in COMMANDS.iter().enumerate() {
            assert!(
                c.name.len() <= 32
                    && c.name
                        .chars()
                        .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_'),
                "{}",
                c.name
            );
            assert!(
                COMMANDS[i + 1..].iter().all(|o| o.name != c.name),
                "{}",
                c.name
            );
        }
    }

    #[test]
    fn each_role_sees_its_commands_and_those_below_it() {
        let names = |r| for_role(r).map(|c| c.name).collect::<Vec<_>>();
        let (customer, merchant, admin) = (
            names(Role::Customer),
            names(Role::Merchant),
            names(Role::Admin),
        );
        assert!(customer.contains(&"sales") && !customer.contains(&"newsale"));
        assert!(merchant.contains(&"newsale") && !merchant.contains(&"block"));
        assert!(admin.contains(&"block") && admin.contains(&"unblock"));
        assert_eq!(admin.len(), COMMANDS.len());
    }

    #[test]
    fn staff_commands_need_their_role_and_customer_commands_none() {
        assert_eq!(staff_role("restock", &[]), Some(Role::Merchant));
        assert_eq!(staff_role("unblock", &["42"]), Some(Role::Admin));
        assert_eq!(staff_role("orders", &["7"]), Some(Role::Merchant));
        assert_eq!(staff_role("orders", &[]), None);
        assert_eq!(staff_role("sales", &[]), None);
        assert_eq!(staff_role("nonsense", &[]), None);
    }
}
