//! A strict sliding window over the moments sends actually start: at most `n` in any second
//! (plus a 25 ms margin for jitter on the way to Telegram). The pacer spaces sends evenly, but a late
//! timer or a busy runtime can bunch them; this window holds the limit whatever happens.

use std::collections::VecDeque;
use std::time::Duration;

use tokio::time::Instant;

/// How much longer than a second `n` sends are spread over.
const MARGIN: Duration = Duration::from_millis(25);

/// At most `n` send starts in any one second.
#[derive(Debug)]
pub struct SendWindow {
    n: usize,
    starts: tokio::sync::Mutex<VecDeque<Instant>>,
}

impl SendWindow {
    /// A window admitting `per_second` sends a second (at least one).
    pub fn per_second(per_second: u32) -> Self {
        let n = usize::try_from(per_second.max(1)).unwrap_or(usize::MAX);
        Self {
            n,
            starts: tokio::sync::Mutex::new(VecDeque::with_capacity(n.min(100_000))),
        }
    }

    /// Waits until one more send fits in the window, and counts it (callers go in turn).
    pub async fn admit(&self) {
        let mut starts = self.starts.lock().await;
        if starts.len() >= self.n
            && let Some(oldest) = starts.get(starts.len() - self.n)
        {
            let ready = *oldest + Duration::from_secs(1) + MARGIN;
            if Instant::now() < ready {
                tokio::time::sleep_until(ready).await;
            }
        }
        starts.push_back(Instant::now());
        while starts.len() > self.n {
            starts.pop_front();
        }
    }
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
            w.admit().await;
            at.push(Instant::now() - t0);
        }
        // The first five go at once, then each waits for a slot to leave the window.
        assert_eq!(at[4], Duration::ZERO);
        assert_eq!(at[5], Duration::from_millis(1_025));
        assert_eq!(at[10], Duration::from_millis(2_050));
        for pair in at.windows(6) {
            assert!(pair[5] - pair[0] >= Duration::from_secs(1));
        }
    }
}
