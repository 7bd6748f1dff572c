//! A sale's chart: units sold per time bucket (bars, left axis) and the stock left after
//! each bucket (line, right axis), with labels already rendered in the reader's language.

use plotters::prelude::*;

use super::{ChartError, FAMILY, encode, ensure_font};

/// Pixels.
const WIDTH: u32 = 960;
const HEIGHT: u32 = 540;

/// What one sale chart shows; every label is already translated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaleChart {
    /// Over the plot.
    pub title: String,
    /// Under the time axis.
    pub x_label: String,
    /// Beside the left axis (units per bucket).
    pub sold_label: String,
    /// Beside the right axis (units left).
    pub left_label: String,
    /// Legend entry of the bars.
    pub legend_sold: String,
    /// Legend entry of the line.
    pub legend_left: String,
    /// Seconds per bucket (bar width).
    pub bucket_secs: u32,
    /// Units sold in each bucket, from the sale's start, gaps included as zeros.
    pub sold: Vec<u32>,
    /// The sale's stock (the line starts there).
    pub stock: u32,
}

impl SaleChart {
    /// The stock left at the end of each bucket, starting with the full stock at 0 s.
    pub fn left_after_each(&self) -> Vec<(f64, f64)> {
        let mut left = i64::from(self.stock);
        let mut points = vec![(0.0, left as f64)];
        for (i, sold) in self.sold.iter().enumerate() {
            left = (left - i64::from(*sold)).max(0);
            points.push((((i + 1) as f64) * f64::from(self.bucket_secs), left as f64));
        }
        points
    }
}

/// Draws the chart into a PNG.
pub fn draw_sale_chart(chart: &SaleChart) -> Result<Vec<u8>, ChartError> {
    ensure_font()?;
    let mut rgb = vec![255u8; (WIDTH * HEIGHT * 3) as usize];
    draw(chart, &mut rgb).map_err(|e| ChartError::Draw(e.to_string()))?;
    encode::encode_rgb(&rgb, WIDTH, HEIGHT)
}

fn draw(chart: &SaleChart, rgb: &mut [u8]) -> Result<(), Box<dyn std::error::Error>> {
    let root = BitMapBackend::with_buffer(rgb, (WIDTH, HEIGHT)).into_drawing_area();
    root.fill(&WHITE)?;
    let bucket = f64::from(chart.bucket_secs.max(1));
    let x_max = bucket * (chart.sold.len().max(1) as f64);
    let sold_max = chart.sold.iter().copied().max().unwrap_or(0).max(1);
    let y_max = f64::from(sold_max) * 1.2;
    let left_max = (f64::from(chart.stock) * 1.05).max(1.0);
    let label = (FAMILY, 15).into_font();
    let desc = (FAMILY, 17).into_font();

    let mut plot = ChartBuilder::on(&root)
        .caption(&chart.title, (FAMILY, 26).into_font())
        .margin(16)
        .x_label_area_size(50)
        .y_label_area_size(70)
        .right_y_label_area_size(70)
        .build_cartesian_2d(0.0..x_max, 0.0..y_max)?
        .set_secondary_coord(0.0..x_max, 0.0..left_max);
    plot.configure_mesh()
        .x_desc(chart.x_label.as_str())
        .y_desc(chart.sold_label.as_str())
        .label_style(label.clone())
        .axis_desc_style(desc.clone())
        .y_label_formatter(&|v| format!("{v:.0}"))
        .x_label_formatter(&|v| format!("{v:.0}"))
        .draw()?;
    plot.configure_secondary_axes()
        .y_desc(chart.left_label.as_str())
        .label_style(label.clone())
        .axis_desc_style(desc)
        .y_label_formatter(&|v| format!("{v:.0}"))
        .draw()?;

    let bars = BLUE.mix(0.55).filled();
    plot.draw_series(chart.sold.iter().enumerate().map(|(i, units)| {
        let x0 = i as f64 * bucket;
        Rectangle::new(
            [
                (x0 + bucket * 0.1, 0.0),
                (x0 + bucket * 0.9, f64::from(*units)),
            ],
            bars,
        )
    }))?
    .label(chart.legend_sold.as_str())
    .legend(move |(x, y)| Rectangle::new([(x, y - 6), (x + 18, y + 6)], bars));
    let line = RED.stroke_width(3);
    plot.draw_secondary_series(LineSeries::new(chart.left_after_each(), line))?
        .label(chart.legend_left.as_str())
        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], line));
    plot.configure_series_labels()
        .label_font(label)
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .position(SeriesLabelPosition::UpperRight)
        .draw()?;
    root.present()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart(title: &str) -> SaleChart {
        SaleChart {
            title: title.into(),
            x_label: "Seconds".into(),
            sold_label: "Sold".into(),
            left_label: "Left".into(),
            legend_sold: "Sold".into(),
            legend_left: "Left".into(),
            bucket_secs: 1,
            sold: vec![5, 3, 0, 2],
            stock: 12,
        }
    }

    #[test]
    fn stock_left_falls_by_each_bucket_and_never_below_zero() {
        let mut c = chart("t");
        assert_eq!(
            c.left_after_each(),
            vec![(0.0, 12.0), (1.0, 7.0), (2.0, 4.0), (3.0, 4.0), (4.0, 2.0)]
        );
        c.stock = 6;
        assert_eq!(c.left_after_each().last(), Some(&(4.0, 0.0)));
    }

    #[test]
    fn a_chart_is_a_png_of_the_promised_size() {
        let png = draw_sale_chart(&chart("Sale #1")).expect("drawn");
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        assert_eq!(&png[12..16], b"IHDR");
        assert_eq!(
            u32::from_be_bytes([png[16], png[17], png[18], png[19]]),
            WIDTH
        );
        assert_eq!(
            u32::from_be_bytes([png[20], png[21], png[22], png[23]]),
            HEIGHT
        );
    }

    #[test]
    fn chinese_labels_draw_differently_from_english_ones() {
        let en = draw_sale_chart(&chart("Sale #1: units sold")).expect("en");
        let zh = draw_sale_chart(&chart("秒杀 #1：售出件数与剩余库存")).expect("zh");
        assert_ne!(en, zh);
    }
}
