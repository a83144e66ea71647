//! The page's charts, drawn with plotters onto any drawing area: a canvas in
//! the browser, SVG in the native tests. One module a chart, each a `draw`.
//!
//! Every size is in CSS pixels times `scale` (the page passes devicePixelRatio,
//! times 1.3 in large-type mode), so the charts stay crisp and readable.

pub mod activation;
pub mod boundary;
pub mod objective;
pub mod roc;
pub mod surface;

use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
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

/// The objective's short name, as the slides write it: ℓ(θ) or J(θ) (Θ for K outputs),
/// for the objective chart's axis and the surface's colour bar.
fn objective_symbol(trainer: &crate::train::Trainer) -> &'static str {
    use crate::model::Goal;
    match (trainer.neuron().kind.goal(), trainer.theta().cols()) {
        (Goal::Maximize, 1) => "ℓ(θ)",
        (Goal::Maximize, _) => "ℓ(Θ)",
        (Goal::Minimize, 1) => "J(θ)",
        (Goal::Minimize, _) => "J(Θ)",
    }
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

pub type ChartResult<T = ()> = Result<T, ChartError>;

/// Where a chart put its plot: the data ranges and the canvas pixels they span,
/// so that a click can be mapped back to a row or to data coordinates.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct PlotArea {
    pub x: (f64, f64),
    pub y: (f64, f64),
    pub px: (i32, i32),
    pub py: (i32, i32),
}

impl PlotArea {
    pub fn of<DB: DrawingBackend, X, Y>(
        chart: &ChartContext<DB, Cartesian2d<X, Y>>,
        x: (f64, f64),
        y: (f64, f64),
    ) -> PlotArea
    where
        X: plotters::coord::ranged1d::Ranged<ValueType = f64>,
        Y: plotters::coord::ranged1d::Ranged<ValueType = f64>,
    {
        let (px, py) = chart.plotting_area().get_pixel_range();
        PlotArea { x, y, px: (px.start, px.end), py: (py.start, py.end) }
    }

    pub fn to_pixel(&self, (u, v): (f64, f64)) -> (f64, f64) {
        let fx = (u - self.x.0) / (self.x.1 - self.x.0);
        let fy = (v - self.y.0) / (self.y.1 - self.y.0);
        (self.px.0 as f64 + fx * (self.px.1 - self.px.0) as f64, self.py.1 as f64 - fy * (self.py.1 - self.py.0) as f64)
    }

    /// Data coordinates of a canvas pixel, if it lies in the plot.
    pub fn from_pixel(&self, (px, py): (f64, f64)) -> Option<(f64, f64)> {
        let fx = (px - self.px.0 as f64) / (self.px.1 - self.px.0) as f64;
        let fy = (self.py.1 as f64 - py) / (self.py.1 - self.py.0) as f64;
        ((0.0..=1.0).contains(&fx) && (0.0..=1.0).contains(&fy))
            .then_some((self.x.0 + fx * (self.x.1 - self.x.0), self.y.0 + fy * (self.y.1 - self.y.0)))
    }

    /// The index of the point nearest to the pixel, within `reach` pixels.
    pub fn nearest(
        &self,
        pixel: (f64, f64),
        points: impl Iterator<Item = (usize, (f64, f64))>,
        reach: f64,
    ) -> Option<usize> {
        let mut best = None;
        let mut best_d = reach * reach;
        for (i, point) in points {
            let (x, y) = self.to_pixel(point);
            let d = (x - pixel.0).powi(2) + (y - pixel.1).powi(2);
            if d <= best_d {
                best = Some(i);
                best_d = d;
            }
        }
        best
    }
}

