//! `/help` by role: customers get the shopping help; merchants and admins also their
//! commands, listed from the one command table.

use crate::app::assistant::Turn;
use crate::app::merchant::Merchant;
use crate::app::turn::answer::Answer;
use crate::app::turn::commands::{COMMANDS, ORDERS_OF_SALE};
use crate::app::turn::text::help;
use crate::i18n::Msg;
use crate::store::Role;

impl Merchant {
    /// The help for `turn.user`'s role; an unreadable role falls back to the customer help.
    pub(crate) async fn help_for(&self, turn: &Turn) -> Answer {
        let answer = help();
        let role = match self.roles.role_of(&self.store, turn.user).await {
            Ok(role) => role,
            Err(e) => {
                tracing::warn!(user = turn.user.get(), error = %e, "role not read for help");
                Role::Customer
            }
        };
        match role {
            Role::Customer => answer,
            Role::Merchant => answer.merge(self.commands_of(turn, Role::Merchant)),
            Role::Admin => answer
                .merge(self.commands_of(turn, Role::Merchant))
                .merge(self.commands_of(turn, Role::Admin)),
        }
    }

    /// The heading for `role`'s own commands and one line per command, in the turn's language.
    fn commands_of(&self, turn: &Turn, role: Role) -> Answer {
        let line = |key: &'static str| {
            let about = self.texts.render(turn.locale, &Msg::new(key));
            Msg::new("help-command").arg("about", about)
        };
        let heading = match role {
            Role::Admin => "help-admin",
            _ => "help-merchant",
        };
        let mut lines = vec![Msg::new(heading)];
        lines.extend(
            COMMANDS
                .iter()
                .filter(|c| c.role == role)
                .map(|c| line(c.about)),
        );
        if role == Role::Merchant {
            lines.push(line(ORDERS_OF_SALE));
        }
        Answer::from_lines(lines)
    }
}
