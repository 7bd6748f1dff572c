//! The scale-out run's traffic: a Buy press as Telegram posts it, the run's sale, and one
//! user hammering every instance with messages to test the shared rate limit.

use std::time::{Duration, Instant};

use chrono::Utc;
use serde_json::json;

use super::{Cluster, ScaleSettings};
use crate::sandbox::FakeBotApi;

/// The English "slow down" reply (`limit-slow-down`).
const SLOW_DOWN: &str = "going a little fast";

/// One user sends `hammer` messages round-robin over the instances, one after another;
/// returns (answered normally, told to slow down, the shared allowance for that time).
pub(super) async fn hammer(
    s: &ScaleSettings,
    cluster: &Cluster,
    fake: &FakeBotApi,
    base: i64,
) -> anyhow::Result<(u64, u64, u64)> {
    let user = base - 1;
    let started = Instant::now();
    for i in 0..s.hammer {
        let update = json!({"update_id": 10_000_000 + i64::from(i), "message": {
            "message_id": i + 1, "date": Utc::now().timestamp(),
            "chat": {"id": user, "type": "private", "first_name": "Hammer"},
            "from": {"id": user, "is_bot": false, "first_name": "Hammer", "language_code": "en"},
            "text": "/help"}});
        let status = cluster.post(i as usize, update.to_string()).await?;
        anyhow::ensure!(status == 200, "hammer POST refused: {status}");
    }
    let elapsed = started.elapsed().as_secs_f64();
    // Every message was either answered or silently dropped: wait until answers stop coming.
    let to_user = |c: &crate::sandbox::Call| {
        c.method == "sendmessage" && c.body["chat_id"].as_i64() == Some(user)
    };
    let mut seen = usize::MAX;
    loop {
        tokio::time::sleep(Duration::from_millis(500)).await;
        let now = fake.calls().iter().filter(|c| to_user(c)).count();
        if now == seen {
            break;
        }
        seen = now;
    }
    let texts: Vec<String> = fake
        .calls()
        .iter()
        .filter(|c| to_user(c))
        .map(|c| c.body["text"].as_str().unwrap_or_default().to_owned())
        .collect();
    let told = texts.iter().filter(|t| t.contains(SLOW_DOWN)).count() as u64;
    let answered = texts.len() as u64 - told;
    let refill = (elapsed * f64::from(s.messages_per_min) / 60.0).ceil() as u64;
    Ok((answered, told, u64::from(s.messages_per_min) + refill))
}

/// A callback query update as Telegram posts it.
pub(crate) fn press_update(id: i64, user: i64, query: &str, data: &str) -> String {
    json!({"update_id": id, "callback_query": {
        "id": query, "chat_instance": "ci",
        "from": {"id": user, "is_bot": false, "first_name": "Buyer", "language_code": "en"},
        "message": {"message_id": 7, "date": Utc::now().timestamp(),
            "chat": {"id": user, "type": "private", "first_name": "Buyer"},
            "from": {"id": 1, "is_bot": true, "first_name": "flashsale"}, "text": "card"},
        "data": data}})
    .to_string()
}
