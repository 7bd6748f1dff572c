//! Fresh databases: a new PostgreSQL database or a new SQLite file for every test.

use flashsale::domain::{ChargeId, OrderId, OrderState};
use flashsale::store::{Payment, Store};
use sqlx::{AnyConnection, Connection, Executor};

/// The PostgreSQL server the tests use (`TEST_POSTGRES_URL`, default the local one).
pub fn postgres_server() -> String {
    std::env::var("TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".to_owned())
}

/// Keeps a test database alive and says where it is.
pub struct DbGuard {
    pub url: String,
    _dir: Option<tempfile::TempDir>,
}

/// A migrated store on a brand-new PostgreSQL database named `fs_test_<tag>_<random>`.
pub async fn fresh_postgres(tag: &str) -> (Store, DbGuard) {
    let url = fresh_postgres_url(tag).await;
    let store = Store::open(&url, 8)
        .await
        .expect("open fresh postgres store");
    (store, DbGuard { url, _dir: None })
}

/// The URL of a brand-new, empty PostgreSQL database.
pub async fn fresh_postgres_url(tag: &str) -> String {
    sqlx::any::install_default_drivers();
    let name = super::unique(&format!("fs_test_{tag}_"));
    let server = postgres_server();
    let mut admin = AnyConnection::connect(&format!("{server}/postgres"))
        .await
        .expect("PostgreSQL must run on 127.0.0.1:5432 (scripts/test.sh starts it)");
    admin
        .execute(format!("CREATE DATABASE {name}").as_str())
        .await
        .expect("create test database");
    admin.close().await.ok();
    format!("{server}/{name}")
}

/// A SQLite database file in its own temporary directory (removed with the returned guard).
pub fn fresh_sqlite_url() -> (String, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("flashsale.db").display()
    );
    (url, dir)
}

/// A migrated store on a fresh SQLite file.
pub async fn fresh_sqlite() -> (Store, DbGuard) {
    let (url, dir) = fresh_sqlite_url();
    let store = Store::open(&url, 4).await.expect("open sqlite store");
    (
        store,
        DbGuard {
            url,
            _dir: Some(dir),
        },
    )
}

/// Runs one statement on its own connection, outside the store (for tests of the schema).
pub async fn raw_execute(url: &str, sql: &str) -> Result<(), sqlx::Error> {
    sqlx::any::install_default_drivers();
    let mut c = AnyConnection::connect(url).await?;
    let r = c.execute(sql).await.map(|_| ());
    c.close().await.ok();
    r
}

/// Runs each named `async fn(Store)` of the calling module as two tests: `postgres::<name>`
/// on a fresh PostgreSQL database (its name begins with `$tag`) and `sqlite::<name>` on a
/// fresh SQLite file. One contract, both stores.
macro_rules! on_both_stores {
    ($tag:literal: $($test:ident),+ $(,)?) => {
        mod postgres {
            $(
                #[tokio::test]
                async fn $test() {
                    let (store, _db) = $crate::support::db::fresh_postgres($tag).await;
                    super::$test(store).await
                }
            )+
        }
        mod sqlite {
            $(
                #[tokio::test]
                async fn $test() {
                    let (store, _db) = $crate::support::db::fresh_sqlite().await;
                    super::$test(store).await
                }
            )+
        }
    };
}
pub(crate) use on_both_stores;

/// The state of `order`, which the store must hold.
pub async fn order_state(store: &Store, order: OrderId) -> OrderState {
    store
        .order(order)
        .await
        .expect("read")
        .expect("order")
        .state
}

/// The payment recorded for Telegram charge `charge`, which the store must hold.
pub async fn payment_of(store: &Store, charge: &str) -> Payment {
    let charge = ChargeId::parse(charge).expect("charge");
    store
        .payment(&charge)
        .await
        .expect("read")
        .expect("payment")
}
