//! Linking channels and groups over real HTTP: `/channel add` checks with `getChatMember`
//! that the bot may post and that the merchant administers the chat; the bot being made an
//! administrator (`my_chat_member`) links the chat for a merchant, and being removed unlinks
//! it; every change is audited and admins see every link.

use chrono::Utc;
use flashsale::sandbox::{FakeBotApi, FakeStanding};
use flashsale::store::{Role, Store};

use crate::support::db::fresh_sqlite_url;
use crate::support::fake_bot::{self, FakeBotExt};
use crate::support::{bot, user};
use crate::telegram_payments::{text_of, to_chat};

/// A public channel and a group without a public name.
pub const CHANNEL: i64 = -100_111;
pub const GROUP: i64 = -100_222;
/// Merchants (1 owns the test sales) and the configured admin.
pub const MERCHANT: i64 = 1;
pub const OTHER_MERCHANT: i64 = 2;
pub const ADMIN: i64 = 900;

/// Makes users 1 and 2 merchants in the database `db`.
pub async fn merchants(db: &str) -> Store {
    let store = Store::open(db, 2).await.expect("store");
    for m in [MERCHANT, OTHER_MERCHANT] {
        store
            .put_role(user(m), Role::Merchant, Utc::now())
            .await
            .expect("merchant");
    }
    store
}

