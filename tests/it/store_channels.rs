//! The linked_chats and sale_posts tables on real PostgreSQL and SQLite: one owner per
//! chat, unlinking stops its posts, language changes reach live posts, and due posts are
//! leased once, final ones never.

use chrono::Duration;
use flashsale::domain::SaleId;
use flashsale::store::{LinkedChat, NewPost, Store};

use crate::support::db::on_both_stores;
use crate::support::{draft, t0, user};

fn link(chat: i64, owner: i64, username: Option<&str>) -> LinkedChat {
    LinkedChat {
        chat_id: chat,
        title: format!("Chat {chat}"),
        username: username.map(str::to_owned),
        channel: chat % 2 == 0,
        owner: user(owner),
        locale: "en".into(),
        linked_at: t0(),
    }
}

fn post(sale: SaleId, chat: i64, message: i64, due_in_secs: Option<i64>) -> NewPost {
    NewPost {
        sale,
        chat_id: chat,
        message_id: message,
        locale: "en".into(),
        posted_by: user(1),
        shown: "digest".into(),
        next_edit_at: due_in_secs.map(|s| t0() + Duration::seconds(s)),
    }
}

pub async fn a_chat_has_one_owner_and_unlinking_it_stops_its_posts(store: Store) {
    let first = store
        .link_chat(&link(-100, 1, Some("Deals_Daily")))
        .await
        .expect("link");
    assert_eq!(first.owner, user(1));
    let taken = store.link_chat(&link(-100, 2, None)).await.expect("link");
    assert_eq!(taken.owner, user(1), "another owner changes nothing");
    assert_eq!(taken.username.as_deref(), Some("Deals_Daily"));
    let renamed = store
        .link_chat(&LinkedChat {
            title: "Renamed".into(),
            ..link(-100, 1, Some("deals_daily"))
        })
        .await
        .expect("relink");
    assert_eq!(renamed.title, "Renamed");
    let by_name = store.linked_chat_named("DEALS_DAILY").await.expect("read");
    assert_eq!(by_name.map(|l| l.chat_id), Some(-100));
    store.link_chat(&link(-201, 2, None)).await.expect("link");
    assert_eq!(store.linked_chats(None).await.expect("all").len(), 2);
    assert_eq!(
        store.linked_chats(Some(user(2))).await.expect("own").len(),
        1
    );

    let sale = store
        .create_sale(&draft(5, 1), t0())
        .await
        .expect("sale")
        .id;
    store
        .add_post(&post(sale, -100, 7, Some(10)), t0())
        .await
        .expect("post");
    store
        .add_post(&post(sale, -201, 8, Some(10)), t0())
        .await
        .expect("post");
    assert!(store.set_chat_locale(-100, "zh-CN").await.expect("lang"));
    let posts = store.posts_of_sale(sale).await.expect("posts");
    assert_eq!(
        posts[0].locale, "zh-CN",
        "a live post follows its chat's language"
    );
    assert_eq!(posts[1].locale, "en");
    assert_eq!(store.live_posts_in(-100).await.expect("count"), 1);
    let gone = store.unlink_chat(-100).await.expect("unlink");
    assert_eq!(gone.map(|l| l.owner), Some(user(1)));
    assert_eq!(store.live_posts_in(-100).await.expect("count"), 0);
    assert_eq!(store.live_posts_in(-201).await.expect("count"), 1);
    assert_eq!(store.unlink_chat(-100).await.expect("unlink again"), None);
}

pub async fn due_posts_are_leased_once_and_final_ones_never(store: Store) {
    let sale = store
        .create_sale(&draft(5, 1), t0())
        .await
        .expect("sale")
        .id;
    let early = store
        .add_post(&post(sale, -1, 1, Some(10)), t0())
        .await
        .expect("post");
    let later = store
        .add_post(&post(sale, -2, 2, Some(20)), t0())
        .await
        .expect("post");
    store
        .add_post(&post(sale, -3, 3, None), t0())
        .await
        .expect("final post");
    store
        .add_post(&post(sale, -4, 4, Some(600)), t0())
        .await
        .expect("post");
    let now = t0() + Duration::seconds(60);
    let lease = now + Duration::seconds(30);
    let due = store.claim_due_posts(now, lease, 10).await.expect("claim");
    let ids: Vec<i64> = due.iter().map(|p| p.id).collect();
    assert_eq!(ids, [early, later]);
    assert!(
        store
            .claim_due_posts(now, lease, 10)
            .await
            .expect("claim")
            .is_empty()
    );

    // An edit records what the post shows; a final post is never handed out again.
    store
        .reschedule_post(early, Some(now + Duration::seconds(5)), Some("new"), now)
        .await
        .expect("reschedule");
    store
        .reschedule_post(later, None, Some("sold out"), now)
        .await
        .expect("final");
    let posts = store.posts_of_sale(sale).await.expect("posts");
    let early_post = posts.iter().find(|p| p.id == early).expect("early");
    assert_eq!((early_post.shown.as_str(), early_post.edits), ("new", 1));
    let much_later = now + Duration::hours(1);
    let due = store
        .claim_due_posts(much_later, much_later + Duration::seconds(30), 10)
        .await
        .expect("claim");
    let ids: Vec<i64> = due.iter().map(|p| p.id).collect();
    assert_eq!(ids.len(), 2, "the early post and the far one: {ids:?}");
    assert!(!ids.contains(&later));
}

on_both_stores!("channels": a_chat_has_one_owner_and_unlinking_it_stops_its_posts, due_posts_are_leased_once_and_final_ones_never);
