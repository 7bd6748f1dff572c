//! Telegram Stars payments: pre-checkout verdicts, settling a successful payment exactly
//! once (a late one is refunded), and the notices buyers get. Payments are on for a sale
//! exactly when its price is in XTR. Transports hand in a [`PaymentClaim`] and a
//! [`Refunder`]; no Telegram type appears here.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::app::customer::orders::refusal_msg;
use crate::app::jobs::notice::stored_locale;
use crate::clock::Clock;
use crate::delivery::OutboxBody;
use crate::domain::{
    ChargeId, Currency, InvoicePayload, Order, Refusal, Sale, UserId, check_payment,
};
use crate::i18n::{Locale, Msg, Texts};
use crate::stock::StockGate;
use crate::store::{NewPayment, PaymentRecord, Store, StoreError};

/// Telegram wants a pre-checkout answer within 10 s; the verdict gets this long.
const PRE_CHECKOUT_BUDGET: Duration = Duration::from_secs(6);
/// ... and the payer's stored language this long, else Telegram's code is used.
const LOCALE_BUDGET: Duration = Duration::from_secs(1);

/// Gives a Stars payment back to the buyer (Telegram's `refundStarPayment`).
#[async_trait]
pub trait Refunder: Send + Sync {
    /// Refunds the charge `charge` paid by `buyer`.
    async fn refund(&self, buyer: UserId, charge: &ChargeId) -> anyhow::Result<()>;
}

/// A payment (or a pre-checkout) as the transport received it, fields still unchecked.
#[derive(Debug, Clone)]
pub struct PaymentClaim {
    /// Who pays.
    pub payer: UserId,
    /// The payer's language code from the transport, if any.
    pub language_code: Option<String>,
    /// The invoice payload (ours is `order:<id>`).
    pub payload: String,
    /// The currency code (ours is `XTR`).
    pub currency: String,
    /// The amount in the currency's smallest unit.
    pub amount: u32,
}

/// Payments for orders: verdicts, settlement, refunds and sale cancellation.
pub struct Payments {
    pub(crate) store: Store,
    pub(crate) gate: Arc<dyn StockGate>,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) texts: Arc<Texts>,
    pub(crate) refunder: Arc<dyn Refunder>,
}

/// A claim checked against the order it names.
enum Checked {
    Payable(Order, Sale),
    Refused(Refusal, Option<(Order, Sale)>),
    Unavailable(StoreError),
}

impl Payments {
    /// Payments over the store and the gate, refunding through `refunder`.
    pub fn new(
        store: Store,
        gate: Arc<dyn StockGate>,
        clock: Arc<dyn Clock>,
        texts: Arc<Texts>,
        refunder: Arc<dyn Refunder>,
    ) -> Self {
        Self {
            store,
            gate,
            clock,
            texts,
            refunder,
        }
    }

    /// `Ok` when the payment may go ahead, else the reason in the payer's language; always
    /// decided within `PRE_CHECKOUT_BUDGET` (a slow store refuses, asking to retry).
    pub async fn pre_checkout(&self, claim: &PaymentClaim) -> Result<(), String> {
        let checked =
            tokio::time::timeout(PRE_CHECKOUT_BUDGET, self.check(claim, self.clock.now()))
                .await
                .unwrap_or_else(|_| Checked::Unavailable(StoreError::Database("timed out".into())));
        let refusal = match checked {
            Checked::Payable(order, _) => {
                tracing::info!(
                    order = order.id.get(),
                    sale = order.sale.get(),
                    user = claim.payer.get(),
                    "pre-checkout accepted"
                );
                return Ok(());
            }
            Checked::Refused(refusal, found) => {
                let order = found.map(|(o, _)| o.id.get());
                tracing::warn!(user = claim.payer.get(), order, payload = %claim.payload, ?refusal, "pre-checkout refused");
                refusal_msg(refusal).arg("order", order.unwrap_or(0))
            }
            Checked::Unavailable(e) => {
                tracing::error!(user = claim.payer.get(), error = %e, "pre-checkout not checked; refused");
                Msg::new("pay-refused-busy")
            }
        };
        let code = claim.language_code.as_deref();
        let locale = tokio::time::timeout(LOCALE_BUDGET, self.locale_of(claim.payer, code))
            .await
            .unwrap_or_else(|_| Locale::from_code(code));
        Err(self.texts.render(locale, &refusal))
    }

