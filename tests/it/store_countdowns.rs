//! The countdowns table's contract on real PostgreSQL and SQLite: one card per chat and
//! sale, leases that keep two workers apart, and a newer card replacing an older one.

use chrono::Duration;
use flashsale::domain::SaleId;
use flashsale::store::{Store, TrackedCard};

use crate::support::db::on_both_stores;
use crate::support::{draft, t0, user};

fn card(chat: i64, sale: SaleId, message: i64, due_in_secs: i64) -> TrackedCard {
    TrackedCard {
        chat_id: chat,
        sale,
        message_id: message,
        user: user(chat),
        locale: "en".into(),
        next_edit_at: t0() + Duration::seconds(due_in_secs),
        edits: 0,
    }
}

pub async fn due_cards_are_leased_once_earliest_first(store: Store) {
    let sale = store
        .create_sale(&draft(5, 1), t0())
        .await
        .expect("sale")
        .id;
    for (chat, due) in [(1, 30), (2, 10), (3, 20), (4, 600)] {
        store
            .track_countdown(&card(chat, sale, 100 + chat, due), t0())
            .await
            .expect("track");
    }
    assert_eq!(store.countdowns_running().await.expect("count"), 4);
    let now = t0() + Duration::seconds(60);
    let lease = now + Duration::seconds(30);
    let first = store
        .claim_due_countdowns(now, lease, 2)
        .await
        .expect("claim");
    let chats: Vec<i64> = first.iter().map(|c| c.chat_id).collect();
    assert_eq!(chats, [2, 3], "earliest first, at most the limit");
    let second = store
        .claim_due_countdowns(now, lease, 10)
        .await
        .expect("claim");
    let chats: Vec<i64> = second.iter().map(|c| c.chat_id).collect();
    assert_eq!(chats, [1], "leased cards are not handed out again");
    // A lease that runs out (the editor died) hands the card out again.
    let later = lease + Duration::seconds(1);
    let again = store
        .claim_due_countdowns(later, later + Duration::seconds(30), 10)
        .await
        .expect("claim");
    assert_eq!(again.len(), 3);
}

pub async fn a_newer_card_replaces_the_older_and_ends_only_itself(store: Store) {
    let sale = store
        .create_sale(&draft(5, 1), t0())
        .await
        .expect("sale")
        .id;
    let old = card(7, sale, 70, 0);
    store.track_countdown(&old, t0()).await.expect("track");
    let new = card(7, sale, 71, 5);
    store
        .track_countdown(&new, t0())
        .await
        .expect("track newer");
    // Work on the old card changes nothing any more.
    store
        .reschedule_countdown(&old, t0() + Duration::hours(1), true, t0())
        .await
        .expect("reschedule");
    store.end_countdown(&old).await.expect("end");
    let left = store.countdowns().await.expect("list");
    assert_eq!(left, vec![new.clone()]);
    store
        .reschedule_countdown(&new, t0() + Duration::seconds(9), true, t0())
        .await
        .expect("reschedule");
    let left = store.countdowns().await.expect("list");
    assert_eq!(
        (left[0].edits, left[0].next_edit_at),
        (1, t0() + Duration::seconds(9))
    );
    store.end_countdown(&new).await.expect("end");
    assert!(store.countdowns().await.expect("list").is_empty());
    assert_eq!(store.countdowns_running().await.expect("count"), 0);
}

on_both_stores!("countdowns": due_cards_are_leased_once_earliest_first, a_newer_card_replaces_the_older_and_ends_only_itself);
