//! The API's answers: successes carry `now_ms` and `lang`; refusals are
//! `{"error","message"}` with the message in the caller's language.

use axum::http::StatusCode;
use axum::http::header::{ACCEPT_LANGUAGE, HeaderMap};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::{Value, json};

use crate::app::storefront::Visitor;
use crate::i18n::{Locale, Msg, Texts};

/// `body` (an object) with the server's clock and the visitor's language added.
pub(super) fn ok(visitor: &Visitor, body: impl Serialize) -> Response {
    let mut value = serde_json::to_value(body).unwrap_or_else(|_| json!({}));
    if !value.is_object() {
        value = json!({});
    }
    if let Value::Object(map) = &mut value {
        map.insert("now_ms".into(), json!(visitor.now.timestamp_millis()));
        map.insert("lang".into(), json!(visitor.locale.code()));
    }
    axum::Json(value).into_response()
}

/// A refusal: `status`, the error's name and its message in `locale`.
pub(super) fn refuse(
    texts: &Texts,
    locale: Locale,
    status: StatusCode,
    error: &'static str,
    key: &'static str,
) -> Response {
    let message = texts.render(locale, &Msg::new(key));
    refuse_with(status, error, message)
}

/// A refusal whose message is already worded.
pub(super) fn refuse_with(status: StatusCode, error: &'static str, message: String) -> Response {
    (
        status,
        axum::Json(json!({"error": error, "message": message})),
    )
        .into_response()
}

/// The language of a caller not yet known: the first `Accept-Language` tag, else English.
pub(super) fn accepted_locale(headers: &HeaderMap) -> Locale {
    let first = headers
        .get(ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .map(|tag| tag.split(';').next().unwrap_or_default().trim());
    Locale::from_code(first)
}
