//! Lists and titles under hostile input: `/sales` says how many it left out, titles cannot
//! carry bidi or zero-width characters to the screen (a revoked merchant: admin_orders).

use chrono::Utc;
use flashsale::domain::{
    Currency, Money, PerUserLimit, SaleDraft, SaleWindow, Stock, Title, is_invisible,
};
use flashsale::store::Store;

use crate::support::bot;
use crate::support::db::fresh_sqlite_url;
use crate::support::fake_bot::{self, FakeBotExt};
use crate::support::user;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sales_says_how_many_it_left_out_and_titles_show_no_invisible_characters() {
    let fake = fake_bot::start().await;
    let (db, _dir) = fresh_sqlite_url();
    let store = Store::open(&db, 2).await.expect("store");
    let now = Utc::now();
    for n in 0..14 {
        // Typed by a merchant with a right-to-left override and a zero-width space.
        let title = Title::parse(&format!("Deal\u{202E}{n}\u{200B} kettle")).expect("title");
        let start = now + chrono::Duration::hours(1 + n);
        let draft = SaleDraft::new(
            title,
            vec![format!("kettle\u{200B}{n}")],
            Money::from_minor(9_900, Currency::Cny).expect("price"),
            Stock::parse(10).expect("stock"),
            PerUserLimit::parse(1).expect("limit"),
            SaleWindow::new(start, start + chrono::Duration::hours(1)).expect("window"),
            user(1),
        )
        .expect("draft");
        store.create_sale(&draft, now).await.expect("sale");
    }
    store.close().await;
    let running = bot::start(&fake, &db, false, &[]);
    fake.text_from(4100, "en", "/sales");
    let en = fake
        .wait_for("the English list", |c| {
            c.method == "sendmessage" && c.body["chat_id"].as_i64() == Some(4100)
        })
        .await;
    fake.text_from(4101, "zh-hans", "/sales");
    let zh = fake
        .wait_for("the Chinese list", |c| {
            c.method == "sendmessage" && c.body["chat_id"].as_i64() == Some(4101)
        })
        .await;
    running.stop().await;
    let en = en.body["text"].as_str().unwrap_or_default().to_owned();
    let zh = zh.body["text"].as_str().unwrap_or_default().to_owned();
    assert!(en.contains("and 2 more sales"), "{en}");
    assert!(zh.contains("还有 2 个秒杀未列出"), "{zh}");
    assert!(en.contains("Deal0 kettle"), "{en}");
    assert!(
        !en.chars().any(is_invisible),
        "no invisible characters: {en:?}"
    );
}
