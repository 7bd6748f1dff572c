//! Roles in chat: customers are refused politely, admins grant and revoke the merchant role
//! by id or @username, merchants see only their own sales, and every change is audited.

use flashsale::app::{ChatId, Content, Inbound};
use flashsale::domain::RequestId;
use flashsale::store::Role;

use crate::support::admin::{
    ADMIN, CUSTOMER, MERCHANT, OTHER_MERCHANT, admin_bot, sale_of, says, typed, uid,
};
use crate::support::conv::join;

#[tokio::test]
async fn a_customer_trying_stock_is_refused_politely_in_english_and_chinese() {
    let bot = admin_bot().await;
    let en = says(&bot, CUSTOMER, "/stock").await;
    assert!(en.contains("that command is for merchants"), "{en}");
    let zh = join(&typed(&bot, CUSTOMER, "zh", "/stock").await);
    assert!(zh.contains("只供商家使用"), "{zh}");
    for admin_only in ["/grant merchant 5", "/audit", "/users", "/reconcile"] {
        let out = says(&bot, MERCHANT, admin_only).await;
        assert!(out.contains("for admins only"), "{admin_only}: {out}");
    }
    let out = says(&bot, CUSTOMER, "/cancelsale 1").await;
    assert!(out.contains("that command is for merchants"), "{out}");
}

#[tokio::test]
async fn an_admin_grants_merchant_by_id_and_by_username_revokes_it_and_every_change_is_audited() {
    let bot = admin_bot().await;
    let out = says(&bot, ADMIN, "/grant merchant 700").await;
    assert!(out.contains("User 700 is now a merchant"), "{out}");
    let role = bot.store.user(uid(MERCHANT)).await.unwrap().unwrap().role;
    assert_eq!(role, Role::Merchant);
    // The merchant may now use merchant commands.
    assert!(
        says(&bot, MERCHANT, "/stock")
            .await
            .contains("No live or upcoming")
    );

    bot.wired
        .assistant
        .note_username(uid(OTHER_MERCHANT), Some("Shop_Bob"))
        .await;
    let out = says(&bot, ADMIN, "/grant merchant @shop_bob").await;
    assert!(out.contains("User 701 is now a merchant"), "{out}");
    let out = says(&bot, ADMIN, "/grant merchant @shop_bob").await;
    assert!(out.contains("already a merchant"), "{out}");

    let out = says(&bot, ADMIN, "/revoke 700").await;
    assert!(out.contains("User 700 is no longer a merchant"), "{out}");
    let out = says(&bot, MERCHANT, "/stock").await;
    assert!(out.contains("that command is for merchants"), "{out}");

    let audit = says(&bot, ADMIN, "/audit").await;
    assert!(audit.contains("Latest 3 changes"), "{audit}");
    assert!(
        audit.contains("user 900 took the merchant role from user 700"),
        "{audit}"
    );
    assert!(
        audit.contains("user 900 made user 701 a merchant"),
        "{audit}"
    );
    let entries = bot.store.recent_audit(10).await.unwrap();
    assert_eq!(entries.len(), 3);
    assert!(entries.iter().all(|e| e.actor == uid(ADMIN)));
    let one = says(&bot, ADMIN, "/audit 1").await;
    assert!(one.contains("Latest change"), "{one}");
}

#[tokio::test]
async fn a_merchant_sees_only_their_own_sales_in_stock_and_mysales_and_an_admin_sees_all() {
    let bot = admin_bot().await;
    says(&bot, ADMIN, "/grant merchant 700").await;
    says(&bot, ADMIN, "/grant merchant 701").await;
    let mine = sale_of(&bot, MERCHANT, "Tea Set").await;
    let theirs = sale_of(&bot, OTHER_MERCHANT, "Rice Cooker").await;

    let stock = says(&bot, MERCHANT, "/stock").await;
    assert!(
        stock.contains(&format!("#{mine} Tea Set · live")),
        "{stock}"
    );
    assert!(
        stock.contains("stock 20 · sold 0 (0 paid, 0 awaiting payment) · left 20 · 0% sold"),
        "{stock}"
    );
    assert!(!stock.contains("Rice Cooker"), "{stock}");
    let sales = says(&bot, MERCHANT, "/mysales").await;
    assert!(
        sales.contains("Tea Set") && !sales.contains("Rice Cooker"),
        "{sales}"
    );

    let refused = says(&bot, MERCHANT, &format!("/stock {theirs}")).await;
    assert!(refused.contains("belongs to another merchant"), "{refused}");
    let refused = says(&bot, MERCHANT, &format!("/orders {theirs}")).await;
    assert!(refused.contains("belongs to another merchant"), "{refused}");

    let all = says(&bot, ADMIN, "/stock").await;
    assert!(
        all.contains("Tea Set") && all.contains("Rice Cooker"),
        "{all}"
    );
    let one = says(&bot, ADMIN, &format!("/stock #{theirs}")).await;
    assert!(
        one.contains("Orders placed: 0") && one.contains("Buyable right now:"),
        "{one}"
    );
}

#[tokio::test]
async fn bad_input_gets_clear_translated_errors() {
    let bot = admin_bot().await;
    for (text, en) in [
        ("/grant", "Use /grant merchant"),
        ("/grant admin 5", "Use /grant merchant"),
        ("/grant merchant @x", "Use /grant merchant"),
        ("/grant merchant -4", "Use /grant merchant"),
        ("/grant merchant @nobody_here", "I don't know @nobody_here"),
        ("/grant merchant 900", "is an admin"),
        ("/revoke", "Use /revoke"),
        ("/revoke 12345", "User 12345 is not a merchant"),
        ("/stock 99", "There is no sale #99"),
        ("/stock abc", "\"abc\" is not a sale number"),
        ("/orders 0", "\"0\" is not a sale number"),
        ("/cancelsale", "Use /cancelsale"),
        ("/cancelsale 42", "There is no sale #42"),
        ("/audit 0", "Use /audit"),
        ("/audit many", "Use /audit"),
    ] {
        let out = says(&bot, ADMIN, text).await;
        assert!(out.contains(en), "{text}: {out}");
    }
    let in_a_group = bot
        .wired
        .assistant
        .handle(Inbound {
            chat: ChatId(-100),
            user: uid(ADMIN),
            language_code: Some("en".into()),
            content: Content::Text("/users".into()),
            request: RequestId::parse("group-1").unwrap(),
        })
        .await;
    assert!(
        join(&in_a_group).contains("in a private chat"),
        "{in_a_group:?}"
    );
    for (text, zh) in [
        ("/grant merchant", "用法：/grant merchant"),
        ("/stock 99", "没有 #99 号秒杀"),
        ("/orders abc", "不是秒杀编号"),
    ] {
        let out = join(&typed(&bot, ADMIN, "zh", text).await);
        assert!(out.contains(zh), "{text}: {out}");
    }
}
