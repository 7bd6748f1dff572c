//! `/block` and `/unblock`: an admin stops a user from buying (or lets them again); the
//! change is audited and applies to this instance's buy path at once.

use serde_json::json;

use crate::app::assistant::Turn;
use crate::app::failure::Failure;
use crate::app::merchant::Merchant;
use crate::app::merchant::roles::Target;
use crate::app::or_answer;
use crate::app::turn::answer::Answer;
use crate::i18n::Msg;

impl Merchant {
    /// Blocks (`block`) or unblocks the named user.
    pub(crate) async fn block_user(
        &self,
        turn: &Turn,
        target: Target,
        block: bool,
    ) -> Result<Answer, Failure> {
        let user = or_answer!(self.user_named(target).await?);
        if block && self.roles.is_configured_admin(user) {
            return Ok(Answer::new(
                Msg::new("block-is-admin").arg("user", user.get()),
            ));
        }
        let before = self
            .store
            .set_blocked(user, block, turn.now)
            .await
            .map_err(|e| Failure::new("block not stored", e).user(user))?;
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
        Ok(Answer::new(Msg::new(key).arg("user", user.get())))
    }
}
