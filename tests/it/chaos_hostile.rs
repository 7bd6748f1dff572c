//! Fault suite, hostile traffic (bounded: 150 connections, seconds): 50 bodies of 1 MB
//! without the secret held before their last byte, 50 connections that never finish their
//! headers and 50 authentic requests that send 3 of 1,000 body bytes, all at once against
//! one webhook listener capped at 64 connections. Every one of them is closed by the server
//! (401, a timeout or 408), and a real update is still taken afterwards.

use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

use crate::support::chaos::runs;
use crate::support::webhook::{PATH, SECRET, post, text_update};
use crate::webhook_hostile::{hardened, head, read_to_close};

const EACH: usize = 50;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn held_bodies_slow_headers_and_held_authentic_bodies_are_all_closed_and_updates_still_flow()
{
    for run in 0..runs() {
        let (mut listener, addr, server) = hardened(64).await;
        let mut probes = tokio::task::JoinSet::new();
        for i in 0..3 * EACH {
            probes.spawn(async move {
                let mut s = TcpStream::connect(addr).await.expect("connect");
                match i % 3 {
                    0 => {
                        s.write_all(head(None, 1024 * 1024).as_bytes())
                            .await
                            .expect("head");
                        // Part of the body; the rest never comes.
                        let _ = s.write_all(&[b'x'; 16 * 1024]).await;
                    }
                    1 => {
                        let half = format!("POST {PATH} HTTP/1.1\r\nHost: bot\r\n");
                        s.write_all(half.as_bytes()).await.expect("half a head");
                    }
                    _ => {
                        s.write_all(head(Some(SECRET), 1000).as_bytes())
                            .await
                            .expect("head");
                        s.write_all(b"{\"u").await.expect("3 bytes");
                    }
                }
                let answer = read_to_close(&mut s).await;
                (i % 3, answer)
            });
        }
        let mut closed = [0usize; 3];
        while let Some(done) = probes.join_next().await {
            let (kind, answer) = done.expect("probe");
            let fine = match kind {
                0 => answer.starts_with("HTTP/1.1 401"),
                1 => answer.is_empty() || answer.starts_with("HTTP/1.1 408"),
                _ => answer.starts_with("HTTP/1.1 408"),
            };
            assert!(fine, "run {run}, probe kind {kind}: {answer:?}");
            closed[kind] += 1;
        }
        assert_eq!(closed, [EACH; 3], "run {run}: every probe was closed");
        // The listener is free again: a real update is taken.
        let ok = post(addr, Some(SECRET), text_update(run as i64 + 1, 42, "hi")).await;
        assert_eq!(ok, 200, "run {run}");
        let taken = futures::StreamExt::next(
            &mut teloxide::update_listeners::AsUpdateStream::as_stream(&mut listener),
        )
        .await;
        assert!(
            taken.is_some(),
            "run {run}: the update reached the dispatcher's side"
        );
        server.stop().await.expect("server stops");
    }
}
