//! `MINI_APP_URL` on Telegram: with it, `serve` sets the chat menu button to open the Mini
//! App and a sale card in a private chat carries an Open button to it; without it, neither.

use std::time::Duration;

use flashsale::domain::{Currency, Money, SaleId};
use flashsale::sandbox::{Call, FakeBotApi};
use flashsale::store::Store;

use crate::support::bot;
use crate::support::db::fresh_sqlite_url;
use crate::support::fake_bot::{self, markup_buttons};
use crate::support::real_time_sale;

const MINI_APP: &str = "https://shop.example.com/app/";

async fn one_sale(db: &str) -> SaleId {
    let store = Store::open(db, 2).await.expect("store");
    let price = Money::from_minor(19_900, Currency::Cny).expect("price");
    let live = chrono::Duration::seconds(-5);
    let sale = real_time_sale(&store, "Mini Mixer", price, 5, 1, live).await;
    store.close().await;
    sale
}

/// The card of `sale` sent to `user` after `/start sale_<id>`.
async fn card_for(fake: &FakeBotApi, user: i64, sale: SaleId) -> Call {
    fake.text_from(user, "en", &format!("/start sale_{sale}"));
    fake.wait_until(Duration::from_secs(15), |c: &Call| {
        c.method == "sendmessage"
            && c.body["chat_id"].as_i64() == Some(user)
            && c.body["text"]
                .as_str()
                .is_some_and(|t| t.contains("Mini Mixer"))
    })
    .await
    .expect("the card")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_mini_app_url_the_menu_button_and_sale_cards_open_the_mini_app() {
    let fake = fake_bot::start().await;
    let (db, _dir) = fresh_sqlite_url();
    let sale = one_sale(&db).await;
    let running = bot::start(&fake, &db, false, &[("MINI_APP_URL", MINI_APP)]);
    let menu = fake
        .wait_until(Duration::from_secs(15), |c: &Call| {
            c.method == "setchatmenubutton"
        })
        .await
        .expect("setChatMenuButton is called");
    assert_eq!(menu.body["menu_button"]["type"], "web_app", "{}", menu.body);
    assert_eq!(menu.body["menu_button"]["web_app"]["url"], MINI_APP);

    let card = card_for(&fake, 4101, sale).await;
    let open = markup_buttons(&card.body["reply_markup"])
        .into_iter()
        .find(|b| !b["web_app"].is_null())
        .expect("an Open button");
    // The card's Open goes straight to its sale's page.
    assert_eq!(
        open["web_app"]["url"],
        format!("{MINI_APP}?sale={sale}"),
        "{open}"
    );
    assert!(
        open["text"].as_str().is_some_and(|t| t.contains("Open")),
        "{open}"
    );
    running.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_mini_app_url_nothing_changes() {
    let fake = fake_bot::start().await;
    let (db, _dir) = fresh_sqlite_url();
    let sale = one_sale(&db).await;
    let running = bot::start(&fake, &db, false, &[]);
    let card = card_for(&fake, 4102, sale).await;
    assert!(
        markup_buttons(&card.body["reply_markup"])
            .iter()
            .all(|b| b["web_app"].is_null()),
        "{}",
        card.body
    );
    assert_eq!(fake.count_of("setchatmenubutton"), 0);
    running.stop().await;
}
