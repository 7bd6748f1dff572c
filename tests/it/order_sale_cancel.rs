//! A merchant cancels a sale: pending orders are cancelled and released, paid ones refunded
//! in Stars, each buyer told once; running it again repeats nothing.

use std::sync::Arc;

use flashsale::app::Payments;
use flashsale::clock::{Clock, SystemClock};
use flashsale::domain::{Currency, OrderState};
use flashsale::i18n::Texts;
use flashsale::stock::EmbeddedGate;
use flashsale::store::{PaymentState, Store};
use flashsale::telegram::payments::BotRefunder;

use crate::support::db::{order_state, payment_of};
use crate::support::fake_bot::FakeBotExt;
use crate::telegram_payments::{PRICE, mug_shop, text_of, to_chat, win};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancelling_a_sale_cancels_pending_orders_refunds_paid_ones_and_tells_each_buyer_once() {
    let (fake, db, sale, running, _dir) = mug_shop(Currency::Xtr).await;
    let paid = win(&fake, 71, sale).await;
    let pending = win(&fake, 72, sale).await;
    fake.successful_payment(71, "XTR", 2 * PRICE, &format!("order:{paid}"), "charge-71");
    fake.wait_for("the confirmation", |c| {
        to_chat(71, "sendmessage")(c) && text_of(c).contains("Paid")
    })
    .await;

    let store = Store::open(&db, 2).await.expect("store");
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let payments = Payments::new(
        store.clone(),
        Arc::new(EmbeddedGate::new(clock.clone(), Arc::new(store.clone()))),
        clock,
        Arc::new(Texts::load()),
        Arc::new(BotRefunder(fake.bot())),
    );
    let report = payments.cancel_sale(sale).await.expect("cancel");
    assert_eq!(
        (report.cancelled, report.refunded, report.refunds_owed),
        (1, 1, 0)
    );
    let again = payments.cancel_sale(sale).await.expect("cancel again");
    assert_eq!(
        (again.cancelled, again.refunded),
        (0, 0),
        "nothing is repeated"
    );

    for order in [paid, pending] {
        assert_eq!(order_state(&store, order).await, OrderState::Cancelled);
    }
    let payment = payment_of(&store, "charge-71").await;
    assert_eq!(payment.state, PaymentState::Refunded);
    let refunds = fake.calls_of("refundstarpayment");
    assert_eq!(refunds.len(), 1);
    assert_eq!(refunds[0].body["telegram_payment_charge_id"], "charge-71");
    assert_eq!(store.sale_counts(sale).await.expect("counts").live_units, 0);

    // The bot's outbox delivers one notice to each buyer.
    for (u, says) in [(71, "refunded"), (72, "cancelled by the seller")] {
        fake.wait_for("the cancellation notice", |c| {
            to_chat(u, "sendmessage")(c) && text_of(c).contains(says)
        })
        .await;
    }
    assert_eq!(store.outbox_counts(None).await.expect("outbox").total(), 2);
    running.stop().await;
}
