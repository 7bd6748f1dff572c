//! Connections to the Bot API opened ahead of a sale. A stampede's answers all leave within a
//! few milliseconds; without idle connections in the HTTP client's pool, each opens its own
//! (a TCP and, on the real API, a TLS handshake) while the winners wait. Shortly before a sale
//! starts, and at start-up when one is live or about to start, the bot makes that many
//! `getMe` calls at once, which leaves that many connections idle in the pool (reqwest keeps
//! an idle connection 90 s).

use std::sync::Mutex;
use std::time::{Duration, Instant};

use teloxide::prelude::*;

use crate::clock::Clock;
use crate::store::Store;

/// How close to its start a sale gets its connections opened (within the pool's 90 s).
pub const WARM_AHEAD: Duration = Duration::from_secs(60);

/// How often the warmer looks for a sale about to start.
pub const WARM_CHECK_EVERY: Duration = Duration::from_secs(15);

/// Opens Bot API connections before sales start.
pub struct ConnectionWarmer {
    bot: Bot,
    store: Store,
    clock: std::sync::Arc<dyn Clock>,
    connections: usize,
    /// When connections were last opened.
    last: Mutex<Option<Instant>>,
}

impl ConnectionWarmer {
    /// A warmer opening `connections` connections (0: never) through `bot`.
    pub fn new(
        bot: Bot,
        store: Store,
        clock: std::sync::Arc<dyn Clock>,
        connections: usize,
    ) -> Self {
        Self {
            bot,
            store,
            clock,
            connections,
            last: Mutex::new(None),
        }
    }

    /// Opens the connections now: that many `getMe` calls at once. Returns how many were
    /// answered (a failure costs nothing but the connection).
    pub async fn warm(&self) -> usize {
        *self.last.lock().unwrap_or_else(|p| p.into_inner()) = Some(Instant::now());
        let calls = (0..self.connections).map(|_| self.bot.get_me().into_future());
        let answered = futures::future::join_all(calls)
            .await
            .iter()
            .filter(|r| r.is_ok())
            .count();
        tracing::debug!(answered, "bot api connections opened ahead of a sale");
        answered
    }

    /// At start-up: opens the connections when a sale is live or starts within
    /// [`WARM_AHEAD`]. Returns how many were answered.
    pub async fn warm_at_start(&self) -> usize {
        match self.sales_soon(true).await {
            Ok(true) => self.warm().await,
            Ok(false) => 0,
            Err(e) => {
                tracing::warn!(error = %e, "sales not read; bot api connections not opened");
                0
            }
        }
    }

    /// Whether a sale starts within [`WARM_AHEAD`], or (with `live_too`) is live.
    async fn sales_soon(&self, live_too: bool) -> anyhow::Result<bool> {
        if self.connections == 0 {
            return Ok(false);
        }
        let now = self.clock.now();
        let ahead = chrono::Duration::from_std(WARM_AHEAD).unwrap_or(chrono::Duration::zero());
        let sales = self.store.sales_starting_by(now, now + ahead).await?;
        Ok(sales
            .iter()
            .any(|s| live_too || s.draft.window.starts_at() > now))
    }

    /// Whether the connections opened last are older than [`WARM_AHEAD`] (or none were).
    fn due(&self) -> bool {
        self.last
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .is_none_or(|at| at.elapsed() >= WARM_AHEAD)
    }
}

#[async_trait::async_trait]
impl crate::worker::Worker for ConnectionWarmer {
    fn name(&self) -> &'static str {
        "bot api connection warmer"
    }

    async fn step(&self) -> anyhow::Result<crate::worker::Pass> {
        // A live sale's own traffic keeps its connections open: only sales yet to start.
        if self.due() && self.sales_soon(false).await? {
            self.warm().await;
        }
        Ok(crate::worker::Pass::Idle)
    }

    fn period(&self) -> Duration {
        WARM_CHECK_EVERY
    }
}
