//! The page and its assets, embedded in the binary (no build step, no external URL).

use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Redirect, Response};

const INDEX: &str = include_str!("../../assets/miniapp/index.html");
const APP_JS: &str = include_str!("../../assets/miniapp/app.js");
const APP_CSS: &str = include_str!("../../assets/miniapp/app.css");

fn file(content_type: &'static str, body: &'static str) -> Response {
    (
        [(CONTENT_TYPE, content_type), (CACHE_CONTROL, "no-cache")],
        body,
    )
        .into_response()
}

/// `GET /app/` and `/app/index.html`.
pub(super) async fn index() -> Response {
    file("text/html; charset=utf-8", INDEX)
}

/// `GET /app/app.js`.
pub(super) async fn app_js() -> Response {
    file("text/javascript; charset=utf-8", APP_JS)
}

/// `GET /app/app.css`.
pub(super) async fn app_css() -> Response {
    file("text/css; charset=utf-8", APP_CSS)
}

/// `GET /app`: the page lives at `/app/` (its relative asset links need the slash).
pub(super) async fn to_index() -> Redirect {
    Redirect::permanent("/app/")
}
