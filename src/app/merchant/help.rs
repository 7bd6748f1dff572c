//! `/help` by role: customers get the shopping help; merchants and admins also their commands.

use crate::app::assistant::Turn;
use crate::app::merchant::Merchant;
use crate::app::turn::answer::Answer;
use crate::app::turn::text::help;
use crate::i18n::Msg;
use crate::store::Role;

impl Merchant {
    /// The help for `turn.user`'s role; an unreadable role falls back to the customer help.
    pub(crate) async fn help_for(&self, turn: &Turn) -> Answer {
        let answer = help();
        match self.roles.role_of(&self.store, turn.user).await {
            Ok(Role::Admin) => answer
                .line(Msg::new("help-merchant"))
                .line(Msg::new("help-admin")),
            Ok(Role::Merchant) => answer.line(Msg::new("help-merchant")),
            Ok(Role::Customer) => answer,
            Err(e) => {
                tracing::warn!(user = turn.user.get(), error = %e, "role not read for help");
                answer
            }
        }
    }
}
