//! What the benchmarks that run the real bot share: its configuration against the fake Bot
//! API, and the sale a run presses on (live from a second ago for 30 minutes, limit 1).

use crate::clock::{Clock, SystemClock};
use crate::config::Config;
use crate::domain::{
    Currency, Money, PerUserLimit, SaleDraft, SaleId, SaleWindow, Stock, Title, UserId,
};
use crate::store::Store;

/// Stores a live sale titled `title` with `stock` units, one per buyer; returns its id.
pub(crate) async fn live_sale(store: &Store, title: &str, stock: u32) -> anyhow::Result<SaleId> {
    let now = SystemClock.now();
    let draft = SaleDraft::new(
        Title::parse(title)?,
        vec!["bench".into()],
        Money::from_minor(100, Currency::Cny)?,
        Stock::parse(i64::from(stock))?,
        PerUserLimit::parse(1)?,
        SaleWindow::new(
            now - chrono::Duration::seconds(1),
            now + chrono::Duration::minutes(30),
        )?,
        UserId::parse(1)?,
    )?;
    Ok(store.create_sale(&draft, now).await?.id)
}

/// The bot's environment for one run: `database_url` (and `redis_url` when given), the
/// fake Bot API at `api_url`, buttons signed with `secret`, Redis keys under `prefix`;
/// everything else (limits included) at its defaults.
pub(crate) fn bot_env(
    database_url: &str,
    redis_url: Option<&str>,
    api_url: &str,
    secret: &str,
    prefix: &str,
) -> Vec<(String, String)> {
    let mut env = vec![
        ("DATABASE_URL", database_url),
        ("TELEGRAM_BOT_TOKEN", "123:BENCH"),
        ("TELEGRAM_API_URL", api_url),
        ("BUTTON_SECRET", secret),
        ("REDIS_KEY_PREFIX", prefix),
    ];
    if let Some(url) = redis_url {
        env.push(("REDIS_URL", url));
    }
    env.into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
}

/// The database a benchmark command writes to: `DATABASE_URL` when it is set explicitly,
/// else a throwaway SQLite file (never the local chat's database), removed with its WAL
/// files when this is dropped.
pub(crate) struct BenchDatabase {
    /// The URL to open.
    pub url: String,
    temp: Option<std::path::PathBuf>,
}

impl BenchDatabase {
    /// `config`'s database if `DATABASE_URL` is set, else a fresh file named for `bench`.
    pub fn for_run(config: &Config, bench: &str) -> Self {
        if std::env::var_os("DATABASE_URL").is_some() {
            return Self {
                url: config.database_url.expose().to_owned(),
                temp: None,
            };
        }
        let path =
            std::env::temp_dir().join(format!("flashsale-{bench}-{}.db", std::process::id()));
        Self {
            url: format!("sqlite://{}?mode=rwc", path.display()),
            temp: Some(path),
        }
    }
}

impl Drop for BenchDatabase {
    fn drop(&mut self) {
        if let Some(path) = &self.temp {
            for suffix in ["", "-wal", "-shm"] {
                let mut file = path.clone().into_os_string();
                file.push(suffix);
                let _ = std::fs::remove_file(file);
            }
        }
    }
}
