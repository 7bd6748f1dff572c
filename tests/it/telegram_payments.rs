//! Telegram Stars payments over real HTTP against the fake Bot API: a winner of an XTR sale
//! gets an invoice, pays in time or too late (refunded), a redelivered payment counts once,
//! and bad pre-checkouts and payments are refused without changing anything.

use chrono::Utc;
use flashsale::domain::{Currency, Money, OrderId, OrderState, SaleId};
use flashsale::sandbox::{Call, FakeBotApi};
use flashsale::store::{PaymentState, Store};
use flashsale::telegram::callback::ButtonSigner;

use crate::support::db::{fresh_sqlite_url, order_state, payment_of};
use crate::support::fake_bot::{self, FakeBotExt};
use crate::support::{bot, real_time_sale, user};

/// Stars per unit of the test sale.
pub const PRICE: u32 = 25;

/// A sale live now, priced `PRICE` in `currency`, 5 units, 2 per person.
pub async fn live_sale(db: &str, currency: Currency) -> SaleId {
    let store = Store::open(db, 2).await.expect("store");
    let price = Money::from_minor(i64::from(PRICE), currency).expect("price");
    let started = chrono::Duration::minutes(-1);
    let id = real_time_sale(&store, "Stars Mug", price, 5, 2, started).await;
    store.close().await;
    id
}

/// A bot running over a fresh SQLite file that sells one live "Stars Mug" priced in
/// `currency`: the fake Bot API it talks to, the database URL, the sale, the bot, and the
/// directory the file lives in (keep it as long as the bot).
pub async fn mug_shop(
    currency: Currency,
) -> (
    FakeBotApi,
    String,
    SaleId,
    bot::RunningBot,
    tempfile::TempDir,
) {
    let fake = fake_bot::start().await;
    let (db, dir) = fresh_sqlite_url();
    let sale = live_sale(&db, currency).await;
    let running = bot::start(&fake, &db, false, &[]);
    (fake, db, sale, running, dir)
}

pub fn signed(u: i64, payload: &str) -> String {
    ButtonSigner::new(bot::BUTTON_SECRET.as_bytes())
        .sign_fresh(user(u), payload, Utc::now().timestamp())
        .expect("fits")
}

pub fn to_chat(chat: i64, method: &'static str) -> impl Fn(&Call) -> bool {
    move |c| c.method == method && c.body["chat_id"].as_i64() == Some(chat)
}

pub fn text_of(c: &Call) -> String {
    c.body["text"].as_str().unwrap_or_default().to_owned()
}

/// Waits for the message sent to `chat` whose text contains `said` (`what` names it).
pub async fn message_saying(fake: &FakeBotApi, what: &str, chat: i64, said: &str) -> Call {
    fake.wait_for(what, |c: &Call| {
        to_chat(chat, "sendmessage")(c) && text_of(c).contains(said)
    })
    .await
}

/// The inline keyboard of a sent message as JSON text, to look for button labels in.
pub fn keyboard_of(c: &Call) -> String {
    c.body["reply_markup"]["inline_keyboard"].to_string()
}

/// The callback data of the button of `c` whose label contains `label` (fails the test
/// without one).
pub fn button_of(c: &Call, label: &str) -> String {
    c.body["reply_markup"]["inline_keyboard"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|row| row.as_array().into_iter().flatten())
        .find(|b| b["text"].as_str().is_some_and(|t| t.contains(label)))
        .and_then(|b| b["callback_data"].as_str())
        .unwrap_or_else(|| panic!("no {label:?} button in {}", keyboard_of(c)))
        .to_owned()
}

/// Waits for the message to `chat` whose text contains `said` and checks that each of
/// `labels` is on one of its buttons; returns it.
pub async fn message_with_buttons(
    fake: &FakeBotApi,
    what: &str,
    chat: i64,
    said: &str,
    labels: &[&str],
) -> Call {
    let message = message_saying(fake, what, chat, said).await;
    let keyboard = keyboard_of(&message);
    for label in labels {
        assert!(keyboard.contains(label), "{label} in {keyboard}");
    }
    message
}