/// A chart's static layer (background, caption, legend, axes and their labels), kept
/// between drawings so that a frame draws only what moved. `key` describes everything
/// the layer shows (canvas size, scale, texts, axis ranges and ticks): a layer saved
/// under another key is never put back.
pub trait Backdrop {
    /// Puts back the layer saved under `key`; false when there is none (draw it, then [`Backdrop::save`]).
    fn restore(&mut self, key: &str) -> ChartResult<bool>;
    /// Keeps what is drawn now as the layer for `key`.
    fn save(&mut self, key: &str) -> ChartResult;
    /// Keeps the top `rows` pixel rows drawn now as the layer for `key` (a strip such as
    /// a header: what is drawn beneath it changes every time).
    fn save_rows(&mut self, key: &str, rows: u32) -> ChartResult;
}

/// No layer kept: every drawing draws everything (SVG, bitmaps, tests).
pub struct NoBackdrop;

impl Backdrop for NoBackdrop {
    fn restore(&mut self, _key: &str) -> ChartResult<bool> {
        Ok(false)
    }

    fn save(&mut self, _key: &str) -> ChartResult {
        Ok(())
    }

    fn save_rows(&mut self, _key: &str, _rows: u32) -> ChartResult {
        Ok(())
    }
}

/// A legend drawn in its own strip above a chart, so it never hides data:
/// each entry a marker (a line, a dashed line or a dot) and its label.
#[derive(Debug)]
pub enum Key {
    Line(RGBColor, String),
    Dashed(RGBColor, String),
    Dot(RGBColor, String),
    Ring(RGBColor, String),
    Cross(RGBColor, String),
    /// Words alone, such as "+992 more".
    Text(String),
}

impl Key {
    fn label(&self) -> &str {
        match self {
            Key::Line(_, l) | Key::Dashed(_, l) | Key::Dot(_, l) | Key::Ring(_, l) | Key::Cross(_, l) => l,
            Key::Text(l) => l,
        }
    }
}

/// A legend lists at most this many classes, then "+N more": one entry per class of a
/// thousand would take longer to lay out than the chart, and could not be read.
pub const LEGEND_CLASSES: usize = 8;

/// The legend's class entries: a dot of each class's colour and its name, for the
/// first [`LEGEND_CLASSES`] classes, then how many more there are.
pub fn class_keys(classes: &[String]) -> Vec<Key> {
    let mut keys: Vec<Key> = classes
        .iter()
        .take(LEGEND_CLASSES)
        .enumerate()
        .map(|(k, name)| Key::Dot(class_colour(k), format!("class {}", short(name, LABEL_CHARS))))
        .collect();
    if classes.len() > LEGEND_CLASSES {
        keys.push(Key::Text(format!("+{} more", classes.len() - LEGEND_CLASSES)));
    }
    keys
}

/// The legend's note when a chart shows a sample of the rows: "1,333 of 666,667
/// training rows shown"; none when it shows them all.
pub fn shown_note(shown: usize, all: usize, what: &str) -> Option<Key> {
    (shown < all).then(|| Key::Text(format!("{} of {} {what} shown", thousands(shown), thousands(all))))
}

/// `1234567` as "1,234,567".
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// How many characters of a name a legend, caption or axis shows.
pub const LABEL_CHARS: usize = 24;

/// `name` cut to `chars` characters with "…", so a long column name or class label
/// cannot push a legend or a caption off the chart.
pub fn short(name: &str, chars: usize) -> String {
    match name.char_indices().nth(chars) {
        Some((end, _)) => format!("{}…", &name[..end]),
        None => name.to_string(),
    }
}

/// The largest font size up to `css` (down to 60% of it) at which `width(size)` fits `room` pixels.
fn fitting(css: f64, room: f64, width: impl Fn(f64) -> f64) -> f64 {
    let mut size = css;
    while size > css * 0.6 && width(size) > room {
        size *= 0.93;
    }
    size
}