    /// Settles a successful payment: the order is paid exactly once and the buyer gets the
    /// confirmation; a payment the order can no longer take is refunded and explained. A
    /// repeated charge changes nothing and returns `None` (nothing to tell).
    pub async fn settle(
        &self,
        claim: &PaymentClaim,
        charge: ChargeId,
        provider_charge: String,
    ) -> Option<String> {
        let now = self.clock.now();
        let locale = self
            .locale_of(claim.payer, claim.language_code.as_deref())
            .await;
        let say = |msg: Msg| Some(self.texts.render(locale, &msg));
        let (order, sale) = match self.check(claim, now).await {
            Checked::Payable(order, sale) => (order, sale),
            // Too late or closed: recorded all the same, and the record says refund.
            Checked::Refused(Refusal::Expired | Refusal::Closed(_), Some(found)) => found,
            Checked::Refused(refusal, _) => {
                tracing::warn!(user = claim.payer.get(), payload = %claim.payload, charge = %charge, ?refusal, "payment matches no payable order; refunding");
                let refunded = claim.currency == Currency::Xtr.code()
                    && self.refund(claim.payer, &charge, false).await;
                return say(if refunded {
                    Msg::new("pay-unmatched-refunded")
                } else {
                    Msg::new("pay-unmatched")
                });
            }
            Checked::Unavailable(e) => {
                tracing::error!(user = claim.payer.get(), charge = %charge, error = %e, "payment not recorded");
                return say(Msg::new("pay-not-recorded"));
            }
        };
        let span = tracing::info_span!(
            "payment",
            order = order.id.get(),
            sale = order.sale.get(),
            user = claim.payer.get()
        );
        let _entered = span.enter();
        let payment = NewPayment {
            order: order.id,
            buyer: claim.payer,
            charge: charge.clone(),
            provider_charge,
            amount: claim.amount,
            currency: Currency::Xtr,
            at: now,
        };
        let title = sale.draft.title.as_str().to_owned();
        match self.store.record_payment(&payment).await {
            Ok(PaymentRecord::Settled) => {
                tracing::info!(stars = claim.amount, "order paid");
                say(Msg::new("pay-confirmed")
                    .arg("order", order.id.get())
                    .arg("title", title)
                    .arg("qty", order.quantity.get())
                    .arg("stars", claim.amount))
            }
            Ok(PaymentRecord::RefundDue) => {
                tracing::warn!(
                    state = order.state.as_str(),
                    "payment came too late; refunding"
                );
                let msg = if self.refund(claim.payer, &charge, true).await {
                    Msg::new("pay-late-refunded")
                } else {
                    Msg::new("pay-late-refund-pending")
                };
                say(msg.arg("order", order.id.get()).arg("title", title))
            }
            Ok(PaymentRecord::AlreadyRecorded(state)) => {
                tracing::info!(?state, "repeated successful payment changed nothing");
                None
            }
            Err(e) => {
                tracing::error!(error = %e, "payment not recorded");
                say(Msg::new("pay-not-recorded"))
            }
        }
    }

    /// Refunds `charge`; when `recorded`, marks the stored payment refunded. True on success.
    pub(crate) async fn refund(&self, buyer: UserId, charge: &ChargeId, recorded: bool) -> bool {
        if let Err(e) = self.refunder.refund(buyer, charge).await {
            tracing::error!(user = buyer.get(), charge = %charge, error = %e, "refund failed; the payment stays owed");
            return false;
        }
        tracing::info!(user = buyer.get(), charge = %charge, "payment refunded");
        if recorded && let Err(e) = self.store.mark_refunded(charge, self.clock.now()).await {
            tracing::error!(charge = %charge, error = %e, "refund not recorded");
        }
        true
    }

    /// The claim's order and sale, and whether it may be paid at `now`.
    async fn check(&self, claim: &PaymentClaim, now: DateTime<Utc>) -> Checked {
        let Ok(payload) = InvoicePayload::parse(&claim.payload) else {
            return Checked::Refused(Refusal::UnknownOrder, None);
        };
        let order = match self.store.order(payload.order()).await {
            Ok(Some(o)) => o,
            Ok(None) => return Checked::Refused(Refusal::UnknownOrder, None),
            Err(e) => return Checked::Unavailable(e),
        };
        let sale = match self.store.sale(order.sale).await {
            Ok(Some(s)) => s,
            Ok(None) => return Checked::Refused(Refusal::UnknownOrder, None),
            Err(e) => return Checked::Unavailable(e),
        };
        match check_payment(
            &order,
            &sale,
            claim.payer,
            &claim.currency,
            claim.amount,
            now,
        ) {
            Ok(_) => Checked::Payable(order, sale),
            // Someone else's order stays unknown to this payer.
            Err(Refusal::UnknownOrder) => Checked::Refused(Refusal::UnknownOrder, None),
            Err(refusal) => Checked::Refused(refusal, Some((order, sale))),
        }
    }

    /// The user's stored language, else the transport's code.
    pub(crate) async fn locale_of(&self, user: UserId, code: Option<&str>) -> Locale {
        stored_locale(&self.store, user, code).await
    }

    /// Tells `buyer` something later, through the durable outbox, once per `dedupe_key`.
    pub(crate) async fn notify(&self, buyer: UserId, dedupe_key: &str, msg: Msg) {
        let now = self.clock.now();
        let locale = self.locale_of(buyer, None).await;
        let body = OutboxBody {
            text: self.texts.render(locale, &msg),
            buttons: Vec::new(),
            lang: Some(locale.tag().to_owned()),
        };
        if let Err(e) = body.queue(&self.store, buyer.get(), dedupe_key, now).await {
            tracing::error!(user = buyer.get(), key = dedupe_key, error = %e, "notice not queued");
        }
    }
}
