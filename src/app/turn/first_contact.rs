//! First contact, batched: users not seen lately are recorded (with the language they are
//! answered in) by one multi-row upsert per batch, not one statement per press. A caller
//! waits for its batch (a few milliseconds at most, plus the statement), so the row exists
//! before its turn goes on; a crash can lose only "seen" bookkeeping, never an order.

use std::collections::HashMap;
use std::sync::OnceLock;
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::sync::{mpsc, oneshot};

use crate::domain::UserId;
use crate::store::{MEET_AT_MOST, Meeting, Met, Store};

/// How long a batch waits for more users after its first one, when a turn waits for it.
pub(crate) const LINGER: Duration = Duration::from_millis(2);
/// The same when no one waits for the batch (presses answered in their button's language):
/// a stampede's first contacts then cost the database a statement per few hundred users,
/// not one per two milliseconds, while the decisions run.
pub(crate) const LINGER_UNWAITED: Duration = Duration::from_millis(500);
/// Users waiting to be batched, at most (then callers wait for room).
const QUEUE: usize = 8_192;

/// One user to record, and where their row goes back.
struct Ask {
    meeting: Meeting,
    now: DateTime<Utc>,
    reply: oneshot::Sender<Option<Met>>,
}

/// The batching writer of first contacts (its task starts on first use).
pub(crate) struct FirstContact {
    store: Store,
    linger: Duration,
    tx: OnceLock<mpsc::Sender<Ask>>,
}

impl FirstContact {
    /// Batches into `store`, each batch gathering for `linger` after its first user.
    pub(crate) fn new(store: Store, linger: Duration) -> Self {
        Self {
            store,
            linger,
            tx: OnceLock::new(),
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
        let meeting = Meeting {
            user,
            seen_language: language.to_owned(),
        };
        let tx = self.tx.get_or_init(|| {
            let (tx, rx) = mpsc::channel(QUEUE);
            tokio::spawn(collect(self.store.clone(), self.linger, rx));
            tx
        });
        let (reply, answer) = oneshot::channel();
        let ask = Ask {
            meeting,
            now,
            reply,
        };
        match tx.send(ask).await {
            Ok(()) => answer.await.ok().flatten(),
            // The batching task is gone (its runtime stopped): write this one alone.
            Err(mpsc::error::SendError(ask)) => {
                flush(self.store.clone(), vec![ask]).await;
                None
            }
        }
    }
}

/// Gathers asks into batches (up to [`MEET_AT_MOST`], or what arrives within `linger` of
/// the first) and writes each batch in its own task, so the next one gathers meanwhile.
async fn collect(store: Store, linger: Duration, mut rx: mpsc::Receiver<Ask>) {
    while let Some(first) = rx.recv().await {
        let mut batch = vec![first];
        let until = tokio::time::Instant::now() + linger;
        while batch.len() < MEET_AT_MOST {
            match tokio::time::timeout_at(until, rx.recv()).await {
                Ok(Some(ask)) => batch.push(ask),
                Ok(None) | Err(_) => break,
            }
        }
        tokio::spawn(flush(store.clone(), batch));
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
                let _ = ask.reply.send(rows.get(&ask.meeting.user).cloned());
            }
        }
        Err(e) => {
            tracing::warn!(users = batch.len(), error = %e, "users not recorded");
            for ask in batch {
                let _ = ask.reply.send(None);
            }
        }
    }
}
