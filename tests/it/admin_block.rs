//! `/block` and `/unblock`: an admin stops a user from buying and lets them again; the
//! change is audited, only admins may do it, and admins themselves cannot be blocked.

use crate::support::admin::{ADMIN, CUSTOMER, MERCHANT, admin_bot, buy, sale_of, says};

#[tokio::test]
async fn a_blocked_user_cannot_buy_until_unblocked_and_both_changes_are_audited() {
    let bot = admin_bot().await;
    let sale = sale_of(&bot, MERCHANT, "Lamp").await;
    assert!(
        says(&bot, ADMIN, &format!("/block {CUSTOMER}"))
            .await
            .contains("can no longer buy")
    );
    let refused = buy(&bot, CUSTOMER, sale, 1).await;
    assert!(refused.contains("can't buy in this shop"), "{refused}");
    assert!(
        says(&bot, ADMIN, &format!("/unblock {CUSTOMER}"))
            .await
            .contains("can buy again")
    );
    let won = buy(&bot, CUSTOMER, sale, 1).await;
    assert!(won.contains("You got it"), "{won}");
    let audit = says(&bot, ADMIN, "/audit").await;
    assert!(
        audit.contains("block") && audit.contains("unblock"),
        "{audit}"
    );
}

#[tokio::test]
async fn only_admins_block_and_admins_cannot_be_blocked() {
    let bot = admin_bot().await;
    let merchant = says(&bot, MERCHANT, &format!("/block {CUSTOMER}")).await;
    assert!(merchant.contains("admins only"), "{merchant}");
    let admin = says(&bot, ADMIN, &format!("/block {ADMIN}")).await;
    assert!(admin.contains("can't be blocked"), "{admin}");
    let usage = says(&bot, ADMIN, "/block").await;
    assert!(usage.contains("Use /block"), "{usage}");
}
