//! My orders and reservations on Telegram: a yuan-priced win is a reservation with claim
//! instructions and no invoice; the orders list offers Pay and Cancel, and Cancel frees units.

use flashsale::domain::{Currency, OrderState};
use flashsale::store::Store;

use crate::support::db::order_state;
use crate::support::fake_bot::FakeBotExt;
use crate::telegram_payments::{mug_shop, settled, signed, text_of, to_chat, win};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_win_on_a_sale_priced_in_yuan_is_a_reservation_with_claim_instructions() {
    let (fake, _db, sale, running, _dir) = mug_shop(Currency::Cny).await;
    fake.press(67, "q-buy-67", &signed(67, &format!("buy:{sale}:2")));
    let won = fake
        .wait_for("the win message", to_chat(67, "sendmessage"))
        .await;
    assert!(text_of(&won).contains("reservation"), "{}", text_of(&won));
    settled(&fake, 67).await;
    assert_eq!(fake.count_of("sendinvoice"), 0);
    running.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn my_orders_offers_pay_and_cancel_and_cancelling_gives_the_units_back() {
    let (fake, db, sale, running, _dir) = mug_shop(Currency::Xtr).await;
    let order = win(&fake, 68, sale).await;
    let before = fake.calls_of("sendmessage").len();
    fake.text_from(68, "en", "my orders");
    fake.wait_for("the orders list", |_| {
        fake.calls_of("sendmessage")[before..].iter().any(|c| {
            let buttons = c.body["reply_markup"].to_string();
            text_of(c).contains("pay within")
                && buttons.contains(&format!("pay:{order}"))
                && buttons.contains(&format!("xo:{order}"))
        })
    })
    .await;
    // Pay sends the invoice again; Cancel cancels and releases.
    fake.press(68, "q-pay", &signed(68, &format!("pay:{order}")));
    fake.wait_for("the second invoice", |_| {
        fake.calls_of("sendinvoice").len() == 2
    })
    .await;
    fake.press(68, "q-cancel", &signed(68, &format!("xo:{order}")));
    fake.wait_for("the cancel confirmation", |c| {
        to_chat(68, "sendmessage")(c) && text_of(c).contains("is cancelled")
    })
    .await;
    let store = Store::open(&db, 2).await.expect("store");
    assert_eq!(order_state(&store, order).await, OrderState::Cancelled);
    assert_eq!(store.sale_counts(sale).await.expect("counts").live_units, 0);
    // Someone else's press on it is refused; the order stays as it is.
    fake.press(69, "q-theirs", &signed(69, &format!("xo:{order}")));
    fake.wait_for("the refusal", |c| {
        to_chat(69, "sendmessage")(c) && text_of(c).contains("can't find that order")
    })
    .await;
    running.stop().await;
}