/// Waits until `chat` has been sent `n` messages containing `needle`; returns the last.
pub async fn nth_reply(fake: &FakeBotApi, chat: i64, needle: &str, n: usize) -> String {
    let what = format!("reply {n} to {chat} with {needle:?}");
    let found = fake
        .wait_until(std::time::Duration::from_secs(10), |_| {
            fake.calls()
                .iter()
                .filter(|c| to_chat(chat, "sendmessage")(c) && text_of(c).contains(needle))
                .count()
                >= n
        })
        .await;
    assert!(found.is_some(), "timed out waiting for {what}");
    fake.calls()
        .iter()
        .rfind(|c| to_chat(chat, "sendmessage")(c) && text_of(c).contains(needle))
        .map(text_of)
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_channel_is_linked_only_when_the_bot_may_post_and_the_merchant_runs_it() {
    let fake = fake_bot::start().await;
    let (db, _dir) = fresh_sqlite_url();
    let store = merchants(&db).await;
    fake.add_chat(CHANNEL, "Gadget Deals", Some("gadget_deals"), true);
    let running = bot::start(&fake, &db, false, &[("ADMIN_IDS", "900")]);

    // The bot is not in the channel, then an administrator who may not post: refused twice.
    fake.text_from(MERCHANT, "en", "/channel add @gadget_deals");
    nth_reply(&fake, MERCHANT, "Make me an administrator", 1).await;
    fake.set_member(
        CHANNEL,
        FakeBotApi::BOT_ID,
        FakeStanding::Admin { can_post: false },
    );
    fake.text_from(MERCHANT, "en", "/channel add @gadget_deals");
    nth_reply(&fake, MERCHANT, "Make me an administrator", 2).await;

    // The bot may post now, but the merchant is a plain subscriber: refused.
    fake.set_member(
        CHANNEL,
        FakeBotApi::BOT_ID,
        FakeStanding::Admin { can_post: true },
    );
    fake.set_member(CHANNEL, MERCHANT, FakeStanding::Member);
    fake.text_from(MERCHANT, "en", "/channel add @gadget_deals");
    nth_reply(
        &fake,
        MERCHANT,
        "You are not an administrator of Gadget Deals",
        1,
    )
    .await;
    assert_eq!(store.linked_chat(CHANNEL).await.expect("read"), None);

    // An administrator of the channel links it; the bot asked Telegram about both.
    fake.set_member(CHANNEL, MERCHANT, FakeStanding::Admin { can_post: true });
    fake.text_from(MERCHANT, "en", "/channel add @gadget_deals");
    let linked = nth_reply(&fake, MERCHANT, "Linked the channel", 1).await;
    assert!(linked.contains("Gadget Deals (@gadget_deals)"), "{linked}");
    assert!(linked.contains("/post <sale> @gadget_deals"), "{linked}");
    let asked: Vec<i64> = fake
        .calls_of("getchatmember")
        .iter()
        .filter_map(|c| c.body["user_id"].as_i64())
        .collect();
    assert!(
        asked.contains(&FakeBotApi::BOT_ID) && asked.contains(&MERCHANT),
        "{asked:?}"
    );
    let link = store
        .linked_chat(CHANNEL)
        .await
        .expect("read")
        .expect("linked");
    assert_eq!(
        (link.owner, link.channel, link.locale.as_str()),
        (user(MERCHANT), true, "en")
    );

    // Another merchant, also an administrator, can neither take it over nor remove it.
    fake.set_member(CHANNEL, OTHER_MERCHANT, FakeStanding::Creator);
    fake.text_from(OTHER_MERCHANT, "en", "/channel add @gadget_deals");
    nth_reply(
        &fake,
        OTHER_MERCHANT,
        "already linked by another merchant",
        1,
    )
    .await;
    fake.text_from(OTHER_MERCHANT, "en", "/channel remove @gadget_deals");
    nth_reply(
        &fake,
        OTHER_MERCHANT,
        "you can change only your own links",
        1,
    )
    .await;
    fake.text_from(OTHER_MERCHANT, "en", "/channel list");
    nth_reply(
        &fake,
        OTHER_MERCHANT,
        "No channels or groups are linked yet",
        1,
    )
    .await;

    // The owner sees their link; an admin sees every link with its owner; customers nothing.
    fake.text_from(MERCHANT, "en", "/channel list");
    let mine = nth_reply(&fake, MERCHANT, "1 linked chat", 1).await;
    assert!(
        mine.contains("Gadget Deals") && mine.contains("channel"),
        "{mine}"
    );
    fake.text_from(ADMIN, "en", "/channel list");
    let all = nth_reply(&fake, ADMIN, "linked by user 1", 1).await;
    assert!(all.contains("Gadget Deals"), "{all}");
    fake.text_from(55, "en", "/channel list");
    fake.wait_for("the customer's refusal", |c| {
        to_chat(55, "sendmessage")(c) && text_of(c).contains("for merchants")
    })
    .await;

    // The owner sets the language, then removes the link; every change is in the audit log.
    fake.text_from(MERCHANT, "en", "/channel lang @gadget_deals zh");
    nth_reply(&fake, MERCHANT, "are now in zh-CN", 1).await;
    fake.text_from(MERCHANT, "en", "/channel remove @gadget_deals");
    nth_reply(&fake, MERCHANT, "Removed Gadget Deals", 1).await;
    assert_eq!(store.linked_chat(CHANNEL).await.expect("read"), None);
    fake.text_from(ADMIN, "en", "/audit");
    let log = nth_reply(&fake, ADMIN, "unlinked chat -100111", 1).await;
    assert!(log.contains("user 1 linked chat -100111"), "{log}");
    assert!(
        log.contains("set the language of chat -100111 to zh-CN"),
        "{log}"
    );
    running.stop().await;
    let audit = store.recent_audit(10).await.expect("audit");
    let actions: Vec<(&str, i64, &str)> = audit
        .iter()
        .map(|e| (e.action.as_str(), e.actor.get(), e.subject.as_str()))
        .collect();
    let subject = format!("chat:{CHANNEL}");
    for action in ["link-chat", "chat-lang", "unlink-chat"] {
        assert!(
            actions.contains(&(action, MERCHANT, subject.as_str())),
            "{action}: {actions:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn making_the_bot_an_administrator_links_the_chat_and_removing_it_unlinks_it() {
    let fake = fake_bot::start().await;
    let (db, _dir) = fresh_sqlite_url();
    let store = merchants(&db).await;
    fake.add_chat(GROUP, "Sneaker Club", None, false);
    fake.set_member(GROUP, MERCHANT, FakeStanding::Creator);
    fake.set_member(GROUP, 55, FakeStanding::Admin { can_post: false });
    // Posts in chats that set no language are in DEFAULT_LANG.
    let running = bot::start(&fake, &db, false, &[("DEFAULT_LANG", "zh")]);

    // A customer who administers the group adds the bot first: nothing is linked for them.
    // Then the merchant who created it makes the bot an administrator: linked for the merchant
    // (one chat's updates are handled in order, so the first was handled before).
    fake.bot_standing_set_by(GROUP, 55, FakeStanding::Member);
    fake.bot_standing_set_by(GROUP, MERCHANT, FakeStanding::Admin { can_post: false });
    let linked = nth_reply(&fake, MERCHANT, "Linked the group", 1).await;
    assert!(
        linked.contains(&format!("Sneaker Club ({GROUP})")),
        "{linked}"
    );
    let link = store
        .linked_chat(GROUP)
        .await
        .expect("read")
        .expect("linked");
    assert_eq!(
        (link.owner, link.channel, link.locale.as_str()),
        (user(MERCHANT), false, "zh-CN")
    );
    assert!(
        fake.calls().iter().all(|c| !to_chat(55, "sendmessage")(c)),
        "the customer is told nothing"
    );

    // Someone removes the bot: the link goes, and its owner hears about it in private.
    fake.bot_standing_set_by(GROUP, 55, FakeStanding::Left);
    let gone = nth_reply(&fake, MERCHANT, "I was removed from Sneaker Club", 1).await;
    assert!(gone.contains("no live posts"), "{gone}");
    assert_eq!(store.linked_chat(GROUP).await.expect("read"), None);
    running.stop().await;
    let audit = store.recent_audit(10).await.expect("audit");
    let link_entry = audit
        .iter()
        .find(|e| e.action == "link-chat")
        .expect("the link is audited");
    assert_eq!(link_entry.actor, user(MERCHANT));
    assert!(
        link_entry
            .after
            .as_deref()
            .unwrap_or_default()
            .contains("bot-added"),
        "{link_entry:?}"
    );
    let unlink = audit
        .iter()
        .find(|e| e.action == "unlink-chat")
        .expect("the unlink is audited");
    assert_eq!(unlink.actor, user(55), "the one who removed the bot did it");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_merchant_forwarding_a_channel_post_links_it_and_a_customers_forward_is_just_a_message() {
    let fake = fake_bot::start().await;
    let (db, _dir) = fresh_sqlite_url();
    let store = merchants(&db).await;
    fake.add_chat(CHANNEL, "Gadget Deals", Some("gadget_deals"), true);
    fake.set_member(
        CHANNEL,
        FakeBotApi::BOT_ID,
        FakeStanding::Admin { can_post: true },
    );
    fake.set_member(CHANNEL, MERCHANT, FakeStanding::Member);
    fake.set_member(CHANNEL, 55, FakeStanding::Creator);
    let running = bot::start(&fake, &db, false, &[]);

    // A customer (even the channel's creator) forwarding a post just talks to the bot.
    fake.forward_from_channel(55, CHANNEL, 9);
    let answer = fake
        .wait_for("the customer's answer", to_chat(55, "sendmessage"))
        .await;
    assert!(!text_of(&answer).contains("Linked"), "{}", text_of(&answer));

    // A merchant who only subscribes is refused; once an administrator, the forward links.
    fake.forward_from_channel(MERCHANT, CHANNEL, 9);
    nth_reply(
        &fake,
        MERCHANT,
        "You are not an administrator of Gadget Deals",
        1,
    )
    .await;
    fake.set_member(CHANNEL, MERCHANT, FakeStanding::Admin { can_post: false });
    fake.forward_from_channel(MERCHANT, CHANNEL, 9);
    let linked = nth_reply(&fake, MERCHANT, "Linked the channel", 1).await;
    assert!(linked.contains("Gadget Deals (@gadget_deals)"), "{linked}");
    running.stop().await;
    let link = store
        .linked_chat(CHANNEL)
        .await
        .expect("read")
        .expect("linked");
    assert_eq!(link.owner, user(MERCHANT));
    let audit = store.recent_audit(5).await.expect("audit");
    assert!(
        audit.iter().any(|e| e.action == "link-chat"
            && e.after.as_deref().unwrap_or_default().contains("forwarded")),
        "{audit:?}"
    );
}
