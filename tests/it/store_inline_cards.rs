//! The inline_cards table on real PostgreSQL and SQLite: a card is registered once, due
//! cards are leased once, and final ones are never leased again.

use chrono::Duration;
use flashsale::store::{InlineCardRow, Store};

use crate::support::db::{fresh_postgres, fresh_sqlite};
use crate::support::{draft, t0, user};

fn card(sale: flashsale::domain::SaleId, id: &str, due_in_secs: Option<i64>) -> InlineCardRow {
    InlineCardRow {
        inline_id: id.to_owned(),
        sale,
        locale: "zh-CN".into(),
        sharer: user(77),
        link: format!("https://t.me/flashsale_bot?start=sale_{sale}_s77"),
        shown: "digest".into(),
        next_edit_at: due_in_secs.map(|s| t0() + Duration::seconds(s)),
    }
}

pub async fn inline_cards_are_registered_once_and_leased_once(store: Store) {
    let sale = store
        .create_sale(&draft(5, 1), t0())
        .await
        .expect("sale")
        .id;
    store
        .add_inline_card(&card(sale, "AAA", Some(10)), t0())
        .await
        .expect("card");
    // Telegram's feedback redelivered: the card keeps its schedule.
    store
        .add_inline_card(&card(sale, "AAA", Some(900)), t0())
        .await
        .expect("again");
    store
        .add_inline_card(&card(sale, "BBB", None), t0())
        .await
        .expect("final card");
    let at = t0() + Duration::seconds(20);
    let due = store
        .claim_due_inline_cards(at, at + Duration::seconds(60), 10)
        .await
        .expect("claim");
    assert_eq!(due.len(), 1, "{due:?}");
    assert_eq!(due[0].inline_id, "AAA");
    assert_eq!(due[0].sharer, user(77));
    assert_eq!(due[0].locale, "zh-CN");
    let again = store
        .claim_due_inline_cards(at, at + Duration::seconds(60), 10)
        .await
        .expect("claim");
    assert!(again.is_empty(), "leased: {again:?}");
    store
        .reschedule_inline_card("AAA", None, Some("new"), at)
        .await
        .expect("final");
    let later = t0() + Duration::hours(2);
    let none = store
        .claim_due_inline_cards(later, later + Duration::seconds(60), 10)
        .await
        .expect("claim");
    assert!(none.is_empty(), "final cards are never due: {none:?}");
}

macro_rules! inline_contract {
    ($backend:ident, $open:expr) => {
        mod $backend {
            #[tokio::test]
            async fn inline_cards_are_registered_once_and_leased_once() {
                let (s, _g) = $open;
                super::inline_cards_are_registered_once_and_leased_once(s).await
            }
        }
    };
}

inline_contract!(postgres, super::fresh_postgres("inline_cards").await);
inline_contract!(sqlite, super::fresh_sqlite().await);
