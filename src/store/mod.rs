//! All SQL lives here: one code path for PostgreSQL and SQLite through sqlx's `Any` driver,
//! portable SQL with `$n` placeholders and integer (unix ms) timestamps.

mod admin_users;
mod announcement_queue;
mod announcements;
mod audit;
mod blocks;
mod bulk_users;
mod captcha;
mod channels;
mod contexts;
mod countdowns;
mod dialogues;
mod error;
mod faq;
mod first_contact;
mod inline_cards;
mod keyword_watches;
mod languages;
mod lease;
mod naive;
mod orders;
mod orders_pg;
mod outbox;
mod outbox_lease;
mod payments;
mod posts;
mod query;
mod restock;
mod sales;
mod sales_ended;
mod sales_soon;
mod seed;
mod sources;
mod spent_tokens;
mod stats;
mod subscriptions;
mod time;
mod users;
mod waitlist;
mod warm;

pub use admin_users::UserCounts;
pub use announcements::{Announcement, AnnouncementState, Audience, BroadcastMode};
pub use audit::AuditEntry;
pub use channels::LinkedChat;
pub use countdowns::TrackedCard;
pub use dialogues::StaffDialogue;
pub use error::StoreError;
pub use first_contact::{MEET_AT_MOST, Meeting, Met};
pub use inline_cards::InlineCardRow;
pub use keyword_watches::KeywordWatch;
pub use naive::NaiveOutcome;
pub use orders::{InsertOutcome, NewOrder};
pub use outbox::{OutboxCounts, OutboxItem};
pub use outbox_lease::Interrupted;
pub use payments::{NewPayment, Payment, PaymentRecord, PaymentState};
pub use posts::{NewPost, SalePost};
pub use restock::Restocked;
pub use sales::SaleCounts;
pub use sources::SourceCount;
pub use stats::SalesBucket;
pub use subscriptions::SubscriptionKind;
pub use users::{Role, User};

use std::time::Duration;

use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::migrate::Migrator;
use sqlx::{AnyPool, Connection, Executor};

static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("migrations/postgres");
static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("migrations/sqlite");

/// Which database sits behind the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Postgres,
    Sqlite,
}

impl Backend {
    /// `postgres` or `sqlite`, as reports name it.
    pub fn name(self) -> &'static str {
        match self {
            Self::Postgres => "postgres",
            Self::Sqlite => "sqlite",
        }
    }

    /// Tells the backend from a `DATABASE_URL`.
    pub fn from_url(url: &str) -> Result<Self, StoreError> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Self::Postgres)
        } else if url.starts_with("sqlite:") {
            Ok(Self::Sqlite)
        } else {
            Err(StoreError::Config(
                "DATABASE_URL must start with postgres:// or sqlite:".into(),
            ))
        }
    }
}

/// Connections of the main pool kept open while idle.
const WARM_CONNECTIONS: u32 = 4;

/// A pool's options: every new connection first runs [`connection_setup`], and an orders
/// (`durable`) PostgreSQL connection prepares the order batch statement.
fn pool_options(backend: Backend, durable: bool) -> AnyPoolOptions {
    AnyPoolOptions::new()
        .acquire_timeout(Duration::from_secs(5))
        // sqlx pings every connection as it comes back to the pool and drops a broken one;
        // pinging it again as it goes out is a second round trip before every query. Only a
        // connection idle for a while (the server may have gone away meanwhile) is pinged.
        .test_before_acquire(false)
        .before_acquire(|conn, meta| {
            Box::pin(async move {
                if needs_ping(meta.idle_for) {
                    conn.ping().await?;
                }
                Ok(true)
            })
        })
        .after_connect(move |conn, _meta| {
            Box::pin(async move {
                if let Some(sql) = connection_setup(backend, durable) {
                    conn.execute(sql.as_str()).await?;
                }
                // The orders pool's connections hold the order batch statement ready.
                if durable && backend == Backend::Postgres {
                    warm::prepare_order_batch(conn).await;
                }
                Ok(())
            })
        })
}

/// How long a connection may sit idle in a pool and still be handed out without a ping: it
/// passed sqlx's ping when it came back, this recently.
pub const PING_IDLE_AFTER: Duration = Duration::from_secs(1);

/// Whether a connection idle for `idle_for` is pinged before it is handed out.
fn needs_ping(idle_for: Duration) -> bool {
    idle_for >= PING_IDLE_AFTER
}

/// What a new connection runs first. SQLite: WAL lets readers run beside the writer; FULL
/// makes every commit durable before a buyer is told they won, NORMAL (not `durable`) at
/// the next checkpoint or FULL commit. PostgreSQL, not `durable`: the commit is in the WAL
/// at once and flushed within `wal_writer_delay` (200 ms by default).
fn connection_setup(backend: Backend, durable: bool) -> Option<String> {
    match backend {
        Backend::Postgres if durable => None,
        Backend::Postgres => Some("SET synchronous_commit = off".to_owned()),
        Backend::Sqlite => Some(format!(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = {}; \
             PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON;",
            if durable { "FULL" } else { "NORMAL" }
        )),
    }
}

