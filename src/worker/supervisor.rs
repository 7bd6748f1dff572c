//! The supervisor: spawns workers on a join set and owns their cancellation (a shutdown
//! watch). A step in flight always finishes; no step starts after the signal.

use std::collections::HashMap;
use std::sync::Arc;

use anyhow::anyhow;
use tokio::sync::watch;
use tokio::task::{Id, JoinSet};

use super::{Pass, Worker};

/// Runs workers until [`Supervisor::shutdown`].
pub struct Supervisor {
    stop: watch::Sender<bool>,
    tasks: JoinSet<()>,
    names: HashMap<Id, &'static str>,
}

impl Default for Supervisor {
    fn default() -> Self {
        Self::new()
    }
}

impl Supervisor {
    /// A supervisor with no workers yet.
    pub fn new() -> Self {
        Self {
            stop: watch::channel(false).0,
            tasks: JoinSet::new(),
            names: HashMap::new(),
        }
    }

    /// The shutdown signal, for workers that wait inside a step (it flips to true once).
    pub fn stopping(&self) -> watch::Receiver<bool> {
        self.stop.subscribe()
    }

    /// Starts `worker`: recover, then steps until shutdown (or until it is done).
    pub fn spawn(&mut self, worker: impl Worker) {
        self.spawn_shared(Arc::new(worker));
    }

    /// Starts a worker the caller keeps a handle on.
    pub fn spawn_shared(&mut self, worker: Arc<dyn Worker>) {
        let name = worker.name();
        let handle = self.tasks.spawn(run(worker, self.stop.subscribe()));
        self.names.insert(handle.id(), name);
    }

    /// Signals shutdown and waits for every worker to finish its step in flight; fails
    /// (after all have stopped) naming a worker that panicked.
    pub async fn shutdown(mut self) -> anyhow::Result<()> {
        let _ = self.stop.send(true);
        let mut failed = None;
        while let Some(joined) = self.tasks.join_next().await {
            if let Err(e) = joined {
                let name = self.names.get(&e.id()).copied().unwrap_or("a worker");
                tracing::error!(worker = name, error = %e, "worker ended abnormally");
                failed.get_or_insert(anyhow!("{name}: {e}"));
            }
        }
        failed.map_or(Ok(()), Err)
    }
}

/// One worker's life: recover once, then step, waiting a period after idle steps.
async fn run(worker: Arc<dyn Worker>, mut stop: watch::Receiver<bool>) {
    let name = worker.name();
    if let Err(e) = worker.recover().await {
        tracing::error!(worker = name, error = %e, "worker recovery failed");
    }
    let mut wait = worker.waits_first();
    loop {
        if wait {
            tokio::select! {
                _ = tokio::time::sleep(worker.period()) => {}
                // Also when every sender is gone: nobody is left to stop us otherwise.
                _ = stop.changed() => {}
            }
        }
        if *stop.borrow() || stop.has_changed().is_err() {
            return;
        }
        wait = match worker.step().await {
            Ok(Pass::Busy) => false,
            Ok(Pass::Idle) => true,
            Ok(Pass::Done) => return,
            Err(e) => {
                tracing::error!(worker = name, error = %e, "worker step failed");
                true
            }
        };
    }
}
