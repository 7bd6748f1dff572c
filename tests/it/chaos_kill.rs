//! Fault: `kill -9` of the real `flashsale serve` process in the middle of a 5,000-buyer
//! stampede (Redis gate, PostgreSQL), then a restart. Telegram redelivers what the dead
//! process never confirmed. Every buyer told "won" must have an order row, no unit may be
//! sold twice, and `flashsale reconcile` must come out clean without `--repair`: units the
//! crash left reserved without a row are counted, and the restarted bot gives them back.

use std::collections::{HashMap, HashSet};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use chrono::Utc;
use flashsale::app::Action;
use flashsale::domain::{Currency, Money, SaleId, UserId};
use flashsale::store::Store;
use flashsale::telegram::callback::ButtonSigner;
use serde_json::{Value, json};

use crate::support::bot::BUTTON_SECRET;
use crate::support::chaos::{Tally, runs};
use crate::support::db::fresh_postgres_url;
use crate::support::fake_bot::{self, Call, FakeBotApi};
use crate::support::{gates, real_time_sale, unique};

const BUYERS: i64 = 5_000;
const STOCK: u32 = 500;
const WON: &str = "You got it";

/// The bot as a child process; killed (SIGKILL) when dropped.
struct BotProcess(Child);

impl Drop for BotProcess {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn flashsale(env: &[(&str, String)]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_flashsale"));
    cmd.env_remove("WEBHOOK_URL")
        .env("RUST_LOG", "warn,sqlx=error");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd
}

fn spawn_bot(env: &[(&str, String)]) -> BotProcess {
    // CHAOS_BOT_LOG=FILE keeps the bot's log for a post-mortem.
    let log = std::env::var("CHAOS_BOT_LOG")
        .ok()
        .and_then(|p| {
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(p)
                .ok()
        })
        .map_or_else(Stdio::null, Stdio::from);
    let child = flashsale(env)
        .arg("serve")
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .expect("start flashsale serve");
    BotProcess(child)
}

fn reconcile(env: &[(&str, String)], repair: bool) -> (Output, Vec<Value>) {
    let mut cmd = flashsale(env);
    cmd.args(["reconcile", "--json"]);
    if repair {
        cmd.arg("--repair");
    }
    let out = cmd.output().expect("run flashsale reconcile");
    let lines = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    (out, lines)
}

fn answered(fake: &FakeBotApi) -> HashMap<String, Vec<Call>> {
    let mut by_query: HashMap<String, Vec<Call>> = HashMap::new();
    for c in fake.calls_of("answercallbackquery") {
        let q = c.body["callback_query_id"].as_str().unwrap_or_default();
        by_query.entry(q.to_owned()).or_default().push(c);
    }
    by_query
}

/// Waits (bounded) until `n` distinct presses have an answer.
async fn wait_answers(fake: &FakeBotApi, n: usize, within: Duration) {
    let deadline = Instant::now() + within;
    while answered(fake).len() < n {
        assert!(
            Instant::now() < deadline,
            "only {} of {n} presses answered",
            answered(fake).len()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A press as Telegram redelivers it: the same update id and callback query id.
fn redelivery(update: i64, user: i64, query: &str, data: &str) -> Value {
    json!({"update_id": update, "callback_query": {
        "id": query, "chat_instance": "ci",
        "from": {"id": user, "is_bot": false, "first_name": "Buyer", "language_code": "en"},
        "message": {"message_id": 7, "date": 0, "text": "card",
                    "chat": {"id": user, "type": "private", "first_name": "Buyer"},
                    "from": {"id": 123, "is_bot": true, "first_name": "flashsale"}},
        "data": data}})
}

async fn one_run(run: u32) {
    let started = Instant::now();
    let fake = fake_bot::start().await;
    let db = fresh_postgres_url("chaos_kill").await;
    let store = Store::open(&db, 2).await.expect("store");
    let price = Money::from_minor(59_900, Currency::Cny).expect("price");
    let sale = real_time_sale(
        &store,
        "Kill Switch",
        price,
        STOCK,
        1,
        chrono::Duration::seconds(-1),
    )
    .await;
    let env = [
        ("DATABASE_URL", db.clone()),
        ("REDIS_URL", gates::redis_url()),
        ("REDIS_KEY_PREFIX", format!("{}:", unique("fs-chaos-kill"))),
        ("TELEGRAM_BOT_TOKEN", "123:TEST".to_owned()),
        ("TELEGRAM_API_URL", fake.url.clone()),
        ("BUTTON_SECRET", BUTTON_SECRET.to_owned()),
        ("HTTP_ADDR", "127.0.0.1:0".to_owned()),
    ];
    let signer = ButtonSigner::new(BUTTON_SECRET.as_bytes());
    let mut presses = press_all(&fake, &signer, sale, 100_000, BUYERS);

    let bot = spawn_bot(&env);
    wait_answers(&fake, BUYERS as usize / 10, Duration::from_secs(180)).await;
    drop(bot); // kill -9, mid-stampede

    // With the process dead, drift is exactly the units it left reserved without a row.
    let stranded = stranded_units(&env);

    // Telegram redelivers every update the dead process fetched but never confirmed: the
    // unanswered ones, and (offsets are confirmed a batch late) the last answered batch.
    let before = answered(&fake);
    let mut recent: Vec<(&Call, usize)> = Vec::new();
    for (i, p) in presses.iter().enumerate() {
        if let Some(calls) = before.get(&p.2) {
            recent.push((&calls[0], i));
        }
    }
    recent.sort_by_key(|(c, _)| std::cmp::Reverse(c.at));
    let mut again: HashSet<usize> = recent.iter().take(100).map(|(_, i)| *i).collect();
    for (i, p) in presses.iter().enumerate() {
        if fake.handed_at(&p.2).is_some() && !before.contains_key(&p.2) {
            again.insert(i);
        }
    }
    for i in &again {
        let (update, user, query, data) = &presses[*i];
        fake.push_update(redelivery(*update, *user, query, data));
    }
    let bot = spawn_bot(&env);
    wait_answers(&fake, presses.len(), Duration::from_secs(240)).await;

    // The restarted bot gives stranded units back after its grace period, by itself; then
    // reconcile is clean and a second wave of buyers can buy them.
    wait_reconciled(&env, Duration::from_secs(120)).await;
    let late = i64::from(u32::try_from(stranded).unwrap_or(STOCK)) + 100;
    presses.extend(press_all(&fake, &signer, sale, 200_000, late));
    wait_answers(&fake, presses.len(), Duration::from_secs(120)).await;
    drop(bot);

    // What buyers were told against what the store holds.
    let answers = answered(&fake);
    let orders = store.orders_for_sale(sale).await.expect("orders");
    let mut units: HashMap<i64, u64> = HashMap::new();
    for o in &orders {
        *units.entry(o.buyer.get()).or_default() += u64::from(o.quantity.get());
    }
    let mut told_won = 0;
    let mut lost = 0;
    let mut won_twice = 0;
    for (_, user, query, _) in &presses {
        let wins = answers.get(query).map_or(0, |cs| {
            cs.iter()
                .filter(|c| c.body["text"].as_str().unwrap_or("").contains(WON))
                .count() as u64
        });
        told_won += u64::from(wins > 0);
        lost += u64::from(wins > 0 && !units.contains_key(user));
        won_twice += wins.saturating_sub(1);
    }
    let sold: u64 = units.values().sum();
    let over_limit: u64 = units.values().map(|u| u.saturating_sub(1)).sum();
    let tally = Tally {
        scenario: "kill-9-bot".into(),
        run,
        stock: u64::from(STOCK),
        sold,
        oversold: sold.saturating_sub(u64::from(STOCK)),
        lost,
        duplicates: over_limit + won_twice,
        told_won,
        try_again: 0,
        stranded,
        unnotified: 0,
        secs: started.elapsed().as_secs_f64(),
    };
    tally.record_and_check();
    assert_eq!(
        sold,
        u64::from(STOCK),
        "every unit sold in the end: {tally:?}"
    );
    let (out, drifts) = reconcile(&env, false);
    assert!(out.status.success(), "reconcile is clean: {drifts:?}");
    store.close().await;
}

/// `n` users from `first` press a Buy button signed for them.
fn press_all(
    fake: &FakeBotApi,
    signer: &ButtonSigner,
    sale: SaleId,
    first: i64,
    n: i64,
) -> Vec<(i64, i64, String, String)> {
    (first..first + n)
        .map(|user| {
            let data = signer
                .sign_fresh(
                    UserId::parse(user).expect("user"),
                    &Action::Buy(sale, 1).payload(),
                    Utc::now().timestamp(),
                )
                .expect("button fits");
            let query = format!("k-{user}");
            let update = fake.press(user, &query, &data);
            (update, user, query, data)
        })
        .collect()
}

/// Units the gate holds beyond what the store's orders account for, asserting the drift is
/// only ever that way round (undersell, never a gate offering units the store lacks).
fn stranded_units(env: &[(&str, String)]) -> u64 {
    let (_, drifts) = reconcile(env, false);
    assert_eq!(drifts.len(), 1, "one sale checked: {drifts:?}");
    let mut stranded = 0;
    for d in &drifts {
        let gate = d["gate_remaining"].as_u64();
        let store_rem = d["store_remaining"].as_u64().unwrap_or(0);
        assert!(
            gate.is_none_or(|g| g <= store_rem),
            "the gate never offers more than the store has: {d}"
        );
        assert_eq!(d["store_counter_mismatch"], false, "{d}");
        stranded += gate.map_or(0, |g| store_rem - g);
    }
    stranded
}

/// Runs `flashsale reconcile` until it reports no drift (bounded).
async fn wait_reconciled(env: &[(&str, String)], within: Duration) {
    let deadline = Instant::now() + within;
    loop {
        let (out, drifts) = reconcile(env, false);
        if out.status.success() {
            return;
        }
        assert!(Instant::now() < deadline, "still drifted: {drifts:?}");
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_mid_stampede_then_restart_loses_no_winner_sells_no_unit_twice_and_reconciles() {
    for run in 1..=runs() {
        one_run(run).await;
    }
}
