//! Start-up calls to the Bot API (command menus, `setWebhook`) retried through a passing
//! outage: a 429 waits its `retry_after`, a 5xx or network error backs off, for at most
//! [`STARTUP_BUDGET`]. A permanent answer (a wrong token, a bad URL) fails at once, and so
//! does a `getMe` answer the bot cannot use, with one clear line.

use std::future::Future;
use std::time::Duration;

use anyhow::Context;
use teloxide::RequestError;
use teloxide::prelude::*;
use tokio::time::Instant;

use super::sender::classify;
use crate::delivery::SendOutcome;

/// How long start-up keeps retrying one call before giving up.
pub const STARTUP_BUDGET: Duration = Duration::from_secs(60);

/// Runs `call` until it succeeds, fails permanently, or `budget` runs out.
pub async fn retrying<T, F, Fut>(
    what: &str,
    budget: Duration,
    mut call: F,
) -> Result<T, RequestError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, RequestError>>,
{
    let until = Instant::now() + budget;
    let mut backoff = Duration::from_millis(250);
    loop {
        let err = match call().await {
            Ok(v) => return Ok(v),
            Err(e) => e,
        };
        let wait = match classify(&err) {
            SendOutcome::RetryAfter(wait) => wait,
            SendOutcome::Transient(_) => backoff,
            _ => return Err(err),
        };
        if Instant::now() + wait > until {
            return Err(err);
        }
        tracing::warn!(call = what, error = %err, wait_ms = wait.as_millis() as u64, "Bot API call failed at start-up; retrying");
        tokio::time::sleep(wait).await;
        backoff = (backoff * 2).min(Duration::from_secs(8));
    }
}

/// Asks the Bot API who the bot is, through a passing outage, so that an answer we cannot
/// use ends start-up with one clear line instead of a panic inside the dispatcher.
pub(super) async fn check_me(bot: &Bot) -> anyhow::Result<teloxide::types::Me> {
    let answer = retrying("getMe", STARTUP_BUDGET, || async {
        match bot.get_me().await {
            Ok(me) => Ok(Ok(me)),
            // An `ok` answer of a shape we cannot read will not change on a retry.
            Err(RequestError::InvalidJson { source, raw }) if answered_ok(&raw) => {
                Ok(Err(source.to_string()))
            }
            Err(e) => Err(e),
        }
    })
    .await
    .context("getMe: the Bot API did not answer (check TELEGRAM_BOT_TOKEN and TELEGRAM_API_URL)")?;
    let me = answer.map_err(|e| {
        anyhow::anyhow!(
            "getMe: the Bot API's answer is not one this version can read ({e}); \
             check TELEGRAM_API_URL or upgrade flashsale"
        )
    })?;
    if me.user.username.is_none() {
        anyhow::bail!(
            "getMe: the Bot API named no username for the bot, so commands addressed to it \
             cannot be told apart (check TELEGRAM_API_URL)"
        );
    }
    tracing::info!(bot = me.user.id.0, "the Bot API knows the bot");
    Ok(me)
}

/// Whether `raw` is a Bot API answer saying `"ok": true`.
fn answered_ok(raw: &str) -> bool {
    serde_json::from_str::<serde_json::Value>(raw).is_ok_and(|v| v["ok"] == true)
}
