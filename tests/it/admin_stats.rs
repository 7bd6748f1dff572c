//! `/stats <sale>`: a PNG chart of units sold over time, per-bucket counts on both
//! backends, refusals, the "no orders yet" answer, Chinese labels, and the photo on Telegram.

use chrono::Duration;
use flashsale::app::Reply;
use flashsale::domain::{OrderState, Quantity, SaleId};
use flashsale::store::{InsertOutcome, NewOrder, SalesBucket, Store};
use serde_json::json;

use crate::support::admin::{
    ADMIN, CUSTOMER, MERCHANT, OTHER_MERCHANT, admin_bot, buy, sale_of, says, typed,
};
use crate::support::db::{fresh_sqlite_url, on_both_stores};
use crate::support::fake_bot::{self, FakeBotExt};
use crate::support::{bot, draft, req, t0, user};
use crate::telegram_payments::{live_sale, signed, to_chat};

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// Width and height from a PNG's IHDR chunk, after checking the signature.
fn png_size(png: &[u8]) -> (u32, u32) {
    assert!(png.len() > 1000, "a real image, not {} bytes", png.len());
    assert_eq!(&png[..8], PNG_SIGNATURE);
    assert_eq!(&png[12..16], b"IHDR");
    let be = |i: usize| u32::from_be_bytes([png[i], png[i + 1], png[i + 2], png[i + 3]]);
    (be(16), be(20))
}

fn chart_of(replies: &[Reply]) -> &[u8] {
    let doc = replies
        .iter()
        .find_map(|r| r.document.as_ref())
        .expect("a chart");
    assert!(doc.file_name.ends_with("-stats.png"), "{}", doc.file_name);
    &doc.bytes
}

async fn order_at(store: &Store, sale: SaleId, buyer: i64, qty: i64, after_ms: i64) -> i64 {
    let at = t0() + Duration::milliseconds(after_ms);
    let done = store
        .insert_orders(&[NewOrder {
            sale,
            buyer: user(buyer),
            quantity: Quantity::parse(qty).expect("qty"),
            request: req(&format!("r{buyer}")),
            created_at: at,
            pay_deadline: at + Duration::minutes(10),
            source: None,
            token: None,
        }])
        .await
        .expect("stored");
    match done[0] {
        Ok(InsertOutcome::Inserted(id)) => id.get(),
        ref other => panic!("{other:?}"),
    }
}

async fn sales_are_counted_per_time_bucket(store: Store) {
    let sale = store
        .create_sale(&draft(50, 5), t0())
        .await
        .expect("sale")
        .id;
    assert_eq!(store.order_span(sale).await.expect("span"), None);
    order_at(&store, sale, 1, 2, 100).await;
    order_at(&store, sale, 2, 1, 900).await;
    order_at(&store, sale, 3, 3, 2_500).await;
    let gone = order_at(&store, sale, 4, 4, 2_600).await;
    let gone = flashsale::domain::OrderId::parse(gone).expect("id");
    assert!(
        store
            .transition_order(gone, OrderState::Pending, OrderState::Cancelled, t0())
            .await
            .expect("cancel")
    );
    let (first, last) = store.order_span(sale).await.expect("span").expect("orders");
    assert_eq!(first, t0() + Duration::milliseconds(100));
    assert_eq!(last, t0() + Duration::milliseconds(2_500));
    let b = |index, units, orders| SalesBucket {
        index,
        units,
        orders,
    };
    assert_eq!(
        store.sales_per_bucket(sale, t0(), 1000).await.expect("1 s"),
        vec![b(0, 3, 2), b(2, 3, 1)]
    );
    assert_eq!(
        store.sales_per_bucket(sale, t0(), 5000).await.expect("5 s"),
        vec![b(0, 6, 3)]
    );
    assert!(store.sales_per_bucket(sale, t0(), 0).await.is_err());
}

on_both_stores!("stats": sales_are_counted_per_time_bucket);

