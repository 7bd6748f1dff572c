//! Several `flashsale serve` child processes in webhook mode on loopback ports, killed on
//! drop, and the webhook client that spreads updates across them round-robin.

use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};

/// The route and secret every instance is configured with.
pub const WEBHOOK_URL: &str = "https://bot.example.com/telegram/hook";
const WEBHOOK_PATH: &str = "/telegram/hook";
/// The secret token Telegram would send.
pub const WEBHOOK_SECRET: &str = "scale-out-webhook-secret";

/// Running `serve` processes; each is killed (and reaped) when this is dropped.
pub struct Cluster {
    children: Vec<Child>,
    addrs: Vec<SocketAddr>,
    http: reqwest::Client,
    /// The Bot API the instances call: a webhook response's method is performed there.
    api: Option<String>,
}

impl Cluster {
    /// Starts `instances` copies of `exe serve` with `env` (plus their own HTTP_ADDR and the
    /// webhook settings) and waits until each answers `/healthz`.
    pub async fn start(
        exe: &std::path::Path,
        instances: usize,
        env: &[(String, String)],
        ready_within: Duration,
    ) -> anyhow::Result<Self> {
        let http = reqwest::Client::builder()
            .pool_max_idle_per_host(64)
            .build()
            .context("HTTP client")?;
        let mut cluster = Self {
            children: Vec::new(),
            addrs: Vec::new(),
            http,
            api: env
                .iter()
                .find(|(k, _)| k == "TELEGRAM_API_URL")
                .map(|(_, v)| v.clone()),
        };
        for _ in 0..instances {
            let addr = free_port()?;
            let child = Command::new(exe)
                .arg("serve")
                .env_clear()
                .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
                .env("HTTP_ADDR", addr.to_string())
                .env("WEBHOOK_URL", WEBHOOK_URL)
                .env("WEBHOOK_SECRET", WEBHOOK_SECRET)
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .spawn()
                .with_context(|| format!("starting {}", exe.display()))?;
            cluster.children.push(child);
            cluster.addrs.push(addr);
        }
        let deadline = Instant::now() + ready_within;
        for i in 0..instances {
            loop {
                if let Ok(Some(status)) = cluster.children[i].try_wait() {
                    bail!("instance {i} exited at start: {status}");
                }
                let url = format!("http://{}/healthz", cluster.addrs[i]);
                if let Ok(r) = cluster.http.get(&url).send().await
                    && r.status().is_success()
                {
                    break;
                }
                if Instant::now() > deadline {
                    bail!("instance {i} did not answer /healthz within {ready_within:?}");
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
        Ok(cluster)
    }

    /// How many instances run.
    pub fn len(&self) -> usize {
        self.children.len()
    }

    /// Whether none runs.
    pub fn is_empty(&self) -> bool {
        self.children.is_empty()
    }

    /// The process ids, in instance order.
    pub fn pids(&self) -> Vec<u32> {
        self.children.iter().map(Child::id).collect()
    }

    /// Posts one update to instance `i` as Telegram does (performing the method its
    /// response carries, if any); the HTTP status.
    pub async fn post(&self, i: usize, update: String) -> anyhow::Result<u16> {
        let addr = self.addrs[i % self.addrs.len()];
        let r = self
            .http
            .post(format!("http://{addr}{WEBHOOK_PATH}"))
            .header("content-type", "application/json")
            .header("X-Telegram-Bot-Api-Secret-Token", WEBHOOK_SECRET)
            .body(update)
            .send()
            .await
            .context("webhook POST")?;
        let status = r.status().as_u16();
        if let Some(api) = &self.api {
            let reply = r.bytes().await.unwrap_or_default();
            crate::sandbox::perform_webhook_reply(&self.http, api, &reply).await;
        }
        Ok(status)
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        for child in &mut self.children {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// A loopback port free right now (bound, then released for the child to take).
fn free_port() -> anyhow::Result<SocketAddr> {
    let l = std::net::TcpListener::bind("127.0.0.1:0").context("a free loopback port")?;
    Ok(l.local_addr()?)
}
