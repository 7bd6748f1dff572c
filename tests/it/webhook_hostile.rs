//! The webhook under hostile traffic, over raw TCP: bodies without the secret are never
//! read, oversized bodies are refused unread, and connections that hold their headers or
//! their body are closed after the timeouts; the open connections per listener are capped.

use std::net::SocketAddr;
use std::time::Duration;

use flashsale::config::Config;
use flashsale::http::{HttpServer, ServerLimits};
use flashsale::telegram::webhook::{QueueLimits, WebhookListener, webhook};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::support::webhook::{self as hook, PATH, SECRET};

/// Every wait here is a hang guard, far above the timeouts configured.
const GUARD: Duration = Duration::from_secs(20);

/// The webhook route alone on port 0, with short timeouts and a small connection cap.
pub(crate) async fn hardened(max_connections: usize) -> (WebhookListener, SocketAddr, HttpServer) {
    let config = Config::from_lookup(|k| match k {
        "WEBHOOK_URL" => Some(hook::URL.to_owned()),
        "WEBHOOK_SECRET" => Some(SECRET.to_owned()),
        _ => None,
    })
    .expect("config");
    let queue = QueueLimits {
        body_timeout: Duration::from_secs(1),
        ..QueueLimits::default()
    };
    let (listener, route) = webhook(config.webhook.as_ref().expect("webhook mode"), queue);
    let tcp = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("port");
    let addr = tcp.local_addr().expect("addr");
    let limits = ServerLimits {
        header_timeout: Duration::from_secs(1),
        max_connections,
    };
    (listener, addr, HttpServer::spawn_with(tcp, route, limits))
}

/// Request headers for a POST to the webhook declaring `length` body bytes.
pub(crate) fn head(secret: Option<&str>, length: usize) -> String {
    let secret = secret
        .map(|s| format!("X-Telegram-Bot-Api-Secret-Token: {s}\r\n"))
        .unwrap_or_default();
    format!(
        "POST {PATH} HTTP/1.1\r\nHost: bot\r\nContent-Type: application/json\r\n\
         {secret}Content-Length: {length}\r\n\r\n"
    )
}

/// Reads until the server closes the connection: what it sent before closing.
pub(crate) async fn read_to_close(stream: &mut TcpStream) -> String {
    let mut got = Vec::new();
    let read = tokio::time::timeout(GUARD, async {
        let mut buf = [0u8; 4096];
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => got.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await;
    assert!(read.is_ok(), "the server closed the connection");
    String::from_utf8_lossy(&got).into_owned()
}

/// Reads one response's status line (the connection may stay open).
async fn status_line(stream: &mut TcpStream) -> String {
    let mut got = Vec::new();
    let mut buf = [0u8; 1024];
    while !got.windows(2).any(|w| w == b"\r\n") {
        let n = tokio::time::timeout(GUARD, stream.read(&mut buf))
            .await
            .expect("an answer")
            .expect("readable");
        assert!(n > 0, "closed before a status line");
        got.extend_from_slice(&buf[..n]);
    }
    String::from_utf8_lossy(&got)
        .lines()
        .next()
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn a_five_megabyte_body_without_the_secret_gets_401_before_it_is_sent_and_the_connection_closes()
 {
    let (_listener, addr, server) = hardened(16).await;
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    let declared = 5 * 1024 * 1024;
    stream
        .write_all(head(None, declared).as_bytes())
        .await
        .expect("headers sent");
    // A first slice of the body, then nothing: the answer must not wait for the rest.
    stream
        .write_all(&[b'x'; 1024])
        .await
        .expect("some body sent");
    assert!(status_line(&mut stream).await.starts_with("HTTP/1.1 401"));
    // The unread body is not waited for: the server closes the connection.
    read_to_close(&mut stream).await;
    server.stop().await.expect("server stops");
}

#[tokio::test]
async fn an_authentic_request_declaring_a_body_over_the_limit_gets_413_unread() {
    let (_listener, addr, server) = hardened(16).await;
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    stream
        .write_all(head(Some(SECRET), 5 * 1024 * 1024).as_bytes())
        .await
        .expect("headers sent");
    assert!(status_line(&mut stream).await.starts_with("HTTP/1.1 413"));
    read_to_close(&mut stream).await;
    server.stop().await.expect("server stops");
}

#[tokio::test]
async fn a_connection_that_never_finishes_its_headers_is_closed_after_the_header_timeout() {
    let (_listener, addr, server) = hardened(16).await;
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    stream
        .write_all(format!("POST {PATH} HTTP/1.1\r\nHost: bot\r\n").as_bytes())
        .await
        .expect("half the headers sent");
    let answer = read_to_close(&mut stream).await;
    assert!(
        answer.is_empty() || answer.starts_with("HTTP/1.1 408"),
        "closed, at most with a 408: {answer:?}"
    );
    server.stop().await.expect("server stops");
}

#[tokio::test]
async fn an_authentic_request_holding_its_body_gets_408_and_is_closed() {
    let (_listener, addr, server) = hardened(16).await;
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    stream
        .write_all(head(Some(SECRET), 1000).as_bytes())
        .await
        .expect("headers sent");
    stream
        .write_all(b"{\"u")
        .await
        .expect("3 of 1000 bytes sent");
    let answer = read_to_close(&mut stream).await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer:?}");
    server.stop().await.expect("server stops");
}

#[tokio::test]
async fn connections_beyond_the_cap_wait_until_held_ones_are_closed() {
    let (_listener, addr, server) = hardened(2).await;
    let mut held = Vec::new();
    for _ in 0..2 {
        let mut s = TcpStream::connect(addr).await.expect("connect");
        s.write_all(b"POST /x HTTP/1.1\r\n")
            .await
            .expect("partial headers");
        held.push(s);
    }
    // A third client: served only once a slot frees, i.e. after a held one is closed.
    let mut third = TcpStream::connect(addr)
        .await
        .expect("connect (kernel queue)");
    third
        .write_all(head(None, 2).as_bytes())
        .await
        .expect("headers sent");
    third.write_all(b"{}").await.expect("body sent");
    assert!(status_line(&mut third).await.starts_with("HTTP/1.1 401"));
    // By then the server had closed at least one held connection: its read ends at once.
    let mut closed = 0;
    for s in &mut held {
        let mut buf = [0u8; 256];
        if let Ok(Ok(0)) = tokio::time::timeout(Duration::from_millis(1), s.read(&mut buf)).await {
            closed += 1;
        }
    }
    assert!(
        closed >= 1,
        "the third connection was served while both slots were held"
    );
    server.stop().await.expect("server stops");
}
