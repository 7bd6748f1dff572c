//! The store behind `/newsale` and `/editsale`, on real PostgreSQL and SQLite: dialogues kept
//! per user with a growing version, a draft confirmed into exactly one sale (concurrent
//! presses included), and edits that cannot land once the sale has started.

use chrono::Duration;
use flashsale::domain::{Stock, Title};
use flashsale::store::Store;

use crate::support::db::on_both_stores;
use crate::support::{draft, t0, user};

async fn dialogues_confirm_once_and_edits_respect_the_start(store: Store) {
    assert_eq!(store.dialogue(user(7)).await.expect("read"), None);
    let v1 = store
        .put_dialogue(user(7), "{\"a\":1}", t0())
        .await
        .expect("put");
    let v2 = store
        .put_dialogue(user(7), "{\"a\":2}", t0())
        .await
        .expect("put");
    assert!(v2 > v1);
    let d = store.dialogue(user(7)).await.expect("read").expect("open");
    assert_eq!(
        (d.state.as_str(), d.version, d.updated_at),
        ("{\"a\":2}", v2, t0())
    );
    assert_eq!(store.dialogue_users().await.expect("users"), vec![user(7)]);

    // A stale version creates nothing; two concurrent confirmations create one sale.
    let mut upcoming = draft(10, 2);
    upcoming.window =
        flashsale::domain::SaleWindow::new(t0() + Duration::hours(1), t0() + Duration::hours(2))
            .expect("window");
    assert_eq!(
        store
            .confirm_dialogue(user(7), v1, &upcoming, t0())
            .await
            .expect("stale"),
        None
    );
    let (a, b) = tokio::join!(
        store.confirm_dialogue(user(7), v2, &upcoming, t0()),
        store.confirm_dialogue(user(7), v2, &upcoming, t0()),
    );
    let created: Vec<_> = [a.expect("a"), b.expect("b")]
        .into_iter()
        .flatten()
        .collect();
    assert_eq!(created.len(), 1);
    assert_eq!(store.all_sales(10).await.expect("sales").len(), 1);
    assert_eq!(store.dialogue(user(7)).await.expect("read"), None);
    let sale = &created[0];

    // Before the start every field may change; after it, only with the text-only guard off.
    let mut edited = sale.draft.clone();
    edited.stock = Stock::parse(5).expect("stock");
    edited.title = Title::parse("AirPods Max").expect("title");
    assert!(
        store
            .update_sale(sale.id, &edited, true, t0())
            .await
            .expect("edit")
    );
    let stored = store.sale(sale.id).await.expect("read").expect("sale");
    assert_eq!(
        (stored.draft.stock.get(), stored.draft.title.as_str()),
        (5, "AirPods Max")
    );
    let later = t0() + Duration::hours(1);
    assert!(
        !store
            .update_sale(sale.id, &sale.draft, true, later)
            .await
            .expect("late")
    );
    assert!(
        store
            .update_sale(sale.id, &edited, false, later)
            .await
            .expect("text")
    );
    assert!(
        store
            .drop_dialogue(user(8))
            .await
            .is_ok_and(|dropped| !dropped)
    );
}

on_both_stores!("salestore": dialogues_confirm_once_and_edits_respect_the_start);
