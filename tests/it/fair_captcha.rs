//! Captcha for sales that ask for one, in the conversation (the terminal chat and Telegram
//! share it): verify during the countdown and buy at the start; a first buy without it gets
//! the challenge and buys nothing; wrong answers get a fresh challenge, then a wait;
//! someone else's challenge cannot be answered. Solves are stored on both backends.

use chrono::Duration;
use flashsale::app::{Action, Content};
use flashsale::store::Store;

use crate::support::conv::{alice, bot};
use crate::support::db::on_both_stores;
use crate::support::fair::{answers, buy_as, captcha_sale, press_as, text};
use crate::support::{draft, t0, user};

#[tokio::test]
async fn a_captcha_solved_during_the_countdown_lets_the_first_buy_through_at_the_start() {
    let bot = bot().await;
    let sale = captcha_sale(&bot, 10, 2, Duration::minutes(10)).await;
    let card = press_as(&bot, alice(), &Action::Info(sale).payload()).await;
    let labels: Vec<&str> = card[0].buttons.iter().map(|b| b.label.as_str()).collect();
    assert!(
        labels.iter().any(|l| l.contains("Verify now")),
        "{labels:?}"
    );
    assert!(
        !labels.iter().any(|l| l.contains("Buy")),
        "no Buy before the start: {labels:?}"
    );

    let challenge = press_as(&bot, alice(), &Action::Verify(sale).payload()).await;
    assert!(
        text(&challenge).contains("quick check once"),
        "{challenge:?}"
    );
    let (right, _) = answers(&challenge);
    let solved = text(&press_as(&bot, alice(), &right).await);
    assert!(solved.contains("Verified for Switch OLED"), "{solved}");
    assert!(solved.contains("starts in"), "{solved}");
    assert_eq!(
        bot.store.captcha_solvers(sale).await.unwrap(),
        vec![alice()]
    );

    bot.clock.advance(Duration::minutes(10));
    let bought = text(&buy_as(&bot, alice(), sale, 1).await);
    assert!(bought.contains("You got it"), "{bought}");
    assert_eq!(bot.store.orders_for_sale(sale).await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_first_buy_without_the_captcha_gets_the_challenge_and_buys_nothing_until_solved() {
    let bot = bot().await;
    let sale = captcha_sale(&bot, 10, 2, Duration::minutes(-1)).await;
    // Typing "buy" is held like a button.
    let typed = bot.says("buy a switch").await;
    assert!(typed.contains("quick check"), "{typed}");
    let held = buy_as(&bot, alice(), sale, 2).await;
    assert!(text(&held).contains("Nothing was bought yet"), "{held:?}");
    assert!(bot.store.orders_for_sale(sale).await.unwrap().is_empty());

    let (right, _) = answers(&held);
    let solved = press_as(&bot, alice(), &right).await;
    assert!(text(&solved).contains("Buy now"), "{solved:?}");
    let buy_again = solved[0]
        .buttons
        .iter()
        .find(|b| b.label.contains("Buy 2"))
        .expect("the units asked for are offered back");
    let bought = text(&press_as(&bot, alice(), &buy_again.payload).await);
    assert!(bought.contains("You got it: 2"), "{bought}");
    // Solved stays solved: the next buy goes straight to the gate.
    let again = text(&buy_as(&bot, alice(), sale, 1).await);
    assert!(again.contains("limit"), "{again}");
}

#[tokio::test]
async fn wrong_answers_get_a_fresh_challenge_then_a_wait_in_seconds() {
    let bot = bot().await;
    let sale = captcha_sale(&bot, 10, 1, Duration::minutes(-1)).await;
    let mut replies = buy_as(&bot, alice(), sale, 1).await;
    for _ in 0..2 {
        let (_, wrong) = answers(&replies);
        replies = press_as(&bot, alice(), &wrong).await;
        assert!(text(&replies).contains("Here's a new one"), "{replies:?}");
    }
    let (right_but_late, wrong) = answers(&replies);
    let locked = press_as(&bot, alice(), &wrong).await;
    assert!(text(&locked).contains("Please wait"), "{locked:?}");
    assert!(locked[0].buttons.is_empty());
    let still = text(&press_as(&bot, alice(), &right_but_late).await);
    assert!(still.contains("Too many wrong answers"), "{still}");
    let buy = text(&buy_as(&bot, alice(), sale, 1).await);
    assert!(buy.contains("Too many wrong answers"), "{buy}");

    bot.clock.advance(Duration::seconds(61));
    let fresh = buy_as(&bot, alice(), sale, 1).await;
    let (right, _) = answers(&fresh);
    assert!(text(&press_as(&bot, alice(), &right).await).contains("Verified"));
    assert!(text(&buy_as(&bot, alice(), sale, 1).await).contains("You got it"));
}

#[tokio::test]
async fn someone_elses_challenge_cannot_be_answered_and_theirs_still_works() {
    let bot = bot().await;
    let sale = captcha_sale(&bot, 10, 1, Duration::minutes(-1)).await;
    let bob = user(777);
    let alices = buy_as(&bot, alice(), sale, 1).await;
    let (right, _) = answers(&alices);
    let refused = bot
        .send(bob, Some("en"), Content::Button(right.clone()))
        .await;
    assert!(
        text(&refused).contains("belongs to someone else"),
        "{refused:?}"
    );
    assert!(text(&press_as(&bot, alice(), &right).await).contains("Verified"));
    // Bob is not verified by pressing Alice's answer.
    let bobs = bot
        .send(
            bob,
            Some("en"),
            Content::Button(Action::Buy(sale, 1).payload()),
        )
        .await;
    assert!(text(&bobs).contains("Nothing was bought yet"), "{bobs:?}");
}

async fn captcha_solves_are_stored_once_per_sale_and_user(store: Store) {
    let sale = store.create_sale(&draft(5, 1), t0()).await.unwrap().id;
    let other = store.create_sale(&draft(5, 1), t0()).await.unwrap().id;
    for u in [3, 4, 3] {
        store
            .record_captcha_solved(sale, user(u), t0())
            .await
            .expect("recorded");
    }
    let mut solvers = store.captcha_solvers(sale).await.unwrap();
    solvers.sort_by_key(|u| u.get());
    assert_eq!(solvers, vec![user(3), user(4)]);
    assert!(store.captcha_solvers(other).await.unwrap().is_empty());
}

on_both_stores!("captcha": captcha_solves_are_stored_once_per_sale_and_user);
