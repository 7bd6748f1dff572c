//! The port the storefront creates Stars invoice links through (the Bot API's
//! `createInvoiceLink` in production), so the app never imports a transport.

use async_trait::async_trait;

/// One Stars invoice to create a link for, already rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvoiceRequest {
    /// Product name (the sale's title).
    pub title: String,
    /// Rendered description.
    pub description: String,
    /// The payload payments are matched by (`order:<id>`).
    pub payload: String,
    /// Rendered label of the one price line.
    pub label: String,
    /// Price × quantity, in Stars.
    pub stars: u32,
}

/// Creates invoice links.
#[async_trait]
pub trait InvoiceLinks: Send + Sync {
    /// A link opening the invoice (`https://t.me/$...`).
    async fn create(&self, invoice: &InvoiceRequest) -> anyhow::Result<String>;
}

/// For transports that take no payments (the local demo): a link nobody can pay.
pub struct NoInvoiceLinks;

#[async_trait]
impl InvoiceLinks for NoInvoiceLinks {
    async fn create(&self, invoice: &InvoiceRequest) -> anyhow::Result<String> {
        tracing::info!(payload = %invoice.payload, stars = invoice.stars, "local invoice link (not payable)");
        Ok(format!(
            "https://t.me/$local-{}",
            invoice.payload.replace(':', "-")
        ))
    }
}
