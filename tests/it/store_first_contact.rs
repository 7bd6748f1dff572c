//! First contact in batches, on real PostgreSQL and SQLite: one upsert records many users
//! with the language each was answered in; meeting them again changes nothing but when
//! they were last seen; a `/lang` choice is kept and returned.

use chrono::Duration;
use flashsale::store::{MEET_AT_MOST, Meeting, Met, Store};

use crate::support::db::{fresh_postgres, fresh_sqlite};
use crate::support::{t0, user};

fn meeting(n: i64, language: &str) -> Meeting {
    Meeting {
        user: user(n),
        seen_language: language.to_owned(),
    }
}

fn sorted(mut met: Vec<Met>) -> Vec<Met> {
    met.sort_by_key(|m| m.user);
    met
}

pub async fn a_batch_records_new_users_and_their_language(store: Store) {
    let met = store
        .meet_users(&[meeting(1, "en"), meeting(2, "zh-CN")], t0())
        .await
        .expect("met");
    let expected: Vec<Met> = [1, 2]
        .iter()
        .map(|&n| Met {
            user: user(n),
            language: None,
            first_seen: t0(),
        })
        .collect();
    assert_eq!(sorted(met), expected);
    // Notices sent unasked find them, in the language they were answered in.
    assert_eq!(
        store.language_to_write_in(user(2)).await.expect("read"),
        Some("zh-CN".to_owned())
    );
    assert_eq!(
        store.language_to_write_in(user(1)).await.expect("read"),
        Some("en".to_owned())
    );
}

pub async fn meeting_again_is_idempotent(store: Store) {
    let batch = [meeting(5, "en"), meeting(6, "en"), meeting(5, "en")];
    let first = sorted(store.meet_users(&batch, t0()).await.expect("met"));
    assert_eq!(first.len(), 2, "a user twice in one batch counts once");
    let later = t0() + Duration::minutes(30);
    let again = sorted(store.meet_users(&batch, later).await.expect("met again"));
    assert_eq!(again, first, "first seen stays the first time");
}

pub async fn a_chosen_language_is_kept(store: Store) {
    store
        .choose_language(user(9), "zh-CN", t0())
        .await
        .expect("chosen");
    let met = store
        .meet_users(&[meeting(9, "en")], t0() + Duration::minutes(1))
        .await
        .expect("met");
    assert_eq!(met.len(), 1);
    assert_eq!(met[0].language.as_deref(), Some("zh-CN"));
    assert_eq!(met[0].first_seen, t0());
    assert_eq!(
        store.language_to_write_in(user(9)).await.expect("read"),
        Some("zh-CN".to_owned())
    );
}

pub async fn more_than_one_statement_holds(store: Store) {
    let n = MEET_AT_MOST as i64 * 2 + 7;
    let batch: Vec<Meeting> = (100..100 + n).map(|i| meeting(i, "en")).collect();
    let met = store.meet_users(&batch, t0()).await.expect("met");
    assert_eq!(met.len(), n as usize);
    assert!(
        met.iter()
            .all(|m| m.language.is_none() && m.first_seen == t0())
    );
    assert!(store.meet_users(&[], t0()).await.expect("none").is_empty());
}

macro_rules! first_contact_contract {
    ($backend:ident, $open:expr) => {
        mod $backend {
            #[tokio::test]
            async fn a_batch_records_new_users_and_their_language() {
                let (s, _g) = $open;
                super::a_batch_records_new_users_and_their_language(s).await
            }
            #[tokio::test]
            async fn meeting_again_is_idempotent() {
                let (s, _g) = $open;
                super::meeting_again_is_idempotent(s).await
            }
            #[tokio::test]
            async fn a_chosen_language_is_kept() {
                let (s, _g) = $open;
                super::a_chosen_language_is_kept(s).await
            }
            #[tokio::test]
            async fn more_than_one_statement_holds() {
                let (s, _g) = $open;
                super::more_than_one_statement_holds(s).await
            }
        }
    };
}

first_contact_contract!(postgres, super::fresh_postgres("first_contact").await);
first_contact_contract!(sqlite, super::fresh_sqlite().await);
