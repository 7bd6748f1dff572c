//! First contact, batched: users not seen lately are recorded (with the language they are
//! answered in) by one multi-row upsert per batch, not one statement per press. A caller
//! waits for its batch (a few milliseconds at most, plus the statement), so the row exists
//! before its turn goes on, or (a press answered in its button's language) goes on at once
//! and the batch hands the row to a callback; a crash can lose only "seen" bookkeeping,
//! never an order.

use std::collections::HashMap;
use std::sync::OnceLock;
use std::time::Duration;

use chrono::{DateTime, Utc};
use futures::FutureExt;
use tokio::sync::{mpsc, oneshot};
use tokio_util::task::TaskTracker;

use crate::domain::UserId;
use crate::store::{MEET_AT_MOST, Meeting, Met, Store};

/// How long a batch waits for more users after its first one, when a turn waits for it.
pub(crate) const LINGER: Duration = Duration::from_millis(2);
/// The same when no one waits for the batch (presses answered in their button's language):
/// a stampede's first contacts then cost the database a statement per [`MEET_AT_MOST`]
/// users (10,000 new users a second fill one every 20 ms), not one per two milliseconds.
/// Not longer: the half second it once was piled 5,000 users into 25 statements at once,
/// and every press answered in the next ~100 ms waited behind their writing (the bot's
/// p99 at 10,000 presses a second, docs/benchmarks.md).
pub(crate) const LINGER_UNWAITED: Duration = Duration::from_millis(20);
/// Users waiting to be batched, at most (then callers wait for room).
const QUEUE: usize = 8_192;
/// Most users one batch takes off the queue (written [`MEET_AT_MOST`] a statement).
const BATCH_AT_MOST: usize = 4_096;

/// What the store held for a user once written (`None`: not written, logged), handed to
/// whoever did not wait for it.
pub(crate) type Then = Box<dyn FnOnce(Option<Met>) + Send>;

/// Where an ask's row goes back.
enum Reply {
    /// To a caller waiting for it.
    Waiting(oneshot::Sender<Option<Met>>),
    /// To a callback run by the batch, for a caller that went on without waiting.
    Then(Then),
}

impl Reply {
    fn send(self, met: Option<Met>) {
        match self {
            Reply::Waiting(tx) => {
                let _ = tx.send(met);
            }
            Reply::Then(then) => then(met),
        }
    }
}

/// One user to record, and where their row goes back.
struct Ask {
    meeting: Meeting,
    now: DateTime<Utc>,
    reply: Reply,
}

/// The batching writer of first contacts (its task starts on first use).
pub(crate) struct FirstContact {
    store: Store,
    linger: Duration,
    tx: OnceLock<mpsc::Sender<Ask>>,
    /// The batching task and its writes, waited for before the store closes.
    tasks: TaskTracker,
}

impl FirstContact {
    /// Batches into `store`, each batch gathering for `linger` after its first user, with
    /// its tasks in `tasks`: once this is dropped they end by themselves, after writing
    /// every user queued, so a clean stop that waits for `tasks` loses no one.
    pub(crate) fn new(store: Store, linger: Duration, tasks: TaskTracker) -> Self {
        Self {
            store,
            linger,
            tx: OnceLock::new(),
            tasks,
        }
    }

    /// Records `user` as seen at `now`, answered in `language`, and returns what the store
    /// holds for them; `None` when it could not be written (logged).
    pub(crate) async fn meet(
        &self,
        user: UserId,
        language: &str,
        now: DateTime<Utc>,
    ) -> Option<Met> {
        let (reply, answer) = oneshot::channel();
        let ask = ask(user, language, now, Reply::Waiting(reply));
        match self.queue().send(ask).await {
            Ok(()) => answer.await.ok().flatten(),
            // The batching task is gone (its runtime stopped): write this one alone.
            Err(mpsc::error::SendError(ask)) => {
                flush(self.store.clone(), vec![ask]).await;
                None
            }
        }
    }

