//! The durable order writer: reservations become committed order rows, many per statement.
//!
//! Promise: `write` returns `Ok` only after the order's row is committed. Batches form on
//! their own under load: the writer takes everything queued (up to `max_batch`) the moment a
//! flush slot is free, so an idle system commits at once and a stampede commits in bulk.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use thiserror::Error;
use tokio::sync::{Semaphore, mpsc, oneshot};
use tokio::task::JoinHandle;

use crate::store::{Backend, InsertOutcome, NewOrder, Store, StoreError};

/// Sizes of the writer's queue and batches.
#[derive(Debug, Clone, Copy)]
pub struct WriterConfig {
    /// Most orders in one INSERT statement.
    pub max_batch: usize,
    /// Orders waiting for a flush before `write` waits for room (bounded, never unbounded).
    pub queue: usize,
    /// Flushes running at once. One hot sale's batches serialize on its row in `sales`
    /// anyway, so 1 makes the biggest batches; raise it when many sales sell at once.
    pub max_in_flight: usize,
}

impl Default for WriterConfig {
    fn default() -> Self {
        Self {
            max_batch: 512,
            queue: 16_384,
            max_in_flight: 1,
        }
    }
}

/// Why an order was not stored; in every case the caller must release the reservation.
#[derive(Debug, Error)]
pub enum WriteError {
    /// The store refused this order (e.g. the stock constraint).
    #[error("the store refused the order: {0}")]
    Refused(StoreError),
    /// The store is unreachable or the writer is shutting down; the buyer should retry.
    #[error("orders cannot be stored right now: {0}")]
    Unavailable(String),
}

/// Counters describing the writer's work so far.
#[derive(Debug, Default)]
pub struct WriterStats {
    pub batches: AtomicU64,
    pub orders: AtomicU64,
    pub largest_batch: AtomicU64,
    pub failed_batches: AtomicU64,
}

struct Job {
    order: NewOrder,
    reply: oneshot::Sender<Result<InsertOutcome, WriteError>>,
}

/// A handle to the writer task; cheap to clone. The task ends, after flushing everything
/// queued, when the last handle is dropped.
#[derive(Clone)]
pub struct OrderWriter {
    tx: mpsc::Sender<Job>,
    stats: Arc<WriterStats>,
}

impl OrderWriter {
    /// Starts the writer task.
    pub fn spawn(store: Store, config: WriterConfig) -> (Self, JoinHandle<()>) {
        let (tx, rx) = mpsc::channel(config.queue.max(1));
        let stats = Arc::new(WriterStats::default());
        let task = match store.backend() {
            Backend::Postgres => on_own_thread(store, rx, config, stats.clone()),
            Backend::Sqlite => tokio::spawn(run(store, rx, config, stats.clone())),
        };
        (Self { tx, stats }, task)
    }

    /// Stores one order; returns once it is committed (or known not to be).
    pub async fn write(&self, order: NewOrder) -> Result<InsertOutcome, WriteError> {
        let (reply, rx) = oneshot::channel();
        self.tx
            .send(Job { order, reply })
            .await
            .map_err(|_| WriteError::Unavailable("the order writer has stopped".into()))?;
        rx.await
            .map_err(|_| WriteError::Unavailable("the order writer stopped mid-batch".into()))?
    }

    /// The writer's counters.
    pub fn stats(&self) -> &WriterStats {
        &self.stats
    }
}

/// Runs the writer on a thread and runtime of its own, with connections of its own: a
/// stampede's thousands of losing presses keep the app's runtime busy, and a flush's
/// round trip would otherwise wait behind them to be noticed. The returned task ends when
/// the writer has flushed everything and stopped.
fn on_own_thread(
    store: Store,
    rx: mpsc::Receiver<Job>,
    config: WriterConfig,
    stats: Arc<WriterStats>,
) -> JoinHandle<()> {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            tracing::warn!(error = %e, "order writer runs on the app's runtime");
            return tokio::spawn(run(store, rx, config, stats));
        }
    };
    let (done, stopped) = oneshot::channel::<()>();
    let connections = u32::try_from(config.max_in_flight)
        .unwrap_or(1)
        .saturating_add(1);
    let started = std::thread::Builder::new()
        .name("order-writer".into())
        .spawn(move || {
            runtime.block_on(async move {
                let own = match store.with_own_pool(connections).await {
                    Ok(own) => own,
                    Err(e) => {
                        tracing::warn!(error = %e, "order writer shares the app's connections");
                        store
                    }
                };
                run(own, rx, config, stats).await;
            });
            let _ = done.send(());
        });
    if let Err(e) = started {
        tracing::error!(error = %e, "order writer thread not started; orders cannot be stored");
    }
    tokio::spawn(async move {
        let _ = stopped.await;
    })
}

async fn run(
    store: Store,
    mut rx: mpsc::Receiver<Job>,
    config: WriterConfig,
    stats: Arc<WriterStats>,
) {
    let slots = Arc::new(Semaphore::new(config.max_in_flight.max(1)));
    let max_batch = config.max_batch.max(1);
    loop {
        // Wait for a free slot first, so jobs keep queueing (and batches grow) meanwhile.
        let Ok(permit) = slots.clone().acquire_owned().await else {
            break;
        };
        let mut batch = Vec::with_capacity(max_batch);
        if rx.recv_many(&mut batch, max_batch).await == 0 {
            break;
        }
        let store = store.clone();
        let stats = stats.clone();
        tokio::spawn(async move {
            flush(&store, batch, &stats).await;
            drop(permit);
        });
    }
    // Every sender is gone: wait for the flushes still running.
    let _ = slots.acquire_many(config.max_in_flight.max(1) as u32).await;
}

async fn flush(store: &Store, batch: Vec<Job>, stats: &WriterStats) {
    let orders: Vec<NewOrder> = batch.iter().map(|j| j.order.clone()).collect();
    let n = orders.len() as u64;
    stats.batches.fetch_add(1, Ordering::Relaxed);
    stats.largest_batch.fetch_max(n, Ordering::Relaxed);
    metrics::histogram!("flashsale_order_batch_size").record(n as f64);
    let started = std::time::Instant::now();
    let stored = store.insert_orders(&orders).await;
    metrics::histogram!("flashsale_order_commit_seconds").record(started.elapsed().as_secs_f64());
    match stored {
        Ok(results) => {
            stats.orders.fetch_add(n, Ordering::Relaxed);
            for (job, result) in batch.into_iter().zip(results) {
                let _ = job.reply.send(result.map_err(WriteError::Refused));
            }
        }
        Err(e) => {
            stats.failed_batches.fetch_add(1, Ordering::Relaxed);
            tracing::error!(error = %e, orders = n, "order batch not stored; reservations will be released");
            let msg = e.to_string();
            for job in batch {
                let _ = job.reply.send(Err(WriteError::Unavailable(msg.clone())));
            }
        }
    }
}
