//! One runtime for background work: a [`Worker`] knows how to recover once and do one step;
//! the [`Supervisor`] runs every worker on a join set, paces its steps and stops them all on
//! one shutdown signal. Tests skip the supervisor and call a worker's own step to drain it.

mod supervisor;

use std::time::Duration;

use async_trait::async_trait;

pub use supervisor::Supervisor;

/// What one step says about the next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pass {
    /// More work may be waiting: step again at once.
    Busy,
    /// Nothing left for now: wait [`Worker::period`] (or the shutdown signal).
    Idle,
    /// The worker's job is done: it stops before shutdown.
    Done,
}

/// A background job run by the [`Supervisor`].
#[async_trait]
pub trait Worker: Send + Sync + 'static {
    /// A short name for logs.
    fn name(&self) -> &'static str;

    /// Repairs what a crashed run left behind; called once before the first step. A failure
    /// is logged and the steps run anyway.
    async fn recover(&self) -> anyhow::Result<()> {
        Ok(())
    }

    /// Does one pass. A failure is logged and counts as [`Pass::Idle`].
    async fn step(&self) -> anyhow::Result<Pass>;

    /// How long to wait after an idle (or failed) step.
    fn period(&self) -> Duration;

    /// Whether the first step waits one period too (periodic checks that compare passes).
    fn waits_first(&self) -> bool {
        false
    }
}

#[cfg(test)]
mod tests;
