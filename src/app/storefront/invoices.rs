//! The port the storefront creates Stars invoice links through (the Bot API's
//! `createInvoiceLink` in production), so the app never imports a transport.

use async_trait::async_trait;

use crate::app::inbound::Invoice;
use crate::domain::InvoicePayload;

/// Creates invoice links.
#[async_trait]
pub trait InvoiceLinks: Send + Sync {
    /// A link opening the invoice (`https://t.me/$...`).
    async fn create(&self, invoice: &Invoice) -> anyhow::Result<String>;
}

/// For transports that take no payments (the local demo): a link nobody can pay.
pub struct NoInvoiceLinks;

#[async_trait]
impl InvoiceLinks for NoInvoiceLinks {
    async fn create(&self, invoice: &Invoice) -> anyhow::Result<String> {
        let payload = InvoicePayload::new(invoice.order).to_string();
        tracing::info!(%payload, stars = invoice.stars, "local invoice link (not payable)");
        Ok(format!("https://t.me/$local-{}", payload.replace(':', "-")))
    }
}
