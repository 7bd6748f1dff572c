//! The benchmark plot for `docs/`: decisions per second and p99 latency against client
//! concurrency, one line per backend, both axes logarithmic.

use plotters::prelude::*;
use serde::Deserialize;

use super::{ChartError, FAMILY, encode, ensure_font};

const WIDTH: u32 = 1200;
/// Reads one plotted figure off a run.
type Metric = fn(&BenchPoint) -> f64;
const HEIGHT: u32 = 500;

/// One `flashsale bench` run at one concurrency (extra JSON fields are ignored).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct BenchPoint {
    pub backend: String,
    pub concurrency: u32,
    pub decisions_per_sec: f64,
    pub p99_us: f64,
}

/// Draws throughput (left) and p99 (right) against concurrency as one PNG.
pub fn draw_bench_plot(points: &[BenchPoint], title: &str) -> Result<Vec<u8>, ChartError> {
    ensure_font()?;
    let mut rgb = vec![255u8; (WIDTH * HEIGHT * 3) as usize];
    draw(points, title, &mut rgb).map_err(|e| ChartError::Draw(e.to_string()))?;
    encode::encode_rgb(&rgb, WIDTH, HEIGHT)
}

fn draw(
    points: &[BenchPoint],
    title: &str,
    rgb: &mut [u8],
) -> Result<(), Box<dyn std::error::Error>> {
    let root = BitMapBackend::with_buffer(rgb, (WIDTH, HEIGHT)).into_drawing_area();
    root.fill(&WHITE)?;
    let root = root.titled(title, (FAMILY, 24).into_font())?;
    let panels = root.split_evenly((1, 2));
    let mut backends: Vec<&str> = points.iter().map(|p| p.backend.as_str()).collect();
    backends.sort_unstable();
    backends.dedup();
    let c_max = points
        .iter()
        .map(|p| p.concurrency)
        .max()
        .unwrap_or(1)
        .max(2);
    let x = 1f64..f64::from(c_max) * 1.5;
    let panel_specs: [(&str, Metric); 2] = [
        ("decisions / s", |p| p.decisions_per_sec),
        ("p99 latency (microseconds)", |p| p.p99_us),
    ];
    for (area, (label, value)) in panels.iter().zip(panel_specs) {
        let ys: Vec<f64> = points.iter().map(value).filter(|v| *v > 0.0).collect();
        let lo = ys.iter().copied().fold(f64::MAX, f64::min).clamp(0.5, 1e6) / 2.0;
        let hi = ys.iter().copied().fold(1.0, f64::max) * 2.0;
        let mut chart = ChartBuilder::on(area)
            .margin(14)
            .x_label_area_size(44)
            .y_label_area_size(80)
            .build_cartesian_2d(x.clone().log_scale(), (lo..hi).log_scale())?;
        chart
            .configure_mesh()
            .x_desc("client concurrency")
            .y_desc(label)
            .label_style((FAMILY, 14).into_font())
            .axis_desc_style((FAMILY, 16).into_font())
            .x_label_formatter(&|v| format!("{v:.0}"))
            .y_label_formatter(&|v| compact(*v))
            .draw()?;
        for (i, backend) in backends.iter().enumerate() {
            let color = Palette99::pick(i).to_rgba();
            let mut line: Vec<(f64, f64)> = points
                .iter()
                .filter(|p| p.backend == *backend && value(p) > 0.0)
                .map(|p| (f64::from(p.concurrency), value(p)))
                .collect();
            line.sort_by(|a, b| a.0.total_cmp(&b.0));
            chart
                .draw_series(LineSeries::new(line.clone(), color.stroke_width(3)))?
                .label(*backend)
                .legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 18, y)], color.stroke_width(3))
                });
            chart.draw_series(line.into_iter().map(|p| Circle::new(p, 4, color.filled())))?;
        }
        chart
            .configure_series_labels()
            .label_font((FAMILY, 14).into_font())
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK)
            .position(SeriesLabelPosition::UpperLeft)
            .draw()?;
    }
    root.present()?;
    Ok(())
}

/// 1200 → "1.2k", 3400000 → "3.4M".
fn compact(v: f64) -> String {
    if v >= 1e6 {
        format!("{:.1}M", v / 1e6)
    } else if v >= 1e3 {
        format!("{:.1}k", v / 1e3)
    } else {
        format!("{v:.0}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plot_is_a_png_with_both_panels() {
        let p = |backend: &str, c, d, l| BenchPoint {
            backend: backend.into(),
            concurrency: c,
            decisions_per_sec: d,
            p99_us: l,
        };
        let png = draw_bench_plot(
            &[
                p("redis", 1, 9e3, 300.0),
                p("redis", 64, 6e4, 2e3),
                p("embedded", 1, 2e5, 5.0),
            ],
            "test",
        )
        .expect("drawn");
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        assert_eq!(
            u32::from_be_bytes([png[16], png[17], png[18], png[19]]),
            WIDTH
        );
        assert_eq!(compact(1234.0), "1.2k");
        assert_eq!(compact(3_400_000.0), "3.4M");
    }
}
