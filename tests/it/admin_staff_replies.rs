//! What staff read: /help with their commands, /audit in words and local times, /mysales
//! agreeing with /stock on "sold out", no internal jargon, and /stats on a lapsed sale.

use crate::support::admin::{
    ADMIN, CUSTOMER, MERCHANT, admin_bot, buy, press, sale_of, says, typed,
};
use crate::support::conv::join;

#[tokio::test]
async fn help_shows_merchants_and_admins_their_commands_and_customers_only_shopping() {
    let bot = admin_bot().await;
    says(&bot, ADMIN, "/grant merchant 700").await;
    let customer = says(&bot, CUSTOMER, "/help").await;
    assert!(!customer.contains("/newsale"), "{customer}");
    let merchant = says(&bot, MERCHANT, "/help").await;
    assert!(
        merchant.contains("/newsale") && merchant.contains("/stats"),
        "{merchant}"
    );
    assert!(!merchant.contains("/grant"), "{merchant}");
    let admin = says(&bot, ADMIN, "/help").await;
    assert!(
        admin.contains("/newsale") && admin.contains("/audit"),
        "{admin}"
    );
    let zh = join(&typed(&bot, ADMIN, "zh-CN", "/help").await);
    assert!(
        zh.contains("商家命令") && zh.contains("管理员另外可用"),
        "{zh}"
    );
}

#[tokio::test]
async fn audit_reads_as_sentences_with_local_times_in_both_languages() {
    let bot = admin_bot().await;
    says(&bot, ADMIN, "/grant merchant 700").await;
    let sale = sale_of(&bot, MERCHANT, "Tea Set").await;
    says(&bot, MERCHANT, &format!("/restock {sale} 5")).await;
    let en = says(&bot, ADMIN, "/audit").await;
    assert!(en.contains("user 900 made user 700 a merchant"), "{en}");
    assert!(
        en.contains(&format!("user 700 restocked sale #{sale}: stock 20 → 25")),
        "{en}"
    );
    assert!(en.contains("12-01 20:00 UTC+08:00"), "local time: {en}");
    assert!(
        !en.contains('{') && !en.contains("sale:"),
        "no raw JSON: {en}"
    );
    let zh = join(&typed(&bot, ADMIN, "zh-CN", "/audit").await);
    assert!(zh.contains("把用户 700 设为商家"), "{zh}");
    assert!(
        zh.contains(&format!("为秒杀 #{sale} 补货：库存 20 → 25")),
        "{zh}"
    );
}

#[tokio::test]
async fn mysales_says_sold_out_where_stock_does_and_staff_replies_use_no_jargon() {
    let bot = admin_bot().await;
    says(&bot, ADMIN, "/grant merchant 700").await;
    let sale = sale_of(&bot, MERCHANT, "Tea Set").await;
    for (i, user) in (600..604).enumerate() {
        let won = buy(&bot, user, sale, 5).await;
        assert!(won.contains("You got it"), "buyer {i}: {won}");
    }
    let stock = says(&bot, MERCHANT, &format!("/stock {sale}")).await;
    assert!(stock.contains("sold out"), "{stock}");
    let mine = says(&bot, MERCHANT, "/mysales").await;
    assert!(
        mine.contains(&format!("#{sale} Tea Set · sold out")),
        "{mine}"
    );
    for jargon in ["Gate", "res ", "reserved + paid"] {
        assert!(!stock.contains(jargon), "{jargon:?} in {stock}");
    }
    let zh = join(&typed(&bot, MERCHANT, "zh-CN", &format!("/stock {sale}")).await);
    assert!(!zh.contains("闸门") && !zh.contains("预留"), "{zh}");
}

#[tokio::test]
async fn stats_on_a_sale_whose_orders_all_lapsed_says_so_instead_of_no_orders_yet() {
    let bot = admin_bot().await;
    says(&bot, ADMIN, "/grant merchant 700").await;
    let sale = sale_of(&bot, MERCHANT, "Tea Set").await;
    buy(&bot, CUSTOMER, sale, 1).await;
    let orders = typed(&bot, CUSTOMER, "en", "my orders").await;
    let cancelled = press(&bot, CUSTOMER, &orders, "Cancel #").await;
    assert!(cancelled.contains("is cancelled"), "{cancelled}");
    let en = says(&bot, MERCHANT, &format!("/stats {sale}")).await;
    assert!(
        en.contains("had 1 order, but none was paid in time or kept"),
        "{en}"
    );
    assert!(!en.contains("no orders yet"), "{en}");
    let zh = join(&typed(&bot, MERCHANT, "zh-CN", &format!("/stats {sale}")).await);
    assert!(zh.contains("共有 1 笔订单，但都已过期或被取消"), "{zh}");
}
