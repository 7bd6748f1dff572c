//! Live sale posts over real HTTP: `/post` puts a sale's card into a linked channel and a
//! linked group (each in its own language, with link buttons into the bot), the posts count
//! down, resume after a restart, flip live with Buy at the start, show the stock left as it
//! sells and end as "sold out"; refusals keep people out of chats and sales not theirs.

use std::time::Duration;

use flashsale::sandbox::{Call, FakeBotApi, FakeStanding};
use serde_json::Value;

use crate::support::bot;
use crate::support::db::fresh_sqlite_url;
use crate::support::fake_bot::{self, FakeBotExt};
use crate::telegram_channels::{CHANNEL, GROUP, MERCHANT, OTHER_MERCHANT, merchants, nth_reply};
use crate::telegram_countdown::sale_starting_in;
use crate::telegram_payments::{signed, text_of};

/// The (label, url) of every button of a message body.
fn links(markup: &Value) -> Vec<(String, String)> {
    markup["inline_keyboard"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|row| row.as_array().into_iter().flatten())
        .map(|b| {
            let s = |k: &str| b[k].as_str().unwrap_or_default().to_owned();
            (s("text"), s("url"))
        })
        .collect()
}

/// A successful edit of a message in `chat` whose text contains `needle`.
fn edit_in(chat: i64, needle: &'static str) -> impl Fn(&Call) -> bool {
    move |c| {
        c.method == "editmessagetext"
            && c.status == 200
            && c.body["chat_id"].as_i64() == Some(chat)
            && text_of(c).contains(needle)
    }
}

