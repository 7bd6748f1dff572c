//! Who may not buy: the users admins blocked, held in memory and reloaded from the store every
//! few seconds by one task at a time, so the buy path checks it without any SQL. A block made
//! on this instance applies at once; one made on another within the reload period.

use std::collections::HashSet;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crate::domain::UserId;
use crate::store::Store;

/// How long a loaded blocklist is trusted.
const RELOAD_EVERY: Duration = Duration::from_secs(10);

/// The blocked users, as last loaded.
pub(crate) struct Blocklist {
    users: Mutex<(Option<Instant>, HashSet<i64>)>,
    reloading: AtomicBool,
}

impl Blocklist {
    /// An empty list, loaded on first use.
    pub fn new() -> Self {
        Self {
            users: Mutex::new((None, HashSet::new())),
            reloading: AtomicBool::new(false),
        }
    }

    /// Whether `user` is blocked; reloads the list first when it is stale.
    pub async fn contains(&self, store: &Store, user: UserId) -> bool {
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
