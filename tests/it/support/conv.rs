//! A bot for conversation tests: its own SQLite file, a manual clock, the real wiring.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{Duration, Utc};
use flashsale::app::{ChatId, Content, Inbound, Reply, Wired};
use flashsale::clock::{Clock, ManualClock};
use flashsale::config::Config;
use flashsale::domain::{
    Currency, Money, PerUserLimit, RequestId, SaleDraft, SaleId, SaleWindow, Stock, Title, UserId,
};
use flashsale::store::Store;

static NEXT: AtomicU64 = AtomicU64::new(1);

/// A SQLite file of its own in the temp directory, removed when dropped.
pub struct TempDb {
    path: std::path::PathBuf,
}

impl TempDb {
    /// A fresh, unique file name.
    pub fn new() -> Self {
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let nanos = Utc::now().timestamp_nanos_opt().unwrap_or_default();
        let path = std::env::temp_dir().join(format!(
            "flashsale-conv-{}-{n}-{nanos}.db",
            std::process::id()
        ));
        Self { path }
    }

    /// Its `DATABASE_URL`.
    pub fn url(&self) -> String {
        format!("sqlite://{}?mode=rwc", self.path.display())
    }
}

impl Drop for TempDb {
    fn drop(&mut self) {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let mut name = self.path.clone().into_os_string();
            name.push(suffix);
            let _ = std::fs::remove_file(name);
        }
    }
}

pub use crate::support::t0;

/// Runs the `flashsale` binary on `db` with `args` (none: the terminal chat), in `cwd` when
/// given and with `LANG=lang`, types `lines`, closes stdin and returns (stdout, exit ok).
pub fn run_terminal_chat(
    db: &TempDb,
    cwd: Option<&std::path::Path>,
    args: &[&str],
    lang: &str,
    lines: &[&str],
) -> (String, bool) {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut command = Command::new(env!("CARGO_BIN_EXE_flashsale"));
    if let Some(dir) = cwd {
        command.current_dir(dir);
    }
    let mut child = command
        .args(args)
        .env("DATABASE_URL", db.url())
        .env("LANG", lang)
        .env_remove("REDIS_URL")
        .env_remove("RUST_LOG")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the flashsale binary starts");
    let mut stdin = child.stdin.take().expect("stdin is piped");
    stdin
        .write_all(format!("{}\n", lines.join("\n")).as_bytes())
        .expect("typed");
    drop(stdin);
    let output = child.wait_with_output().expect("the chat ends");
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        output.status.success(),
    )
}

/// The assistant under test and handles on its clock and store.
pub struct Bot {
    pub wired: Wired,
    db: TempDb,
    pub clock: Arc<ManualClock>,
    pub store: Store,
    requests: AtomicU64,
}

/// Builds a bot on its own database with the clock at [`t0`].
pub async fn bot() -> Bot {
    bot_with(&[]).await
}

/// Like [`bot`], with extra configuration (e.g. `ADMIN_IDS`).
pub async fn bot_with(extra: &[(&str, &str)]) -> Bot {
    bot_from(t0(), extra).await
}

/// Like [`bot_with`], with the clock at `start`.
pub async fn bot_from(start: chrono::DateTime<Utc>, extra: &[(&str, &str)]) -> Bot {
    let db = TempDb::new();
    let url = db.url();
    // Conversations, not rate limits, are under test here (see telegram_limits).
    let given = |k: &str| {
        extra
            .iter()
            .find(|(name, _)| *name == k)
            .map(|(_, v)| v.to_string())
    };
    let config = Config::from_lookup(|k| match k {
        "DATABASE_URL" => Some(url.clone()),
        "LIMIT_MESSAGES_PER_MIN" => given(k).or(Some("100000".into())),
        "LIMIT_BUY_BURST" => given(k).or(Some("1000".into())),
        _ => given(k),
    })
    .unwrap();
    let clock = Arc::new(ManualClock::new(start));
    let wired = Wired::build(&config, clock.clone() as Arc<dyn Clock>)
        .await
        .unwrap();
    Bot {
        store: wired.store.clone(),
        wired,
        db,
        clock,
        requests: AtomicU64::new(1),
    }
}

