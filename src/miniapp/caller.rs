//! Who is calling the Mini App's API and the refusals every route shares: 401 for
//! initData that does not check out (localized by `Accept-Language`), 413 and 400 for
//! bodies, 404, and 503 for a use case that failed.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::de::DeserializeOwned;

use super::MiniApp;
use super::auth::{AuthError, WebAppUser};
use super::replies::{accepted_locale, refuse};
use crate::app::failure::Failure;
use crate::app::storefront::{Storefront, Visitor};

/// The header carrying Telegram's initData.
pub const INIT_DATA_HEADER: &str = "x-telegram-init-data";

/// A refusal, boxed (a response is large and travels on the error path).
pub(super) type Refused = Box<Response>;

/// A caller initData vouches for.
pub(super) struct Caller {
    pub visitor: Visitor,
    pub user: WebAppUser,
}

impl MiniApp {
    pub(super) fn storefront(&self) -> &Storefront {
        self.assistant.storefront()
    }

    /// The caller, or the 401 (localized by `Accept-Language`) that refuses them.
    pub(super) async fn caller(&self, headers: &HeaderMap) -> Result<Caller, Refused> {
        let raw = headers
            .get(INIT_DATA_HEADER)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        let shop = self.storefront();
        let checked = self.key.verify(raw, shop.now());
        let user = match checked.map(|u| (u.user_id(), u)) {
            Ok((Some(id), user)) => {
                let visitor = shop.visitor(id, user.language_code.as_deref()).await;
                return Ok(Caller { visitor, user });
            }
            Ok((None, _)) => AuthError::Malformed,
            Err(e) => e,
        };
        metrics::counter!("flashsale_miniapp_refused_total", "why" => "auth").increment(1);
        tracing::debug!(why = %user, "Mini App call refused");
        Err(Box::new(refuse(
            shop.texts(),
            accepted_locale(headers),
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "miniapp-unauthorized",
        )))
    }

    /// A use case's failure: settled once (logged, the alerts told), answered with a calm 503.
    pub(super) async fn failed(&self, visitor: &Visitor, failure: Failure) -> Response {
        self.storefront().settle(failure).await;
        refuse(
            self.storefront().texts(),
            visitor.locale,
            StatusCode::SERVICE_UNAVAILABLE,
            "try_again",
            "miniapp-try-again",
        )
    }

    pub(super) fn not_found(&self, visitor: &Visitor) -> Response {
        let texts = self.storefront().texts();
        refuse(
            texts,
            visitor.locale,
            StatusCode::NOT_FOUND,
            "not_found",
            "miniapp-not-found",
        )
    }

    /// A JSON body, or the 413 / 400 refusing it.
    pub(super) fn body<T: DeserializeOwned>(
        &self,
        visitor: &Visitor,
        body: Result<Bytes, BytesRejection>,
    ) -> Result<T, Refused> {
        let texts = self.storefront().texts();
        let bytes = match body {
            Ok(b) => b,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                return Err(Box::new(refuse(
                    texts,
                    visitor.locale,
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "too_large",
                    "miniapp-too-large",
                )));
            }
            Err(_) => return Err(Box::new(self.bad_request(visitor))),
        };
        serde_json::from_slice(&bytes).map_err(|_| Box::new(self.bad_request(visitor)))
    }

    pub(super) fn bad_request(&self, visitor: &Visitor) -> Response {
        refuse(
            self.storefront().texts(),
            visitor.locale,
            StatusCode::BAD_REQUEST,
            "bad_request",
            "miniapp-bad-request",
        )
    }
}
