//! The bot a benchmark measures, as its own `flashsale serve` process (long polling the
//! fake Bot API): its memory is its own, apart from the fake and the load generator, and
//! its counters are read from its `/metrics`.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};

/// A running `serve` child; killed if dropped before [`BotProcess::stop`].
pub struct BotProcess {
    child: Child,
    addr: std::net::SocketAddr,
    metrics_url: String,
    http: reqwest::Client,
}

impl BotProcess {
    /// Starts `exe serve` with exactly `env` (plus its own loopback HTTP port and the
    /// caller's `RUST_LOG`, else warnings only).
    pub fn start(exe: &Path, env: &[(String, String)]) -> anyhow::Result<Self> {
        Self::start_as(exe, "serve", env)
    }

    /// Starts `exe <subcommand>` the way [`BotProcess::start`] starts `serve`.
    pub fn start_as(
        exe: &Path,
        subcommand: &str,
        env: &[(String, String)],
    ) -> anyhow::Result<Self> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .context("a free loopback port for the bot")?;
        let log = std::env::var("RUST_LOG").unwrap_or_else(|_| "warn".to_owned());
        let child = Command::new(exe)
            .arg(subcommand)
            .env_clear()
            .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .env("HTTP_ADDR", port.to_string())
            .env("RUST_LOG", log)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .spawn()
            .with_context(|| format!("starting {} {subcommand}", exe.display()))?;
        Ok(Self {
            child,
            addr: port,
            metrics_url: format!("http://{port}/metrics"),
            http: reqwest::Client::new(),
        })
    }

    /// The process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The loopback address the process serves HTTP on (`HTTP_ADDR`).
    pub fn http_addr(&self) -> std::net::SocketAddr {
        self.addr
    }

    /// Whether the process still runs.
    pub fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// The value of the counter `name` (no labels) on the bot's `/metrics`; 0 when it has
    /// not been counted yet or the port does not answer.
    pub async fn counter(&self, name: &str) -> u64 {
        let Ok(response) = self.http.get(&self.metrics_url).send().await else {
            return 0;
        };
        let text = response.text().await.unwrap_or_default();
        crate::metrics::counter_in(&text, name)
    }

    /// The process's peak resident memory so far, in MB (`VmHWM`; 0 off Linux).
    pub fn rss_peak_mb(&self) -> f64 {
        super::fairness_report::vm_hwm_mb_of(&format!("/proc/{}/status", self.child.id()))
    }

    /// Asks the bot to stop (SIGTERM: it finishes what it holds and flushes its orders) and
    /// waits up to `within` for it to exit.
    pub async fn stop(mut self, within: Duration) -> anyhow::Result<()> {
        let pid = self.child.id().to_string();
        let _ = Command::new("kill").args(["-TERM", &pid]).status();
        let deadline = Instant::now() + within;
        loop {
            if let Some(status) = self.child.try_wait().context("waiting for the bot")? {
                if !status.success() {
                    bail!("the bot exited with {status}");
                }
                return Ok(());
            }
            if Instant::now() >= deadline {
                bail!("the bot did not stop within {within:?}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

impl Drop for BotProcess {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::metrics::counter_in;

    #[test]
    fn a_counter_is_read_by_its_exact_name() {
        let page = "# TYPE flashsale_updates_shed_total counter\n\
                    flashsale_updates_shed_total_x 9\n\
                    flashsale_updates_shed_total 1234\n\
                    flashsale_button_refusals_total{reason=\"early\"} 3\n";
        assert_eq!(counter_in(page, "flashsale_updates_shed_total"), 1234);
        assert_eq!(
            counter_in(page, "flashsale_button_refusals_total{reason=\"early\"}"),
            3
        );
        assert_eq!(counter_in(page, "flashsale_other_total"), 0);
    }
}
