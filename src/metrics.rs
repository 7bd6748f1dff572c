//! Prometheus metrics: one recorder per process (installed on first use), rendered at
//! `/metrics`. Names: `flashsale_buy_outcomes_total{outcome}`, `flashsale_gate_seconds`,
//! `flashsale_order_batch_size`, `flashsale_order_commit_seconds`,
//! `flashsale_limit_refusals_total{limit}`, `flashsale_outbox_sends_total{outcome}`,
//! `flashsale_telegram_errors_total{error}`, `flashsale_countdown_edits_total{result}`,
//! `flashsale_updates_total{kind}`, `flashsale_updates_shed_total`,
//! `flashsale_button_refusals_total{reason}`,
//! `flashsale_captcha_total{outcome}`, `flashsale_alerts_total{kind}`.

use std::sync::OnceLock;

use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();

/// Latency buckets (seconds) from 50 µs to 5 s.
const SECONDS: [f64; 14] = [
    0.000_05, 0.000_1, 0.000_25, 0.000_5, 0.001, 0.002_5, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0,
    5.0,
];
/// Batch-size buckets.
const SIZES: [f64; 10] = [1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0, 256.0, 512.0];

/// The process's metrics, installing the recorder the first time; `None` if another
/// recorder was installed first (metrics then go there).
pub fn handle() -> Option<PrometheusHandle> {
    HANDLE
        .get_or_init(|| {
            let builder = PrometheusBuilder::new()
                .set_buckets_for_metric(Matcher::Suffix("_seconds".into()), &SECONDS)
                .and_then(|b| b.set_buckets_for_metric(Matcher::Suffix("_size".into()), &SIZES));
            match builder.and_then(|b| b.install_recorder()) {
                Ok(h) => Some(h),
                Err(e) => {
                    tracing::warn!(error = %e, "metrics recorder not installed");
                    None
                }
            }
        })
        .clone()
}

/// Counts one refused button press by `reason` (`flashsale_button_refusals_total`): malformed,
/// oversized, forged, foreign (someone else's), expired, early (minted before the start),
/// replayed, unknown (signed by us but not understood).
pub fn button_refused(reason: &'static str) {
    metrics::counter!("flashsale_button_refusals_total", "reason" => reason).increment(1);
}

/// The counter of updates dropped unanswered because their user is refused right now.
pub const UPDATES_SHED: &str = "flashsale_updates_shed_total";

/// One update dropped unanswered because its user is refused right now.
pub fn update_shed() {
    metrics::counter!(UPDATES_SHED).increment(1);
}

/// The counter of presses answered in the webhook's HTTP response (no call of their own).
pub const PRESSES_ANSWERED_IN_RESPONSE: &str = "flashsale_presses_answered_in_response_total";

/// Counts a press answered in the webhook's HTTP response.
pub fn press_answered_in_response() {
    metrics::counter!(PRESSES_ANSWERED_IN_RESPONSE).increment(1);
}

/// The counter of webhook requests refused for a wrong or missing secret.
pub const WEBHOOK_REFUSED: &str = "flashsale_webhook_refused_total";

/// One webhook request refused for a wrong or missing secret (its body left unread).
pub fn webhook_refused() {
    metrics::counter!(WEBHOOK_REFUSED).increment(1);
}

/// The value of the counter `series` (its name, with its labels if it has any, as
/// rendered: `name{label="value"}`) in a Prometheus text page; 0 when absent.
pub fn counter_in(page: &str, series: &str) -> u64 {
    page.lines()
        .filter_map(|l| l.strip_prefix(series))
        .find_map(|rest| rest.strip_prefix(' '))
        .and_then(|v| v.trim().parse::<f64>().ok())
        .map_or(0, |v| v as u64)
}

/// The value of the counter `series` in this process so far (see [`counter_in`]).
pub fn counter(series: &str) -> u64 {
    handle().map_or(0, |h| counter_in(&h.render(), series))
}

/// Samples the gauges that need the store (outbox depth, running countdowns) every
/// `every`.
pub struct GaugeSampler {
    store: crate::store::Store,
    every: std::time::Duration,
}

impl GaugeSampler {
    /// A sampler reading `store` every `every`.
    pub fn new(store: crate::store::Store, every: std::time::Duration) -> Self {
        Self { store, every }
    }
}

#[async_trait::async_trait]
impl crate::worker::Worker for GaugeSampler {
    fn name(&self) -> &'static str {
        "metrics sampling"
    }

    async fn step(&self) -> anyhow::Result<crate::worker::Pass> {
        match self.store.outbox_counts(None).await {
            Ok(c) => metrics::gauge!("flashsale_outbox_pending").set(f64::from(c.pending)),
            Err(e) => tracing::debug!(error = %e, "outbox depth not sampled"),
        }
        match self.store.countdowns_running().await {
            Ok(n) => metrics::gauge!("flashsale_countdowns_running").set(n as f64),
            Err(e) => tracing::debug!(error = %e, "countdowns not counted"),
        }
        Ok(crate::worker::Pass::Idle)
    }

    fn period(&self) -> std::time::Duration {
        self.every
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counters_and_histograms_show_up_in_the_rendering() {
        let Some(h) = handle() else {
            panic!("the recorder installs in a fresh test process");
        };
        metrics::counter!("flashsale_buy_outcomes_total", "outcome" => "sold_out").increment(2);
        metrics::histogram!("flashsale_gate_seconds").record(0.000_3);
        let text = h.render();
        assert!(
            text.contains("flashsale_buy_outcomes_total{outcome=\"sold_out\"} 2"),
            "{text}"
        );
        assert!(text.contains("flashsale_gate_seconds_bucket"), "{text}");
    }
}
