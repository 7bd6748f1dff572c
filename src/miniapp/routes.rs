//! The Mini App's routes: the page and the JSON API (shapes in docs/miniapp.md). Each API
//! call checks initData first; a refusal reads and changes nothing.

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::json;

use super::assets;
use super::auth::web_request_id;
use super::caller::Caller;
use super::replies::{ok, refuse_with};
use super::{MAX_BODY, MiniApp};
use crate::app::buy::web::WebCaptchaAnswer;
use crate::app::storefront::PayReply;
use crate::domain::{OrderId, RequestId, SaleId};

/// Every route under `/app`.
pub(super) fn router(app: MiniApp) -> Router {
    Router::new()
        .route("/app", get(assets::to_index))
        .route("/app/", get(assets::index))
        .route("/app/index.html", get(assets::index))
        .route("/app/app.js", get(assets::app_js))
        .route("/app/app.css", get(assets::app_css))
        .route("/app/api/me", get(me))
        .route("/app/api/sales", get(sales))
        .route("/app/api/sales/{id}", get(sale))
        .route("/app/api/buy", post(buy))
        .route("/app/api/orders", get(orders))
        .route("/app/api/orders/{id}/pay", post(pay))
        .route("/app/api/orders/{id}/cancel", post(cancel))
        .route("/app/api/waitlist", post(waitlist))
        .route("/app/api/{*rest}", get(unknown).post(unknown))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .with_state(app)
}

/// Runs `$e` (a `Result<_, Refused>`), returning the refusal.
macro_rules! or_refuse {
    ($e:expr) => {
        match $e {
            Ok(v) => v,
            Err(r) => return *r,
        }
    };
}

/// Runs `$e` (a use case's `Result<_, Failure>`), answering a failure with a 503.
macro_rules! or_failed {
    ($app:expr, $visitor:expr, $e:expr) => {
        match $e {
            Ok(v) => v,
            Err(f) => return $app.failed($visitor, f).await,
        }
    };
}

async fn me(State(app): State<MiniApp>, headers: HeaderMap) -> Response {
    let Caller { visitor, user } = or_refuse!(app.caller(&headers).await);
    let texts: serde_json::Map<String, serde_json::Value> = app
        .storefront()
        .texts()
        .with_prefix(visitor.locale, "page-")
        .into_iter()
        .map(|(k, v)| (k, json!(v)))
        .collect();
    ok(
        &visitor,
        json!({"user": {"id": user.id, "first_name": user.first_name}, "texts": texts}),
    )
}

async fn sales(State(app): State<MiniApp>, headers: HeaderMap) -> Response {
    let Caller { visitor, .. } = or_refuse!(app.caller(&headers).await);
    let sales = or_failed!(app, &visitor, app.storefront().sales(&visitor).await);
    ok(&visitor, json!({ "sales": sales }))
}

async fn sale(State(app): State<MiniApp>, Path(id): Path<String>, headers: HeaderMap) -> Response {
    let Caller { visitor, .. } = or_refuse!(app.caller(&headers).await);
    let Some(id) = parse_id(&id).and_then(|n| SaleId::parse(n).ok()) else {
        return app.not_found(&visitor);
    };
    match or_failed!(app, &visitor, app.storefront().sale(&visitor, id).await) {
        Some(sale) => ok(&visitor, json!({ "sale": sale })),
        None => app.not_found(&visitor),
    }
}

/// `POST /app/api/buy`'s body.
#[derive(Debug, Deserialize)]
struct BuyBody {
    sale: i64,
    quantity: u32,
    key: String,
    #[serde(default)]
    captcha: Option<WebCaptchaAnswer>,
}

