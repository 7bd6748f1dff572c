//! Who may not buy: the users admins blocked, held in memory and reloaded from the store every
//! few seconds by one task at a time, so the buy path checks it without any SQL. A block made
//! on this instance applies at once; one made on another within the reload period (10 s), or,
//! with Redis configured, within about a second: a block bumps `<prefix>gen:blocklist`, which
//! each instance reads at most once a second (one press at a time) and reloads on a change.

use std::collections::HashSet;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crate::domain::UserId;
use crate::store::Store;

/// How long a loaded blocklist is trusted.
const RELOAD_EVERY: Duration = Duration::from_secs(10);

/// How often the shared generation is read (with Redis).
const GENERATION_EVERY: Duration = Duration::from_secs(1);

/// The generation key bumped by every block and unblock.
const GENERATION: &str = "gen:blocklist";

/// The blocked users, as last loaded.
pub(crate) struct Blocklist {
    users: Mutex<(Option<Instant>, HashSet<i64>)>,
    reloading: AtomicBool,
    /// When the shared generation was last read, and its value then.
    generation: Mutex<(Option<Instant>, Option<i64>)>,
    /// Where blocks are announced to other instances (Redis), when configured.
    pub(crate) shared: Option<crate::app::shared::SharedKeys>,
}

impl Blocklist {
    /// An empty list, loaded on first use.
    pub fn new() -> Self {
        Self {
            users: Mutex::new((None, HashSet::new())),
            reloading: AtomicBool::new(false),
            generation: Mutex::new((None, None)),
            shared: None,
        }
    }

    /// Tells other instances the list changed (with Redis; they reload within a second).
    pub async fn tell_others(&self) {
        if let Some(shared) = &self.shared
            && let Err(e) = shared.bump(GENERATION).await
        {
            tracing::warn!(error = %e, "blocklist change not announced; others reload within 10 s");
        }
    }

    /// Reads the shared generation when due (one caller at a time); a change makes the list stale.
    async fn follow_others(&self) {
        let Some(shared) = &self.shared else { return };
        let due = {
            let g = self.generation.lock().unwrap_or_else(|p| p.into_inner());
            g.0.is_none_or(|at| at.elapsed() >= GENERATION_EVERY)
        };
        if !due || self.reloading.swap(true, Ordering::AcqRel) {
            return;
        }
        let read = shared.get(GENERATION).await;
        self.reloading.store(false, Ordering::Release);
        let now_gen = match read {
            Ok(v) => v.and_then(|v| v.parse::<i64>().ok()),
            Err(e) => {
                tracing::warn!(error = %e, "blocklist generation not read");
                return;
            }
        };
        let changed = {
            let mut g = self.generation.lock().unwrap_or_else(|p| p.into_inner());
            let changed = g.0.is_some() && g.1 != now_gen;
            *g = (Some(Instant::now()), now_gen);
            changed
        };
        if changed {
            self.users.lock().unwrap_or_else(|p| p.into_inner()).0 = None;
        }
    }

    /// Whether `user` is blocked; reloads the list first when it is stale.
    pub async fn contains(&self, store: &Store, user: UserId) -> bool {
        self.follow_others().await;
        let stale = {
            let g = self.users.lock().unwrap_or_else(|p| p.into_inner());
            g.0.is_none_or(|at| at.elapsed() >= RELOAD_EVERY)
        };
        if stale && !self.reloading.swap(true, Ordering::AcqRel) {
            match store.blocked_users().await {
                Ok(list) => {
                    let set = list.into_iter().map(UserId::get).collect();
                    *self.users.lock().unwrap_or_else(|p| p.into_inner()) =
                        (Some(Instant::now()), set);
                }
                Err(e) => tracing::warn!(error = %e, "blocklist not reloaded; using the last one"),
            }
            self.reloading.store(false, Ordering::Release);
        }
        let g = self.users.lock().unwrap_or_else(|p| p.into_inner());
        g.1.contains(&user.get())
    }

    /// Applies a block or unblock made here at once.
    pub fn set(&self, user: UserId, blocked: bool) {
        let mut g = self.users.lock().unwrap_or_else(|p| p.into_inner());
        if blocked {
            g.1.insert(user.get());
        } else {
            g.1.remove(&user.get());
        }
    }
}
