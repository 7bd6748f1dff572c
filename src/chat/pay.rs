//! A Stars invoice paid in the terminal: a simulated payment through the same pre-checkout
//! and settlement as Telegram's, so the order is paid exactly once and told as on Telegram.

use crate::app::{Assistant, Invoice, PaymentClaim};
use crate::domain::{ChargeId, Currency, InvoicePayload, UserId};
use crate::i18n::{Locale, Msg};

/// Pays `invoice` as `user`; the text to print (the confirmation or why not).
pub async fn simulate(
    assistant: &Assistant,
    user: UserId,
    locale: Locale,
    invoice: &Invoice,
    nonce: &str,
) -> String {
    let say = |msg: Msg| assistant.texts().render(locale, &msg);
    let payments = assistant.payments();
    let claim = PaymentClaim {
        payer: user,
        language_code: Some(locale.code().to_owned()),
        payload: InvoicePayload::new(invoice.order).to_string(),
        currency: Currency::Xtr.code().to_owned(),
        amount: invoice.stars,
    };
    if let Err(refused) = payments.pre_checkout(&claim).await {
        return refused;
    }
    let Ok(charge) = ChargeId::parse(&format!("chat-{}-{nonce}", invoice.order)) else {
        return say(Msg::new("error-try-again"));
    };
    let paid = payments
        .settle(&claim, charge, "local-chat".to_owned())
        .await;
    paid.unwrap_or_else(|| say(Msg::new("chat-paid-already")))
}
