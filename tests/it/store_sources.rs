//! Where buyers came from, on real PostgreSQL and SQLite: an order keeps the source its
//! press carried, else the deep link its buyer last opened for the sale, else it is direct;
//! a sale's buyers and units by source leave lapsed orders out; a post is found by its
//! message.

use chrono::Duration;
use flashsale::domain::{OrderSource, OrderState, Quantity, SaleId};
use flashsale::store::{InsertOutcome, NewOrder, SourceCount, Store};

use crate::support::db::{fresh_postgres, fresh_sqlite};
use crate::support::{draft, req, t0, user};

fn order(sale: SaleId, buyer: i64, qty: i64, source: Option<OrderSource>) -> NewOrder {
    NewOrder {
        sale,
        buyer: user(buyer),
        quantity: Quantity::parse(qty).expect("qty"),
        request: req(&format!("src-{sale}-{buyer}-{qty}")),
        created_at: t0(),
        pay_deadline: t0() + Duration::minutes(10),
        source,
        token: None,
    }
}

fn count(source: Option<OrderSource>, buyers: i64, units: i64) -> SourceCount {
    SourceCount {
        source,
        buyers,
        units,
    }
}

pub async fn orders_keep_their_source_and_stats_count_by_source(store: Store) {
    let sale = store
        .create_sale(&draft(50, 5), t0())
        .await
        .expect("sale")
        .id;
    let other = store
        .create_sale(&draft(50, 5), t0())
        .await
        .expect("sale")
        .id;
    let post = store
        .add_post(
            &flashsale::store::NewPost {
                sale,
                chat_id: -1_005,
                message_id: 42,
                locale: "en".into(),
                posted_by: user(1),
                shown: String::new(),
                next_edit_at: None,
            },
            t0(),
        )
        .await
        .expect("post");
    assert_eq!(store.post_at(-1_005, 42).await.expect("read"), Some(post));
    assert_eq!(store.post_at(-1_005, 43).await.expect("read"), None);
    let from_post = Some(OrderSource::Post(post));
    let sharer = OrderSource::Share(user(77));
    // Buyer 11 opened a shared link for this sale, later one from the post (the latest wins);
    // buyer 12 opened a shared link for the other sale only.
    store
        .note_referral(user(10), sale, sharer, t0())
        .await
        .expect("referral");
    store
        .note_referral(user(11), sale, sharer, t0())
        .await
        .expect("referral");
    store
        .note_referral(user(11), sale, OrderSource::Post(post), t0())
        .await
        .expect("referral again");
    store
        .note_referral(user(12), other, sharer, t0())
        .await
        .expect("referral");
    let done = store
        .insert_orders(&[
            order(sale, 1, 2, from_post),
            order(sale, 2, 1, from_post),
            // The press's own source wins over the link they opened.
            order(sale, 10, 3, from_post),
            order(sale, 11, 1, None),
            order(sale, 12, 1, None),
            order(sale, 13, 4, None),
        ])
        .await
        .expect("stored");
    let ids: Vec<_> = done
        .into_iter()
        .map(|r| match r {
            Ok(InsertOutcome::Inserted(id)) => id,
            other => panic!("{other:?}"),
        })
        .collect();
    // A sharer's order, then lapsed: it leaves the table.
    store
        .insert_orders(&[order(sale, 20, 1, None)])
        .await
        .expect("stored");
    store
        .note_referral(user(21), sale, sharer, t0())
        .await
        .expect("referral");
    let lapsed = match store
        .insert_orders(&[order(sale, 21, 5, None)])
        .await
        .expect("stored")[0]
    {
        Ok(InsertOutcome::Inserted(id)) => id,
        ref other => panic!("{other:?}"),
    };
    assert!(
        store
            .transition_order(lapsed, OrderState::Pending, OrderState::Expired, t0())
            .await
            .expect("expire")
    );
    assert_eq!(ids.len(), 6);
    let counts = store.sale_sources(sale).await.expect("counts");
    assert_eq!(
        counts,
        [count(from_post, 4, 7), count(None, 3, 6),],
        "buyer 11's link, 12's other sale and 13 direct, 20 direct; 21 lapsed"
    );
    assert!(store.sale_sources(other).await.expect("none").is_empty());
}

pub async fn a_share_counts_for_its_sharer(store: Store) {
    let sale = store
        .create_sale(&draft(50, 5), t0())
        .await
        .expect("sale")
        .id;
    let sharer = OrderSource::Share(user(77));
    store
        .note_referral(user(30), sale, sharer, t0())
        .await
        .expect("referral");
    store
        .insert_orders(&[order(sale, 30, 2, None), order(sale, 31, 1, None)])
        .await
        .expect("stored");
    assert_eq!(
        store.sale_sources(sale).await.expect("counts"),
        [count(Some(sharer), 1, 2), count(None, 1, 1)]
    );
}

macro_rules! source_contract {
    ($backend:ident, $open:expr) => {
        mod $backend {
            #[tokio::test]
            async fn orders_keep_their_source_and_stats_count_by_source() {
                let (s, _g) = $open;
                super::orders_keep_their_source_and_stats_count_by_source(s).await
            }
            #[tokio::test]
            async fn a_share_counts_for_its_sharer() {
                let (s, _g) = $open;
                super::a_share_counts_for_its_sharer(s).await
            }
        }
    };
}

source_contract!(postgres, super::fresh_postgres("sources").await);
source_contract!(sqlite, super::fresh_sqlite().await);