/// A channel where the bot posts and a group where it is a member; the merchant runs both.
fn chats(fake: &FakeBotApi) {
    fake.add_chat(CHANNEL, "Gadget Deals", Some("gadget_deals"), true);
    fake.add_chat(GROUP, "Sneaker Club", None, false);
    fake.set_member(
        CHANNEL,
        FakeBotApi::BOT_ID,
        FakeStanding::Admin { can_post: true },
    );
    fake.set_member(CHANNEL, MERCHANT, FakeStanding::Creator);
    fake.set_member(GROUP, FakeBotApi::BOT_ID, FakeStanding::Member);
    fake.set_member(GROUP, MERCHANT, FakeStanding::Admin { can_post: false });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_post_counts_down_resumes_after_a_restart_flips_live_and_shows_the_stock_everywhere() {
    let fake = fake_bot::start().await;
    let (db, _dir) = fresh_sqlite_url();
    let store = merchants(&db).await;
    let sale = sale_starting_in(&db, 12, 3).await;
    chats(&fake);
    let running = bot::start(&fake, &db, false, &[]);
    fake.text_from(MERCHANT, "en", "/channel add @gadget_deals");
    nth_reply(&fake, MERCHANT, "Linked the channel", 1).await;
    fake.text_from(MERCHANT, "en", &format!("/channel add {GROUP} zh"));
    nth_reply(&fake, MERCHANT, "Linked the group", 1).await;

    // Posted in both: a countdown in each chat's language, buttons that open the bot.
    fake.text_from(MERCHANT, "en", &format!("/post {sale} @gadget_deals"));
    let done = nth_reply(&fake, MERCHANT, "Posted sale", 1).await;
    assert!(done.contains("counts down"), "{done}");
    fake.text_from(MERCHANT, "en", &format!("/post {sale} {GROUP}"));
    nth_reply(&fake, MERCHANT, "Posted sale", 2).await;
    let link = format!("https://t.me/flashsale_bot?start=sale_{sale}");
    let in_channel = fake
        .wait_for("the channel post", |c| {
            c.method == "sendmessage" && c.body["chat_id"].as_i64() == Some(CHANNEL)
        })
        .await;
    assert!(
        text_of(&in_channel).contains("starts in"),
        "{}",
        text_of(&in_channel)
    );
    assert_eq!(
        links(&in_channel.body["reply_markup"]),
        [("🔔 Remind me".to_owned(), link.clone())]
    );
    let in_group = fake
        .wait_for("the group post", |c| {
            c.method == "sendmessage" && c.body["chat_id"].as_i64() == Some(GROUP)
        })
        .await;
    assert!(
        text_of(&in_group).contains("开始"),
        "{}",
        text_of(&in_group)
    );
    assert_eq!(
        links(&in_group.body["reply_markup"]),
        [("🔔 提醒我".to_owned(), link.clone())]
    );

    // The posts are stored, so a restarted bot keeps them live.
    let posts = store.posts_of_sale(sale).await.expect("posts");
    assert_eq!(posts.len(), 2, "{posts:?}");
    assert!(posts.iter().all(|p| p.next_edit_at.is_some()), "{posts:?}");
    running.stop().await;
    let running = bot::start(&fake, &db, false, &[]);

    // At the start both posts flip to the selling card with a Buy link.
    let flip = fake
        .wait_until(Duration::from_secs(30), edit_in(CHANNEL, "live now"))
        .await
        .expect("the channel post flips live");
    assert_eq!(
        links(&flip.body["reply_markup"]),
        [("🛒 Buy now".to_owned(), link.clone())]
    );
    assert!(text_of(&flip).contains("3 of 3"), "{}", text_of(&flip));
    let group_flip = fake
        .wait_for("the group post flips live", edit_in(GROUP, "抢购中"))
        .await;
    assert_eq!(
        links(&group_flip.body["reply_markup"]),
        [("🛒 立即抢购".to_owned(), link.clone())]
    );

    // Buying in private: every post shows the stock left, then "sold out".
    fake.press(55, "q-buy-55", &signed(55, &format!("buy:{sale}:2")));
    fake.wait_for("the first win", |c| {
        c.method == "answercallbackquery" && c.body["callback_query_id"] == "q-buy-55"
    })
    .await;
    fake.wait_for("the channel shows 1 left", edit_in(CHANNEL, "1 of 3"))
        .await;
    fake.wait_for("the group shows 1 left", edit_in(GROUP, "还剩 1 / 3"))
        .await;
    fake.press(56, "q-buy-56", &signed(56, &format!("buy:{sale}:1")));
    let sold_out = fake
        .wait_for("the channel shows sold out", edit_in(CHANNEL, "sold out"))
        .await;
    assert_eq!(
        links(&sold_out.body["reply_markup"]),
        [("⏳ Join the waitlist".to_owned(), link.clone())]
    );
    fake.wait_for("the group shows sold out", edit_in(GROUP, "已抢光"))
        .await;
    running.stop().await;

    // Nothing about the buyers went into the chats; the edits are counted.
    for chat in [CHANNEL, GROUP] {
        let said: Vec<String> = fake
            .calls()
            .iter()
            .filter(|c| c.body["chat_id"].as_i64() == Some(chat))
            .map(text_of)
            .collect();
        assert!(
            said.iter().all(|t| !t.contains("55") && !t.contains("56")),
            "{said:?}"
        );
    }
    let posts = store.posts_of_sale(sale).await.expect("posts");
    assert!(posts.iter().all(|p| p.edits >= 3), "{posts:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_a_chat_administrator_posts_their_own_sales_where_the_bot_may_still_post() {
    let fake = fake_bot::start().await;
    let (db, _dir) = fresh_sqlite_url();
    let store = merchants(&db).await;
    let sale = sale_starting_in(&db, 3_600, 5).await;
    chats(&fake);
    fake.set_member(
        CHANNEL,
        OTHER_MERCHANT,
        FakeStanding::Admin { can_post: true },
    );
    let running = bot::start(&fake, &db, false, &[]);
    fake.text_from(MERCHANT, "en", "/channel add @gadget_deals");
    nth_reply(&fake, MERCHANT, "Linked the channel", 1).await;

    // Not linked, not their sale, not their link, not a merchant: refused, nothing posted.
    fake.text_from(MERCHANT, "en", &format!("/post {sale} @elsewhere_chat"));
    nth_reply(&fake, MERCHANT, "@elsewhere_chat is not linked", 1).await;
    fake.text_from(OTHER_MERCHANT, "en", &format!("/post {sale} @gadget_deals"));
    nth_reply(&fake, OTHER_MERCHANT, "belongs to another merchant", 1).await;
    fake.text_from(55, "en", &format!("/post {sale} @gadget_deals"));
    fake.wait_for("the customer's refusal", |c| {
        c.method == "sendmessage"
            && c.body["chat_id"].as_i64() == Some(55)
            && text_of(c).contains("for merchants")
    })
    .await;

    // The merchant stepped down as an administrator of the channel: refused.
    fake.set_member(CHANNEL, MERCHANT, FakeStanding::Member);
    fake.text_from(MERCHANT, "en", &format!("/post {sale} @gadget_deals"));
    nth_reply(
        &fake,
        MERCHANT,
        "You are not an administrator of Gadget Deals",
        1,
    )
    .await;

    // Back as administrator, but the bot lost its right to post: Telegram refuses, we say so.
    fake.set_member(CHANNEL, MERCHANT, FakeStanding::Creator);
    fake.set_member(
        CHANNEL,
        FakeBotApi::BOT_ID,
        FakeStanding::Admin { can_post: false },
    );
    fake.text_from(MERCHANT, "en", &format!("/post {sale} @gadget_deals"));
    nth_reply(&fake, MERCHANT, "Telegram refused my post", 1).await;
    running.stop().await;
    assert!(store.posts_of_sale(sale).await.expect("posts").is_empty());
    assert!(
        fake.calls().iter().all(|c| c.method != "sendmessage"
            || c.status != 200
            || c.body["chat_id"].as_i64() != Some(CHANNEL)),
        "nothing was posted in the channel"
    );
}
