//! Send pacing below Telegram's limits: a global rate, a minimum spacing per chat, and a
//! global pause when Telegram answers 429 with `retry_after`. [`Pacer`] is pure (time comes
//! in as microseconds on a monotonic clock); [`SharedPacer`] is one pacer shared by every
//! part that sends in bulk (outbox, countdown edits), so together they stay under the limit.

use std::collections::HashMap;
use std::time::Duration;

use tokio::time::Instant;

/// Telegram's documented bulk limits, as configured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PaceLimits {
    /// Messages per second across all chats (about 30; 1,000 with paid broadcasts).
    pub per_second: u32,
    /// Minimum microseconds between two messages to the same chat (1 s).
    pub per_chat_spacing_us: u64,
}

impl Default for PaceLimits {
    /// 29 messages a second: one under Telegram's 30, so scheduling jitter never lets any
    /// one-second window hold 31 sends (a broadcast still finishes within 4% of the limit).
    fn default() -> Self {
        Self {
            per_second: 29,
            per_chat_spacing_us: 1_000_000,
        }
    }
}

/// Decides when the next message may go out. Sends are spaced evenly, so any one-second
/// window holds at most `per_second` of them.
#[derive(Debug)]
pub struct Pacer {
    limits: PaceLimits,
    spacing_us: u64,
    next_global_us: u64,
    paused_until_us: u64,
    next_per_chat: HashMap<i64, u64>,
}

impl Pacer {
    /// A pacer with nothing sent yet.
    pub fn new(limits: PaceLimits) -> Self {
        let per_second = u64::from(limits.per_second.max(1));
        Self {
            limits,
            spacing_us: 1_000_000_u64.div_ceil(per_second),
            next_global_us: 0,
            paused_until_us: 0,
            next_per_chat: HashMap::new(),
        }
    }

    /// The configured limits.
    pub fn limits(&self) -> PaceLimits {
        self.limits
    }

    /// The earliest instant a message to `chat` may be sent.
    pub fn ready_at(&self, chat: i64) -> u64 {
        let chat_ready = self.next_per_chat.get(&chat).copied().unwrap_or(0);
        self.next_global_us
            .max(self.paused_until_us)
            .max(chat_ready)
    }

    /// The earliest instant `chat` itself may hear from us again (ignoring the global pace).
    pub fn chat_ready_at(&self, chat: i64) -> u64 {
        self.next_per_chat.get(&chat).copied().unwrap_or(0)
    }

    /// When a message to `chat` may go, as of `now_us`; `Err` with the chat's own wait when
    /// that is longer than `max_chat_wait`.
    fn slot_for(&self, chat: i64, now_us: u64, max_chat_wait: Duration) -> Result<u64, Duration> {
        let chat_wait = self.chat_ready_at(chat).saturating_sub(now_us);
        if chat_wait > max_chat_wait.as_micros() as u64 {
            return Err(Duration::from_micros(chat_wait));
        }
        Ok(self.ready_at(chat).max(now_us))
    }

    /// Notes a send to `chat` at `now`.
    pub fn record_send(&mut self, chat: i64, now_us: u64) {
        self.next_global_us = self.next_global_us.max(now_us) + self.spacing_us;
        self.next_per_chat
            .insert(chat, now_us + self.limits.per_chat_spacing_us);
        if self.next_per_chat.len() > 100_000 {
            self.next_per_chat.retain(|_, at| *at > now_us);
        }
    }

    /// Notes that the send to `chat` slotted earlier actually started at `now`: the chat's
    /// next send counts from here, so a send that woke late does not shorten the spacing.
    pub fn note_started(&mut self, chat: i64, now_us: u64) {
        let next = now_us + self.limits.per_chat_spacing_us;
        let entry = self.next_per_chat.entry(chat).or_insert(next);
        *entry = (*entry).max(next);
    }

    /// Stops all sending until `until` (Telegram said 429 with `retry_after`).
    pub fn pause_until(&mut self, until_us: u64) {
        self.paused_until_us = self.paused_until_us.max(until_us);
    }
}

/// A pacer shared by several senders. A sender takes a slot, then waits for it without
/// holding the lock, so slow Bot API answers do not hold up the others.
#[derive(Debug)]
pub struct SharedPacer {
    pacer: tokio::sync::Mutex<Pacer>,
    epoch: Instant,
}

impl SharedPacer {
    /// A shared pacer with nothing sent yet.
    pub fn new(limits: PaceLimits) -> Self {
        Self {
            pacer: tokio::sync::Mutex::new(Pacer::new(limits)),
            epoch: Instant::now(),
        }
    }

