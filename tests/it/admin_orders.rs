//! Orders, cancellation and admin queries in chat: `/orders <sale>` with its CSV,
//! `/cancelsale` behind a confirm step, `/users` and `/reconcile`.

use flashsale::domain::OrderState;

use crate::support::admin::{
    ADMIN, CUSTOMER, MERCHANT, admin_bot, buy, press, sale_of, says, typed, uid,
};

#[tokio::test]
async fn orders_for_a_sale_give_a_summary_and_a_csv_whose_rows_match_the_orders() {
    let bot = admin_bot().await;
    says(&bot, ADMIN, "/grant merchant 700").await;
    let sale = sale_of(&bot, MERCHANT, "Tea Set").await;
    assert!(
        says(&bot, MERCHANT, &format!("/orders {sale}"))
            .await
            .contains("No orders yet")
    );
    buy(&bot, CUSTOMER, sale, 2).await;
    buy(&bot, 502, sale, 1).await;

    let replies = typed(&bot, MERCHANT, "en", &format!("/orders {sale}")).await;
    let text = &replies[0].text;
    assert!(
        text.contains(&format!("Orders of #{sale} Tea Set: 2")),
        "{text}"
    );
    assert!(text.contains("• pending: 2 (3 units)"), "{text}");
    assert!(text.contains("• paid: 0 (0 units)"), "{text}");
    let doc = replies[0].document.as_ref().expect("a CSV document");
    assert_eq!(doc.file_name, format!("orders-sale-{sale}.csv"));
    let csv = String::from_utf8(doc.bytes.clone()).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "order_id,sale_id,buyer_id,quantity,state,created_at,updated_at,pay_deadline"
    );
    let orders = bot.store.orders_for_sale(sale).await.unwrap();
    assert_eq!(lines.len(), 1 + orders.len());
    for (line, order) in lines[1..].iter().zip(&orders) {
        let cells: Vec<&str> = line.split(',').collect();
        assert_eq!(cells[0], order.id.to_string());
        assert_eq!(cells[1], sale.to_string());
        assert_eq!(cells[2], order.buyer.to_string());
        assert_eq!(cells[3], order.quantity.get().to_string());
        assert_eq!(cells[4], "pending");
    }
    let stock = says(&bot, MERCHANT, &format!("/stock {sale}")).await;
    assert!(
        stock.contains("stock 20 · sold 3 (0 paid, 3 awaiting payment) · left 17 · 15% sold"),
        "{stock}"
    );
}

#[tokio::test]
async fn cancelsale_of_a_sale_nobody_ordered_promises_no_messages() {
    let bot = admin_bot().await;
    says(&bot, ADMIN, "/grant merchant 700").await;
    let sale = sale_of(&bot, MERCHANT, "Tea Set").await;
    let en = typed(&bot, MERCHANT, "en", &format!("/cancelsale {sale}")).await;
    assert!(en[0].text.contains("nobody has ordered"), "{en:?}");
    assert!(!en[0].text.contains("each buyer"), "{en:?}");
    let zh = typed(&bot, MERCHANT, "zh-CN", &format!("/cancelsale {sale}")).await;
    assert!(zh[0].text.contains("目前没有人下单"), "{zh:?}");
    let done = press(&bot, MERCHANT, &en, "Yes, cancel the sale").await;
    assert!(done.contains("nobody to tell"), "{done}");
}

#[tokio::test]
async fn cancelsale_asks_to_confirm_then_cancels_pending_orders_gives_units_back_and_tells_buyers_once()
 {
    let bot = admin_bot().await;
    says(&bot, ADMIN, "/grant merchant 700").await;
    let sale = sale_of(&bot, MERCHANT, "Tea Set").await;
    buy(&bot, CUSTOMER, sale, 2).await;
    buy(&bot, 502, sale, 1).await;
    let queued_before = bot.store.outbox_counts(None).await.unwrap().total();

    // "No" keeps the sale.
    let ask = typed(&bot, MERCHANT, "en", &format!("/cancelsale {sale}")).await;
    assert!(
        ask[0].text.contains("2 pending orders are cancelled"),
        "{:?}",
        ask
    );
    assert!(
        press(&bot, MERCHANT, &ask, "No, keep it")
            .await
            .contains("stays on")
    );
    assert_eq!(bot.store.sale_counts(sale).await.unwrap().live_units, 3);

    let ask = typed(&bot, MERCHANT, "en", &format!("/cancelsale {sale}")).await;
    let done = press(&bot, MERCHANT, &ask, "Yes, cancel the sale").await;
    assert!(done.contains("2 pending orders cancelled"), "{done}");
    for order in bot.store.orders_for_sale(sale).await.unwrap() {
        assert_eq!(order.state, OrderState::Cancelled);
    }
    assert_eq!(bot.store.sale_counts(sale).await.unwrap().live_units, 0);
    let queued = bot.store.outbox_counts(None).await.unwrap().total();
    assert_eq!(queued - queued_before, 2, "each buyer is told once");
    // The gate stops selling at once.
    let late = buy(&bot, 503, sale, 1).await;
    assert!(!late.contains("You got"), "{late}");
    assert!(
        bot.store
            .orders_of_buyer(uid(503), 10)
            .await
            .unwrap()
            .is_empty()
    );
    // Pressing Yes again repeats nothing.
    let again = press(&bot, MERCHANT, &ask, "Yes, cancel the sale").await;
    assert!(again.contains("already cancelled"), "{again}");
    assert_eq!(
        bot.store.outbox_counts(None).await.unwrap().total() - queued_before,
        2
    );
    let audit = says(&bot, ADMIN, "/audit").await;
    assert!(
        audit.contains(&format!(
            "user 700 cancelled sale #{sale} (2 orders cancelled, 0 refunded)"
        )),
        "{audit}"
    );
    assert!(!audit.contains('{'), "no raw JSON: {audit}");
}

#[tokio::test]
async fn a_revoked_merchant_pressing_an_old_confirm_button_cancels_nothing() {
    let bot = admin_bot().await;
    says(&bot, ADMIN, "/grant merchant 700").await;
    let sale = sale_of(&bot, MERCHANT, "Tea Set").await;
    let ask = typed(&bot, MERCHANT, "en", &format!("/cancelsale {sale}")).await;
    says(&bot, ADMIN, "/revoke 700").await;
    let out = press(&bot, MERCHANT, &ask, "Yes, cancel the sale").await;
    // Told the truth: no longer a merchant, not "someone else's sale".
    assert!(out.contains("no longer a merchant"), "{out}");
    assert!(!out.contains("another merchant"), "{out}");
    let status = bot.store.sale(sale).await.unwrap().unwrap().status;
    assert_eq!(status.as_str(), "active");
}

#[tokio::test]
async fn users_counts_and_reconcile_reports_clean() {
    let bot = admin_bot().await;
    let sale = sale_of(&bot, MERCHANT, "Tea Set").await;
    buy(&bot, CUSTOMER, sale, 1).await;
    says(&bot, 502, "hello").await;
    let users = says(&bot, ADMIN, "/users").await;
    assert!(
        users.contains("Users: 3 in all, 3 active, 0 blocked the bot"),
        "{users}"
    );
    assert!(users.contains("0 subscribers"), "{users}");
    let report = says(&bot, ADMIN, "/reconcile").await;
    assert!(
        report.contains("The live stock counter and the orders agree on all 1 current sales"),
        "{report}"
    );
}
