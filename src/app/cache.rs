//! Short-lived in-process memory on the hot path, so a stampede of button presses does not
//! turn into a stampede of SQL reads: who a user is (their language choice), what a sale is,
//! and the current catalog. What this process changes it forgets at once; what other
//! instances change shows here within the time to live.

use std::collections::HashMap;
use std::future::Future;
use std::hash::Hash;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A map whose entries expire after `ttl`; cleared whole when it reaches `max` entries.
pub(crate) struct Ttl<K, V> {
    ttl: Duration,
    max: usize,
    map: Mutex<HashMap<K, (Instant, V)>>,
    /// Set while one caller reloads an expired entry (the others keep using the old value).
    refreshing: AtomicBool,
    /// One lock per key being loaded while missing (see [`Ttl::get_or_load`]).
    loading: Mutex<HashMap<K, Arc<tokio::sync::Mutex<()>>>>,
}

impl<K: Eq + Hash, V: Clone> Ttl<K, V> {
    /// An empty cache.
    pub fn new(ttl: Duration, max: usize) -> Self {
        Self {
            ttl,
            max,
            map: Mutex::new(HashMap::new()),
            refreshing: AtomicBool::new(false),
            loading: Mutex::new(HashMap::new()),
        }
    }

    /// The value for `key`, loaded by `load` when missing or expired. Concurrent callers
    /// for one key wait for a single load and share its value, so a cold rush (the first
    /// second of a sale, a restart) reads the store once, not once per press. A load that
    /// finds nothing (`Ok(None)`) or fails is not remembered.
    pub async fn get_or_load<E, Fut>(
        &self,
        key: K,
        load: impl FnOnce() -> Fut,
    ) -> Result<Option<V>, E>
    where
        K: Clone,
        Fut: Future<Output = Result<Option<V>, E>>,
    {
        if let Some(v) = self.get(&key) {
            return Ok(Some(v));
        }
        let gate = lock(&self.loading).entry(key.clone()).or_default().clone();
        let held = gate.lock().await;
        let result = match self.get(&key) {
            Some(v) => Ok(Some(v)),
            None => {
                let loaded = load().await;
                if let Ok(Some(v)) = &loaded {
                    self.put(key.clone(), v.clone());
                }
                loaded
            }
        };
        drop(held);
        // The last one through forgets the key's lock (the map holds one, this call another).
        let mut loading = lock(&self.loading);
        if Arc::strong_count(&gate) <= 2 {
            loading.remove(&key);
        }
        result
    }

    /// The value for `key` however old (for serving while one caller reloads it).
    pub fn get_stale(&self, key: &K) -> Option<V> {
        let map = lock(&self.map);
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
        let map = lock(&self.map);
        map.get(key)
            .filter(|(at, _)| at.elapsed() < self.ttl)
            .map(|(_, v)| v.clone())
    }

    /// Remembers `value` for `key` from now.
    pub fn put(&self, key: K, value: V) {
        let mut map = lock(&self.map);
        if map.len() >= self.max && !map.contains_key(&key) {
            map.clear();
        }
        map.insert(key, (Instant::now(), value));
    }

    /// Forgets `key`.
    pub fn remove(&self, key: &K) {
        lock(&self.map).remove(key);
    }

    /// Forgets everything (this process changed what the entries describe).
    pub fn clear(&self) {
        lock(&self.map).clear();
    }
}

/// The guarded value, also after a panic elsewhere (the maps stay usable).
pub(crate) fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
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

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_cold_rush_loads_a_missing_entry_once() {
        use std::sync::atomic::AtomicU32;
        let cache = Arc::new(Ttl::new(Duration::from_secs(60), 10));
        let loads = Arc::new(AtomicU32::new(0));
        let rush: Vec<_> = (0..64)
            .map(|_| {
                let (cache, loads) = (cache.clone(), loads.clone());
                tokio::spawn(async move {
                    cache
                        .get_or_load(7, || async {
                            loads.fetch_add(1, Ordering::SeqCst);
                            tokio::time::sleep(Duration::from_millis(20)).await;
                            Ok::<_, ()>(Some("sale 7"))
                        })
                        .await
                })
            })
            .collect();
        for caller in rush {
            assert_eq!(caller.await.ok(), Some(Ok(Some("sale 7"))));
        }
        assert_eq!(
            loads.load(Ordering::SeqCst),
            1,
            "one load for the whole rush"
        );
        assert!(
            lock(&cache.loading).is_empty(),
            "no lock is kept once loaded"
        );
    }

    #[tokio::test]
    async fn nothing_found_or_a_failed_load_is_tried_again() {
        let cache: Ttl<i32, &str> = Ttl::new(Duration::from_secs(60), 10);
        let none = cache.get_or_load(1, || async { Ok::<_, ()>(None) }).await;
        assert_eq!(none, Ok(None));
        let failed = cache
            .get_or_load(1, || async { Err::<Option<&str>, _>("down") })
            .await;
        assert_eq!(failed, Err("down"));
        let found = cache
            .get_or_load(1, || async { Ok::<_, ()>(Some("a")) })
            .await;
        assert_eq!((found, cache.get(&1)), (Ok(Some("a")), Some("a")));
    }
}
