//! `/stats <sale>`: a PNG chart of a sale's units sold over time and the stock left, drawn
//! with labels in the asker's language; merchants for their own sales, admins for any.

use crate::app::failure::Failure;
use crate::app::inbound::Document;
use crate::app::merchant::Merchant;
use crate::app::merchant::commands::StaffCall;
use crate::app::or_answer;
use crate::app::turn::answer::Answer;
use crate::chart::{SaleChart, draw_sale_chart};
use crate::i18n::Msg;
use crate::store::SalesBucket;

/// Most bars one chart shows; longer sales get wider buckets.
const MAX_BARS: i64 = 120;
/// Bucket widths, in seconds, from finest to coarsest.
const BUCKETS: [i64; 16] = [
    1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21_600, 86_400,
];

/// The finest bucket (seconds) that shows `span_ms` in at most [`MAX_BARS`] bars.
pub(crate) fn bucket_secs(span_ms: i64) -> i64 {
    let span_secs = span_ms.max(0) / 1000 + 1;
    BUCKETS
        .iter()
        .copied()
        .find(|b| (span_secs + b - 1) / b <= MAX_BARS)
        .unwrap_or_else(|| (span_secs + MAX_BARS - 1) / MAX_BARS)
}

/// Units per bucket with empty buckets as zeros, for `bars` buckets.
pub(crate) fn dense(buckets: &[SalesBucket], bars: usize) -> Vec<u32> {
    let mut units = vec![0u32; bars];
    for b in buckets {
        if let Some(slot) = usize::try_from(b.index).ok().and_then(|i| units.get_mut(i)) {
            *slot = slot.saturating_add(u32::try_from(b.units).unwrap_or(u32::MAX));
        }
    }
    units
}

/// Longest product name a chart title shows, in characters; longer ones end in "…".
const TITLE_CHARS: usize = 40;

/// The product name as the chart title shows it: at most [`TITLE_CHARS`] characters.
pub(crate) fn chart_title(title: &str) -> String {
    if title.chars().count() <= TITLE_CHARS {
        return title.to_owned();
    }
    let mut short: String = title.chars().take(TITLE_CHARS - 1).collect();
    short.push('…');
    short
}

impl Merchant {
    /// `/stats <sale>`: the chart as a PNG with a one-line summary, or why not.
    pub(crate) async fn sale_stats(&self, call: StaffCall<'_>) -> Result<Answer, Failure> {
        let StaffCall { turn, staff, args } = call;
        let sale = or_answer!(self.managed_sale(staff, args, "stats-usage").await?);
        let id = sale.id;
        let span = match self.store.order_span(id).await {
            Ok(Some(span)) => span,
            Ok(None) => {
                // No pending or paid order: say whether there were orders that all lapsed.
                let lapsed = self
                    .store
                    .orders_for_sale(id)
                    .await
                    .map_err(|e| Failure::new("orders not read", e).sale(id))?
                    .len();
                let key = if lapsed > 0 {
                    "stats-all-lapsed"
                } else {
                    "stats-no-orders"
                };
                return Ok(Answer::new(
                    Msg::new(key)
                        .arg("sale", id.get())
                        .arg("title", sale.draft.title.as_str())
                        .arg("count", i64::try_from(lapsed).unwrap_or(i64::MAX)),
                ));
            }
            Err(e) => return Err(Failure::new("order times not read", e).sale(id)),
        };
        let origin = sale.draft.window.starts_at().min(span.0);
        let span_ms = (span.1 - origin).num_milliseconds();
        let bucket = bucket_secs(span_ms);
        let (buckets, counts) = tokio::try_join!(
            self.store.sales_per_bucket(id, origin, bucket * 1000),
            self.store.sale_counts(id)
        )
        .map_err(|e| Failure::new("sales per bucket not read", e).sale(id))?;
        let bars = usize::try_from(span_ms.max(0) / 1000 / bucket + 1).unwrap_or(1);
        let sold = dense(&buckets, bars);
        let render = |msg: Msg| self.texts.render(turn.locale, &msg);
        let chart = SaleChart {
            title: render(
                Msg::new("stats-chart-title")
                    .arg("sale", id.get())
                    .arg("title", chart_title(sale.draft.title.as_str())),
            ),
            x_label: render(Msg::new("stats-chart-x")),
            sold_label: render(Msg::new("stats-chart-y-sold").arg("bucket", bucket)),
            left_label: render(Msg::new("stats-chart-y-left")),
            legend_sold: render(Msg::new("stats-chart-legend-sold")),
            legend_left: render(Msg::new("stats-chart-legend-left")),
            bucket_secs: u32::try_from(bucket).unwrap_or(u32::MAX),
            sold,
            stock: counts.stock,
        };
        let png = tokio::task::spawn_blocking(move || draw_sale_chart(&chart))
            .await
            .map_err(|e| Failure::new("chart task failed", e).sale(id))?
            .map_err(|e| Failure::new("chart not drawn", e).sale(id))?;
        let sources = self.source_lines(id).await?;
        let units: i64 = buckets.iter().map(|b| b.units).sum();
        let orders: i64 = buckets.iter().map(|b| b.orders).sum();
        tracing::info!(
            user = staff.user.get(),
            sale = id.get(),
            bucket_secs = bucket,
            bars,
            "sales chart drawn"
        );
        Ok(Answer::new(
            Msg::new("stats-caption")
                .arg("sale", id.get())
                .arg("title", sale.draft.title.as_str())
                .arg("units", units)
                .arg("orders", orders)
                .arg(
                    "span",
                    crate::domain::Span::of(chrono::Duration::milliseconds(span_ms.max(0))),
                )
                .arg(
                    "bucket",
                    crate::domain::Span::of(chrono::Duration::seconds(bucket)),
                ),
        )
        .lines(sources)
        .with_document(Document {
            file_name: format!("sale-{id}-stats.png"),
            bytes: png,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_sales_get_one_second_bars_and_long_ones_coarser_bars() {
        assert_eq!(bucket_secs(0), 1);
        assert_eq!(bucket_secs(119_000), 1);
        assert_eq!(bucket_secs(120_000), 2);
        assert_eq!(bucket_secs(3_600_000), 60);
        assert_eq!(bucket_secs(30 * 86_400_000), 86_400);
        assert_eq!(bucket_secs(365 * 86_400_000 - 1000), 262_800);
    }

    #[test]
    fn long_product_names_are_shortened_for_the_chart_title() {
        assert_eq!(chart_title("AirPods Pro"), "AirPods Pro");
        let long = "飞".repeat(50);
        let short = chart_title(&long);
        assert_eq!(short.chars().count(), TITLE_CHARS);
        assert!(short.ends_with('…'));
    }

    #[test]
    fn missing_buckets_become_zeros_and_strays_are_dropped() {
        let b = |index, units| SalesBucket {
            index,
            units,
            orders: 1,
        };
        assert_eq!(
            dense(&[b(0, 3), b(2, 1), b(7, 9), b(-1, 4)], 4),
            vec![3, 0, 1, 0]
        );
    }
}
