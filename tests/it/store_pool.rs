//! The store's connection pool on real PostgreSQL. sqlx pings a connection as it comes back
//! to the pool; the store pings it again on the way out only after it sat idle for
//! [`PING_IDLE_AFTER`]. A connection whose server end went away while it sat idle (a
//! restart in a quiet hour) is then replaced before a query uses it.

use flashsale::store::PING_IDLE_AFTER;

use crate::support::db::{fresh_postgres, postgres_server, raw_execute};

#[tokio::test]
async fn connections_dropped_by_the_server_while_idle_are_replaced_before_a_query() {
    let (store, guard) = fresh_postgres("pool_idle").await;
    store.ping().await.expect("a first query");
    let db = guard.url.rsplit('/').next().expect("a database name");
    // Every connection of the store's pools is cut from the server's side.
    raw_execute(
        &format!("{}/postgres", postgres_server()),
        &format!(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
             WHERE datname = '{db}' AND pid <> pg_backend_pid()"
        ),
    )
    .await
    .expect("terminate the store's backends");
    // Past the idle time, so each connection is pinged before it is handed out.
    tokio::time::sleep(PING_IDLE_AFTER + std::time::Duration::from_millis(200)).await;
    // More queries than the pool has connections: each dead one is found and replaced.
    for n in 0..12 {
        store
            .ping()
            .await
            .unwrap_or_else(|e| panic!("query {n} after the server cut the connections: {e}"));
    }
}
