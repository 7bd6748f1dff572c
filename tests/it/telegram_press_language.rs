//! A press is answered at once in the language of the message its button was under: the
//! bot's buttons carry that language under their signature, a presser this process has not
//! met lately is recorded in the background, and a choice the process already knows wins.

use std::time::Duration;

use chrono::Utc;
use flashsale::app::Action;
use flashsale::domain::SaleId;
use flashsale::store::Store;

use crate::fair_telegram::{live_sale, signer, toast};
use crate::support::bot;
use crate::support::db::fresh_sqlite_url;
use crate::support::fake_bot::{self, FakeBotExt, sent_to};
use crate::support::user;

/// A Buy button for `buyer`, minted under a message written in `lang`.
fn buy_in(sale: SaleId, buyer: i64, lang: &str) -> String {
    signer()
        .sign_fresh_in(
            user(buyer),
            &Action::Buy(sale, 1).payload(),
            Utc::now().timestamp(),
            Some(lang),
        )
        .expect("fits")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_press_is_answered_in_its_buttons_language_and_the_presser_is_recorded_meanwhile() {
    let fake = fake_bot::start().await;
    let (db, _dir) = fresh_sqlite_url();
    let (sale, _) = live_sale(&db, 10, 3, false).await;
    let running = bot::start(&fake, &db, false, &[]);

    // The fake's presser has an English Telegram app; the card was written in Chinese.
    fake.press(51, "zh-1", &buy_in(sale, 51, "zh"));
    let won = toast(&fake, "zh-1").await;
    assert!(won.contains("抢到了"), "{won}");

    // Recorded after the answer, with the language they were answered in.
    let store = Store::open(&db, 1).await.expect("store");
    let mut seen = None;
    for _ in 0..100 {
        seen = store.language_to_write_in(user(51)).await.expect("read");
        if seen.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    store.close().await;
    running.stop().await;
    assert_eq!(seen.as_deref(), Some("zh-CN"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_choice_the_bot_knows_wins_over_the_buttons_language() {
    let fake = fake_bot::start().await;
    let (db, _dir) = fresh_sqlite_url();
    let (sale, _) = live_sale(&db, 10, 3, false).await;
    let running = bot::start(&fake, &db, false, &[]);

    fake.text_from(52, "zh-hans", "/lang en");
    fake.wait_for("the /lang answer", |c| {
        sent_to(52)(c) && c.body["text"].as_str() == Some("OK, I'll speak English.")
    })
    .await;
    fake.press(52, "en-1", &buy_in(sale, 52, "zh"));
    let won = toast(&fake, "en-1").await;
    running.stop().await;
    assert!(won.contains("You got it"), "{won}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_bots_buttons_carry_the_language_of_their_message() {
    let fake = fake_bot::start().await;
    let (db, _dir) = fresh_sqlite_url();
    live_sale(&db, 10, 3, false).await;
    let running = bot::start(&fake, &db, false, &[]);

    for (chat, lang, tag) in [(53, "zh-hans", "zh"), (54, "en", "en")] {
        fake.text_from(chat, lang, "/sales");
        let card = fake
            .wait_for("a card with buttons", |c| {
                sent_to(chat)(c) && c.body["reply_markup"]["inline_keyboard"].is_array()
            })
            .await;
        let signed: Vec<String> = card.body["reply_markup"]["inline_keyboard"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|row| row.as_array().cloned().unwrap_or_default())
            .filter_map(|b| b["callback_data"].as_str().map(str::to_owned))
            .collect();
        assert!(!signed.is_empty(), "{:?}", card.body);
        for data in &signed {
            let opened = signer()
                .open(user(chat), data, Utc::now().timestamp())
                .expect("the bot's own button opens");
            assert_eq!(opened.lang, Some(tag), "{data}");
        }
    }
    running.stop().await;
}
