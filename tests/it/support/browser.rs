//! Headless Chromium for the Mini App tests: one chromedriver per test on a free loopback port,
//! driven with fantoccini; every wait is a DOM condition polled within a time bound.

use std::path::PathBuf;
use std::process::Stdio;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use axum::http::Method;
use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};
use tokio::process::{Child, Command};

/// How long any one wait for the page may take before the test fails.
pub const WAIT: Duration = Duration::from_secs(20);

/// The phone-sized viewport every screenshot is taken in (CSS pixels, ratio 1).
const VIEWPORT: (u32, u32) = (390, 700);

fn tool(var: &str, default: &str) -> Result<PathBuf> {
    let path = std::env::var_os(var).map_or_else(|| PathBuf::from(default), PathBuf::from);
    if !path.exists() {
        bail!(
            "{} not found (set {var}, or run scripts/test.sh, which installs chromium and chromium-driver)",
            path.display()
        );
    }
    Ok(path)
}

fn free_port() -> Result<u16> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    Ok(listener.local_addr()?.port())
}

/// A headless Chromium session; `close` ends it, and dropping it kills the driver's processes.
pub struct Browser {
    client: Option<Client>,
    driver: Child,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Starts chromedriver and a headless Chromium (English UI unless `lang` says otherwise).
    pub async fn start() -> Result<Self> {
        let chromium = tool("CHROMIUM", "/usr/bin/chromium")?;
        let chromedriver = tool("CHROMEDRIVER", "/usr/bin/chromedriver")?;
        let port = free_port()?;
        let mut cmd = Command::new(&chromedriver);
        cmd.arg(format!("--port={port}"))
            .arg("--allowed-ips=127.0.0.1")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .kill_on_drop(true);
        let driver = cmd.spawn().context("spawning chromedriver")?;
        let profile = tempfile::tempdir()?;
        let mut browser = Self {
            client: None,
            driver,
            _profile: profile,
        };
        let caps = json!({
            "goog:chromeOptions": {
                "binary": chromium,
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--hide-scrollbars", "--force-device-scale-factor=1", "--no-first-run",
                    "--disable-extensions", "--disable-background-networking", "--lang=en-US",
                    format!("--user-data-dir={}", browser._profile.path().display()),
                ],
                "mobileEmulation": {
                    "deviceMetrics": { "width": VIEWPORT.0, "height": VIEWPORT.1, "pixelRatio": 1.0 }
                }
            }
        });
        let Value::Object(caps) = caps else {
            bail!("capabilities are an object")
        };
        let url = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + WAIT;
        let mut builder = ClientBuilder::new(HttpConnector::new());
        builder.capabilities(caps);
        let client = loop {
            let attempt = builder.connect(&url);
            match tokio::time::timeout(WAIT, attempt).await {
                Ok(Ok(client)) => break client,
                Ok(Err(e)) if Instant::now() > deadline => bail!("chromedriver on {url}: {e}"),
                Err(_) => bail!("chromedriver on {url} did not answer within {WAIT:?}"),
                Ok(Err(_)) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        };
        browser.client = Some(client);
        Ok(browser)
    }

    fn client(&self) -> Result<&Client> {
        self.client.as_ref().context("browser already closed")
    }

    /// Runs `script` in every page this browser opens from now on, before the page's own
    /// scripts (a Telegram client's injected objects, a phone clock that is off).
    pub async fn on_every_page(&self, script: &str) -> Result<()> {
        let params = json!({ "source": script });
        self.cdp("Page.addScriptToEvaluateOnNewDocument", params)
            .await
    }

    /// Makes pages see `prefers-color-scheme: dark` (a phone in dark mode).
    pub async fn prefer_dark(&self) -> Result<()> {
        let params = json!({ "features": [{ "name": "prefers-color-scheme", "value": "dark" }] });
        self.cdp("Emulation.setEmulatedMedia", params).await
    }

    async fn cdp(&self, cmd: &'static str, params: Value) -> Result<()> {
        tokio::time::timeout(WAIT, self.client()?.issue_cmd(Cdp { cmd, params }))
            .await
            .with_context(|| format!("CDP {cmd} timed out"))??;
        Ok(())
    }

    /// Opens `url` and waits for the page's load event.
    pub async fn goto(&self, url: &str) -> Result<()> {
        tokio::time::timeout(WAIT, self.client()?.goto(url))
            .await
            .context("page load timed out")??;
        Ok(())
    }

