//! The outbox worker's tuning ([`OutboxConfig`]) and what one step reports.

use super::pacer::PaceLimits;

/// Tuning of the worker.
#[derive(Debug, Clone, Copy)]
pub struct OutboxConfig {
    pub limits: PaceLimits,
    /// Messages claimed per step.
    pub batch: u32,
    /// Attempts before a message is given up (transient errors only).
    pub max_attempts: u32,
    /// Only this chat's messages (the terminal chat); `None` for all.
    pub only_chat: Option<i64>,
    /// The pace of paid broadcasts (`allow_paid_broadcast`, up to 1,000/s).
    pub paid_limits: PaceLimits,
    /// Sends in flight at once; the pacer still spaces their starts.
    pub concurrency: usize,
}

impl Default for OutboxConfig {
    fn default() -> Self {
        Self {
            limits: PaceLimits::default(),
            batch: 100,
            max_attempts: 5,
            only_chat: None,
            paid_limits: PaceLimits {
                per_second: 1_000,
                ..PaceLimits::default()
            },
            concurrency: 32,
        }
    }
}

impl OutboxConfig {
    /// The configured rates (`OUTBOX_PER_SEC`, `OUTBOX_PAID_PER_SEC`, `OUTBOX_CONCURRENCY`);
    /// a step claims about half a second of sends at the faster rate (100 to 500) and
    /// leaves what it cannot send within a second for the next step.
    pub fn paced(b: crate::config::BroadcastConfig) -> Self {
        let d = Self::default();
        Self {
            limits: PaceLimits {
                per_second: b.free_per_sec,
                ..d.limits
            },
            paid_limits: PaceLimits {
                per_second: b.paid_per_sec,
                ..d.paid_limits
            },
            concurrency: usize::try_from(b.concurrency).unwrap_or(1),
            batch: (b.free_per_sec.max(b.paid_per_sec) / 2).clamp(d.batch, 500),
            ..d
        }
    }
}

/// What one step did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StepReport {
    pub sent: u32,
    /// Put back because their chat was messaged less than a second ago.
    pub deferred: u32,
    pub retried: u32,
    pub blocked: u32,
    pub failed: u32,
}

/// How one message of a step ended: left for the next step, or recorded already.
pub(super) enum Settled {
    /// Its slot was beyond this step's horizon: back to the queue untouched.
    Later(i64),
    Done(StepReport),
}

impl StepReport {
    pub(super) fn add(&mut self, o: StepReport) {
        self.sent += o.sent;
        self.deferred += o.deferred;
        self.retried += o.retried;
        self.blocked += o.blocked;
        self.failed += o.failed;
    }

    /// Messages this step handled.
    pub fn handled(&self) -> u32 {
        self.sent + self.deferred + self.retried + self.blocked + self.failed
    }
}