    fn now_us(&self) -> u64 {
        self.epoch.elapsed().as_micros() as u64
    }

    /// Takes the next slot for a message to `chat` and returns how long to wait for it; or,
    /// when `chat` itself may not hear from us for longer than `max_chat_wait`, takes
    /// nothing and returns `Err` with that wait (the caller defers the message).
    pub async fn take_slot(
        &self,
        chat: i64,
        max_chat_wait: Duration,
    ) -> Result<Duration, Duration> {
        let mut pacer = self.pacer.lock().await;
        let now = self.now_us();
        let at = pacer.slot_for(chat, now, max_chat_wait)?;
        pacer.record_send(chat, at);
        Ok(Duration::from_micros(at - now))
    }

    /// Like [`SharedPacer::take_slot`], but takes nothing and returns `Ok(None)` when the
    /// slot is more than `horizon` away (the caller leaves the message for a later step).
    pub async fn take_slot_within(
        &self,
        chat: i64,
        max_chat_wait: Duration,
        horizon: Duration,
    ) -> Result<Option<Duration>, Duration> {
        let mut pacer = self.pacer.lock().await;
        let now = self.now_us();
        let at = pacer.slot_for(chat, now, max_chat_wait)?;
        if at - now > horizon.as_micros() as u64 {
            return Ok(None);
        }
        pacer.record_send(chat, at);
        Ok(Some(Duration::from_micros(at - now)))
    }

    /// Notes that a send to `chat` starts now (see [`Pacer::note_started`]).
    pub async fn started(&self, chat: i64) {
        let now = self.now_us();
        self.pacer.lock().await.note_started(chat, now);
    }

    /// How much of a pause (429) is left now; zero when sending may go on.
    pub async fn pause_left(&self) -> Duration {
        let now = self.now_us();
        let until = self.pacer.lock().await.paused_until_us;
        Duration::from_micros(until.saturating_sub(now))
    }

    /// Stops all sending for `wait` (Telegram answered 429 with `retry_after`).
    pub async fn pause_for(&self, wait: Duration) {
        let until = self.now_us() + wait.as_micros() as u64;
        self.pacer.lock().await.pause_until(until);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sends_are_spaced_to_the_global_rate() {
        let mut p = Pacer::new(PaceLimits {
            per_second: 30,
            per_chat_spacing_us: 1_000_000,
        });
        let mut now = 0;
        let mut sent = Vec::new();
        for chat in 0..90 {
            now = now.max(p.ready_at(chat));
            p.record_send(chat, now);
            sent.push(now);
        }
        for w in sent.windows(31) {
            assert!(w[30] - w[0] >= 1_000_000, "31 sends within one second");
        }
    }

    #[test]
    fn one_chat_gets_at_most_one_message_a_second() {
        let mut p = Pacer::new(PaceLimits::default());
        p.record_send(7, 0);
        assert_eq!(p.ready_at(7), 1_000_000);
        assert!(p.ready_at(8) < 1_000_000);
    }

    #[test]
    fn a_retry_after_pauses_every_chat() {
        let mut p = Pacer::new(PaceLimits::default());
        p.pause_until(5_000_000);
        assert_eq!(p.ready_at(1), 5_000_000);
        assert_eq!(p.ready_at(2), 5_000_000);
    }

    #[tokio::test(start_paused = true)]
    async fn shared_slots_spread_senders_and_defer_a_busy_chat() {
        let p = SharedPacer::new(PaceLimits {
            per_second: 30,
            per_chat_spacing_us: 1_000_000,
        });
        let a = p.take_slot(1, Duration::from_millis(50)).await;
        let b = p.take_slot(2, Duration::from_millis(50)).await;
        assert_eq!(a, Ok(Duration::ZERO));
        assert_eq!(b, Ok(Duration::from_micros(33_334)));
        let again = p.take_slot(1, Duration::from_millis(50)).await;
        assert!(again.is_err(), "chat 1 heard from us a moment ago");
        p.pause_for(Duration::from_secs(3)).await;
        let c = p.take_slot(3, Duration::from_millis(50)).await;
        assert_eq!(c, Ok(Duration::from_secs(3)));
    }

    #[test]
    fn a_send_that_started_late_pushes_its_chats_next_turn() {
        let mut p = Pacer::new(PaceLimits {
            per_second: 30,
            per_chat_spacing_us: 1_000_000,
        });
        p.record_send(7, 0);
        p.note_started(7, 40_000);
        assert_eq!(p.chat_ready_at(7), 1_040_000);
        p.note_started(7, 10_000);
        assert_eq!(p.chat_ready_at(7), 1_040_000, "never moved earlier");
    }
}
