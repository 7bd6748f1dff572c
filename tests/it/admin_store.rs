//! The store methods behind the staff commands, on real PostgreSQL and SQLite: usernames
//! for `/grant @name`, role changes that report the role before, and `/users` counts.

use flashsale::store::{Role, Store, SubscriptionKind, UserCounts};

use crate::support::db::on_both_stores;
use crate::support::{draft, t0, user};

async fn usernames_roles_and_user_counts_work(store: Store) {
    store
        .set_username(user(10), Some("Shop_Bob"), t0())
        .await
        .expect("username");
    store
        .set_username(user(10), Some("Shop_Bob2"), t0())
        .await
        .expect("renamed");
    assert_eq!(
        store.users_named("shop_bob2").await.expect("find"),
        vec![(user(10), Some(t0()))]
    );
    assert_eq!(store.users_named("shop_bob").await.expect("find"), vec![]);
    // Only the username was written: no language choice appears.
    let u = store.user(user(10)).await.expect("read").expect("user");
    assert_eq!((u.language, u.role), (None, Role::Customer));

    assert_eq!(
        store
            .put_role(user(11), Role::Merchant, t0())
            .await
            .expect("grant"),
        Role::Customer
    );
    assert_eq!(
        store
            .put_role(user(11), Role::Customer, t0())
            .await
            .expect("revoke"),
        Role::Merchant
    );

    let sale = store.create_sale(&draft(10, 2), t0()).await.expect("sale");
    store
        .subscribe(sale.id, user(10), SubscriptionKind::Reminder, t0())
        .await
        .expect("subscribe");
    store.mark_user_inactive(11, t0()).await.expect("inactive");
    let counts = store.user_counts().await.expect("counts");
    assert_eq!(
        counts,
        UserCounts {
            total: 2,
            active: 1,
            blocked_bot: 1,
            blocked: 0,
            subscribers: 1
        }
    );
}

on_both_stores!("adminstore": usernames_roles_and_user_counts_work);
