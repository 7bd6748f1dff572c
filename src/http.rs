//! The HTTP ports: the routers, built apart from the server so tests can call them
//! in-process, and the server with its limits and graceful stop. `/healthz` (liveness),
//! `/readyz` (SQL and the stock gate answer), `/metrics` (Prometheus), the Telegram
//! webhook in webhook mode and the Mini App under `/app/`, all on `HTTP_ADDR`; with `METRICS_ADDR` set, `/readyz` and
//! `/metrics` move to that port and `HTTP_ADDR` keeps only `/healthz` and the webhook.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::json;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

mod server;

pub use server::ServerLimits;

use crate::stock::StockGate;
use crate::store::Store;

/// How long a stopping server waits for requests in flight before it drops them.
const DRAIN: Duration = Duration::from_secs(10);

/// What `/readyz` checks.
#[derive(Clone)]
pub struct Probes {
    /// The SQL store (source of truth).
    pub store: Store,
    /// The stock gate (Redis, when configured).
    pub gate: Arc<dyn StockGate>,
}

/// How long a readiness check may take before it counts as a failure.
const PROBE_TIMEOUT: Duration = Duration::from_secs(2);

/// Everything served on the HTTP port; `webhook` holds the public routes (the Telegram
/// webhook when configured, the Mini App).
pub fn router(webhook: Option<Router>, probes: Probes) -> Router {
    with_webhook(probes_router(probes), webhook)
}

/// The probes and metrics alone (`/healthz`, `/readyz`, `/metrics`), for `METRICS_ADDR`.
pub fn probes_router(probes: Probes) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
        .with_state(probes)
}

/// What `HTTP_ADDR` serves when the probes have their own port: `/healthz` and the public
/// routes (the webhook, the Mini App).
pub fn public_router(webhook: Option<Router>) -> Router {
    with_webhook(Router::new().route("/healthz", get(healthz)), webhook)
}

fn with_webhook(app: Router, webhook: Option<Router>) -> Router {
    match webhook {
        Some(w) => app.merge(w),
        None => app,
    }
}

/// Readiness: SQL and the gate both answer within two seconds (503 naming what does not).
async fn readyz(State(p): State<Probes>) -> Response {
    let sql = tokio::time::timeout(PROBE_TIMEOUT, p.store.ping()).await;
    let gate = tokio::time::timeout(PROBE_TIMEOUT, p.gate.ready()).await;
    let word = |ok: bool| if ok { "ok" } else { "down" };
    let (sql_ok, gate_ok) = (matches!(sql, Ok(Ok(()))), matches!(gate, Ok(Ok(()))));
    let status = if sql_ok && gate_ok {
        StatusCode::OK
    } else {
        tracing::warn!(sql = word(sql_ok), gate = word(gate_ok), "not ready");
        StatusCode::SERVICE_UNAVAILABLE
    };
    let body = json!({"sql": word(sql_ok), "gate": word(gate_ok), "gate_kind": p.gate.name()});
    (status, axum::Json(body)).into_response()
}

/// The Prometheus text exposition of this process's metrics.
async fn metrics() -> Response {
    match crate::metrics::handle() {
        Some(h) => ([(CONTENT_TYPE, "text/plain; version=0.0.4")], h.render()).into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// Liveness: the process is up and serving.
async fn healthz() -> axum::Json<serde_json::Value> {
    axum::Json(json!({"status": "ok"}))
}

/// A running HTTP server; it stops gracefully on [`HttpServer::stop`] or when dropped.
pub struct HttpServer {
    stop: oneshot::Sender<()>,
    task: JoinHandle<std::io::Result<()>>,
}

impl HttpServer {
    /// Serves `app` on `listener` (bound by the caller) until stopped, with the default
    /// [`ServerLimits`].
    pub fn spawn(listener: TcpListener, app: Router) -> Self {
        Self::spawn_with(listener, app, ServerLimits::default())
    }

    /// Serves `app` on `listener` under `limits` until stopped.
    pub fn spawn_with(listener: TcpListener, app: Router, limits: ServerLimits) -> Self {
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(server::run(listener, app, limits, stopped));
        Self { stop, task }
    }

    /// Stops taking connections and lets requests in flight finish (up to 10 s).
    pub async fn stop(self) -> anyhow::Result<()> {
        let Self { stop, mut task } = self;
        let _ = stop.send(());
        match tokio::time::timeout(DRAIN, &mut task).await {
            Ok(joined) => joined.context("HTTP server task")?.context("HTTP server"),
            Err(_) => {
                tracing::warn!("HTTP requests still open after 10 s; dropped");
                task.abort();
                Ok(())
            }
        }
    }
}
