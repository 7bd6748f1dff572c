//! A strict sliding window over sends: at most `n` reach Telegram in any second, however the
//! process is scheduled. The pacer spaces sends evenly, but a late timer or a busy runtime can
//! bunch them, before the window or after it (between a send's start and its bytes leaving).
//!
//! A send reaches Telegram at some moment between its start and its answer. So the window
//! keeps each send from its start until a second (plus a 25 ms margin) after its answer: a
//! send may start only while fewer than `n` others are held. Then any `n + 1` sends that
//! reached Telegram within one second would include one that started while the other `n`
//! were all held, which the window does not allow. With answers in tens of milliseconds this
//! costs a few percent of the rate; a send that never gets an answer is held until it is
//! given up.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::time::Instant;

/// How long a send is held after its answer: a second, plus 25 ms for jitter on the way.
const HELD_AFTER: Duration = Duration::from_millis(1_025);

/// How often a full window of sends still waiting for their answers is looked at again.
const RECHECK: Duration = Duration::from_millis(10);

/// At most `n` sends reaching Telegram in any one second.
#[derive(Debug)]
pub struct SendWindow {
    n: usize,
    /// Callers wait for a place in turn.
    turn: tokio::sync::Mutex<()>,
    held: Arc<Mutex<Held>>,
}

/// The sends the window holds: each with when it was answered (`None`: not yet).
#[derive(Debug, Default)]
struct Held {
    next_id: u64,
    sends: VecDeque<(u64, Option<Instant>)>,
}

impl Held {
    /// Lets go of sends answered more than [`HELD_AFTER`] ago; how many are still held, and
    /// when the first answered one is let go (`None`: all are still waiting for answers).
    fn still_held(&mut self, now: Instant) -> (usize, Option<Instant>) {
        self.sends
            .retain(|(_, answered)| answered.is_none_or(|at| at + HELD_AFTER > now));
        let free_at = self
            .sends
            .iter()
            .filter_map(|(_, answered)| answered.map(|at| at + HELD_AFTER))
            .min();
        (self.sends.len(), free_at)
    }
}

/// A send the window holds; its answer (or its end, when dropped) starts the last second
/// it is held for.
#[must_use = "hold the ticket until the send is answered"]
#[derive(Debug)]
pub struct SendTicket {
    id: u64,
    held: Arc<Mutex<Held>>,
}

impl Drop for SendTicket {
    fn drop(&mut self) {
        let now = Instant::now();
        let mut held = lock(&self.held);
        if let Some(send) = held.sends.iter_mut().rev().find(|(id, _)| *id == self.id) {
            send.1 = Some(now);
        }
    }
}

impl SendWindow {
    /// A window admitting `per_second` sends a second (at least one).
    pub fn per_second(per_second: u32) -> Self {
        let n = usize::try_from(per_second.max(1)).unwrap_or(usize::MAX);
        Self {
            n,
            turn: tokio::sync::Mutex::new(()),
            held: Arc::new(Mutex::new(Held::default())),
        }
    }

    /// Waits until one more send fits in the window, and holds it until the returned ticket
    /// is dropped (after the send's answer) and a second more (callers go in turn).
    pub async fn admit(&self) -> SendTicket {
        let _turn = self.turn.lock().await;
        loop {
            let wait = {
                let now = Instant::now();
                let mut held = lock(&self.held);
                let (count, free_at) = held.still_held(now);
                if count < self.n {
                    let id = held.next_id;
                    held.next_id += 1;
                    held.sends.push_back((id, None));
                    return SendTicket {
                        id,
                        held: Arc::clone(&self.held),
                    };
                }
                free_at.map_or(RECHECK, |at| (at - now).min(RECHECK))
            };
            tokio::time::sleep(wait).await;
        }
    }
}

fn lock(held: &Mutex<Held>) -> std::sync::MutexGuard<'_, Held> {
    held.lock().unwrap_or_else(|p| p.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn no_second_ever_holds_more_than_n_starts() {
        let w = SendWindow::per_second(5);
        let t0 = Instant::now();
        let mut at = Vec::new();
        for _ in 0..12 {
            // Answered at once.
            drop(w.admit().await);
            at.push(Instant::now() - t0);
        }
        // The first five go at once, then each waits for a place to leave the window.
        assert_eq!(at[4], Duration::ZERO);
        assert_eq!(at[5], Duration::from_millis(1_025));
        assert_eq!(at[10], Duration::from_millis(2_050));
        for pair in at.windows(6) {
            assert!(pair[5] - pair[0] >= Duration::from_secs(1));
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_send_is_held_until_a_second_after_its_answer() {
        let w = SendWindow::per_second(1);
        let t0 = Instant::now();
        let slow = w.admit().await;
        // Answered 3 s later: it could have reached Telegram at any moment until then, so
        // the next send waits for a second after that answer.
        let answer = tokio::spawn(async move {
            tokio::time::sleep(Duration::from_secs(3)).await;
            drop(slow);
        });
        drop(w.admit().await);
        let waited = Instant::now() - t0;
        assert!(
            waited >= Duration::from_millis(4_025) && waited < Duration::from_millis(4_040),
            "{waited:?}"
        );
        answer.await.expect("answered");
    }
}
