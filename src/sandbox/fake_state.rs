//! What the fake Bot API remembers: queued updates, recorded calls, planned faults, the
//! messages it "sent" (so edits can be checked), and when each update was handed out.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::atomic::AtomicI64;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use serde_json::Value;

/// One request the bot made.
#[derive(Debug, Clone)]
pub struct Call {
    /// Method name, lower-cased (`sendmessage`).
    pub method: String,
    /// The JSON body the bot sent.
    pub body: Value,
    /// When the request arrived at the fake.
    pub at: Instant,
    /// The HTTP status the fake answered with.
    pub status: u16,
}

/// An answer to force on some calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// 429 Too Many Requests with `retry_after` seconds.
    RetryAfter(u32),
    /// 500 Internal Server Error.
    ServerError,
    /// Answer normally, but only after this long.
    Delay(Duration),
}

/// A stretch of time during which calls of one method (or all) get a fault.
#[derive(Debug, Clone)]
pub(super) struct Storm {
    pub until: Instant,
    pub method: Option<String>,
    pub fault: Fault,
}

/// A message as the fake last stored it: text and inline keyboard.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Stored {
    pub text: Value,
    pub markup: Value,
}

/// An update waiting for getUpdates: its JSON text, and the id of the callback query it
/// carries (to note when it was handed over).
#[derive(Debug)]
pub(super) struct Queued {
    pub json: String,
    pub query: Option<String>,
}

#[derive(Default)]
pub(super) struct FakeState {
    pub updates: Mutex<VecDeque<Queued>>,
    /// Wakes a getUpdates long poll waiting on an empty queue when an update arrives.
    pub update_arrived: tokio::sync::Notify,
    pub next_update_id: AtomicI64,
    pub calls: Mutex<Vec<Call>>,
    pub faults: Mutex<VecDeque<(usize, Fault)>>,
    pub storms: Mutex<Vec<Storm>>,
    pub blocked: Mutex<HashSet<i64>>,
    pub next_message_id: AtomicI64,
    pub messages: Mutex<HashMap<(i64, i64), Stored>>,
    /// Cards sent inline, by inline_message_id (registered by a test's chosen result).
    pub inline: Mutex<HashMap<String, Stored>>,
    /// Callback query id -> when getUpdates handed its update to the bot.
    pub handed: Mutex<HashMap<String, Instant>>,
    /// Keep only what answers to button presses say (for big benchmark runs).
    pub lean: std::sync::atomic::AtomicBool,
    /// Method -> the `result` it answers with instead of the normal one.
    pub overrides: Mutex<HashMap<String, Value>>,
    /// Channels and groups a test registered, by chat id.
    pub chats: Mutex<HashMap<i64, super::fake_chats::FakeChat>>,
}

/// Locks a mutex, carrying on after a panic elsewhere (the data is only test records).
pub(super) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl FakeState {
    /// The fault for the call numbered `index` of `method`, if one is planned.
    pub fn fault_for(&self, index: usize, method: &str) -> Option<Fault> {
        let mut faults = lock(&self.faults);
        if let Some((at, f)) = faults.front().copied()
            && at <= index
        {
            faults.pop_front();
            return Some(f);
        }
        drop(faults);
        let now = Instant::now();
        let mut storms = lock(&self.storms);
        storms.retain(|s| s.until > now);
        storms
            .iter()
            .find(|s| s.method.as_deref().is_none_or(|m| m == method))
            .map(|s| s.fault)
    }
}