/// The SQL store: sales, orders, payments, users, subscriptions, audit log.
#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    /// Up to two connections (one kept open), whose commits do not wait for the disk: for
    /// bookkeeping a crash may lose the last fraction of a second of (when a user was first
    /// and last seen), never for orders, sales, payments or anyone's choices.
    relaxed: AnyPool,
    backend: Backend,
}

impl Store {
    /// Connects to `url` (a SQLite file is created when missing) without migrating.
    pub async fn connect(url: &str, max_connections: u32) -> Result<Self, StoreError> {
        install_default_drivers();
        let backend = Backend::from_url(url)?;
        // Connections are kept open while idle: a flash sale's first second is its busiest,
        // often after a quiet hour, and must not wait for new PostgreSQL backends.
        let pool = pool_options(backend, true)
            .max_connections(max_connections.max(1))
            .min_connections(max_connections.clamp(1, WARM_CONNECTIONS))
            .connect(url)
            .await
            .map_err(StoreError::from)?;
        // An in-memory SQLite database exists once per connection pool: share the one.
        if url.contains(":memory:") || url.contains("mode=memory") {
            return Ok(Self {
                relaxed: pool.clone(),
                pool,
                backend,
            });
        }
        let relaxed = pool_options(backend, false)
            .max_connections(2)
            .min_connections(1)
            .connect_lazy(url)
            .map_err(StoreError::from)?;
        Ok(Self {
            pool,
            relaxed,
            backend,
        })
    }

    /// Connects and applies pending migrations (the app always does this on start).
    pub async fn open(url: &str, max_connections: u32) -> Result<Self, StoreError> {
        let store = Self::connect(url, max_connections).await?;
        store.migrate().await?;
        Ok(store)
    }

    /// Connects and either migrates (`migrate`) or checks that every migration this build
    /// knows is already applied (a separate `flashsale migrate` step, e.g. behind PgBouncer).
    pub async fn open_with(
        url: &str,
        max_connections: u32,
        migrate: bool,
    ) -> Result<Self, StoreError> {
        if migrate {
            return Self::open(url, max_connections).await;
        }
        let store = Self::connect(url, max_connections).await?;
        store.check_migrated().await?;
        Ok(store)
    }

    /// Fails unless every migration of this build is applied (nothing is changed).
    pub async fn check_migrated(&self) -> Result<(), StoreError> {
        let migrator = match self.backend {
            Backend::Postgres => &POSTGRES_MIGRATIONS,
            Backend::Sqlite => &SQLITE_MIGRATIONS,
        };
        let known = i64::try_from(migrator.iter().count()).unwrap_or(i64::MAX);
        let applied = self.applied_migrations().await.unwrap_or(0);
        if applied < known {
            return Err(StoreError::Migration(format!(
                "{applied} of {known} migrations applied; run `flashsale migrate` first \
                 (or set MIGRATE_ON_START=true)"
            )));
        }
        Ok(())
    }

    /// Applies the migrations for this backend; returns how many were new.
    pub async fn migrate(&self) -> Result<usize, StoreError> {
        let migrator = match self.backend {
            Backend::Postgres => &POSTGRES_MIGRATIONS,
            Backend::Sqlite => &SQLITE_MIGRATIONS,
        };
        let before: i64 = self.applied_migrations().await.unwrap_or(0);
        migrator
            .run(&self.pool)
            .await
            .map_err(|e| StoreError::Migration(e.to_string()))?;
        let after = self.applied_migrations().await?;
        Ok(usize::try_from(after - before).unwrap_or(0))
    }

    async fn applied_migrations(&self) -> Result<i64, StoreError> {
        let n: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM _sqlx_migrations WHERE success")
            .fetch_one(&self.pool)
            .await?;
        Ok(n.0)
    }

    /// A second store on the same database with a pool of its own (at most
    /// `max_connections`, all kept open), whose connections belong to the runtime this is
    /// called on, closed when this store is; SQLite (in-process, possibly in memory)
    /// shares this one's.
    pub async fn with_own_pool(&self, max_connections: u32) -> Result<Self, StoreError> {
        if self.backend == Backend::Sqlite {
            return Ok(self.clone());
        }
        let options = (*self.pool.connect_options()).clone();
        let pool = pool_options(self.backend, true)
            .max_connections(max_connections.max(1))
            .min_connections(max_connections.max(1))
            .connect_with(options)
            .await
            .map_err(StoreError::from)?;
        let (parent, own) = (self.pool.clone(), pool.clone());
        tokio::spawn(async move {
            parent.close_event().await;
            own.close().await;
        });
        Ok(Self {
            pool,
            relaxed: self.relaxed.clone(),
            backend: self.backend,
        })
    }

    /// Which database this is.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Whether the database answers (for readiness checks).
    pub async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    /// Closes every connection.
    pub async fn close(&self) {
        self.relaxed.close().await;
        self.pool.close().await;
    }

    pub(crate) fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// The pool whose commits do not wait for the disk (see [`Store`]).
    pub(crate) fn relaxed_pool(&self) -> &AnyPool {
        &self.relaxed
    }
}