/// The strip above a chart: its caption, and the legend beneath it, both shrunk to fit
/// the width (large type on a narrow chart). Returns the area left for the plot;
/// with `draw` false, only that (the strip is kept in a [`Backdrop`]).
pub fn header<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    caption: &str,
    keys: &[Key],
    style: Style,
    draw: bool,
) -> ChartResult<DrawingArea<DB, plotters::coord::Shift>> {
    let room = root.dim_in_pixel().0 as f64 - style.px(20.0) as f64;
    let text_width =
        |text: &str, css: f64| root.estimate_text_size(text, &style.font(css)).map_or(0.0, |(w, _)| w as f64);
    let marker = 3.0 * 5.0 * style.scale;
    let keys_width = |keys: &[Key], css: f64| {
        keys.iter().map(|k| text_width(k.label(), css) + 2.0 * marker).sum::<f64>() + style.px(60.0) as f64
    };
    // Many classes in large type: the legend takes two lines rather than becoming unreadable.
    let split = if keys_width(keys, 13.0 * 0.8) > room { keys.len().div_ceil(2) } else { keys.len() };
    let lines: Vec<&[Key]> = if split < keys.len() { vec![&keys[..split], &keys[split..]] } else { vec![keys] };
    let (strip, plot) = root.split_vertically(style.px(26.0 + 26.0 * lines.len() as f64));
    if !draw {
        return Ok(plot);
    }
    let size = fitting(17.0, room, |css| text_width(caption, css));
    strip.draw(&Text::new(caption.to_string(), (style.px(12.0) as i32, style.px(6.0) as i32), style.font(size)))?;
    let (_, mut rest) = strip.split_vertically(style.px(26.0));
    // One size for both lines, the one the wider line fits at.
    let key_size = lines.iter().map(|line| fitting(13.0, room, |css| keys_width(line, css))).fold(13.0, f64::min);
    for line in lines {
        let (key_area, below) = rest.split_vertically(style.px(26.0));
        legend_strip(&key_area, line, style, key_size)?;
        rest = below;
    }
    Ok(plot)
}

/// [`header`], its strip kept in `backdrop`: the caption and legend change only with
/// the data, the neuron and the canvas, while the plot beneath changes every step.
/// Put back when kept (over the chart's white), else drawn and kept.
pub fn header_over<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    caption: &str,
    keys: &[Key],
    style: Style,
    backdrop: &mut dyn Backdrop,
) -> ChartResult<DrawingArea<DB, plotters::coord::Shift>> {
    let plot = header(root, caption, keys, style, false)?;
    let layer = format!("header {:?}", (root.dim_in_pixel(), style.scale, caption, keys));
    if !backdrop.restore(&layer)? {
        header(root, caption, keys, style, true)?;
        let rows = plot.get_base_pixel().1 - root.get_base_pixel().1;
        backdrop.save_rows(&layer, rows.max(0) as u32)?;
    }
    Ok(plot)
}

fn legend_strip<DB: DrawingBackend>(
    area: &DrawingArea<DB, plotters::coord::Shift>,
    keys: &[Key],
    style: Style,
    css: f64,
) -> ChartResult {
    let font = style.font(css);
    let mut x = style.px(60.0) as i32;
    let y = (area.dim_in_pixel().1 / 2) as i32;
    let r = style.px(5.0) as i32;
    for key in keys {
        let width = match key {
            Key::Line(c, _) => {
                area.draw(&PathElement::new([(x, y), (x + 4 * r, y)], c.stroke_width(style.px(3.0))))?;
                4 * r
            }
            Key::Dashed(c, _) => {
                for i in [0, 3, 6] {
                    let dash = [(x + i * r / 2, y), (x + (i + 2) * r / 2, y)];
                    area.draw(&PathElement::new(dash, c.stroke_width(style.px(3.0))))?;
                }
                4 * r
            }
            Key::Dot(c, _) => {
                area.draw(&Circle::new((x + r, y), r as u32, c.filled()))?;
                2 * r
            }
            Key::Ring(c, _) => {
                area.draw(&Circle::new((x + r, y), r as u32, c.stroke_width(style.px(2.0))))?;
                2 * r
            }
            Key::Cross(c, _) => {
                area.draw(&Cross::new((x + r, y), r, c.stroke_width(style.px(2.0))))?;
                2 * r
            }
            Key::Text(_) => -r,
        };
        x += width + r;
        let label = key.label();
        let (w, _) = area.estimate_text_size(label, &font)?;
        area.draw(&Text::new(label.to_string(), (x, y - (css * style.scale) as i32 / 2), font.clone()))?;
        x += w as i32 + 3 * r;
    }
    Ok(())
}