    /// Runs `script` (a function body; `return` gives the value) in the page.
    pub async fn js(&self, script: &str) -> Result<Value> {
        let run = self.client()?.execute(script, Vec::new());
        Ok(tokio::time::timeout(WAIT, run)
            .await
            .context("script timed out")??)
    }

    /// Polls the expression `expr` until it is truthy, and returns its value; fails after
    /// [`WAIT`] naming `what` and showing the page's visible text.
    pub async fn wait_for(&self, what: &str, expr: &str) -> Result<Value> {
        self.wait_within(WAIT, what, expr).await
    }

    /// [`Browser::wait_for`] with its own bound.
    pub async fn wait_within(&self, bound: Duration, what: &str, expr: &str) -> Result<Value> {
        let deadline = Instant::now() + bound;
        let script = format!("try {{ return ({expr}); }} catch (e) {{ return null; }}");
        loop {
            let v = self.js(&script).await?;
            let truthy = match &v {
                Value::Null => false,
                Value::Bool(b) => *b,
                Value::String(s) => !s.is_empty(),
                Value::Number(n) => n.as_f64() != Some(0.0),
                _ => true,
            };
            if truthy {
                return Ok(v);
            }
            if Instant::now() > deadline {
                let text = self.text("body").await.unwrap_or_default();
                bail!("timed out after {bound:?} waiting for {what}; the page shows:\n{text}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The visible text of the first element matching the CSS `selector` ("" when none).
    pub async fn text(&self, selector: &str) -> Result<String> {
        let sel = serde_json::to_string(selector)?;
        let v = self
            .js(&format!(
                "const e = document.querySelector({sel}); return e ? e.innerText : '';"
            ))
            .await?;
        Ok(v.as_str().unwrap_or_default().to_owned())
    }

    /// Clicks the first element matching the CSS `selector`, as a user would.
    pub async fn click(&self, selector: &str) -> Result<()> {
        let deadline = Instant::now() + WAIT;
        loop {
            let find = self.client()?.find(fantoccini::Locator::Css(selector));
            let element = tokio::time::timeout(WAIT, find)
                .await
                .context("find timed out")?
                .with_context(|| format!("no element {selector}"))?;
            match tokio::time::timeout(WAIT, element.click())
                .await
                .context("click timed out")?
            {
                Ok(()) => return Ok(()),
                // The page re-rendered between finding and clicking: find it again.
                Err(e) if e.to_string().contains("stale element") && Instant::now() < deadline => {}
                Err(e) => return Err(e).with_context(|| format!("clicking {selector}")),
            }
        }
    }

    /// Types `text` into the first input matching the CSS `selector`.
    pub async fn fill(&self, selector: &str, text: &str) -> Result<()> {
        let find = self.client()?.find(fantoccini::Locator::Css(selector));
        let element = tokio::time::timeout(WAIT, find)
            .await
            .context("find timed out")?
            .with_context(|| format!("no element {selector}"))?;
        tokio::time::timeout(WAIT, element.send_keys(text))
            .await
            .context("typing timed out")??;
        Ok(())
    }

    /// Saves a screenshot as `target/miniapp-screens/<name>.png` and returns its path.
    pub async fn screenshot(&self, name: &str) -> Result<PathBuf> {
        let png = tokio::time::timeout(WAIT, self.client()?.screenshot())
            .await
            .context("screenshot timed out")??;
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/miniapp-screens");
        std::fs::create_dir_all(&dir)?;
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png)?;
        Ok(path)
    }

    /// Ends the browser session (Chromium quits) and the driver.
    pub async fn close(mut self) -> Result<()> {
        if let Some(client) = self.client.take() {
            let _ = tokio::time::timeout(WAIT, client.close()).await;
        }
        Ok(())
    }
}

/// A Chrome DevTools command sent through chromedriver's `goog/cdp/execute`.
#[derive(Debug)]
struct Cdp {
    cmd: &'static str,
    params: Value,
}

impl WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!(
            "session/{}/goog/cdp/execute",
            session.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _url: &url::Url) -> (Method, Option<String>) {
        let body = json!({ "cmd": self.cmd, "params": self.params });
        (Method::POST, Some(body.to_string()))
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // chromedriver leads its own process group, Chromium included: end them all, by that id.
        if let Some(pid) = self.driver.id() {
            let _ = std::process::Command::new("kill")
                .args(["-KILL", "--", &format!("-{pid}")])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
        }
    }
}
