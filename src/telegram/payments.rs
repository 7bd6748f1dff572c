//! Telegram Stars on the wire: invoices for pending orders, pre-checkout answers (well
//! within Telegram's 10 s), successful payments settled, and refunds via
//! `refundStarPayment`. Every decision is made by [`Payments`] in `app`.

use std::sync::Arc;

use async_trait::async_trait;
use teloxide::prelude::*;
use teloxide::types::{LabeledPrice, PreCheckoutQuery, TelegramTransactionId};

use crate::app::{Invoice, PaymentClaim, Payments, Refunder};
use crate::domain::{ChargeId, InvoicePayload, UserId};

type HandlerResult = Result<(), Box<dyn std::error::Error + Send + Sync>>;

/// Telegram's limit on an invoice title.
const MAX_TITLE_CHARS: usize = 32;
/// Telegram's limit on an invoice description.
const MAX_DESCRIPTION_CHARS: usize = 255;

/// Refunds through the Bot API.
pub struct BotRefunder(pub Bot);

#[async_trait]
impl Refunder for BotRefunder {
    async fn refund(&self, buyer: UserId, charge: &ChargeId) -> anyhow::Result<()> {
        let user = teloxide::types::UserId(u64::try_from(buyer.get())?);
        self.0
            .refund_star_payment(user, TelegramTransactionId(charge.as_str().to_owned()))
            .await?;
        Ok(())
    }
}

/// An invoice as the Bot API takes it (`sendInvoice`, `createInvoiceLink`): title and
/// description cut to Telegram's limits, the order's payload, the one price line in Stars.
pub(super) struct StarsInvoice {
    pub title: String,
    pub description: String,
    pub payload: String,
    pub price: LabeledPrice,
}

impl StarsInvoice {
    pub(super) fn of(invoice: &Invoice) -> Self {
        Self {
            title: invoice.title.chars().take(MAX_TITLE_CHARS).collect(),
            description: invoice
                .description
                .chars()
                .take(MAX_DESCRIPTION_CHARS)
                .collect(),
            payload: InvoicePayload::new(invoice.order).to_string(),
            price: LabeledPrice::new(invoice.label.clone(), invoice.stars),
        }
    }
}

/// Sends the Stars invoice of one order to `chat`.
pub async fn send_invoice(bot: &Bot, chat: ChatId, invoice: &Invoice) -> HandlerResult {
    let i = StarsInvoice::of(invoice);
    bot.send_invoice(chat, i.title, i.description, i.payload, "XTR", [i.price])
        .await?;
    tracing::info!(
        order = invoice.order.get(),
        stars = invoice.stars,
        "invoice sent"
    );
    Ok(())
}

/// Answers a pre-checkout query: ok, or the reason in the payer's language.
pub async fn on_pre_checkout(
    bot: Bot,
    q: PreCheckoutQuery,
    payments: Arc<Payments>,
) -> HandlerResult {
    let verdict = match UserId::parse(q.from.id.0 as i64) {
        Ok(payer) => {
            let claim = PaymentClaim {
                payer,
                language_code: q.from.language_code.clone(),
                payload: q.invoice_payload.clone(),
                currency: q.currency.clone(),
                amount: q.total_amount,
            };
            payments.pre_checkout(&claim).await
        }
        Err(_) => Err(String::new()),
    };
    let answer = bot.answer_pre_checkout_query(q.id.clone(), verdict.is_ok());
    match verdict {
        Ok(()) => answer.await?,
        Err(reason) => answer.error_message(reason).await?,
    };
    Ok(())
}

/// Whether a message reports a successful payment (routes it to [`on_successful_payment`]).
pub fn is_successful_payment(msg: Message) -> bool {
    msg.successful_payment().is_some()
}

/// Settles a successful payment and tells the buyer (nothing for a repeated update).
pub async fn on_successful_payment(
    bot: Bot,
    msg: Message,
    payments: Arc<Payments>,
) -> HandlerResult {
    let (Some(paid), Some(from)) = (msg.successful_payment(), msg.from.as_ref()) else {
        return Ok(());
    };
    let (Ok(payer), Ok(charge)) = (
        UserId::parse(from.id.0 as i64),
        ChargeId::parse(&paid.telegram_payment_charge_id.0),
    ) else {
        tracing::error!(
            chat = msg.chat.id.0,
            "successful payment with unusable ids ignored"
        );
        return Ok(());
    };
    let claim = PaymentClaim {
        payer,
        language_code: from.language_code.clone(),
        payload: paid.invoice_payload.clone(),
        currency: paid.currency.clone(),
        amount: paid.total_amount,
    };
    let provider = paid.provider_payment_charge_id.clone();
    if let Some(text) = payments.settle(&claim, charge, provider).await {
        bot.send_message(msg.chat.id, text).await?;
    }
    Ok(())
}
