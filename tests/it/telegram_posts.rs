//! Live sale posts over real HTTP: `/post` puts a sale's card into a linked channel and a
//! linked group (each in its own language, buttons signed for the post), the posts count
//! down, resume after a restart, flip live with Buy at the start, sell from the post (a win
//! is an alert, details in private, a replay refused, a toast that opens the bot for someone
//! who never started it), show the stock left and end as "sold out"; refusals keep people
//! out of chats and sales not theirs.

use std::time::Duration;

use flashsale::sandbox::{Call, FakeBotApi, FakeStanding};
use flashsale::store::NewPost;
use serde_json::Value;
use teloxide::prelude::Requester;

use crate::support::bot;
use crate::support::db::fresh_sqlite_url;
use crate::support::fake_bot::{self, FakeBotExt};
use crate::telegram_channels::{CHANNEL, GROUP, MERCHANT, OTHER_MERCHANT, merchants, nth_reply};
use crate::telegram_countdown::sale_starting_in;
use crate::telegram_payments::{signed, text_of};
use flashsale::telegram::callback::ButtonSigner;

/// The (label, payload) of every button of a message body, each checked to be signed for
/// the post in `chat` (anyone there may press it), with the callback data itself.
fn buttons(chat: i64, markup: &Value) -> Vec<(String, String, String)> {
    let signer = ButtonSigner::new(bot::BUTTON_SECRET.as_bytes());
    let now = chrono::Utc::now().timestamp();
    markup["inline_keyboard"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|row| row.as_array().into_iter().flatten())
        .map(|b| {
            let data = b["callback_data"].as_str().unwrap_or_default();
            let payload = signer
                .open_for_post(chat, data, now)
                .map(|o| o.payload.to_owned())
                .expect("signed for the post");
            let label = b["text"].as_str().unwrap_or_default().to_owned();
            (label, payload, data.to_owned())
        })
        .collect()
}

/// The (label, payload) pairs of a post's buttons.
fn labels(chat: i64, markup: &Value) -> Vec<(String, String)> {
    buttons(chat, markup)
        .into_iter()
        .map(|(l, p, _)| (l, p))
        .collect()
}

/// The message id the fake gave the post sent in `chat` (the fake numbers messages itself).
fn post_id(fake: &FakeBotApi, chat: i64, text: &str) -> i64 {
    (1..=500)
        .find(|id| {
            fake.message(chat, *id)
                .is_some_and(|m| m["text"].as_str() == Some(text))
        })
        .expect("the post is stored")
}