    /// Records `user` like [`FirstContact::meet`] without waiting: `then` gets what the
    /// store holds once the batch is written. No task is spawned for the user while the
    /// queue has room (a stampede of new users costs a queued ask each, not a task and a
    /// wake-up each).
    pub(crate) fn meet_then(&self, user: UserId, language: &str, now: DateTime<Utc>, then: Then) {
        let ask = ask(user, language, now, Reply::Then(then));
        match self.queue().try_send(ask) {
            Ok(()) => {}
            Err(mpsc::error::TrySendError::Full(ask)) => {
                // Full: wait for room in a task of its own, as `meet` would.
                let (queue, store) = (self.queue().clone(), self.store.clone());
                self.tasks.spawn(async move {
                    if let Err(mpsc::error::SendError(ask)) = queue.send(ask).await {
                        flush(store, vec![ask]).await;
                    }
                });
            }
            Err(mpsc::error::TrySendError::Closed(ask)) => {
                self.tasks.spawn(flush(self.store.clone(), vec![ask]));
            }
        }
    }

    /// The batching task's queue (the task starts on first use).
    fn queue(&self) -> &mpsc::Sender<Ask> {
        self.tx.get_or_init(|| {
            let (tx, rx) = mpsc::channel(QUEUE);
            let tasks = self.tasks.clone();
            self.tasks
                .spawn(collect(self.store.clone(), self.linger, rx, tasks));
            tx
        })
    }
}

fn ask(user: UserId, language: &str, now: DateTime<Utc>, reply: Reply) -> Ask {
    Ask {
        meeting: Meeting {
            user,
            seen_language: language.to_owned(),
        },
        now,
        reply,
    }
}

/// Gathers asks into batches: what arrives within `linger` of the first, written in
/// statements of up to [`MEET_AT_MOST`] users, each in a task of its own so the next batch
/// gathers meanwhile. The task sleeps through the linger and then takes everything queued,
/// so it wakes once per batch, not once per ask. It ends once every sender is gone and the
/// queue is empty.
async fn collect(store: Store, linger: Duration, mut rx: mpsc::Receiver<Ask>, tasks: TaskTracker) {
    while let Some(first) = rx.recv().await {
        tokio::time::sleep(linger).await;
        let mut batch = vec![first];
        loop {
            let room = BATCH_AT_MOST - batch.len();
            if room == 0 || rx.recv_many(&mut batch, room).now_or_never().unwrap_or(0) == 0 {
                break;
            }
        }
        while batch.len() > MEET_AT_MOST {
            let rest = batch.split_off(MEET_AT_MOST);
            tasks.spawn(flush(store.clone(), std::mem::replace(&mut batch, rest)));
        }
        tasks.spawn(flush(store.clone(), batch));
    }
}

/// Writes one batch in one statement and hands each caller its row.
async fn flush(store: Store, batch: Vec<Ask>) {
    let Some(now) = batch.iter().map(|a| a.now).max() else {
        return;
    };
    let meetings: Vec<Meeting> = batch.iter().map(|a| a.meeting.clone()).collect();
    metrics::histogram!("flashsale_first_contact_batch").record(batch.len() as f64);
    match store.meet_users(&meetings, now).await {
        Ok(met) => {
            let rows: HashMap<UserId, Met> = met.into_iter().map(|m| (m.user, m)).collect();
            for ask in batch {
                ask.reply.send(rows.get(&ask.meeting.user).cloned());
            }
        }
        Err(e) => {
            tracing::warn!(users = batch.len(), error = %e, "users not recorded");
            for ask in batch {
                ask.reply.send(None);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Users queued when the writer is dropped mid-linger are written before its tasks end,
    /// so a stop that waits for the tasks and then closes the store loses no one.
    #[tokio::test]
    async fn users_queued_at_a_stop_are_written_before_the_tasks_end() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let url = format!("sqlite://{}?mode=rwc", dir.path().join("fc.db").display());
        let store = Store::open(&url, 2).await.expect("the store opens");
        let tasks = TaskTracker::new();
        // A linger far longer than the stop below takes: the batch is still gathering.
        let writer = FirstContact::new(store.clone(), Duration::from_millis(300), tasks.clone());
        let seen = DateTime::from_timestamp(1_800_000_000, 0).expect("an instant");
        let users: Vec<UserId> = (1..=450).filter_map(|u| UserId::parse(u).ok()).collect();
        for user in &users {
            writer.meet_then(*user, "zh-CN", seen, Box::new(|_| {}));
        }
        drop(writer);
        tasks.close();
        tasks.wait().await;
        store.close().await;
        let store = Store::open(&url, 1).await.expect("the store reopens");
        for user in users {
            let language = store.language_to_write_in(user).await.expect("read");
            assert_eq!(language.as_deref(), Some("zh-CN"), "{user:?}");
        }
        store.close().await;
    }
}
