//! Start-up calls to the Bot API (command menus, `setWebhook`) retried through a passing
//! outage: a 429 waits its `retry_after`, a 5xx or network error backs off, for at most
//! [`STARTUP_BUDGET`]. A permanent answer (a wrong token, a bad URL) fails at once.

use std::future::Future;
use std::time::Duration;

use teloxide::RequestError;
use tokio::time::Instant;

use super::outbox::SendOutcome;
use super::sender::classify;

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