#[tokio::test]
async fn a_merchant_gets_a_png_chart_of_their_sale_with_a_summary() {
    let bot = admin_bot().await;
    says(&bot, ADMIN, "/grant merchant 700").await;
    let sale = sale_of(&bot, MERCHANT, "Tea Set").await;
    buy(&bot, CUSTOMER, sale, 2).await;
    bot.clock.advance(Duration::seconds(3));
    buy(&bot, 502, sale, 1).await;

    let replies = typed(&bot, MERCHANT, "en", &format!("/stats {sale}")).await;
    let text = &replies[0].text;
    assert!(
        text.contains(&format!("Sale #{sale} Tea Set: 3 units in 2 orders")),
        "{text}"
    );
    assert!(text.contains("one bar per 1 s"), "{text}");
    assert_eq!(png_size(chart_of(&replies)), (960, 540));
    // An admin may chart any sale.
    let replies = typed(&bot, ADMIN, "en", &format!("/stats {sale}")).await;
    png_size(chart_of(&replies));
}

#[tokio::test]
async fn the_chinese_chart_has_its_own_labels() {
    let bot = admin_bot().await;
    says(&bot, ADMIN, "/grant merchant 700").await;
    let sale = sale_of(&bot, MERCHANT, "Tea Set").await;
    buy(&bot, CUSTOMER, sale, 2).await;
    let en = typed(&bot, MERCHANT, "en", &format!("/stats {sale}")).await;
    let zh = typed(&bot, MERCHANT, "zh", &format!("/stats {sale}")).await;
    assert!(zh[0].text.contains("共 1 笔订单、2 件"), "{}", zh[0].text);
    assert_eq!(png_size(chart_of(&zh)), (960, 540));
    assert_ne!(chart_of(&en), chart_of(&zh), "labels differ, so pixels do");
}

#[tokio::test]
async fn a_sale_without_orders_gets_a_polite_no_sales_yet_instead_of_a_chart() {
    let bot = admin_bot().await;
    says(&bot, ADMIN, "/grant merchant 700").await;
    let sale = sale_of(&bot, MERCHANT, "Tea Set").await;
    let replies = typed(&bot, MERCHANT, "en", &format!("/stats {sale}")).await;
    assert!(
        replies[0].text.contains("no orders yet"),
        "{}",
        replies[0].text
    );
    assert!(replies.iter().all(|r| r.document.is_none()));
}

#[tokio::test]
async fn stats_is_refused_for_unknown_sales_other_merchants_sales_and_customers() {
    let bot = admin_bot().await;
    says(&bot, ADMIN, "/grant merchant 700").await;
    says(&bot, ADMIN, "/grant merchant 701").await;
    let sale = sale_of(&bot, MERCHANT, "Tea Set").await;
    buy(&bot, CUSTOMER, sale, 1).await;
    let cases = [
        (OTHER_MERCHANT, format!("/stats {sale}"), "another merchant"),
        (CUSTOMER, format!("/stats {sale}"), "for merchants"),
        (MERCHANT, "/stats 9999".to_owned(), "9999"),
        (MERCHANT, "/stats".to_owned(), "/stats 12"),
        (MERCHANT, "/stats abc".to_owned(), "abc"),
    ];
    for (who, text, expected) in cases {
        let replies = typed(&bot, who, "en", &text).await;
        let said = &replies[0].text;
        assert!(said.contains(expected), "{who} {text}: {said}");
        assert!(replies.iter().all(|r| r.document.is_none()), "{text}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stats_on_telegram_sends_the_chart_as_a_photo() {
    let fake = fake_bot::start().await;
    let (db, _dir) = fresh_sqlite_url();
    let sale = live_sale(&db, flashsale::domain::Currency::Cny).await;
    let running = bot::start(&fake, &db, false, &[("ADMIN_IDS", "900")]);
    fake.wait_for("the admin menu", |c| {
        c.method == "setmycommands" && c.body["scope"]["chat_id"] == json!(900)
    })
    .await;
    fake.press(55, "q-buy-55", &signed(55, &format!("buy:{sale}:2")));
    fake.wait_for("the win", to_chat(55, "sendmessage")).await;
    fake.text_from(900, "zh", &format!("/stats {sale}"));
    let photo = fake.wait_for("the chart", to_chat(900, "sendphoto")).await;
    let file = &photo.body["photo"];
    assert_eq!(
        file["file_name"],
        format!("sale-{sale}-stats.png"),
        "{file}"
    );
    assert!(file["bytes"].as_u64().unwrap_or(0) > 1000, "{file}");
    let text = file["text"].as_str().unwrap_or_default();
    assert!(text.contains("PNG") && text.contains("IHDR"), "a PNG file");
    assert_eq!(fake.count_of("senddocument"), 0);
    running.stop().await;
}
