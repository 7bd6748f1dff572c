//! Unambiguous identities: a username belongs to at most one user, a message without one
//! clears it, and `/grant @name` refuses an ambiguous or stale name, asking for the id.

use chrono::Utc;
use flashsale::clock::Clock;
use flashsale::sandbox::FakeBotApi;
use flashsale::store::{Role, Store};
use serde_json::json;

use crate::support::admin::{ADMIN, admin_bot, says, typed, uid};
use crate::support::bot;
use crate::support::conv::join;
use crate::support::db::{fresh_postgres, fresh_sqlite, fresh_sqlite_url, raw_execute};
use crate::support::fake_bot::{self, FakeBotExt};

/// A private message from `user` with `username` (or none); waits for the bot's reply.
async fn message(fake: &FakeBotApi, user: i64, username: Option<&str>, text: &str) {
    let mut from = json!({"id": user, "is_bot": false, "first_name": "U", "language_code": "en"});
    if let Some(name) = username {
        from["username"] = json!(name);
    }
    let before = fake
        .calls_of("sendmessage")
        .iter()
        .filter(|c| c.body["chat_id"].as_i64() == Some(user))
        .count();
    fake.push_update(json!({"message": {
        "message_id": 1, "date": Utc::now().timestamp(),
        "chat": {"id": user, "type": "private", "first_name": "U"},
        "from": from, "text": text}}));
    fake.wait_for("the reply", |c| {
        c.method == "sendmessage"
            && c.body["chat_id"].as_i64() == Some(user)
            && fake
                .calls_of("sendmessage")
                .iter()
                .filter(|c| c.body["chat_id"].as_i64() == Some(user))
                .count()
                > before
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_username_taken_over_by_another_user_grants_the_new_holder_not_the_old_one() {
    let fake = fake_bot::start().await;
    let (db, _dir) = fresh_sqlite_url();
    let running = bot::start(&fake, &db, false, &[("ADMIN_IDS", "900")]);
    // A had @shopkeeper, then B took it; A then wrote without any username.
    message(&fake, 601, Some("shopkeeper"), "/help").await;
    message(&fake, 602, Some("ShopKeeper"), "/help").await;
    message(&fake, 601, None, "/help").await;
    message(&fake, 900, None, "/grant merchant @shopkeeper").await;
    let granted = fake
        .calls_of("sendmessage")
        .into_iter()
        .rfind(|c| c.body["chat_id"].as_i64() == Some(900))
        .map(|c| c.body["text"].as_str().unwrap_or_default().to_owned())
        .unwrap_or_default();
    running.stop().await;
    assert!(granted.contains("User 602 is now a merchant"), "{granted}");
    let store = Store::open(&db, 1).await.expect("store");
    let a = store
        .user(uid(601))
        .await
        .expect("read")
        .expect("A recorded");
    let b = store
        .user(uid(602))
        .await
        .expect("read")
        .expect("B recorded");
    store.close().await;
    assert_eq!((a.role, a.username), (Role::Customer, None));
    assert_eq!(b.role, Role::Merchant);
}

#[tokio::test]
async fn grant_refuses_an_ambiguous_or_stale_username_and_asks_for_the_numeric_id() {
    let bot = admin_bot().await;
    let now = bot.clock.now();
    // Two users recorded with one name (as rows from before names were kept unique, or two
    // sightings racing, can be).
    for (id, name) in [(801, "twin_name"), (802, "other_name")] {
        bot.store
            .set_username(uid(id), Some(name), now)
            .await
            .expect("recorded");
    }
    raw_execute(
        &bot.database_url(),
        "UPDATE users SET username = 'Twin_Name' WHERE id = 802",
    )
    .await
    .expect("duplicated");
    let twin = says(&bot, ADMIN, "/grant merchant @twin_name").await;
    assert!(twin.contains("More than one user"), "{twin}");
    assert!(twin.contains("numeric id"), "{twin}");

    bot.store
        .set_username(uid(803), Some("old_name"), now - chrono::Duration::days(40))
        .await
        .expect("recorded");
    let stale = says(&bot, ADMIN, "/grant merchant @old_name").await;
    assert!(stale.contains("too long ago"), "{stale}");
    assert!(stale.contains("numeric id"), "{stale}");
    let zh = join(&typed(&bot, ADMIN, "zh", "/grant merchant @old_name").await);
    assert!(zh.contains("数字 ID"), "{zh}");
    for id in [801, 802, 803] {
        let role = bot.store.user(uid(id)).await.expect("read").map(|u| u.role);
        assert_eq!(role, Some(Role::Customer), "user {id} not granted");
    }
}

/// The store's side: a newer sighting takes the name from anyone else, `None` clears it,
/// and lookups report every holder (two: ambiguous) with when they were seen.
async fn usernames_belong_to_one_user(store: Store) {
    let now = Utc::now();
    store
        .set_username(uid(1), Some("Shop_Keeper"), now)
        .await
        .expect("a");
    store
        .set_username(uid(2), Some("shop_keeper"), now)
        .await
        .expect("b");
    let found = store.users_named("SHOP_KEEPER").await.expect("find");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].0, uid(2));
    assert_eq!(
        found[0].1.map(|t| t.timestamp_millis()),
        Some(now.timestamp_millis())
    );
    store
        .set_username(uid(2), None, now)
        .await
        .expect("cleared");
    assert!(
        store
            .users_named("shop_keeper")
            .await
            .expect("find")
            .is_empty()
    );
    let b = store.user(uid(2)).await.expect("read").expect("b");
    assert_eq!(b.username, None);
}

#[tokio::test]
async fn usernames_belong_to_one_user_in_sqlite() {
    let (store, _guard) = fresh_sqlite().await;
    usernames_belong_to_one_user(store).await;
}

#[tokio::test]
async fn usernames_belong_to_one_user_in_postgres() {
    let (store, _guard) = fresh_postgres("identities").await;
    usernames_belong_to_one_user(store).await;
}