/// The answer to the callback query `id`.
fn toast(id: &'static str) -> impl Fn(&Call) -> bool {
    move |c| c.method == "answercallbackquery" && c.body["callback_query_id"] == id
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
async fn a_post_counts_down_resumes_after_a_restart_flips_live_sells_from_the_post_and_ends_sold_out()
 {
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
        labels(CHANNEL, &in_channel.body["reply_markup"]),
        [("🔔 Remind me".to_owned(), format!("rem:{sale}"))]
    );
    let channel_post = post_id(&fake, CHANNEL, &text_of(&in_channel));
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
        labels(GROUP, &in_group.body["reply_markup"]),
        [("🔔 提醒我".to_owned(), format!("rem:{sale}"))]
    );
    let group_post = post_id(&fake, GROUP, &text_of(&in_group));

    // The posts are stored, so a restarted bot keeps them live.
    let posts = store.posts_of_sale(sale).await.expect("posts");
    assert_eq!(posts.len(), 2, "{posts:?}");
    assert!(posts.iter().all(|p| p.next_edit_at.is_some()), "{posts:?}");
    running.stop().await;
    let running = bot::start(&fake, &db, false, &[]);

    // At the start both posts flip to the selling card with Buy, signed for each post.
    let flip = fake
        .wait_until(Duration::from_secs(30), edit_in(CHANNEL, "live now"))
        .await
        .expect("the channel post flips live");
    let live = buttons(CHANNEL, &flip.body["reply_markup"]);
    assert_eq!(live.len(), 1, "{live:?}");
    assert_eq!(
        (live[0].0.as_str(), live[0].1.clone()),
        ("🛒 Buy now", format!("buy:{sale}:1"))
    );
    assert!(text_of(&flip).contains("3 of 3"), "{}", text_of(&flip));
    let group_flip = fake
        .wait_for("the group post flips live", edit_in(GROUP, "抢购中"))
        .await;
    let group_buy = buttons(GROUP, &group_flip.body["reply_markup"]);
    assert_eq!(group_buy[0].1, format!("buy:{sale}:1"));

    // A subscriber buys from the channel post: a win is an alert, the details come in
    // private; the same button pressed again by them is a replay.
    fake.press_on_post(55, CHANNEL, channel_post, "q-post-55", &live[0].2);
    let won = fake.wait_for("the win alert", toast("q-post-55")).await;
    assert_eq!(won.body["show_alert"], true, "{}", won.body);
    assert!(text_of(&won).contains("You got it"), "{}", won.body);
    fake.wait_for("the win in private", |c| {
        c.method == "sendmessage"
            && c.body["chat_id"].as_i64() == Some(55)
            && text_of(c).contains("You got it")
    })
    .await;
    fake.press_on_post(55, CHANNEL, channel_post, "q-post-55-again", &live[0].2);
    let again = fake.wait_for("the replay", toast("q-post-55-again")).await;
    assert!(text_of(&again).contains("already used"), "{}", again.body);

    // Someone who never started the bot buys from the group: the toast opens the bot.
    fake.block(57);
    fake.press_on_post(57, GROUP, group_post, "q-post-57", &group_buy[0].2);
    let unreachable = fake
        .wait_for("the toast with a link", toast("q-post-57"))
        .await;
    assert_eq!(unreachable.body["show_alert"], true, "{}", unreachable.body);
    assert_eq!(
        unreachable.body["url"], "https://t.me/flashsale_bot?start=orders",
        "{}",
        unreachable.body
    );
    fake.wait_for("the channel shows 1 left", edit_in(CHANNEL, "1 of 3"))
        .await;
    fake.wait_for("the group shows 1 left", edit_in(GROUP, "还剩 1 / 3"))
        .await;

    // The last unit goes in private: every post shows "sold out".
    fake.press(56, "q-buy-56", &signed(56, &format!("buy:{sale}:1")));
    let sold_out = fake
        .wait_for("the channel shows sold out", edit_in(CHANNEL, "sold out"))
        .await;
    assert_eq!(
        labels(CHANNEL, &sold_out.body["reply_markup"]),
        [("⏳ Join the waitlist".to_owned(), format!("wl:{sale}"))]
    );
    fake.wait_for("the group shows sold out", edit_in(GROUP, "已抢光"))
        .await;
    running.stop().await;
    let orders = store.orders_for_sale(sale).await.expect("orders");
    let mut buyers: Vec<i64> = orders.iter().map(|o| o.buyer.get()).collect();
    buyers.sort_unstable();
    assert_eq!(
        buyers,
        [55, 56, 57],
        "one order each, the replay bought nothing"
    );

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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stampede_on_one_channel_post_answers_every_press_once_and_sells_exactly_the_stock() {
    const USERS: i64 = 300;
    const STOCK: usize = 20;
    let fake = fake_bot::start().await;
    let (db, _dir) = fresh_sqlite_url();
    let store = merchants(&db).await;
    let sale = sale_starting_in(&db, -5, STOCK as u32).await;
    chats(&fake);
    let running = bot::start(&fake, &db, false, &[]);
    fake.text_from(MERCHANT, "en", "/channel add @gadget_deals");
    nth_reply(&fake, MERCHANT, "Linked the channel", 1).await;
    fake.text_from(MERCHANT, "en", &format!("/post {sale} @gadget_deals"));
    let posted = fake
        .wait_for("the live post", |c| {
            c.method == "sendmessage" && c.body["chat_id"].as_i64() == Some(CHANNEL)
        })
        .await;
    let post = post_id(&fake, CHANNEL, &text_of(&posted));
    let buy = buttons(CHANNEL, &posted.body["reply_markup"]);
    assert_eq!(buy[0].1, format!("buy:{sale}:1"), "{buy:?}");

    // Everyone in the channel presses the same Buy button at once.
    let queries: Vec<(i64, String)> = (0..USERS)
        .map(|i| (20_000 + i, format!("st-{i}")))
        .collect();
    for (user, query) in &queries {
        fake.press_on_post(*user, CHANNEL, post, query, &buy[0].2);
    }
    let all_answered = fake
        .wait_until(Duration::from_secs(120), |_| {
            fake.count_of("answercallbackquery") >= queries.len()
        })
        .await;
    assert!(all_answered.is_some(), "every press is answered");
    running.stop().await;

    let answers = fake.calls_of("answercallbackquery");
    let mut winners = std::collections::HashSet::new();
    for (user, query) in &queries {
        let mine: Vec<&Call> = answers
            .iter()
            .filter(|c| c.body["callback_query_id"] == query.as_str())
            .collect();
        assert_eq!(mine.len(), 1, "press {query} answered {} times", mine.len());
        if mine[0].body["show_alert"] == true && text_of(mine[0]).contains("You got it") {
            winners.insert(*user);
        }
    }
    let orders = store.orders_for_sale(sale).await.expect("orders");
    let buyers: std::collections::HashSet<i64> = orders.iter().map(|o| o.buyer.get()).collect();
    assert_eq!(winners.len(), STOCK, "winners told");
    assert_eq!(
        buyers, winners,
        "every winner has an order and nobody else does"
    );
    let units: u32 = orders.iter().map(|o| o.quantity.get()).sum();
    assert_eq!(units as usize, STOCK, "no oversell");
    let in_channel = fake
        .calls()
        .iter()
        .filter(|c| c.method == "sendmessage" && c.body["chat_id"].as_i64() == Some(CHANNEL))
        .count();
    assert_eq!(
        in_channel, 1,
        "nothing about buyers is posted in the channel"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_live_posts_never_edit_one_group_more_than_once_in_three_seconds() {
    const GROUPS: i64 = 10;
    const PER_GROUP: usize = 5;
    let fake = fake_bot::start().await;
    let (db, _dir) = fresh_sqlite_url();
    let store = merchants(&db).await;
    let sale = sale_starting_in(&db, -5, 100).await;
    // Fifty posts already out (five in each of ten groups), each showing something stale.
    let sender = fake.bot();
    let mut posts = Vec::new();
    for g in 0..GROUPS {
        let chat = -100_500 - g;
        fake.add_chat(chat, &format!("Group {g}"), None, false);
        fake.set_member(chat, FakeBotApi::BOT_ID, FakeStanding::Member);
        for _ in 0..PER_GROUP {
            let sent = sender
                .send_message(teloxide::types::ChatId(chat), "an old post")
                .await
                .expect("the fake stores the post");
            let post = NewPost {
                sale,
                chat_id: chat,
                message_id: i64::from(sent.id.0),
                locale: "en".into(),
                posted_by: crate::support::user(MERCHANT),
                shown: String::new(),
                next_edit_at: Some(chrono::Utc::now()),
            };
            store
                .add_post(&post, chrono::Utc::now())
                .await
                .expect("post");
            posts.push((chat, i64::from(sent.id.0)));
        }
    }
    let running = bot::start(&fake, &db, false, &[]);

    // Every post comes up to date, each group at its own pace.
    let all_live = fake
        .wait_until(Duration::from_secs(90), |_| {
            posts.iter().all(|(chat, id)| {
                fake.message(*chat, *id)
                    .is_some_and(|m| m["text"].as_str().unwrap_or_default().contains("live now"))
            })
        })
        .await;
    assert!(all_live.is_some(), "every post is brought up to date");
    running.stop().await;

    let edits = fake.calls_of("editmessagetext");
    for g in 0..GROUPS {
        let chat = -100_500 - g;
        let at: Vec<std::time::Instant> = edits
            .iter()
            .filter(|c| c.body["chat_id"].as_i64() == Some(chat))
            .map(|c| c.at)
            .collect();
        assert!(at.len() >= PER_GROUP, "group {chat}: {} edits", at.len());
        for pair in at.windows(2) {
            let gap = pair[1] - pair[0];
            assert!(
                gap >= Duration::from_millis(2_900),
                "group {chat} was edited twice within {gap:?}"
            );
        }
        for window in at.windows(21) {
            assert!(
                window[20] - window[0] >= Duration::from_secs(60),
                "over 20 a minute"
            );
        }
    }
}
