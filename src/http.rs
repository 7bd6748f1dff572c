//! The HTTP port (`HTTP_ADDR`): the router, built apart from the server so tests can call
//! it in-process, and the server with its graceful stop. `/healthz` always; the Telegram
//! webhook in webhook mode; later `/metrics` and `/readyz` join here.

use std::time::Duration;

use anyhow::Context;
use axum::Router;
use axum::routing::get;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// How long a stopping server waits for requests in flight before it drops them.
const DRAIN: Duration = Duration::from_secs(10);

/// Everything served on the HTTP port; `webhook` is the Telegram route when configured.
pub fn router(webhook: Option<Router>) -> Router {
    let app = Router::new().route("/healthz", get(healthz));
    match webhook {
        Some(w) => app.merge(w),
        None => app,
    }
}

/// Liveness: the process is up and serving.
async fn healthz() -> axum::Json<serde_json::Value> {
    axum::Json(serde_json::json!({"status": "ok"}))
}

/// A running HTTP server; it stops gracefully on [`HttpServer::stop`] or when dropped.
pub struct HttpServer {
    stop: oneshot::Sender<()>,
    task: JoinHandle<std::io::Result<()>>,
}

impl HttpServer {
    /// Serves `app` on `listener` (bound by the caller) until stopped.
    pub fn spawn(listener: TcpListener, app: Router) -> Self {
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await
        });
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
