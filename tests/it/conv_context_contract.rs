//! The conversation-context port: one contract, run against SQLite, PostgreSQL and Redis.

use std::sync::Arc;

use chrono::Duration;
use flashsale::app::ChatId;
use flashsale::app::turn::context::{
    CONTEXT_TTL, Context, ContextStore, PendingBuy, RedisContexts, SqlContexts,
};
use flashsale::clock::{Clock, ManualClock};
use flashsale::domain::SaleId;
use flashsale::i18n::Locale;
use flashsale::store::Store;

use crate::support::db::{fresh_postgres, fresh_sqlite};
use crate::support::gates::redis_url;
use crate::support::{req, t0, unique};

fn sale(n: i64) -> SaleId {
    SaleId::parse(n).unwrap()
}

/// What every implementation promises: nothing until written, the last write back, chats
/// kept apart, forgetting.
async fn contract(contexts: &dyn ContextStore) {
    let (alice, bob) = (ChatId(7001), ChatId(7002));
    assert_eq!(contexts.load(alice).await.unwrap(), None);

    let mut ctx = Context::default();
    ctx.set_shown([sale(5), sale(3), sale(9)]);
    ctx.set_last_sale(sale(3));
    ctx.pending = Some(PendingBuy::new(sale(3), 2, &req("u-41")));
    ctx.set_locale(Locale::ZhCn);
    contexts.save(alice, &ctx).await.unwrap();

    let back = contexts.load(alice).await.unwrap().expect("saved context");
    assert_eq!(back, ctx);
    assert_eq!(back.last_sale(), Some(sale(3)));
    assert_eq!(back.shown(1), Some(sale(5)));
    assert_eq!(back.shown(3), Some(sale(9)));
    assert_eq!(back.shown(4), None);
    assert_eq!(back.locale(), Some(Locale::ZhCn));
    assert_eq!(
        back.pending.as_ref().and_then(|p| p.parts()),
        Some((sale(3), 2, req("u-41")))
    );
    assert_eq!(contexts.load(bob).await.unwrap(), None, "chats are apart");

    let mut next = back.clone();
    next.pending = None;
    next.set_last_sale(sale(9));
    contexts.save(alice, &next).await.unwrap();
    assert_eq!(contexts.load(alice).await.unwrap(), Some(next));

    contexts.forget(alice).await.unwrap();
    assert_eq!(contexts.load(alice).await.unwrap(), None);
}

/// The SQL implementation ages contexts by the injected clock.
async fn sql_contract_and_expiry(store: Store) {
    let clock = Arc::new(ManualClock::new(t0()));
    let contexts = SqlContexts::new(store, clock.clone() as Arc<dyn Clock>);
    contract(&contexts).await;

    let mut ctx = Context::default();
    ctx.set_last_sale(sale(4));
    contexts.save(ChatId(7003), &ctx).await.unwrap();
    let ttl = Duration::from_std(CONTEXT_TTL).unwrap();
    clock.advance(ttl - Duration::seconds(1));
    assert_eq!(contexts.load(ChatId(7003)).await.unwrap(), Some(ctx));
    clock.advance(Duration::seconds(2));
    assert_eq!(
        contexts.load(ChatId(7003)).await.unwrap(),
        None,
        "a context is forgotten once its time is up"
    );
}

#[tokio::test]
async fn sqlite_contexts_keep_the_contract_and_expire_by_the_apps_clock() {
    let (store, _db) = fresh_sqlite().await;
    sql_contract_and_expiry(store).await;
}

#[tokio::test]
async fn postgres_contexts_keep_the_contract_and_expire_by_the_apps_clock() {
    let (store, _db) = fresh_postgres("ctx").await;
    sql_contract_and_expiry(store).await;
}

#[tokio::test]
async fn redis_contexts_keep_the_contract_and_carry_a_relative_expiry() {
    let prefix = unique("fs-test-ctx-");
    let contexts = RedisContexts::connect(&redis_url(), &prefix).await.unwrap();
    contract(&contexts).await;

    let mut ctx = Context::default();
    ctx.set_last_sale(sale(4));
    contexts.save(ChatId(7004), &ctx).await.unwrap();
    let client = redis::Client::open(redis_url()).unwrap();
    let mut conn = client.get_multiplexed_async_connection().await.unwrap();
    let key = format!("{prefix}ctx:7004");
    let pttl: i64 = redis::cmd("PTTL")
        .arg(&key)
        .query_async(&mut conn)
        .await
        .unwrap();
    let ttl_ms = i64::try_from(CONTEXT_TTL.as_millis()).unwrap();
    assert!(
        pttl > 0 && pttl <= ttl_ms,
        "Redis expires the key itself, {pttl} ms ahead (at most {ttl_ms})"
    );
    let _: () = redis::cmd("DEL")
        .arg(&key)
        .query_async(&mut conn)
        .await
        .unwrap();
}
