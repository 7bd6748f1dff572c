//! The supervisor's promises, on tokio's paused clock: idle workers wait a period, busy ones
//! step again at once, done ones stop, and shutdown lets the step in flight finish.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use async_trait::async_trait;

use super::{Pass, Supervisor, Worker};

/// Counts its steps; busy for the first `busy` of them, then idle (or done after `done_after`).
struct Counter {
    steps: Arc<AtomicU32>,
    recovered: Arc<AtomicU32>,
    busy: u32,
    done_after: Option<u32>,
    waits_first: bool,
}

impl Counter {
    fn new(steps: &Arc<AtomicU32>) -> Self {
        Self {
            steps: steps.clone(),
            recovered: Arc::new(AtomicU32::new(0)),
            busy: 0,
            done_after: None,
            waits_first: false,
        }
    }
}

#[async_trait]
impl Worker for Counter {
    fn name(&self) -> &'static str {
        "counter"
    }

    async fn recover(&self) -> anyhow::Result<()> {
        self.recovered.fetch_add(1, Ordering::SeqCst);
        Ok(())
    }

    async fn step(&self) -> anyhow::Result<Pass> {
        let n = self.steps.fetch_add(1, Ordering::SeqCst) + 1;
        Ok(match self.done_after {
            Some(d) if n >= d => Pass::Done,
            _ if n <= self.busy => Pass::Busy,
            _ => Pass::Idle,
        })
    }

    fn period(&self) -> Duration {
        Duration::from_secs(10)
    }

    fn waits_first(&self) -> bool {
        self.waits_first
    }
}

/// Lets the spawned workers run until they all wait on the (paused) clock.
async fn settle() {
    for _ in 0..100 {
        tokio::task::yield_now().await;
    }
}

#[tokio::test(start_paused = true)]
async fn an_idle_worker_recovers_once_then_steps_once_a_period_until_shutdown() {
    let steps = Arc::new(AtomicU32::new(0));
    let worker = Counter::new(&steps);
    let recovered = worker.recovered.clone();
    let mut sup = Supervisor::new();
    sup.spawn(worker);
    settle().await;
    assert_eq!(
        steps.load(Ordering::SeqCst),
        1,
        "the first step comes at once"
    );
    tokio::time::sleep(Duration::from_secs(25)).await;
    assert_eq!(steps.load(Ordering::SeqCst), 3, "then one step per period");
    sup.shutdown().await.expect("a clean stop");
    assert_eq!(steps.load(Ordering::SeqCst), 3, "no step after the signal");
    assert_eq!(recovered.load(Ordering::SeqCst), 1);
}

#[tokio::test(start_paused = true)]
async fn a_busy_worker_steps_again_without_waiting() {
    let steps = Arc::new(AtomicU32::new(0));
    let mut sup = Supervisor::new();
    sup.spawn(Counter {
        busy: 5,
        ..Counter::new(&steps)
    });
    settle().await;
    assert_eq!(
        steps.load(Ordering::SeqCst),
        6,
        "five busy steps and the idle one"
    );
    sup.shutdown().await.expect("a clean stop");
}

#[tokio::test(start_paused = true)]
async fn a_worker_that_waits_first_steps_only_after_one_period() {
    let steps = Arc::new(AtomicU32::new(0));
    let mut sup = Supervisor::new();
    sup.spawn(Counter {
        waits_first: true,
        ..Counter::new(&steps)
    });
    settle().await;
    assert_eq!(steps.load(Ordering::SeqCst), 0);
    tokio::time::sleep(Duration::from_secs(11)).await;
    assert_eq!(steps.load(Ordering::SeqCst), 1);
    sup.shutdown().await.expect("a clean stop");
}

#[tokio::test(start_paused = true)]
async fn a_done_worker_stops_by_itself_and_the_others_go_on() {
    let once = Arc::new(AtomicU32::new(0));
    let steady = Arc::new(AtomicU32::new(0));
    let mut sup = Supervisor::new();
    sup.spawn(Counter {
        done_after: Some(1),
        ..Counter::new(&once)
    });
    sup.spawn(Counter::new(&steady));
    tokio::time::sleep(Duration::from_secs(35)).await;
    assert_eq!(once.load(Ordering::SeqCst), 1);
    assert_eq!(steady.load(Ordering::SeqCst), 4);
    sup.shutdown().await.expect("a clean stop");
}

struct Panics;

#[async_trait]
impl Worker for Panics {
    fn name(&self) -> &'static str {
        "panics"
    }

    async fn step(&self) -> anyhow::Result<Pass> {
        panic!("a bug in a step");
    }

    fn period(&self) -> Duration {
        Duration::from_secs(1)
    }
}

#[tokio::test(start_paused = true)]
async fn shutdown_names_a_worker_that_panicked_after_stopping_the_rest() {
    let steps = Arc::new(AtomicU32::new(0));
    let mut sup = Supervisor::new();
    sup.spawn(Panics);
    sup.spawn(Counter::new(&steps));
    settle().await;
    let err = sup.shutdown().await.expect_err("the panic is reported");
    assert!(err.to_string().starts_with("panics:"), "{err}");
    assert_eq!(steps.load(Ordering::SeqCst), 1);
}
