//! The signed buy window and the captcha over real HTTP against the fake Bot API: a Buy
//! button minted before the start, a replayed one, a forged one and an oversized one are
//! refused politely and counted by reason; a fresh button still buys within the limit; the
//! captcha's answer buttons are signed per user.

use std::time::Duration;

use chrono::Utc;
use flashsale::app::Action;
use flashsale::domain::{
    Currency, Money, PerUserLimit, SaleDraft, SaleId, SaleWindow, Stock, Title,
};
use flashsale::store::Store;
use flashsale::telegram::callback::{BUTTON_LIFETIME_SECS, ButtonSigner};
use serde_json::Value;

use crate::support::bot::{self, BUTTON_SECRET};
use crate::support::db::fresh_sqlite_url;
use crate::support::fake_bot::{self, Call, FakeBotApi, FakeBotExt};
use crate::support::user;

/// How many button presses were refused for `reason` so far in this process.
pub(crate) fn refusals(reason: &str) -> u64 {
    flashsale::metrics::counter(&format!(
        "flashsale_button_refusals_total{{reason=\"{reason}\"}}"
    ))
}

pub(crate) fn signer() -> ButtonSigner {
    ButtonSigner::new(BUTTON_SECRET.as_bytes())
}

pub(crate) async fn live_sale(db: &str, stock: i64, limit: i64, captcha: bool) -> (SaleId, i64) {
    let store = Store::open(db, 2).await.expect("store");
    let now = Utc::now();
    let start = now - chrono::Duration::seconds(30);
    let draft = SaleDraft::new(
        Title::parse("Pixel Buds").unwrap(),
        vec!["buds".into()],
        Money::from_minor(9_900, Currency::Cny).unwrap(),
        Stock::parse(stock).unwrap(),
        PerUserLimit::parse(limit).unwrap(),
        SaleWindow::new(start, start + chrono::Duration::hours(1)).unwrap(),
        user(1),
    )
    .unwrap()
    .with_captcha(captcha);
    let id = store.create_sale(&draft, now).await.expect("sale").id;
    store.close().await;
    (id, start.timestamp())
}

pub(crate) async fn toast(fake: &FakeBotApi, query: &str) -> String {
    let c = fake
        .wait_for(query, |c| {
            c.method == "answercallbackquery" && c.body["callback_query_id"] == query
        })
        .await;
    c.body["text"].as_str().unwrap_or_default().to_owned()
}