/// A fixed offset in [-0.5, 0.5) for row `i`, so rows at the same place do not hide each other.
pub fn jitter(i: usize) -> f64 {
    ((i * 7919) % 97) as f64 / 97.0 - 0.5
}

/// The marker around a selected row: a thick dark ring.
pub fn selection_ring(at: (f64, f64), style: Style) -> Circle<(f64, f64), u32> {
    Circle::new(at, style.px(10.0), INK.stroke_width(style.px(3.0)))
}

/// Font sizes and line widths for one drawing.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub scale: f64,
}

impl Style {
    /// The scale the page asks for, within what a canvas can hold: from 0.25 to 8
    /// (1 for a scale that is not a number).
    pub fn new(scale: f64) -> Style {
        Style { scale: if scale.is_nan() { 1.0 } else { scale.clamp(0.25, 8.0) } }
    }

    pub fn px(&self, css: f64) -> u32 {
        (css * self.scale).round().max(1.0) as u32
    }

    pub fn font(&self, css: f64) -> TextStyle<'static> {
        ("sans-serif", css * self.scale).into_font().color(&INK)
    }

    /// How many tick labels fit along `pixels` of an axis, each needing `spacing`
    /// CSS pixels: at least 3 (plotters may then label two round values), at most
    /// `most`, so that labels never collide on a small chart or in large type.
    pub fn ticks_along(&self, pixels: u32, spacing: f64, most: usize) -> usize {
        (pixels / self.px(spacing).max(1)).clamp(3, most.max(3) as u32) as usize
    }
}

/// Pixels left along each axis of `area` for the plot: its size less the label areas and margins.
pub fn plot_pixels<DB: DrawingBackend>(
    area: &DrawingArea<DB, plotters::coord::Shift>,
    label_areas: (u32, u32),
    margin: u32,
) -> (u32, u32) {
    let (w, h) = area.dim_in_pixel();
    (w.saturating_sub(label_areas.1 + 2 * margin), h.saturating_sub(label_areas.0 + 2 * margin))
}

/// Where a plot of two [`Axis`] sits in its area, in CSS pixels: the label areas
/// beneath it (`x_labels` high) and left of it (`y_labels` wide), and the margins.
#[derive(Debug, Clone, Copy)]
pub struct Frame {
    pub x_labels: f64,
    pub y_labels: f64,
    pub margin: f64,
    pub margin_right: f64,
}

impl Frame {
    /// Pixels left along each axis for the plot (see [`plot_pixels`]).
    pub fn plot_pixels<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, style: Style) -> (u32, u32) {
        plot_pixels(area, (style.px(self.x_labels), style.px(self.y_labels)), style.px(self.margin))
    }

    /// The chart of `x_axis` against `y_axis` in this frame on `area`.
    pub fn chart<'a, DB: DrawingBackend>(
        &self,
        area: &'a DrawingArea<DB, Shift>,
        (x_axis, y_axis): (&Axis, &Axis),
        style: Style,
    ) -> ChartResult<ChartContext<'a, DB, Cartesian2d<Axis, Axis>>> {
        Ok(ChartBuilder::on(area)
            .margin(style.px(self.margin))
            .margin_right(style.px(self.margin_right))
            .x_label_area_size(style.px(self.x_labels))
            .y_label_area_size(style.px(self.y_labels))
            .build_cartesian_2d(x_axis.clone(), y_axis.clone())?)
    }
}

