//! Charts drawn into in-memory PNGs with plotters and a bundled font (never system fonts):
//! a sale's sales over time for `/stats`, and the benchmark plot for `docs/`.

mod bench;
mod encode;
mod plot_cli;
mod sales;

pub use bench::{BenchPoint, draw_bench_plot};
pub use plot_cli::{PlotArgs, run_cli as run_plot_cli};
pub use sales::{SaleChart, draw_sale_chart};

use std::sync::OnceLock;

/// ASCII plus the CJK characters the chart labels use; `scripts/subset-font.sh` rebuilds it.
static FONT: &[u8] = include_bytes!("../../assets/fonts/chart-sans.ttf");

/// The family name charts ask plotters for.
pub(crate) const FAMILY: &str = "flashsale-chart";

/// Why a chart could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    /// The bundled font did not parse (a build defect).
    #[error("the bundled chart font could not be loaded")]
    Font,
    /// plotters refused to draw.
    #[error("chart not drawn: {0}")]
    Draw(String),
    /// The bitmap could not be encoded.
    #[error("PNG not encoded: {0}")]
    Encode(#[from] png::EncodingError),
}

/// Registers the bundled font with plotters once (also as "sans-serif", plotters' default).
pub(crate) fn ensure_font() -> Result<(), ChartError> {
    static LOADED: OnceLock<bool> = OnceLock::new();
    let ok = *LOADED.get_or_init(|| {
        use plotters::style::{FontStyle, register_font};
        [FAMILY, "sans-serif"]
            .iter()
            .all(|name| register_font(name, FontStyle::Normal, FONT).is_ok())
    });
    if ok { Ok(()) } else { Err(ChartError::Font) }
}

#[cfg(test)]
mod tests {
    use ab_glyph::{Font, FontRef};

    use super::FONT;

    #[test]
    fn the_bundled_font_covers_every_chart_label_in_every_language() {
        let font = FontRef::try_from_slice(FONT).expect("the bundled font parses");
        let sources = [
            include_str!("../../locales/en/admin.ftl"),
            include_str!("../../locales/zh-CN/admin.ftl"),
        ];
        let labels: Vec<&str> = sources
            .iter()
            .flat_map(|s| s.lines())
            .filter(|l| l.starts_with("stats-chart-") || l.starts_with("plot-"))
            .filter_map(|l| l.split_once(" = ").map(|(_, v)| v))
            .collect();
        assert!(labels.len() >= 12, "chart labels found: {labels:?}");
        for label in labels {
            for c in label.chars().filter(|c| !matches!(c, '{' | '}' | '$')) {
                assert_ne!(
                    font.glyph_id(c).0,
                    0,
                    "{c:?} of {label:?} is not in the font"
                );
            }
        }
    }
}