/// The default customer.
pub fn alice() -> UserId {
    UserId::parse(501).unwrap()
}

impl Bot {
    /// The `DATABASE_URL` of this bot's store.
    pub fn database_url(&self) -> String {
        self.db.url()
    }

    /// Creates a CNY sale starting `starts_in` from now and lasting `lasts`.
    pub async fn sale(
        &self,
        title: &str,
        keywords: &[&str],
        stock: i64,
        limit: i64,
        starts_in: Duration,
        lasts: Duration,
    ) -> SaleId {
        let now = self.clock.now();
        let draft = SaleDraft::new(
            Title::parse(title).unwrap(),
            keywords.iter().map(|k| k.to_string()).collect(),
            Money::from_minor(129_900, Currency::Cny).unwrap(),
            Stock::parse(stock).unwrap(),
            PerUserLimit::parse(limit).unwrap(),
            SaleWindow::new(now + starts_in, now + starts_in + lasts).unwrap(),
            UserId::parse(1).unwrap(),
        )
        .unwrap();
        self.store.create_sale(&draft, now).await.unwrap().id
    }

    /// A live AirPods sale (stock 50, limit 5) that ends in an hour.
    pub async fn live_airpods(&self) -> SaleId {
        self.sale(
            "AirPods Pro 2 无线耳机",
            &["airpods", "耳机"],
            50,
            5,
            Duration::minutes(-5),
            Duration::minutes(65),
        )
        .await
    }

    /// A live Kindle sale (stock 10, limit 2), started a minute ago, for an hour.
    pub async fn live_kindle(&self) -> SaleId {
        self.sale(
            "Kindle Paperwhite",
            &["kindle"],
            10,
            2,
            Duration::minutes(-1),
            Duration::hours(1),
        )
        .await
    }

    /// What `user` typing `text` in English gets back, as one string.
    pub async fn says(&self, text: &str) -> String {
        join(
            &self
                .send(alice(), Some("en"), Content::Text(text.into()))
                .await,
        )
    }

    /// Sends one message or button with a fresh request id.
    pub async fn send(&self, user: UserId, lang: Option<&str>, content: Content) -> Vec<Reply> {
        let n = self.requests.fetch_add(1, Ordering::Relaxed);
        self.send_with(user, lang, content, &format!("t-{n}")).await
    }

    /// Sends one message or button with a given request id.
    pub async fn send_with(
        &self,
        user: UserId,
        lang: Option<&str>,
        content: Content,
        request: &str,
    ) -> Vec<Reply> {
        self.wired
            .assistant
            .handle(Inbound {
                chat: ChatId(user.get()),
                user,
                language_code: lang.map(str::to_owned),
                content,
                request: RequestId::parse(request).unwrap(),
            })
            .await
    }

    /// Presses the button labelled with `label_part` from `replies`.
    pub async fn press(&self, replies: &[Reply], label_part: &str) -> String {
        let payload = payload_of(replies, label_part);
        join(
            &self
                .send(alice(), Some("en"), Content::Button(payload))
                .await,
        )
    }
}

/// The payload of the button labelled with `label_part` in `replies`, which must have one.
pub fn payload_of(replies: &[Reply], label_part: &str) -> String {
    replies
        .iter()
        .flat_map(|r| &r.buttons)
        .find(|b| b.label.contains(label_part))
        .unwrap_or_else(|| panic!("no button {label_part:?} in {replies:?}"))
        .payload
        .clone()
}

/// All reply texts and button labels, one per line.
pub fn join(replies: &[Reply]) -> String {
    replies
        .iter()
        .map(|r| {
            let buttons: Vec<String> = r.buttons.iter().map(|b| format!("[{}]", b.label)).collect();
            format!("{}\n{}", r.text, buttons.join(" "))
        })
        .collect::<Vec<_>>()
        .join("\n")
}