/// A client idempotency key: 8 to 64 of `[A-Za-z0-9_-]`.
fn valid_key(key: &str) -> bool {
    (8..=64).contains(&key.len())
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

async fn buy(
    State(app): State<MiniApp>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let Caller { visitor, .. } = or_refuse!(app.caller(&headers).await);
    let body: BuyBody = or_refuse!(app.body(&visitor, body));
    if !valid_key(&body.key) {
        return app.bad_request(&visitor);
    }
    let Ok(sale) = SaleId::parse(body.sale) else {
        return app.not_found(&visitor);
    };
    let request = web_request_id(&app.request_secret, visitor.user, &body.key);
    let Ok(request) = RequestId::parse(&request) else {
        return app.bad_request(&visitor);
    };
    let shop = app.storefront();
    let bought = shop
        .buy(&visitor, request, sale, body.quantity, body.captcha)
        .await;
    match or_failed!(app, &visitor, bought) {
        Some(reply) => ok(&visitor, reply),
        None => app.not_found(&visitor),
    }
}

async fn orders(State(app): State<MiniApp>, headers: HeaderMap) -> Response {
    let Caller { visitor, .. } = or_refuse!(app.caller(&headers).await);
    let orders = or_failed!(app, &visitor, app.storefront().orders(&visitor).await);
    ok(&visitor, json!({ "orders": orders }))
}

async fn pay(State(app): State<MiniApp>, Path(id): Path<String>, headers: HeaderMap) -> Response {
    let Caller { visitor, .. } = or_refuse!(app.caller(&headers).await);
    let Some(id) = parse_id(&id).and_then(|n| OrderId::parse(n).ok()) else {
        return app.not_found(&visitor);
    };
    let paid = app
        .storefront()
        .pay(&visitor, id, app.invoices.as_ref())
        .await;
    match or_failed!(app, &visitor, paid) {
        PayReply::Link(link) => ok(&visitor, json!({ "invoice_link": link })),
        PayReply::Refused(message) => refuse_with(StatusCode::CONFLICT, "not_payable", message),
        PayReply::Unknown => app.not_found(&visitor),
    }
}

async fn cancel(
    State(app): State<MiniApp>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let Caller { visitor, .. } = or_refuse!(app.caller(&headers).await);
    let Some(id) = parse_id(&id).and_then(|n| OrderId::parse(n).ok()) else {
        return app.not_found(&visitor);
    };
    let cancelled = app.storefront().cancel(&visitor, id).await;
    match or_failed!(app, &visitor, cancelled) {
        Some((message, order)) => ok(&visitor, json!({"message": message, "order": order})),
        None => app.not_found(&visitor),
    }
}

/// `POST /app/api/waitlist`'s body.
#[derive(Debug, Deserialize)]
struct WaitlistBody {
    sale: i64,
}

async fn waitlist(
    State(app): State<MiniApp>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let Caller { visitor, .. } = or_refuse!(app.caller(&headers).await);
    let body: WaitlistBody = or_refuse!(app.body(&visitor, body));
    let Ok(sale) = SaleId::parse(body.sale) else {
        return app.not_found(&visitor);
    };
    let joined = app.storefront().join_waitlist(&visitor, sale).await;
    match or_failed!(app, &visitor, joined) {
        Some(reply) => ok(&visitor, reply),
        None => app.not_found(&visitor),
    }
}

/// Any other API path: 401 without initData, else 404.
async fn unknown(State(app): State<MiniApp>, headers: HeaderMap) -> Response {
    let Caller { visitor, .. } = or_refuse!(app.caller(&headers).await);
    app.not_found(&visitor)
}

/// A path id: digits only.
fn parse_id(raw: &str) -> Option<i64> {
    (!raw.is_empty() && raw.len() <= 18 && raw.bytes().all(|b| b.is_ascii_digit()))
        .then(|| raw.parse().ok())
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_ids_are_checked_before_use() {
        assert!(valid_key("abcd-1234_XY"));
        assert!(!valid_key("short"));
        assert!(!valid_key(&"k".repeat(65)));
        assert!(!valid_key("has space 123"));
        assert_eq!(parse_id("42"), Some(42));
        assert_eq!(parse_id("-1"), None);
        assert_eq!(parse_id("99999999999999999999"), None);
        assert_eq!(parse_id(""), None);
    }
}
