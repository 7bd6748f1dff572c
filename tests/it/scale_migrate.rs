//! `MIGRATE_ON_START=false`: an instance behind PgBouncer (or after a separate migrate step)
//! never migrates; on a database that is behind it refuses to start with one line naming
//! `flashsale migrate`, and once that ran it starts.

use std::sync::Arc;

use flashsale::app::Wired;
use flashsale::clock::{Clock, SystemClock};
use flashsale::config::Config;

use crate::support::db::fresh_postgres_url;

fn config(url: &str) -> Config {
    let url = url.to_owned();
    Config::from_lookup(move |k| match k {
        "DATABASE_URL" => Some(url.clone()),
        "MIGRATE_ON_START" => Some("false".into()),
        _ => None,
    })
    .expect("config")
}

#[tokio::test]
async fn an_instance_told_not_to_migrate_waits_for_flashsale_migrate() {
    let url = fresh_postgres_url("nomigrate").await;
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);

    let refused = Wired::build(&config(&url), clock.clone()).await;
    let why = format!(
        "{:#}",
        refused.err().expect("an unmigrated database is refused")
    );
    assert!(why.contains("flashsale migrate"), "{why}");

    let out = std::process::Command::new(env!("CARGO_BIN_EXE_flashsale"))
        .arg("migrate")
        .env("DATABASE_URL", &url)
        .env_remove("REDIS_URL")
        .output()
        .expect("run flashsale migrate");
    assert!(out.status.success(), "{out:?}");

    let wired = Wired::build(&config(&url), clock)
        .await
        .expect("starts once migrated");
    assert!(wired.store.check_migrated().await.is_ok());
}
