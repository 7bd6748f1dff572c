//! `/block` and `/unblock`: an admin stops a user from buying (or lets them again); the
//! change is audited and applies to this instance's buy path at once.

use serde_json::json;

use super::admin::try_again;
use super::answer::Answer;
use super::assistant::{Assistant, Turn};
use super::roles::Target;
use crate::i18n::Msg;

impl Assistant {
    /// Blocks (`block`) or unblocks the named user.
    pub(crate) async fn block_user(&self, turn: &Turn, target: Target, block: bool) -> Answer {
        let user = match self.user_named(target).await {
            Ok(id) => id,
            Err(answer) => return answer,
        };
        if block && self.roles.is_configured_admin(user) {
            return Answer::new(Msg::new("block-is-admin").arg("user", user.get()));
        }
        let before = match self.store.set_blocked(user, block, turn.now).await {
            Ok(b) => b,
            Err(e) => {
                tracing::error!(user = user.get(), error = %e, "block not stored");
                return try_again();
            }
        };
        self.blocklist.set(user, block);
        self.blocklist.tell_others().await;
        let action = if block { "block" } else { "unblock" };
        tracing::info!(
            actor = turn.user.get(),
            user = user.get(),
            action,
            "buying block changed"
        );
        self.record(
            turn.user,
            action,
            format!("user:{user}"),
            json!({ "blocked": before }),
            json!({ "blocked": block }),
            turn.now,
        )
        .await;
        let key = if block { "block-done" } else { "unblock-done" };
        Answer::new(Msg::new(key).arg("user", user.get()))
    }
}
