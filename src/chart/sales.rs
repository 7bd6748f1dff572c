//! A sale's chart: units sold per time bucket (bars, left axis) and the stock left after
//! each bucket (line, right axis), with labels already rendered in the reader's language.

use std::ops::Range;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

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

/// Labels each axis asks plotters for at most; the test reads the ticks back with the same.
pub(crate) const AXIS_LABELS: usize = 11;

/// The axes in whole units: seconds across, units sold on the left, units left on the right.
/// Integer ranges make plotters choose integer ticks, so no label repeats.
pub(crate) fn axes(chart: &SaleChart) -> (Range<u32>, Range<u32>, Range<u32>) {
    let bucket = chart.bucket_secs.max(1);
    let bars = u32::try_from(chart.sold.len().max(1)).unwrap_or(u32::MAX);
    let x_max = bucket.saturating_mul(bars);
    let sold_max = chart.sold.iter().copied().max().unwrap_or(0).max(1);
    let y_max = sold_max.saturating_add((sold_max / 5).max(1));
    let left_max = chart.stock.saturating_add((chart.stock / 20).max(1));
    (0..x_max, 0..y_max, 0..left_max)
}

/// A tick's label: the whole number itself.
pub(crate) fn tick_label(v: &u32) -> String {
    v.to_string()
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
    let label = (FAMILY, 15).into_font();
    let desc = (FAMILY, 17).into_font();
    let bars = BLUE.mix(0.55).filled();
    let line = RED.stroke_width(3);
    // Title and legend sit above the plot, so the legend never covers a bar or the line.
    let body = root
        .margin(12, 8, 16, 16)
        .titled(&chart.title, (FAMILY, 26))?;
    let (legend, body) = body.split_vertically(34);
    draw_legend(&legend, chart, &label, bars, line)?;

    let (x, y, left) = axes(chart);
    let bucket = chart.bucket_secs.max(1);
    let mut plot = ChartBuilder::on(&body)
        .margin_top(6)
        .x_label_area_size(50)
        .y_label_area_size(70)
        .right_y_label_area_size(70)
        .build_cartesian_2d(x.clone(), y)?
        .set_secondary_coord(x, left);
    plot.configure_mesh()
        .x_labels(AXIS_LABELS)
        .y_labels(AXIS_LABELS)
        .x_desc(chart.x_label.as_str())
        .y_desc(chart.sold_label.as_str())
        .label_style(label.clone())
        .axis_desc_style(desc.clone())
        .y_label_formatter(&tick_label)
        .x_label_formatter(&tick_label)
        .draw()?;
    plot.configure_secondary_axes()
        .y_labels(AXIS_LABELS)
        .y_desc(chart.left_label.as_str())
        .label_style(label)
        .axis_desc_style(desc)
        .y_label_formatter(&tick_label)
        .draw()?;

    // A tenth of a bar's width on each side, in pixels (bars may be a few pixels wide).
    let (plot_w, _) = plot.plotting_area().dim_in_pixel();
    let pad = (plot_w / u32::try_from(chart.sold.len().max(1)).unwrap_or(u32::MAX) / 10).min(12);
    let sold = chart
        .sold
        .iter()
        .zip(0u32..)
        .filter(|(units, _)| **units > 0);
    plot.draw_series(sold.map(|(units, i)| {
        let x0 = i.saturating_mul(bucket);
        let mut bar = Rectangle::new([(x0, 0), (x0.saturating_add(bucket), *units)], bars);
        bar.set_margin(0, 0, pad, pad);
        bar
    }))?;
    let points = chart
        .left_after_each()
        .into_iter()
        .map(|(x, y)| (x as u32, y as u32));
    plot.draw_secondary_series(LineSeries::new(points, line))?;
    root.present()?;
    Ok(())
}

/// One row, centred: a bar swatch and its name, then a line swatch and its name.
fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &SaleChart,
    font: &FontDesc,
    bars: ShapeStyle,
    line: ShapeStyle,
) -> Result<(), Box<dyn std::error::Error>>
where
    DB::ErrorType: 'static,
{
    let style = TextStyle::from(font.clone()).pos(Pos::new(HPos::Left, VPos::Center));
    let (sold_w, _) = area.estimate_text_size(&chart.legend_sold, &style)?;
    let (left_w, _) = area.estimate_text_size(&chart.legend_left, &style)?;
    let (swatch, gap, space) = (18i32, 6i32, 28i32);
    let total = 2 * (swatch + gap) + sold_w as i32 + left_w as i32 + space;
    let (w, h) = area.dim_in_pixel();
    let mut x = (w as i32 - total).max(0) / 2;
    let y = h as i32 / 2;
    area.draw(&Rectangle::new([(x, y - 6), (x + swatch, y + 6)], bars))?;
    x += swatch + gap;
    area.draw_text(&chart.legend_sold, &style, (x, y))?;
    x += sold_w as i32 + space;
    area.draw(&PathElement::new(vec![(x, y), (x + swatch, y)], line))?;
    x += swatch + gap;
    area.draw_text(&chart.legend_left, &style, (x, y))?;
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
    fn every_axis_reads_back_distinct_increasing_whole_number_ticks() {
        use plotters::coord::ranged1d::{BoldPoints, Ranged};
        use plotters::coord::types::RangedCoordu32;

        let shapes = [
            (1, vec![2, 4, 1, 3, 0, 1, 4], 20),
            (1, vec![1], 1),
            (1, vec![0, 0, 1], 1),
            (2, vec![7, 3], 7),
            (60, vec![13; 90], 2_000),
            (1, vec![3, 1, 2, 1], 4),
        ];
        for (bucket_secs, sold, stock) in shapes {
            let mut c = chart("t");
            (c.bucket_secs, c.sold, c.stock) = (bucket_secs, sold, stock);
            let (x, y, left) = axes(&c);
            let max_sold = c.sold.iter().copied().max().unwrap_or(0);
            assert!(y.end > max_sold && left.end > c.stock, "{c:?}: data fits");
            for range in [x, y, left] {
                let coord = RangedCoordu32::from(range.clone());
                let labels: Vec<String> = coord
                    .key_points(BoldPoints(AXIS_LABELS))
                    .iter()
                    .map(tick_label)
                    .collect();
                assert!(labels.len() >= 2, "{range:?}: {labels:?}");
                let values: Vec<u64> = labels
                    .iter()
                    .map(|l| l.parse().expect("a number"))
                    .collect();
                assert!(
                    values.windows(2).all(|w| w[0] < w[1]),
                    "{range:?}: labels {labels:?} are not distinct and increasing"
                );
            }
        }
    }

    #[test]
    fn every_glyph_starts_at_one_left_bearing_so_plotters_spaces_text_as_designed() {
        use ab_glyph::{Font, FontRef};
        let font = FontRef::try_from_slice(super::super::FONT).expect("the bundled font parses");
        let bearing = |c: char| font.h_side_bearing_unscaled(font.glyph_id(c));
        let first = bearing('a');
        for c in "the sale started AirPods Pro 0123456789 秒杀飞天茅台剩余库存".chars() {
            assert_ne!(font.glyph_id(c).0, 0, "{c:?} is in the font");
            if c != ' ' {
                assert_eq!(bearing(c), first, "left bearing of {c:?}");
            }
        }
    }

    #[test]
    fn chinese_labels_draw_differently_from_english_ones() {
        let en = draw_sale_chart(&chart("Sale #1: units sold")).expect("en");
        let zh = draw_sale_chart(&chart("秒杀 #1：售出件数与剩余库存")).expect("zh");
        assert_ne!(en, zh);
    }
}
