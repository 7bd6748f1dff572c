//! Updates handled in order per key (a chat, a presser on a post), each in a task of its own
//! that first waits for the one before it with the same key. Nothing lives on per key once
//! its updates are handled, so nothing has to be collected.
//!
//! Why not teloxide's per-chat workers: each new chat spawns a worker that outlives its
//! update, and once the workers outnumber the most ever busy at once, the dispatcher stops
//! taking updates until it has closed the idle ones *one at a time*, each close a round trip
//! through the scheduler. In a stampede of 10,000 new pressers that stopped the dispatcher
//! for 124 ms in one second (8.6 ms at once), while the presses behind it waited.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex, MutexGuard};

use std::ops::ControlFlow;

use teloxide::dispatching::{DpHandlerDescription, UpdateHandler};
use teloxide::dptree::{self, Cont, HandlerDescription, HandlerSignature};
use teloxide::types::{Update, UpdateKind};
use tokio::sync::oneshot;
use tokio_util::task::TaskTracker;

/// An update's lane: one chat's updates in order, except presses on posts in channels and
/// groups, which are in order per presser (a stampede on one post is not handled one press
/// at a time). Updates without a chat go in their sender's private lane.
pub type LaneKey = (i64, i64);

/// The lane `update` is handled in.
pub fn lane_of(update: &Update) -> LaneKey {
    match &update.kind {
        UpdateKind::CallbackQuery(q) => {
            let chat = q.message.as_ref().map(|m| m.chat().id.0);
            match chat {
                Some(c) if c < 0 => (c, q.from.id.0 as i64),
                Some(c) => (c, 0),
                None => (q.from.id.0 as i64, 0),
            }
        }
        _ => match (update.chat(), update.from()) {
            (Some(c), _) => (c.id.0, 0),
            (None, Some(u)) => (u.id.0 as i64, 0),
            (None, None) => (0, 0),
        },
    }
}

type HandlerError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// `handler` with each update handed to its [`lane_of`] in `lanes` rather than run where
/// it arrives: the dispatcher goes straight on to the next update. Give the dispatcher no
/// distribution function (its one default worker then just hands updates on).
pub fn in_lanes(
    lanes: Arc<Lanes<LaneKey>>,
    handler: UpdateHandler<HandlerError>,
) -> UpdateHandler<HandlerError> {
    let entry = dptree::from_fn_with_description(
        DpHandlerDescription::entry(),
        move |deps: dptree::di::DependencyMap, rest: Cont<'static, Result<(), HandlerError>>| {
            let lanes = lanes.clone();
            async move {
                // The dispatcher puts every update in; without one there is nothing to do.
                let Some(update) = deps.try_get::<Update>() else {
                    return ControlFlow::Break(Ok(()));
                };
                let id = update.id.0;
                lanes.spawn(lane_of(&update), async move {
                    match rest(deps).await {
                        ControlFlow::Break(Ok(())) => {}
                        ControlFlow::Break(Err(e)) => {
                            tracing::error!(update = id, error = %e, "an update handler failed");
                        }
                        ControlFlow::Continue(_) => {
                            tracing::debug!(
                                update = id,
                                "update of a kind the bot does not handle"
                            );
                        }
                    }
                });
                ControlFlow::Break(Ok(()))
            }
        },
        HandlerSignature::Entry,
    );
    entry.chain(handler)
}

/// Runs work in order per key, concurrently across keys; waits for what is in flight.
pub struct Lanes<K> {
    inner: Mutex<Tails<K>>,
    /// Every task spawned, to wait for at the end.
    tasks: TaskTracker,
}

/// Per key with work in flight: the sequence number of its last task and the signal that
/// task gives when done.
struct Tails<K> {
    last: HashMap<K, (u64, oneshot::Receiver<()>)>,
    next: u64,
}