/// Draws a chart's axes: the ticks and their labels, the axes' descriptions, and a
/// light grid at the ticks when `grid`.
pub fn draw_axes<DB: DrawingBackend>(
    chart: &mut ChartContext<DB, Cartesian2d<Axis, Axis>>,
    (x_axis, y_axis): (&Axis, &Axis),
    (x_desc, y_desc): (&str, &str),
    grid: bool,
    style: Style,
) -> ChartResult {
    let mut mesh = chart.configure_mesh();
    if grid {
        mesh.light_line_style(TRANSPARENT).bold_line_style(GRID);
    } else {
        mesh.disable_mesh();
    }
    mesh.x_desc(x_desc)
        .y_desc(y_desc)
        .label_style(style.font(13.0))
        .axis_desc_style(style.font(14.0))
        .x_label_formatter(&|v| x_axis.label(*v))
        .y_label_formatter(&|v| y_axis.label(*v))
        .x_labels(x_axis.ticks.len())
        .y_labels(y_axis.ticks.len())
        .draw()?;
    Ok(())
}

/// Spacing of tick labels in CSS pixels: a number's width along x, a line's height along y.
pub const X_TICK_SPACING: f64 = 42.0;
pub const Y_TICK_SPACING: f64 = 22.0;

/// Chart ranges keep within +-1e300: beyond it, spans and paddings would overflow to
/// infinity (and plotting them would never end). Values beyond are drawn at the edge.
pub const LIMIT: f64 = 1e300;

/// The finite part of `[lo, hi]`, within +-[`LIMIT`]: an infinite or NaN end gives way
/// to the other end; with neither, 0.
fn finite_extent(lo: f64, hi: f64) -> (f64, f64) {
    let (lo, hi) = match (lo.is_finite(), hi.is_finite()) {
        (true, true) => (lo.min(hi), lo.max(hi)),
        (true, false) => (lo, lo),
        (false, true) => (hi, hi),
        (false, false) => (0.0, 0.0),
    };
    (lo.clamp(-LIMIT, LIMIT), hi.clamp(-LIMIT, LIMIT))
}

/// `[lo, hi]` widened by `pad` of its span; a single value gets a span around it.
/// Always finite, with a finite span above zero, whatever the values (see [`LIMIT`]).
pub fn padded(lo: f64, hi: f64, pad: f64) -> (f64, f64) {
    let (lo, hi) = finite_extent(lo, hi);
    let span = hi - lo;
    if span <= 1e-9 * lo.abs().max(hi.abs()).max(1e-300) {
        let half = (0.5 * lo.abs()).max(0.5);
        return (lo - half, hi + half);
    }
    (lo - pad * span, hi + pad * span)
}

/// Where a value is drawn on an axis `range`: clamped into it, NaN at its start.
pub fn clamp_to((lo, hi): (f64, f64), v: f64) -> f64 {
    if v.is_nan() {
        lo
    } else {
        v.clamp(lo, hi)
    }
}

/// A value axis: the range drawn, its ticks (always at least two) and their labels.
///
/// Ticks are whole multiples of a round step (1, 2 or 5 times a power of ten), computed
/// as `k * step` so that the tick at zero is exactly 0, never a rounding residue like
/// "-6e-17"; labels carry as many decimals as the step needs, so close ticks stay apart.
#[derive(Debug, Clone, PartialEq)]
pub struct Axis {
    pub lo: f64,
    pub hi: f64,
    pub ticks: Vec<f64>,
    step: f64,
}

/// The axis as plotters' coordinate: the range, with exactly these ticks.
impl Ranged for Axis {
    type ValueType = f64;
    type FormatOption = DefaultFormatting;

    /// A value far beyond the range (an objective of -1e307 on an axis kept within
    /// 1e300) is drawn at most one span past its edge: plotters' pixel would overflow i32.
    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        let span = self.hi - self.lo;
        let value = clamp_to((self.lo - span, self.hi + span), *value);
        RangedCoordf64::from(self.lo..self.hi).map(&value, limit)
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.ticks.clone()
        }
    }

    fn range(&self) -> std::ops::Range<f64> {
        self.lo..self.hi
    }
}

/// Below this, an objective or a rate is zero: means of the rows' terms round at about
/// 1e-16 of their size, so smaller values and spans are rounding, not a change.
const ZERO: f64 = 1e-12;