/// Whether the bot told anyone they won (in English or Chinese) in any call so far.
pub fn told_a_win(fake: &FakeBotApi) -> bool {
    fake.calls()
        .iter()
        .any(|c| text_of(c).contains("You got it") || text_of(c).contains("抢到了"))
}

/// `u` buys 2 units by pressing Buy; returns the order its invoice is bound to.
pub async fn win(fake: &FakeBotApi, u: i64, sale: SaleId) -> OrderId {
    fake.press(
        u,
        &format!("q-buy-{u}"),
        &signed(u, &format!("buy:{sale}:2")),
    );
    let invoice = fake
        .wait_for("the invoice", to_chat(u, "sendinvoice"))
        .await;
    assert_eq!(invoice.body["currency"], "XTR");
    assert_eq!(invoice.body["prices"][0]["amount"], 2 * PRICE);
    let payload = invoice.body["payload"].as_str().expect("payload");
    let id = payload.strip_prefix("order:").expect("order payload");
    OrderId::parse(id.parse().expect("number")).expect("order id")
}

/// Waits until every update so far was handled: a later "/orders" from `u` got its answer.
pub async fn settled(fake: &FakeBotApi, u: i64) {
    let before = fake.calls_of("sendmessage").len();
    fake.text_from(u, "en", "/orders");
    fake.wait_for("the /orders answer", |_| {
        fake.calls_of("sendmessage")[before..]
            .iter()
            .any(|c| to_chat(u, "sendmessage")(c) && text_of(c).contains("orders"))
    })
    .await;
}

