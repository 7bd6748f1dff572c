//! The HTTP server loop: hyper's HTTP/1 connections with a header read timeout, a cap on
//! open connections per listener, and a graceful stop.
//!
//! Promises: a connection that has not sent its request headers within
//! [`ServerLimits::header_timeout`] is closed (idle keep-alive connections too); at most
//! [`ServerLimits::max_connections`] connections are open at once, further ones wait in the
//! kernel's accept queue; a stopping server takes no new connections and lets the requests
//! in flight finish.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, oneshot};

/// Per-listener limits on what a client may hold open.
#[derive(Debug, Clone, Copy)]
pub struct ServerLimits {
    /// Time from a connection's first read (or its previous response) to complete headers.
    pub header_timeout: Duration,
    /// Connections open at once, at most.
    pub max_connections: usize,
}

impl Default for ServerLimits {
    fn default() -> Self {
        Self {
            header_timeout: Duration::from_secs(10),
            max_connections: 512,
        }
    }
}

/// Serves `app` on `listener` until `stopped` resolves, then drains open connections.
pub(super) async fn run(
    listener: TcpListener,
    app: Router,
    limits: ServerLimits,
    mut stopped: oneshot::Receiver<()>,
) -> std::io::Result<()> {
    let permits = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let graceful = GracefulShutdown::new();
    let mut http1 = hyper::server::conn::http1::Builder::new();
    http1
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout);
    loop {
        let permit = tokio::select! {
            p = permits.clone().acquire_owned() => match p {
                Ok(p) => p,
                Err(_) => break,
            },
            _ = &mut stopped => break,
        };
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(e) => {
                    // Out of file descriptors and the like: pause instead of spinning.
                    tracing::warn!(error = %e, "accepting an HTTP connection failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            _ = &mut stopped => break,
        };
        let service = TowerToHyperService::new(app.clone());
        let conn = http1.serve_connection(TokioIo::new(stream), service);
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            if let Err(e) = conn.await {
                tracing::debug!(error = %e, "HTTP connection ended with an error");
            }
            drop(permit);
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}