fn buttons(c: &Call) -> Vec<(String, String)> {
    c.body["reply_markup"]["inline_keyboard"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|row| row.as_array().cloned().unwrap_or_default())
        .map(|b: Value| {
            (
                b["text"].as_str().unwrap_or_default().to_owned(),
                b["callback_data"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn early_replayed_forged_and_oversized_buy_buttons_are_refused_and_counted() {
    let fake = fake_bot::start().await;
    let (db, _dir) = fresh_sqlite_url();
    let (sale, start) = live_sale(&db, 10, 2, false).await;
    // Every press of a Buy button counts against the user's buy pace, refused or not: room
    // for this test's six.
    let running = bot::start(&fake, &db, false, &[("LIMIT_BUY_BURST", "10")]);
    let before: Vec<u64> = ["early", "replayed", "forged", "oversized"]
        .iter()
        .map(|r| refusals(r))
        .collect();
    let buy = Action::Buy(sale, 1).payload();

    // Minted a minute before the start (a forged early token): refused though the sale is live.
    let early = signer()
        .sign(user(41), &buy, start - 60 + BUTTON_LIFETIME_SECS)
        .expect("fits");
    fake.press(41, "early-1", &early);
    assert!(toast(&fake, "early-1").await.contains("made before"));

    let fresh = signer()
        .sign_fresh(user(41), &buy, Utc::now().timestamp())
        .expect("fits");
    fake.press(41, "won-1", &fresh);
    assert!(toast(&fake, "won-1").await.contains("You got it"));
    fake.press(41, "again-1", &fresh);
    let replayed = toast(&fake, "again-1").await;
    assert!(
        replayed.contains("already used: it bought order"),
        "{replayed}"
    );
    // A second legitimate buy within the limit, on a freshly minted button, goes through.
    let second = signer()
        .sign_fresh(user(41), &buy, Utc::now().timestamp())
        .expect("fits");
    fake.press(41, "won-2", &second);
    assert!(toast(&fake, "won-2").await.contains("You got it"));

    let bobs = signer()
        .sign_fresh(user(99), &buy, Utc::now().timestamp())
        .expect("fits");
    fake.press(41, "forged-1", &bobs);
    assert!(toast(&fake, "forged-1").await.contains("not valid"));
    fake.press(41, "big-1", &"x".repeat(70));
    assert!(toast(&fake, "big-1").await.contains("not valid"));
    running.stop().await;

    let after: Vec<u64> = ["early", "replayed", "forged", "oversized"]
        .iter()
        .map(|r| refusals(r))
        .collect();
    for (i, reason) in ["early", "replayed", "forged", "oversized"]
        .iter()
        .enumerate()
    {
        assert!(
            after[i] > before[i],
            "{reason} counted: {before:?} -> {after:?}"
        );
    }
    let answers = fake.calls_of("answercallbackquery");
    for q in ["early-1", "won-1", "again-1", "won-2", "forged-1", "big-1"] {
        let n = answers
            .iter()
            .filter(|c| c.body["callback_query_id"] == q)
            .count();
        assert_eq!(n, 1, "{q} answered once");
    }
    let store = Store::open(&db, 1).await.expect("store");
    let orders = store.orders_for_sale(sale).await.expect("orders");
    assert_eq!(orders.len(), 2, "only the two fresh buttons bought");
    store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_captcha_works_over_telegram_with_answer_buttons_signed_per_user() {
    let fake = fake_bot::start().await;
    let (db, _dir) = fresh_sqlite_url();
    let (sale, _) = live_sale(&db, 10, 1, true).await;
    let running = bot::start(&fake, &db, false, &[]);
    let buy = signer()
        .sign_fresh(
            user(51),
            &Action::Buy(sale, 1).payload(),
            Utc::now().timestamp(),
        )
        .expect("fits");
    fake.press(51, "c-1", &buy);
    let challenge = fake
        .wait_for("the challenge", |c| {
            c.method == "sendmessage"
                && c.body["chat_id"] == 51
                && c.body["text"]
                    .as_str()
                    .unwrap_or_default()
                    .contains("What is")
        })
        .await;
    let text = challenge.body["text"].as_str().unwrap_or_default();
    let sum = crate::support::fair::sum_asked(text).expect("a sum");
    let options = buttons(&challenge);
    assert_eq!(options.len(), 4, "{options:?}");
    let right = options
        .iter()
        .find(|(label, _)| *label == sum.to_string())
        .expect("the right answer is offered")
        .1
        .clone();
    // Another user pressing it: the signature is not theirs.
    fake.press(52, "c-2", &right);
    assert!(toast(&fake, "c-2").await.contains("not valid"));
    fake.press(51, "c-3", &right);
    assert!(toast(&fake, "c-3").await.contains("Verified"));
    let verified = fake
        .wait_for("the buy-now button", |c| {
            c.method == "sendmessage"
                && c.body["chat_id"] == 51
                && c.body["text"]
                    .as_str()
                    .unwrap_or_default()
                    .contains("Buy now")
        })
        .await;
    let (_, buy_now) = buttons(&verified)
        .into_iter()
        .find(|(label, _)| label.contains("Buy 1"))
        .expect("buy again");
    fake.press(51, "c-4", &buy_now);
    assert!(toast(&fake, "c-4").await.contains("You got it"));
    fake.wait_until(Duration::from_secs(5), |c| {
        c.method == "sendmessage"
            && c.body["text"]
                .as_str()
                .unwrap_or_default()
                .contains("order #")
    })
    .await;
    running.stop().await;
    let store = Store::open(&db, 1).await.expect("store");
    assert_eq!(store.orders_for_sale(sale).await.expect("orders").len(), 1);
    assert_eq!(
        store.captcha_solvers(sale).await.expect("solvers"),
        vec![user(51)]
    );
    store.close().await;
}