impl Axis {
    /// An axis for values in `[lo, hi]`, widened by `pad` of their span, with about
    /// `ticks` ticks. Values that do not differ beyond rounding get a range around
    /// their value (half of it on each side, or [-1, 1] around zero), so a constant reads.
    pub fn new(lo: f64, hi: f64, pad: f64, ticks: usize) -> Axis {
        Axis::bounded(lo, hi, (f64::NEG_INFINITY, f64::INFINITY), pad, ticks)
    }

    /// The same, for a quantity that cannot leave `bounds`: the range stays inside them
    /// (a squared error's axis starts at 0, not below).
    /// Always finite and at least two ticks wide: non-finite values are left out and
    /// the rest kept within +-[`LIMIT`].
    pub fn bounded(lo: f64, hi: f64, (min, max): (f64, f64), pad: f64, ticks: usize) -> Axis {
        let (lo, hi) = finite_extent(lo, hi);
        let size = lo.abs().max(hi.abs());
        let span = hi - lo;
        let (from, to) = if size <= ZERO {
            (-1.0, 1.0)
        } else if span <= 1e-9 * size {
            let centre = 0.5 * (lo + hi);
            (centre - 0.5 * centre.abs(), centre + 0.5 * centre.abs())
        } else {
            (lo - pad * span, hi + pad * span)
        };
        let (from, to) = if from.max(min) < to.min(max) { (from.max(min), to.min(max)) } else { (from, to) };
        Axis::with_ticks(from, to, ticks.max(2))
    }

    /// The axis plotters makes of `lo..hi` when asked for `labels` labels: its own
    /// round key points as the ticks. The objective's steps and the ROC's rates keep
    /// plotters' ticks this way while every chart plots on this one coordinate type
    /// (each type of coordinate is another copy of plotters' drawing code).
    pub fn plotters(lo: f64, hi: f64, labels: usize) -> Axis {
        Axis { lo, hi, ticks: RangedCoordf64::from(lo..hi).key_points(labels), step: hi - lo }
    }

    /// The range, as `(lo, hi)`.
    pub fn range(&self) -> (f64, f64) {
        (self.lo, self.hi)
    }

    /// Ticks over `[lo, hi]`: the finest round step that still gives at most about
    /// `wanted` of them, made finer until at least two fit.
    fn with_ticks(lo: f64, hi: f64, wanted: usize) -> Axis {
        let raw = (hi - lo) / wanted as f64;
        if !(raw > 0.0 && raw.is_finite()) {
            return Axis { lo, hi, ticks: vec![lo, hi], step: 1.0 };
        }
        let ticks = |step: f64| -> Vec<f64> {
            let first = (lo / step - 1e-9).ceil() as i64;
            let last = (hi / step + 1e-9).floor() as i64;
            (first..=last).map(|k| k as f64 * step).collect()
        };
        // Round steps from coarse to fine: 10, 5, 2, 1 times 10^e, then 10^(e-1), ...
        let exponent = raw.log10().floor() as i32;
        let steps = (0..4).flat_map(|i| [10.0, 5.0, 2.0].map(|m| m * 10f64.powi(exponent - i)));
        let mut step = 10f64.powi(exponent + 1);
        for candidate in steps {
            if candidate < raw * (1.0 - 1e-9) && ticks(step).len() >= 2 {
                break;
            }
            step = candidate;
        }
        Axis { lo, hi, ticks: ticks(step), step }
    }

    /// A tick's label: "0" for zero, as many decimals as the step needs, and
    /// powers of ten for very large or small values.
    pub fn label(&self, v: f64) -> String {
        if v.abs() <= 1e-9 * self.step {
            return "0".into();
        }
        let step_digits = self.step.log10().floor() as i32;
        let size = self.lo.abs().max(self.hi.abs());
        if !(1e-3..1e6).contains(&size) {
            let mantissa = (v.abs().log10().floor() as i32 - step_digits).clamp(0, 9) as usize;
            let text = format!("{v:.mantissa$e}");
            let (digits, exponent) = text.split_once('e').unwrap_or((&text, "0"));
            return format!("{}e{exponent}", trim_zeros(digits));
        }
        let decimals = (-step_digits).max(0) as usize;
        trim_zeros(&format!("{v:.decimals$}")).to_string()
    }
}

