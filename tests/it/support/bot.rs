//! `flashsale serve` running in-process against a fake Bot API, stopped on demand.

use std::collections::HashMap;
use std::time::Duration;

use flashsale::config::Config;
use flashsale::sandbox::FakeBotApi;

/// The secret every test bot signs its buttons with.
pub const BUTTON_SECRET: &str = "a test secret that is long enough";

/// A running bot; stop it with [`RunningBot::stop`] to check that it shuts down cleanly.
pub struct RunningBot {
    stop: tokio::sync::oneshot::Sender<()>,
    task: tokio::task::JoinHandle<anyhow::Result<()>>,
}

/// The configuration of a bot run in this process on the fake Bot API over `db`: a test
/// token, then the `extra` variables (which may replace those).
pub fn config_for<'a>(fake: &FakeBotApi, db: &str, extra: &[(&'a str, String)]) -> Config {
    let mut env: HashMap<&'a str, String> = HashMap::from([
        ("DATABASE_URL", db.to_owned()),
        ("TELEGRAM_BOT_TOKEN", "123:TEST".to_owned()),
        ("TELEGRAM_API_URL", fake.url.clone()),
        // Tests count the fake's calls; `telegram_warm` turns the warm-up on.
        ("BOT_API_WARM_CONNECTIONS", "0".to_owned()),
    ]);
    env.extend(extra.iter().cloned());
    Config::from_lookup(|k| env.get(k).cloned()).expect("config")
}

/// Starts `serve` (with demo sales when `demo`) against `fake`, on the database `db`, with
/// extra environment variables on top of the token, the API URL and the button secret.
pub fn start(fake: &FakeBotApi, db: &str, demo: bool, extra: &[(&str, &str)]) -> RunningBot {
    let mut env: HashMap<String, String> = HashMap::from([
        ("DATABASE_URL".to_owned(), db.to_owned()),
        ("TELEGRAM_BOT_TOKEN".to_owned(), "123:TEST".to_owned()),
        ("TELEGRAM_API_URL".to_owned(), fake.url.clone()),
        ("BUTTON_SECRET".to_owned(), BUTTON_SECRET.to_owned()),
        // Tests count the fake's calls; `telegram_warm` turns the warm-up on.
        ("BOT_API_WARM_CONNECTIONS".to_owned(), "0".to_owned()),
    ]);
    for (k, v) in extra {
        env.insert((*k).to_owned(), (*v).to_owned());
    }
    let config = Config::from_lookup(|k| env.get(k).cloned()).expect("config");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        let http = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        flashsale::telegram::serve::serve(&config, demo, http, async {
            let _ = stopped.await;
        })
        .await
    });
    RunningBot { stop, task }
}

impl RunningBot {
    /// Asks the bot to stop and waits (up to 15 s) for a clean exit.
    pub async fn stop(self) {
        let _ = self.stop.send(());
        tokio::time::timeout(Duration::from_secs(15), self.task)
            .await
            .expect("serve stops")
            .expect("task")
            .expect("serve returned ok");
    }
}
