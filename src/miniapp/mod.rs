//! The Mini App (issue #22): the storefront page inside Telegram and its JSON API under
//! `/app/`, served on `HTTP_ADDR` by `serve` and on localhost by `flashsale web`.
//!
//! Every `/app/api/*` call carries Telegram's `initData` (`X-Telegram-Init-Data`), checked
//! in [`auth`] before anything is read; the routes ([`routes`]) call the app's
//! storefront, which buys through the same guard, gate and order writer as the chat.
//! The JSON shapes are in docs/miniapp.md.

mod assets;
pub mod auth;
mod caller;
pub mod local;
mod replies;
mod routes;

use std::sync::Arc;

use axum::Router;

use crate::app::{Assistant, InvoiceLinks};
pub use auth::{AuthError, WebAppKey, WebAppUser, web_request_id};
pub use caller::INIT_DATA_HEADER;

/// Largest request body read (JSON bodies are a few dozen bytes).
pub const MAX_BODY: usize = 4096;

/// What the Mini App's routes share.
#[derive(Clone)]
pub struct MiniApp {
    assistant: Arc<Assistant>,
    key: Arc<WebAppKey>,
    request_secret: Arc<[u8]>,
    invoices: Arc<dyn InvoiceLinks>,
}

impl MiniApp {
    /// The Mini App over `assistant`: initData checked with `key`, web buys' request ids
    /// derived with `request_secret`, invoice links created through `invoices`.
    pub fn new(
        assistant: Arc<Assistant>,
        key: WebAppKey,
        request_secret: &[u8],
        invoices: Arc<dyn InvoiceLinks>,
    ) -> Self {
        Self {
            assistant,
            key: Arc::new(key),
            request_secret: Arc::from(request_secret),
            invoices,
        }
    }

    /// The routes under `/app` (the page, its assets and the API), with bodies capped at
    /// [`MAX_BODY`].
    pub fn router(self) -> Router {
        routes::router(self)
    }
}
