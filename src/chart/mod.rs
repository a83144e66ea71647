//! The page's charts, drawn with plotters onto any drawing area: a canvas in
//! the browser, SVG in the native tests. One module a chart, each a `draw`.
//!
//! Every size is in CSS pixels times `scale` (the page passes devicePixelRatio,
//! times 1.4 in large-type mode), so the charts stay crisp and readable.

pub mod activation;
pub mod boundary;
pub mod objective;

use plotters::prelude::*;
use plotters::style::RGBColor;

/// Okabe-Ito colours, safe for the common colour-vision deficiencies: one per class.
pub const PALETTE: [RGBColor; 7] = [
    RGBColor(0, 114, 178),   // blue
    RGBColor(213, 94, 0),    // vermillion
    RGBColor(0, 158, 115),   // bluish green
    RGBColor(204, 121, 167), // reddish purple
    RGBColor(230, 159, 0),   // orange
    RGBColor(86, 180, 233),  // sky blue
    RGBColor(240, 228, 66),  // yellow
];

pub fn class_colour(k: usize) -> RGBColor {
    PALETTE[k % PALETTE.len()]
}

pub const INK: RGBColor = RGBColor(30, 30, 30);
pub const GRID: RGBColor = RGBColor(225, 225, 225);

/// A chart that could not be drawn, with the backend's reason.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartError(pub String);

impl std::fmt::Display for ChartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "chart: {}", self.0)
    }
}

impl std::error::Error for ChartError {}

impl<E: std::error::Error + Send + Sync> From<DrawingAreaErrorKind<E>> for ChartError {
    fn from(e: DrawingAreaErrorKind<E>) -> Self {
        ChartError(e.to_string())
    }
}

pub type ChartResult = Result<(), ChartError>;

/// Font sizes and line widths for one drawing.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub scale: f64,
}

impl Style {
    pub fn px(&self, css: f64) -> u32 {
        (css * self.scale).round().max(1.0) as u32
    }

    pub fn font(&self, css: f64) -> TextStyle<'static> {
        ("sans-serif", css * self.scale).into_font().color(&INK)
    }
}

/// `[lo, hi]` widened by `pad` of its span, and never empty.
pub fn padded(lo: f64, hi: f64, pad: f64) -> (f64, f64) {
    let span = (hi - lo).max(1e-9);
    (lo - pad * span, hi + pad * span)
}

/// A short label for an axis value: few digits, no trailing zeros.
pub fn tick(v: f64) -> String {
    if v == 0.0 {
        return "0".into();
    }
    let a = v.abs();
    if !(1e-3..1e5).contains(&a) {
        return format!("{v:.1e}");
    }
    let text = format!("{v:.3}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}
