//! A stampede of presses from users the bot has never met: each is answered at once in its
//! button's language, and every one of them is recorded afterwards, in batches, with that
//! language (no press waits for the write, and none is lost when more users arrive than one
//! statement takes).

use chrono::Duration;
use flashsale::app::{Action, ChatId, Content, Inbound, Press};
use flashsale::clock::Clock;
use flashsale::domain::RequestId;
use flashsale::i18n::Locale;
use flashsale::store::Store;

use crate::support::admin::uid;
use crate::support::conv::bot;

/// More than two statements' worth of users ([`flashsale::store::MEET_AT_MOST`] each).
const NEW_USERS: i64 = 450;

#[tokio::test]
async fn new_users_pressing_at_once_are_answered_then_all_recorded() {
    let bot = bot().await;
    press_as_new_users(&bot, 70_000).await;
    // Recorded in the background: within a few batches' time, each with the language the
    // button was in (notices sent to them later, unasked, use it).
    let mut unrecorded = Vec::new();
    for _ in 0..100 {
        unrecorded = unrecorded_of(&bot.store, 70_000).await;
        if unrecorded.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(unrecorded.is_empty(), "not recorded: {unrecorded:?}");
}

#[tokio::test]
async fn a_clean_stop_right_after_the_presses_still_records_every_new_user() {
    let bot = bot().await;
    press_as_new_users(&bot, 80_000).await;
    let url = bot.database_url();
    // Straight away: the batches are still gathering (or being written).
    bot.wired.close().await.expect("a clean stop");
    let store = Store::open(&url, 1).await.expect("the store reopens");
    assert_eq!(unrecorded_of(&store, 80_000).await, Vec::<i64>::new());
    store.close().await;
}

/// [`NEW_USERS`] users from `first + 1` on press Buy at once on a new sale, on a button
/// written in Chinese; each is told at once that they won, in Chinese.
async fn press_as_new_users(bot: &crate::support::conv::Bot, first: i64) {
    let sale = bot
        .sale(
            "Lego",
            &["lego"],
            1_000,
            1,
            Duration::seconds(-2),
            Duration::hours(1),
        )
        .await;
    let presses = (1..=NEW_USERS).map(|u| {
        let buyer = uid(first + u);
        bot.wired.assistant.handle_press(
            Inbound {
                chat: ChatId(buyer.get()),
                user: buyer,
                language_code: Some("en".into()),
                content: Content::Press(Action::Buy(sale, 1)),
                request: RequestId::parse(&format!("cb-stampede-{first}-{u}")).expect("id"),
            },
            Press {
                minted_at: bot.clock.now(),
                token: Some(format!("tok-stampede-{first}-{u}")),
                on_card: false,
                source: None,
                shown_in: Some(Locale::ZhCn),
            },
        )
    });
    for pressed in futures::future::join_all(presses).await {
        let said = crate::support::fair::text(&pressed.replies);
        assert!(said.contains("抢到了"), "{said}");
    }
}

/// The users of [`press_as_new_users`] not (yet) recorded with the button's language.
async fn unrecorded_of(store: &Store, first: i64) -> Vec<i64> {
    let mut unrecorded = Vec::new();
    for u in 1..=NEW_USERS {
        let language = store
            .language_to_write_in(uid(first + u))
            .await
            .expect("read");
        if language.as_deref() != Some("zh-CN") {
            unrecorded.push(u);
        }
    }
    unrecorded
}