impl<K: Eq + Hash + Clone + Send + 'static> Lanes<K> {
    /// No lanes yet.
    pub fn new() -> Arc<Self> {
        Arc::new(Self {
            inner: Mutex::new(Tails {
                last: HashMap::new(),
                next: 0,
            }),
            tasks: TaskTracker::new(),
        })
    }

    /// Spawns `work`, to start once the work spawned before it under `key` has ended (at
    /// once when none is in flight). Work for different keys runs concurrently.
    pub fn spawn<F>(self: &Arc<Self>, key: K, work: F)
    where
        F: Future<Output = ()> + Send + 'static,
    {
        let (done, signal) = oneshot::channel();
        let (before, seq) = {
            let mut tails = self.lock();
            let seq = tails.next;
            tails.next += 1;
            let before = tails.last.insert(key.clone(), (seq, signal));
            (before.map(|(_, before)| before), seq)
        };
        let lanes = self.clone();
        self.tasks.spawn(async move {
            // Ended or gone (its task panicked): either way it is over.
            if let Some(before) = before {
                let _ = before.await;
            }
            // Left however `work` ends, a panic included, so the lane moves on.
            let _leave = Leave {
                lanes,
                key,
                seq,
                done: Some(done),
            };
            work.await;
        });
    }

    /// Resolves once nothing spawned is in flight (work spawned later is still run, and
    /// waited for by the next call).
    pub async fn idle(&self) {
        self.tasks.close();
        self.tasks.wait().await;
    }

    /// Work spawned and not yet ended.
    pub fn in_flight(&self) -> usize {
        self.tasks.len()
    }

    /// Keys with work in flight.
    pub fn busy_keys(&self) -> usize {
        self.lock().last.len()
    }

    fn lock(&self) -> MutexGuard<'_, Tails<K>> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Ends one task's turn: signals the next in its lane, forgets the lane if it was the last.
struct Leave<K: Eq + Hash + Clone + Send + 'static> {
    lanes: Arc<Lanes<K>>,
    key: K,
    seq: u64,
    done: Option<oneshot::Sender<()>>,
}

impl<K: Eq + Hash + Clone + Send + 'static> Drop for Leave<K> {
    fn drop(&mut self) {
        if let Some(done) = self.done.take() {
            let _ = done.send(());
        }
        let mut tails = self.lanes.lock();
        if tails
            .last
            .get(&self.key)
            .is_some_and(|(seq, _)| *seq == self.seq)
        {
            tails.last.remove(&self.key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn one_keys_work_runs_in_order_and_others_alongside() {
        let lanes = Lanes::new();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let (release, held) = oneshot::channel::<()>();
        // Key 1's first task waits until released; key 1's later ones must wait behind it.
        let s = seen.clone();
        lanes.spawn(1, async move {
            let _ = held.await;
            s.lock().unwrap().push((1, 0));
        });
        for i in 1..50 {
            let s = seen.clone();
            lanes.spawn(1, async move {
                tokio::task::yield_now().await;
                s.lock().unwrap().push((1, i));
            });
        }
        let s = seen.clone();
        let (other_done, other) = oneshot::channel();
        lanes.spawn(2, async move {
            s.lock().unwrap().push((2, 0));
            let _ = other_done.send(());
        });
        other.await.unwrap();
        assert_eq!(
            *seen.lock().unwrap(),
            vec![(2, 0)],
            "key 2 ran while key 1 waited"
        );
        // Key 2's task signalled before it ended; once it has, only key 1 is busy.
        tokio::time::timeout(Duration::from_secs(5), async {
            while lanes.busy_keys() != 1 {
                tokio::time::sleep(Duration::from_millis(1)).await;
            }
        })
        .await
        .expect("key 2's lane is forgotten once its work ended");
        release.send(()).unwrap();
        lanes.idle().await;
        let ones: Vec<i32> = seen
            .lock()
            .unwrap()
            .iter()
            .filter(|(k, _)| *k == 1)
            .map(|(_, i)| *i)
            .collect();
        assert_eq!(ones, (0..50).collect::<Vec<_>>());
        assert_eq!(lanes.in_flight(), 0);
        assert_eq!(lanes.busy_keys(), 0, "nothing is kept per key once done");
    }

    #[tokio::test]
    async fn a_panicking_task_does_not_stop_its_lane() {
        let lanes = Lanes::new();
        lanes.spawn("k", async { panic!("a handler bug") });
        let (done, ran) = oneshot::channel();
        lanes.spawn("k", async move {
            let _ = done.send(());
        });
        tokio::time::timeout(Duration::from_secs(5), ran)
            .await
            .expect("the next task ran")
            .unwrap();
        tokio::time::timeout(Duration::from_secs(5), lanes.idle())
            .await
            .expect("idle after a panic");
        assert_eq!(lanes.busy_keys(), 0);
    }

    #[tokio::test]
    async fn idle_waits_for_work_in_flight() {
        let lanes = Lanes::new();
        lanes.idle().await;
        let (release, held) = oneshot::channel::<()>();
        lanes.spawn(7u8, async move {
            let _ = held.await;
        });
        assert!(
            tokio::time::timeout(Duration::from_millis(50), lanes.idle())
                .await
                .is_err()
        );
        release.send(()).unwrap();
        tokio::time::timeout(Duration::from_secs(5), lanes.idle())
            .await
            .expect("idle once the work ended");
    }
}
