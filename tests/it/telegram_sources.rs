//! Where buyers came from, over real HTTP: a buy from a channel post counts for the post, a
//! buy after opening a shared link (`/start sale_N_s<sharer>`) counts for the sharer, a
//! plain buy is direct, and `/stats` shows the three rows in English and Chinese.

use flashsale::sandbox::{FakeBotApi, FakeStanding};

use crate::support::bot;
use crate::support::db::fresh_sqlite_url;
use crate::support::fake_bot::{self, FakeBotExt};
use crate::telegram_channels::{CHANNEL, MERCHANT, merchants, nth_reply};
use crate::telegram_countdown::sale_starting_in;
use crate::telegram_payments::{signed, text_of};
use flashsale::telegram::callback::ButtonSigner;

/// The sharer whose link brings a buyer.
const SHARER: i64 = 77;

/// The callback data of the post's first button, checked to be its Buy.
fn post_buy(markup: &serde_json::Value, sale: flashsale::domain::SaleId) -> String {
    let data = markup["inline_keyboard"][0][0]["callback_data"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let signer = ButtonSigner::new(bot::BUTTON_SECRET.as_bytes());
    let opened = signer
        .open_for_post(CHANNEL, &data, chrono::Utc::now().timestamp())
        .expect("signed for the post");
    assert_eq!(opened.payload, format!("buy:{sale}:1"));
    data
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stats_shows_buyers_and_units_from_a_post_a_share_and_direct_in_both_languages() {
    let fake = fake_bot::start().await;
    let (db, _dir) = fresh_sqlite_url();
    let store = merchants(&db).await;
    let sale = sale_starting_in(&db, -5, 10).await;
    fake.add_chat(CHANNEL, "Gadget Deals", Some("gadget_deals"), true);
    fake.set_member(
        CHANNEL,
        FakeBotApi::BOT_ID,
        FakeStanding::Admin { can_post: true },
    );
    fake.set_member(CHANNEL, MERCHANT, FakeStanding::Creator);
    let running = bot::start(&fake, &db, false, &[]);
    fake.text_from(MERCHANT, "en", "/channel add @gadget_deals");
    nth_reply(&fake, MERCHANT, "Linked the channel", 1).await;
    fake.text_from(MERCHANT, "en", &format!("/post {sale} @gadget_deals"));
    let posted = fake
        .wait_for("the live post", |c| {
            c.method == "sendmessage" && c.body["chat_id"].as_i64() == Some(CHANNEL)
        })
        .await;
    let buy = post_buy(&posted.body["reply_markup"], sale);
    // The post's row is written once its sendMessage has answered: wait for it (bounded).
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let post = loop {
        if let Some(post) = store.posts_of_sale(sale).await.expect("posts").first() {
            break post.clone();
        }
        assert!(std::time::Instant::now() < deadline, "the post is stored");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    };

    // From the post: one unit.
    fake.press_on_post(55, CHANNEL, post.message_id, "q-src-post", &buy);
    nth_reply(&fake, 55, "You got it", 1).await;
    // Someone who never started the bot buys from the post too (the toast opens the bot).
    fake.block(58);
    fake.press_on_post(58, CHANNEL, post.message_id, "q-src-58", &buy);
    let toast = fake
        .wait_for("58's toast", |c| {
            c.method == "answercallbackquery" && c.body["callback_query_id"] == "q-src-58"
        })
        .await;
    assert_eq!(toast.body["show_alert"], true, "{}", toast.body);
    // From a shared link: opened, then bought on the card, two units.
    fake.text_from(60, "en", &format!("/start sale_{sale}_s{SHARER}"));
    nth_reply(&fake, 60, "Kindle Paperwhite", 1).await;
    fake.press(60, "q-src-share", &signed(60, &format!("buy:{sale}:2")));
    nth_reply(&fake, 60, "You got it", 1).await;
    // The sharer's own link counts as direct; so does a plain buy.
    fake.text_from(SHARER, "en", &format!("/start sale_{sale}_s{SHARER}"));
    nth_reply(&fake, SHARER, "Kindle Paperwhite", 1).await;
    fake.press(
        SHARER,
        "q-src-self",
        &signed(SHARER, &format!("buy:{sale}:1")),
    );
    nth_reply(&fake, SHARER, "You got it", 1).await;
    fake.press(61, "q-src-direct", &signed(61, &format!("buy:{sale}:1")));
    nth_reply(&fake, 61, "You got it", 1).await;

    fake.text_from(MERCHANT, "en", &format!("/stats {sale}"));
    let en = nth_reply(&fake, MERCHANT, "Buyers by source", 1).await;
    let post_line = format!("• Post #{} in Gadget Deals: 2 buyers, 2 units", post.id);
    for line in [
        post_line.as_str(),
        "• Shared by 77: 1 buyer, 2 units",
        "• Direct: 2 buyers, 2 units",
    ] {
        assert!(en.lines().any(|l| l == line), "{line:?} in {en}");
    }
    fake.text_from(MERCHANT, "zh", &format!("/stats {sale}"));
    let zh = nth_reply(&fake, MERCHANT, "买家来源", 1).await;
    let post_line = format!("• Gadget Deals 的帖子 #{}：2 位买家，2 件", post.id);
    for line in [
        post_line.as_str(),
        "• 77 分享：1 位买家，2 件",
        "• 直接购买：2 位买家，2 件",
    ] {
        assert!(zh.lines().any(|l| l == line), "{line:?} in {zh}");
    }
    running.stop().await;
    // Nothing about the sources went into the channel.
    assert!(
        fake.calls()
            .iter()
            .filter(|c| c.body["chat_id"].as_i64() == Some(CHANNEL))
            .all(|c| !text_of(c).contains("source") && !text_of(c).contains("77")),
        "the channel heard nothing about buyers"
    );
}
