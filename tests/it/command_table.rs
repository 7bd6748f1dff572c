//! The one command table drives `/help` per role, the Telegram menus and the role checks:
//! every command shows up where its role says, and nowhere else.

use flashsale::app::turn::commands::{COMMANDS, for_role};
use flashsale::i18n::{Locale, Texts};
use flashsale::store::Role;
use flashsale::telegram::commands::{menu, role_menu, staff_menu};

use crate::support::admin::{ADMIN, CUSTOMER, MERCHANT, admin_bot, says, typed};

fn names(role: Role) -> Vec<&'static str> {
    COMMANDS
        .iter()
        .filter(|c| c.role == role)
        .map(|c| c.name)
        .collect()
}

#[tokio::test]
async fn help_lists_every_command_of_the_readers_role_in_both_languages_and_no_higher_one() {
    let bot = admin_bot().await;
    says(&bot, ADMIN, &format!("/grant merchant {MERCHANT}")).await;
    for lang in ["en", "zh-CN"] {
        let help = |user| {
            let bot = &bot;
            async move {
                let replies = typed(bot, user, lang, "/help").await;
                replies.iter().map(|r| r.text.clone()).collect::<String>()
            }
        };
        let (admin, merchant, customer) = (
            help(ADMIN).await,
            help(MERCHANT).await,
            help(CUSTOMER).await,
        );
        for name in names(Role::Merchant) {
            let cmd = format!("/{name}");
            assert!(
                admin.contains(&cmd) && merchant.contains(&cmd),
                "{lang}: {cmd}\nadmin: {admin}\nmerchant: {merchant}"
            );
            assert!(!customer.contains(&cmd), "{lang}: customer sees {cmd}");
        }
        for name in names(Role::Admin) {
            let cmd = format!("· /{name}");
            assert!(
                admin.contains(&cmd),
                "{lang}: admin help lacks {cmd}: {admin}"
            );
            assert!(!merchant.contains(&cmd), "{lang}: merchant sees {cmd}");
        }
    }
}

#[test]
fn each_menu_holds_exactly_the_commands_of_its_role_and_below() {
    let texts = Texts::load();
    for locale in [Locale::En, Locale::ZhCn] {
        for role in [Role::Customer, Role::Merchant, Role::Admin] {
            let shown: Vec<String> = role_menu(&texts, locale, role)
                .into_iter()
                .map(|c| c.command)
                .collect();
            let expected: Vec<String> = for_role(role).map(|c| c.name.to_owned()).collect();
            assert_eq!(shown, expected, "{role:?}");
        }
        let staff: Vec<String> = staff_menu(&texts, locale)
            .into_iter()
            .map(|c| c.command)
            .collect();
        assert!(staff.iter().any(|c| c == "block") && staff.iter().any(|c| c == "unblock"));
        assert!(
            menu(&texts, locale)
                .iter()
                .all(|c| !c.description.is_empty())
        );
        assert!(
            staff_menu(&texts, locale)
                .iter()
                .all(|c| !c.description.contains('{'))
        );
    }
}

#[tokio::test]
async fn a_customer_running_a_merchant_or_admin_command_is_refused_politely() {
    let bot = admin_bot().await;
    for name in names(Role::Merchant).into_iter().chain(names(Role::Admin)) {
        let replies = typed(&bot, CUSTOMER, "en", &format!("/{name} 1")).await;
        let said: String = replies.iter().map(|r| r.text.clone()).collect();
        assert!(
            said.contains("Sorry, that command is for"),
            "/{name} was not refused to a customer: {said}"
        );
    }
}
