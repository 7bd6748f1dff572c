//! Two app instances against one Redis: with `LIMIT_BACKEND=redis` they enforce one limit
//! per user together (on one Redis and on a Redis Cluster); with in-process limits each
//! instance would allow the full quota.

use std::sync::Arc;

use flashsale::app::{ChatId, Content, Inbound, Reply, Wired};
use flashsale::clock::{Clock, SystemClock};
use flashsale::config::Config;

use crate::support::db::fresh_postgres_url;
use crate::support::{gates, req, unique, user};

async fn instance(db: &str, prefix: &str, backend: &str, redis: &str) -> Wired {
    let env = [
        ("DATABASE_URL", db.to_owned()),
        ("REDIS_URL", redis.to_owned()),
        ("REDIS_KEY_PREFIX", prefix.to_owned()),
        ("LIMIT_BACKEND", backend.to_owned()),
        ("LIMIT_MESSAGES_PER_MIN", "3".to_owned()),
    ];
    let config = Config::from_lookup(|k| env.iter().find(|(n, _)| *n == k).map(|(_, v)| v.clone()))
        .expect("config");
    Wired::build(&config, Arc::new(SystemClock) as Arc<dyn Clock>)
        .await
        .expect("instance")
}

async fn ask(w: &Wired, n: u32) -> Vec<Reply> {
    w.assistant
        .handle(Inbound {
            chat: ChatId(81),
            user: user(81),
            language_code: Some("en".into()),
            content: Content::Text("/help".into()),
            request: req(&format!("r{n}")),
        })
        .await
}

/// Sends six messages from one user, alternating between the two instances; returns how
/// many got a real answer, how many a "slow down" notice, and how many silence.
async fn alternate(backend: &str, redis: &str) -> (usize, usize, usize) {
    let db = fresh_postgres_url("limits").await;
    let prefix = format!("{}:", unique("fs-test-lim"));
    let (a, b) = (
        instance(&db, &prefix, backend, redis).await,
        instance(&db, &prefix, backend, redis).await,
    );
    let (mut answered, mut told, mut silent) = (0, 0, 0);
    for n in 0..6 {
        let replies = ask(if n % 2 == 0 { &a } else { &b }, n).await;
        match replies.first() {
            None => silent += 1,
            Some(r) if r.text.contains("going a little fast") => told += 1,
            Some(_) => answered += 1,
        }
    }
    (answered, told, silent)
}

#[tokio::test]
async fn two_instances_sharing_redis_limits_enforce_one_limit_per_user() {
    assert_eq!(alternate("redis", &gates::redis_url()).await, (3, 1, 2));
}

#[tokio::test]
async fn two_instances_with_local_limits_each_allow_the_full_quota() {
    assert_eq!(alternate("local", &gates::redis_url()).await, (6, 0, 0));
}

#[tokio::test]
async fn two_instances_sharing_a_redis_cluster_enforce_one_limit_per_user() {
    assert_eq!(
        alternate("redis", &gates::redis_cluster_url()).await,
        (3, 1, 2)
    );
}
