//! A throttle for WARN lines that outsiders can trigger (refused webhook requests): at most
//! one line per interval, carrying how many were left out since the last one.

use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Lets one event through per interval and counts the ones it holds back.
#[derive(Debug)]
pub struct LogThrottle {
    every: Duration,
    state: Mutex<(Option<Instant>, u64)>,
}

impl LogThrottle {
    /// A throttle letting one line through per `every`.
    pub fn new(every: Duration) -> Self {
        Self {
            every,
            state: Mutex::new((None, 0)),
        }
    }

    /// `Some(n)` when this event may be logged (`n` were held back before it), else `None`.
    pub fn admit(&self, now: Instant) -> Option<u64> {
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        let (last, held) = &mut *state;
        match last {
            Some(t) if now.saturating_duration_since(*t) < self.every => {
                *held += 1;
                None
            }
            _ => {
                *last = Some(now);
                Some(std::mem::take(held))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_per_interval_passes_and_it_tells_how_many_were_held_back() {
        let t = LogThrottle::new(Duration::from_secs(10));
        let start = Instant::now();
        assert_eq!(t.admit(start), Some(0));
        for i in 1..=5 {
            assert_eq!(t.admit(start + Duration::from_secs(i)), None);
        }
        assert_eq!(t.admit(start + Duration::from_secs(10)), Some(5));
        assert_eq!(t.admit(start + Duration::from_secs(11)), None);
    }
}
