//! The scale-out run after sell-out: fresh users press Buy on the sold-out sale, round-robin
//! over the instances, and the Redis calls those presses cost are counted (the sold-out memo
//! should leave the gate out of almost all of them).

use std::collections::BTreeMap;
use std::time::Duration;

use futures::StreamExt;

use super::traffic::press_update;
use super::{Cluster, delta, redis_calls};
use crate::sandbox::FakeBotApi;
use crate::telegram::callback::ButtonSigner;

/// What the presses after sell-out cost in Redis.
pub(super) struct AfterSoldOut {
    pub presses: u32,
    pub calls_by_command: BTreeMap<String, u64>,
}

/// `presses` fresh users (ids from `base`) press `payload` once each; waits until all are
/// answered (`answered_before` answers were given earlier) and counts Redis calls meanwhile.
#[allow(clippy::too_many_arguments)]
pub(super) async fn press_after_sold_out(
    cluster: &Cluster,
    fake: &FakeBotApi,
    redis_url: &str,
    signer: &ButtonSigner,
    payload: &str,
    base: i64,
    presses: u32,
    answered_before: usize,
) -> anyhow::Result<AfterSoldOut> {
    let now = chrono::Utc::now().timestamp();
    let mut updates = Vec::with_capacity(presses as usize);
    for i in 0..presses {
        let user = base + i64::from(i);
        let data = crate::bench::card_button(signer, user, payload, now)?;
        let query = format!("so{base}-{i}");
        updates.push(press_update(20_000_000 + i64::from(i), user, &query, &data));
    }
    let n = cluster.len().max(1);
    let before = redis_calls(redis_url).await?;
    let statuses: Vec<anyhow::Result<u16>> = futures::stream::iter(updates.into_iter().enumerate())
        .map(|(i, body)| cluster.post(i % n, body))
        .buffer_unordered(64)
        .collect()
        .await;
    let refused = statuses.iter().filter(|r| !matches!(r, Ok(200))).count();
    anyhow::ensure!(refused == 0, "{refused} webhook POSTs were not accepted");
    let target = answered_before + presses as usize;
    fake.wait_until(Duration::from_secs(120), |_| {
        fake.count_of("answercallbackquery") >= target
    })
    .await;
    let after = redis_calls(redis_url).await?;
    Ok(AfterSoldOut {
        presses,
        calls_by_command: delta(&before, &after),
    })
}
