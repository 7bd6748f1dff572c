//! The waitlist on Telegram: sold out → join → a cancelled order's unit is offered to the
//! waiting customer through the outbox with a Claim button → they claim it and win.

use chrono::Utc;
use flashsale::domain::{
    Currency, Money, OfferState, OrderState, PerUserLimit, SaleDraft, SaleId, SaleWindow, Stock,
    Title, UserId,
};
use flashsale::store::Store;

use crate::support::bot;
use crate::support::db::fresh_sqlite_url;
use crate::support::fake_bot::{self, FakeBotExt};
use crate::telegram_countdown::{buttons, card_message, edit_of};
use crate::telegram_payments::{signed, text_of, to_chat};

async fn one_unit_sale(db: &str) -> SaleId {
    let store = Store::open(db, 2).await.expect("store");
    let start = Utc::now() - chrono::Duration::minutes(1);
    let draft = SaleDraft::new(
        Title::parse("Last Lamp").expect("title"),
        vec!["lamp".into()],
        Money::from_minor(9_900, Currency::Cny).expect("price"),
        Stock::parse(1).expect("stock"),
        PerUserLimit::parse(1).expect("limit"),
        SaleWindow::new(start, start + chrono::Duration::hours(1)).expect("window"),
        UserId::parse(1).expect("owner"),
    )
    .expect("draft");
    let id = store
        .create_sale(&draft, Utc::now())
        .await
        .expect("sale")
        .id;
    store.close().await;
    id
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_waiting_customer_is_offered_a_cancelled_unit_and_claims_it_on_telegram() {
    let fake = fake_bot::start().await;
    let (db, _dir) = fresh_sqlite_url();
    let sale = one_unit_sale(&db).await;
    let running = bot::start(&fake, &db, false, &[]);
    // 72 opens the card while the unit is still there.
    fake.text_from(72, "en", &format!("/start sale_{sale}"));
    let (card, _) = card_message(&fake, 72).await;
    fake.press(71, "q-buy-71", &signed(71, &format!("buy:{sale}:1")));
    fake.wait_for("the win", |c| {
        to_chat(71, "sendmessage")(c) && text_of(c).contains("You got it")
    })
    .await;
    // A loser hears "sold out" in the toast; the card, edited, offers the waitlist.
    fake.press_on(72, card, "q-buy-72", &signed(72, &format!("buy:{sale}:1")));
    let toast = fake
        .wait_for("the sold-out toast", |c| {
            c.method == "answercallbackquery" && c.body["callback_query_id"] == "q-buy-72"
        })
        .await;
    assert!(text_of(&toast).contains("sold out"), "{}", toast.body);
    fake.wait_for("the card offering the waitlist", |c| {
        edit_of(72, card)(c)
            && buttons(&c.body["reply_markup"])
                .iter()
                .any(|b| b.starts_with(&format!("wl:{sale}")))
    })
    .await;
    assert!(
        !fake
            .calls()
            .iter()
            .any(|c| to_chat(72, "sendmessage")(c) && text_of(c).contains("sold out")),
        "no second message for a loser"
    );
    fake.press(72, "q-wl-72", &signed(72, &format!("wl:{sale}")));
    fake.wait_for("joined", |c| {
        to_chat(72, "sendmessage")(c) && text_of(c).contains("on the waitlist")
    })
    .await;

    let store = Store::open(&db, 2).await.expect("store");
    let order = store
        .orders_of_buyer(UserId::parse(71).expect("id"), 5)
        .await;
    let order = order.expect("orders")[0].id;
    fake.press(71, "q-xo-71", &signed(71, &format!("xo:{order}")));
    let offer = fake
        .wait_for("the offer", |c| {
            to_chat(72, "sendmessage")(c) && text_of(c).contains("held for you")
        })
        .await;
    let open = store.offers_of_sale(sale, &[OfferState::Offered]).await;
    let offer_id = open.expect("offers")[0].id;
    assert!(
        offer.body["reply_markup"]
            .to_string()
            .contains(&format!("cl:{offer_id}"))
    );
    fake.press(72, "q-cl-72", &signed(72, &format!("cl:{offer_id}")));
    fake.wait_for("the claimed win", |c| {
        to_chat(72, "sendmessage")(c) && text_of(c).contains("You got it")
    })
    .await;
    let mine = store
        .orders_of_buyer(UserId::parse(72).expect("id"), 5)
        .await;
    assert_eq!(mine.expect("orders")[0].state, OrderState::Pending);
    assert_eq!(store.sale_counts(sale).await.expect("counts").live_units, 1);
    store.close().await;
    running.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_telegram_my_orders_shows_the_held_unit_and_a_typed_lingqu_claims_it() {
    let fake = fake_bot::start().await;
    let (db, _dir) = fresh_sqlite_url();
    let sale = one_unit_sale(&db).await;
    let running = bot::start(&fake, &db, false, &[]);
    fake.press(81, "q-buy-81", &signed(81, &format!("buy:{sale}:1")));
    fake.wait_for("the win", |c| {
        to_chat(81, "sendmessage")(c) && text_of(c).contains("You got it")
    })
    .await;
    fake.text_from(82, "zh-CN", "/lang zh");
    fake.wait_for("Chinese", |c| {
        to_chat(82, "sendmessage")(c) && text_of(c).contains("中文")
    })
    .await;
    fake.press(82, "q-wl-82", &signed(82, &format!("wl:{sale}")));
    fake.wait_for("joined", |c| {
        to_chat(82, "sendmessage")(c) && text_of(c).contains("候补名单")
    })
    .await;
    let store = Store::open(&db, 2).await.expect("store");
    let order = store
        .orders_of_buyer(UserId::parse(81).expect("id"), 5)
        .await;
    let order = order.expect("orders")[0].id;
    fake.press(81, "q-xo-81", &signed(81, &format!("xo:{order}")));
    let offer = fake
        .wait_for("the offer", |c| {
            to_chat(82, "sendmessage")(c) && text_of(c).contains("为你保留")
        })
        .await;
    assert!(text_of(&offer).contains("重新开售"), "nobody else waits");
    let open = store.offers_of_sale(sale, &[OfferState::Offered]).await;
    let offer_id = open.expect("offers")[0].id;

    fake.text_from(82, "zh-CN", "我的订单");
    let mine = fake
        .wait_for("my orders", |c| {
            to_chat(82, "sendmessage")(c) && text_of(c).contains("为你保留（候补）")
        })
        .await;
    assert!(
        mine.body["reply_markup"]
            .to_string()
            .contains(&format!("cl:{offer_id}")),
        "a signed Claim button"
    );
    fake.text_from(82, "zh-CN", "领取");
    fake.wait_for("the claimed win", |c| {
        to_chat(82, "sendmessage")(c) && text_of(c).contains("抢到了")
    })
    .await;
    let mine = store
        .orders_of_buyer(UserId::parse(82).expect("id"), 5)
        .await;
    assert_eq!(mine.expect("orders")[0].state, OrderState::Pending);
    store.close().await;
    running.stop().await;
}
