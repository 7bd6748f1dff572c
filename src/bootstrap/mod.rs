//! The composition root shared by `serve` and the terminal chat: the app is built once
//! ([`Wired`]: store, gate, order writer, purchases, texts, payments, alerts), delivery is
//! plugged into it ([`adapters`]), and the background workers run under one [`Supervisor`].
//! A transport adds its sender, its status board and its own workers, then calls
//! [`Bootstrap::stop`].

pub mod adapters;

use std::sync::Arc;
use std::time::Duration;

use crate::app::jobs::expiry::ExpiryWorker;
use crate::app::jobs::preload::PreloadWorker;
use crate::app::jobs::waitlist_offers::{CLAIM_WINDOW, WaitlistWorker};
use crate::app::merchant::announce_status::{AnnouncementWorker, StatusBoard};
use crate::app::{Refunder, Wired};
use crate::clock::Clock;
use crate::config::Config;
use crate::delivery::{MessageSender, OutboxConfig, OutboxWorker};
use crate::worker::Supervisor;
use adapters::ReminderBodies;

/// The built app, its clock, and the supervisor its workers run under.
pub struct Bootstrap {
    /// The app, each part built once.
    pub wired: Wired,
    /// The clock everything was built with.
    pub clock: Arc<dyn Clock>,
    /// Runs the background workers until [`Bootstrap::stop`].
    pub workers: Supervisor,
}

impl Bootstrap {
    /// Builds the app from `config`; sales are cancelled with refunds through `refunder`.
    pub async fn build(
        config: &Config,
        clock: Arc<dyn Clock>,
        refunder: Arc<dyn Refunder>,
    ) -> anyhow::Result<Self> {
        let wired = Wired::build_with(config, clock.clone(), refunder).await?;
        Ok(Self {
            wired,
            clock,
            workers: Supervisor::new(),
        })
    }

    /// An outbox worker sending through `sender`: reminders rendered at send time, and the
    /// admins told when the transport throttles it. The caller spawns it (after taking its
    /// pacer for other bulk senders, if any).
    pub fn outbox(&self, sender: Arc<dyn MessageSender>, config: OutboxConfig) -> OutboxWorker {
        let store = self.wired.store.clone();
        OutboxWorker::new(store.clone(), sender, self.clock.clone(), config)
            .with_renderer(Arc::new(ReminderBodies::new(
                store,
                self.wired.texts.clone(),
                self.clock.clone(),
            )))
            .with_observer(self.wired.assistant.alerts().clone())
    }

    /// Starts the workers every transport runs: the gate preload, order expiry, waitlist
    /// offers, and the announcement status on `board`, refreshed every `status_every`.
    pub fn spawn_jobs(&mut self, board: Arc<dyn StatusBoard>, status_every: Duration) {
        let w = &self.wired;
        self.workers.spawn(PreloadWorker::new(
            w.store.clone(),
            w.purchases.gate().clone(),
            self.clock.clone(),
        ));
        self.workers.spawn(ExpiryWorker::new(
            w.store.clone(),
            w.purchases.gate().clone(),
            self.clock.clone(),
            w.texts.clone(),
        ));
        self.workers.spawn(WaitlistWorker::new(
            w.store.clone(),
            w.purchases.gate().clone(),
            self.clock.clone(),
            w.texts.clone(),
            CLAIM_WINDOW,
        ));
        self.workers.spawn(AnnouncementWorker::new(
            w.assistant.clone(),
            board,
            status_every,
        ));
    }

    /// Stops the workers (each finishes its step in flight), then flushes the order writer
    /// and closes the store. Call it once the transport holds no handle on the app.
    pub async fn stop(self) -> anyhow::Result<()> {
        let stopped = self.workers.shutdown().await;
        self.wired.close().await?;
        stopped
    }
}
