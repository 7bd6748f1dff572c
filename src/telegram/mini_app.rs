//! The Mini App on Telegram: Stars invoice links (`createInvoiceLink`) for the page's Pay,
//! and the chat menu button that opens the page (`setChatMenuButton`, when `MINI_APP_URL`
//! is set).

use async_trait::async_trait;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use teloxide::prelude::*;
use teloxide::types::{MenuButton, WebAppInfo};

use super::payments::StarsInvoice;
use crate::app::{Invoice, InvoiceLinks};
use crate::i18n::{Locale, Msg, Texts};

/// Creates Stars invoice links through the Bot API.
pub struct BotInvoiceLinks(pub Bot);

#[async_trait]
impl InvoiceLinks for BotInvoiceLinks {
    async fn create(&self, invoice: &Invoice) -> anyhow::Result<String> {
        let i = StarsInvoice::of(invoice);
        let link = self
            .0
            .create_invoice_link(i.title, i.description, i.payload, "XTR", [i.price])
            .await?;
        Ok(link)
    }
}

/// Makes the chat menu button open the Mini App at `url`, labelled in `locale`; a failure
/// only loses the button (logged).
pub async fn set_menu_button(bot: &Bot, texts: &Texts, locale: Locale, url: &url::Url) {
    let button = MenuButton::WebApp {
        text: texts.render(locale, &Msg::new("miniapp-menu-button")),
        web_app: WebAppInfo { url: url.clone() },
    };
    match bot.set_chat_menu_button().menu_button(button).await {
        Ok(_) => tracing::info!(url = %url, "chat menu button opens the Mini App"),
        Err(e) => tracing::warn!(error = %e, "chat menu button not set"),
    }
}

/// The secret web buys' request ids are derived with, from the button secret.
pub fn request_secret(button_secret: &[u8]) -> Vec<u8> {
    let mut m = Hmac::<Sha256>::new_from_slice(button_secret)
        .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
    m.update(b"flashsale web request ids v1");
    m.finalize().into_bytes().to_vec()
}