/// "0.50" as "0.5", "2.0" as "2"; a number without a point stays.
fn trim_zeros(text: &str) -> &str {
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.')
    } else {
        text
    }
}

/// A short label for an axis value: few digits, no trailing zeros.
pub fn tick(v: f64) -> String {
    if v == 0.0 {
        return "0".into();
    }
    let a = v.abs();
    if !(1e-3..1e5).contains(&a) {
        return format!("{v:.0e}");
    }
    let text = format!("{v:.3}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(axis: &Axis) -> Vec<String> {
        axis.ticks.iter().map(|&v| axis.label(v)).collect()
    }

    #[test]
    fn ticks_tell_close_values_apart() {
        let axis = Axis::new(-1.2527, -1.2525, 0.0, 5);
        assert_eq!(labels(&axis), ["-1.2527", "-1.25265", "-1.2526", "-1.25255", "-1.2525"]);
        assert_eq!(labels(&Axis::new(-4.0, 2.5, 0.0, 5)), ["-4", "-2", "0", "2"]);
        assert_eq!(labels(&Axis::new(0.0, 0.3, 0.0, 3)), ["0", "0.1", "0.2", "0.3"]);
    }

    #[test]
    fn a_span_of_rounding_around_zero_is_labelled_zero() {
        let axis = Axis::new(-1e-17, 1e-17, 0.08, 5);
        assert_eq!((axis.lo, axis.hi), (-1.0, 1.0));
        assert_eq!(labels(&axis), ["-1", "-0.5", "0", "0.5", "1"]);
        let log_likelihood = Axis::bounded(-3e-17, -1e-17, (f64::NEG_INFINITY, 0.0), 0.08, 5);
        assert_eq!(labels(&log_likelihood), ["-1", "-0.8", "-0.6", "-0.4", "-0.2", "0"]);
        // Ticks built by adding steps would read -6e-17 where zero belongs.
        let straddling = Axis::new(-0.3, 0.3, 0.0, 6);
        assert_eq!(labels(&straddling), ["-0.3", "-0.2", "-0.1", "0", "0.1", "0.2", "0.3"]);
    }

    #[test]
    fn a_constant_gets_a_range_around_it_and_two_ticks() {
        let axis = Axis::new(0.1, 0.1, 0.08, 3);
        assert_eq!((axis.lo, axis.hi), (0.05, 0.15000000000000002));
        assert_eq!(labels(&axis), ["0.05", "0.1", "0.15"]);
        let rate = Axis::bounded(0.0, 0.45, (0.0, f64::INFINITY), 0.1, 3);
        assert_eq!((rate.lo, labels(&rate)), (0.0, vec!["0".to_string(), "0.2".into(), "0.4".into()]));
        let squared_error = Axis::bounded(0.0, 0.0, (0.0, f64::INFINITY), 0.08, 5);
        assert_eq!((squared_error.lo, squared_error.hi), (0.0, 1.0), "no negative squared error");
        // log(1/2), the log-likelihood of theta = 0, moving by rounding only.
        let ln_half = -std::f64::consts::LN_2;
        let almost = Axis::new(ln_half, ln_half + 1e-13, 0.08, 5);
        assert_eq!(labels(&almost), ["-1", "-0.8", "-0.6", "-0.4"], "{almost:?}");
        assert_eq!(labels(&Axis::new(2e-5, 2e-5, 0.1, 3)), ["1e-5", "2e-5", "3e-5"]);
        assert_eq!(labels(&Axis::new(0.0, 1e-4, 0.1, 3)), ["0", "5e-5", "1e-4"]);
        assert_eq!(Axis::new(f64::NAN, f64::INFINITY, 0.1, 3).ticks.len(), 3, "no finite value: around 0");
    }
}