fn precheckout_answer(id: &'static str) -> impl Fn(&Call) -> bool {
    move |c| c.method == "answerprecheckoutquery" && c.body["pre_checkout_query_id"] == id
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_winner_who_pays_in_time_gets_the_order_paid_and_a_confirmation() {
    let (fake, db, sale, running, _dir) = mug_shop(Currency::Xtr).await;
    let order = win(&fake, 61, sale).await;
    let won = fake
        .wait_for("the win message", to_chat(61, "sendmessage"))
        .await;
    assert!(text_of(&won).contains("Pay 50 Stars"), "{}", text_of(&won));

    let payload = format!("order:{order}");
    fake.pre_checkout(61, "pc-ok", "XTR", 2 * PRICE, &payload);
    let answer = fake
        .wait_for("the pre-checkout answer", precheckout_answer("pc-ok"))
        .await;
    assert_eq!(answer.body["ok"], true, "{}", answer.body);

    fake.successful_payment(61, "XTR", 2 * PRICE, &payload, "charge-61");
    let confirmed = fake
        .wait_for("the confirmation", |c| {
            to_chat(61, "sendmessage")(c) && text_of(c).contains("Paid")
        })
        .await;
    assert!(text_of(&confirmed).contains(&format!("#{order}")));
    let store = Store::open(&db, 2).await.expect("store");
    assert_eq!(order_state(&store, order).await, OrderState::Paid);
    let payment = payment_of(&store, "charge-61").await;
    assert_eq!(
        (payment.amount, payment.state),
        (2 * PRICE, PaymentState::Paid)
    );
    assert_eq!(fake.count_of("refundstarpayment"), 0);
    running.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_redelivered_successful_payment_pays_once_and_confirms_once() {
    let (fake, db, sale, running, _dir) = mug_shop(Currency::Xtr).await;
    let order = win(&fake, 62, sale).await;
    let payload = format!("order:{order}");
    fake.successful_payment(62, "XTR", 2 * PRICE, &payload, "charge-62");
    fake.successful_payment(62, "XTR", 2 * PRICE, &payload, "charge-62");
    settled(&fake, 62).await;
    let confirmations = fake
        .calls_of("sendmessage")
        .iter()
        .filter(|c| to_chat(62, "sendmessage")(c) && text_of(c).contains("Paid"))
        .count();
    assert_eq!(confirmations, 1);
    let store = Store::open(&db, 2).await.expect("store");
    assert_eq!(order_state(&store, order).await, OrderState::Paid);
    assert_eq!(
        store
            .payments_of_order(order)
            .await
            .expect("payments")
            .len(),
        1
    );
    assert_eq!(fake.count_of("refundstarpayment"), 0);
    running.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_payment_after_the_order_lapsed_is_refunded_and_the_buyer_told_why() {
    let (fake, db, sale, running, _dir) = mug_shop(Currency::Xtr).await;
    let order = win(&fake, 63, sale).await;
    // The expiry worker got there first.
    let store = Store::open(&db, 2).await.expect("store");
    assert!(
        store
            .transition_order(order, OrderState::Pending, OrderState::Expired, Utc::now())
            .await
            .expect("expire")
    );
    fake.successful_payment(63, "XTR", 2 * PRICE, &format!("order:{order}"), "charge-63");
    let refund = fake
        .wait_for("the refund", |c| c.method == "refundstarpayment")
        .await;
    assert_eq!(refund.body["user_id"], 63);
    assert_eq!(refund.body["telegram_payment_charge_id"], "charge-63");
    let told = fake
        .wait_for("the refund notice", |c| {
            to_chat(63, "sendmessage")(c) && text_of(c).contains("refunded")
        })
        .await;
    assert!(text_of(&told).contains("lapsed"), "{}", text_of(&told));
    assert_eq!(order_state(&store, order).await, OrderState::Expired);
    let payment = payment_of(&store, "charge-63").await;
    assert_eq!(payment.state, PaymentState::Refunded);
    running.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pre_checkout_for_a_lapsed_order_is_refused_with_the_reason() {
    let (fake, db, sale, running, _dir) = mug_shop(Currency::Xtr).await;
    let order = win(&fake, 64, sale).await;
    let store = Store::open(&db, 2).await.expect("store");
    store
        .transition_order(order, OrderState::Pending, OrderState::Expired, Utc::now())
        .await
        .expect("expire");
    fake.pre_checkout(64, "pc-late", "XTR", 2 * PRICE, &format!("order:{order}"));
    let answer = fake
        .wait_for("the refusal", precheckout_answer("pc-late"))
        .await;
    assert_eq!(answer.body["ok"], false);
    let reason = answer.body["error_message"].as_str().unwrap_or_default();
    assert!(
        reason.contains("lapsed") && reason.contains(&format!("#{order}")),
        "{reason}"
    );
    running.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_payloads_amounts_currencies_and_other_peoples_orders_are_refused_and_change_nothing() {
    let (fake, db, sale, running, _dir) = mug_shop(Currency::Xtr).await;
    let order = win(&fake, 65, sale).await;
    let payload = format!("order:{order}");
    let cases: [(&'static str, i64, &str, u32, &str); 5] = [
        ("pc-junk", 65, "XTR", 2 * PRICE, "sale:1"),
        ("pc-missing", 65, "XTR", 2 * PRICE, "order:999999"),
        ("pc-amount", 65, "XTR", 2 * PRICE - 1, &payload),
        ("pc-currency", 65, "USD", 2 * PRICE, &payload),
        ("pc-theirs", 66, "XTR", 2 * PRICE, &payload),
    ];
    for (id, payer, currency, amount, payload) in cases {
        fake.pre_checkout(payer, id, currency, amount, payload);
        let answer = fake.wait_for(id, precheckout_answer(id)).await;
        assert_eq!(answer.body["ok"], false, "{id}");
        let reason = answer.body["error_message"].as_str().unwrap_or_default();
        assert!(!reason.is_empty(), "{id} says why");
    }
    // A payment message for someone else's order pays nothing (and gives the Stars back).
    fake.successful_payment(66, "XTR", 2 * PRICE, &payload, "charge-66");
    settled(&fake, 66).await;
    settled(&fake, 65).await;
    let store = Store::open(&db, 2).await.expect("store");
    assert_eq!(order_state(&store, order).await, OrderState::Pending);
    assert!(
        store
            .payments_of_order(order)
            .await
            .expect("payments")
            .is_empty()
    );
    let refunds = fake.calls_of("refundstarpayment");
    assert!(
        refunds.iter().all(|c| c.body["user_id"] == 66),
        "{refunds:?}"
    );
    running.stop().await;
}
