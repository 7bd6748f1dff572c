//! Short-lived in-process memory on the hot path, so a stampede of button presses does not
//! turn into a stampede of SQL reads: who a user is (their language choice), what a sale is,
//! and the current catalog. What this process changes it forgets at once; what other
//! instances change shows here within the time to live.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// A map whose entries expire after `ttl`; cleared whole when it reaches `max` entries.
pub(crate) struct Ttl<K, V> {
    ttl: Duration,
    max: usize,
    map: Mutex<HashMap<K, (Instant, V)>>,
    /// Set while one caller reloads an expired entry (the others keep using the old value).
    refreshing: AtomicBool,
}

impl<K: Eq + Hash, V: Clone> Ttl<K, V> {
    /// An empty cache.
    pub fn new(ttl: Duration, max: usize) -> Self {
        Self {
            ttl,
            max,
            map: Mutex::new(HashMap::new()),
            refreshing: AtomicBool::new(false),
        }
    }

    /// The value for `key` however old (for serving while one caller reloads it).
    pub fn get_stale(&self, key: &K) -> Option<V> {
        let map = self.map.lock().unwrap_or_else(|p| p.into_inner());
        map.get(key).map(|(_, v)| v.clone())
    }

    /// True for the one caller that may reload expired entries now; it calls
    /// [`Ttl::end_refresh`] when done.
    pub fn claim_refresh(&self) -> bool {
        !self.refreshing.swap(true, Ordering::AcqRel)
    }

    /// Ends a reload claimed with [`Ttl::claim_refresh`].
    pub fn end_refresh(&self) {
        self.refreshing.store(false, Ordering::Release);
    }

    /// The value for `key` if it is younger than the time to live.
    pub fn get(&self, key: &K) -> Option<V> {
        let map = self.map.lock().unwrap_or_else(|p| p.into_inner());
        map.get(key)
            .filter(|(at, _)| at.elapsed() < self.ttl)
            .map(|(_, v)| v.clone())
    }

    /// Remembers `value` for `key` from now.
    pub fn put(&self, key: K, value: V) {
        let mut map = self.map.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() >= self.max && !map.contains_key(&key) {
            map.clear();
        }
        map.insert(key, (Instant::now(), value));
    }

    /// Forgets `key`.
    pub fn remove(&self, key: &K) {
        self.map
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(key);
    }

    /// Forgets everything (this process changed what the entries describe).
    pub fn clear(&self) {
        self.map.lock().unwrap_or_else(|p| p.into_inner()).clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_expire_and_the_cache_stays_bounded() {
        let c = Ttl::new(Duration::from_millis(30), 2);
        c.put(1, "a");
        assert_eq!(c.get(&1), Some("a"));
        std::thread::sleep(Duration::from_millis(40));
        assert_eq!(c.get(&1), None);
        c.put(1, "a");
        c.put(2, "b");
        c.put(3, "c");
        assert_eq!((c.get(&1), c.get(&3)), (None, Some("c")));
        c.clear();
        assert_eq!(c.get(&3), None);
    }
}
