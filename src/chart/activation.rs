//! Chart 1: the activation over z, with every training row placed at its
//! current `z = x theta` (at height y = its label) and coloured by class:
//! as theta learns, the rows slide along z towards the side of their class.
//!
//! Binary neurons: the linear, step or sigmoid output over z. K outputs: the view
//! of output k (one versus the rest): K sigmoids plot `z_k`; softmax plots the
//! margin `z_k - ln sum_{j != k} e^{z_j}`, over which softmax's output k is
//! exactly the sigmoid.

use super::{
    clamp_to, class_colour, class_keys, draw_axes, header_over, jitter, selection_ring, short, shown_note, Axis,
    Backdrop, ChartResult, Frame, PlotArea, Style, INK, LABEL_CHARS, X_TICK_SPACING, Y_TICK_SPACING,
};
use crate::data::prep::Part;
use crate::math::z_row;
use crate::math::{log_sum_exp, Activation};
use crate::train::Trainer;
use plotters::coord::Shift;
use plotters::prelude::*;

/// A training row as this chart shows it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    /// Its index among the training rows.
    pub train_row: usize,
    /// Where along z it is (the margin, for softmax).
    pub z: f64,
    /// 1 for the positive class (or output k's class), else 0.
    pub y: f64,
    pub class: usize,
}

/// The training rows this chart shows (all, or the sample of a large data set; see
/// `Prepared::shown`), each at its z and label height.
pub fn points(trainer: &Trainer, output: usize) -> Vec<Point> {
    let activation = trainer.neuron().kind.activation();
    let theta = trainer.theta();
    let k = output.min(theta.cols() - 1);
    let mut z = vec![0.0; theta.cols()];
    let x = &trainer.prepared().x(Part::Train);
    let labels = &trainer.prepared().labels(Part::Train);
    trainer
        .prepared()
        .shown(Part::Train)
        .iter()
        .map(|&i| {
            z_row(x.row(i), theta, &mut z);
            let along = match activation {
                Activation::Softmax => {
                    let others: Vec<f64> = z.iter().enumerate().filter(|&(j, _)| j != k).map(|(_, &v)| v).collect();
                    z[k] - log_sum_exp(&others)
                }
                _ => z[k],
            };
            let positive = if theta.cols() == 1 { labels[i] == 1 } else { labels[i] == k };
            Point { train_row: i, z: along, y: f64::from(u8::from(positive)), class: labels[i] }
        })
        .collect()
}

/// The jittered height at which training row `i` is drawn, so rows of one class
/// with equal z do not hide each other.
pub fn height(i: usize, y: f64) -> f64 {
    y + jitter(i) * 0.08
}

/// Where training row `train_row` is drawn, in canvas pixels.
/// Where training row `train_row` is drawn, in canvas pixels (`None` when it is not shown).
pub fn row_pixel(trainer: &Trainer, output: usize, area: &PlotArea, train_row: usize) -> Option<(f64, f64)> {
    let p = points(trainer, output).into_iter().find(|p| p.train_row == train_row)?;
    Some(area.to_pixel((clamp_to(area.x, p.z), height(train_row, p.y))))
}

/// The training row drawn nearest to a canvas pixel, if within `reach` pixels.
pub fn nearest(trainer: &Trainer, output: usize, area: &PlotArea, pixel: (f64, f64), reach: f64) -> Option<usize> {
    let drawn =
        points(trainer, output).into_iter().map(|p| (p.train_row, (clamp_to(area.x, p.z), height(p.train_row, p.y))));
    area.nearest(pixel, drawn, reach)
}

/// Draws the chart; `selected` (a training row) gets a ring. Returns where the plot is.
/// The caption and legend are kept in `backdrop` (see [`header_over`]; [`NoBackdrop`](super::NoBackdrop) to draw them every time).
pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    trainer: &Trainer,
    output: usize,
    selected: Option<usize>,
    style: Style,
    backdrop: &mut dyn Backdrop,
) -> ChartResult<PlotArea> {
    root.fill(&WHITE)?;
    let activation = trainer.neuron().kind.activation();
    let rows = points(trainer, output);
    let z_extent = rows.iter().map(|p| p.z.abs()).fold(4.0, f64::max).min(1e6);
    let (y_lo, y_hi) = if activation == Activation::Identity { (-0.6, 1.6) } else { (-0.12, 1.12) };
    let classes = &trainer.data().class_names;
    let class_name = short(&classes[output.min(classes.len() - 1)], LABEL_CHARS);
    let caption = match (activation, trainer.theta().cols()) {
        (Activation::Identity, _) => "Activation: linear, ŷ = z".to_string(),
        (Activation::Step, _) => "Activation: step, ŷ = 1 if z > 0".to_string(),
        (_, 1) => "Activation: sigmoid ŷ = 1/(1 + e^−z)".to_string(),
        (Activation::Softmax, _) => format!("Softmax output '{class_name}' vs its margin"),
        _ => format!("Sigmoid output '{class_name}' (one vs rest)"),
    };
    let x_desc = match (activation, trainer.theta().cols()) {
        (Activation::Softmax, _) => "margin z_k − ln Σ(j≠k) exp(z_j)",
        (_, 1) => "z = x θ",
        _ => "z_k = x θ_k",
    };

    let mut keys = class_keys(classes);
    let all = trainer.prepared().data_rows(Part::Train).len();
    keys.extend(shown_note(rows.len(), all, "training rows"));
    let plot = header_over(root, &caption, &keys, style, backdrop)?;
    let frame = Frame { x_labels: 44.0, y_labels: 52.0, margin: 10.0, margin_right: 10.0 };
    let (x_pixels, y_pixels) = frame.plot_pixels(&plot, style);
    // Axes with ticks of their own: plotters' tick search is never given a range.
    let x_axis = Axis::new(-z_extent, z_extent, 0.04, style.ticks_along(x_pixels, X_TICK_SPACING, 7));
    let y_axis = Axis::new(y_lo, y_hi, 0.0, style.ticks_along(y_pixels, Y_TICK_SPACING, 6));
    let (z_lo, z_hi) = x_axis.range();
    let (y_lo, y_hi) = y_axis.range();
    let mut chart = frame.chart(&plot, (&x_axis, &y_axis), style)?;
    draw_axes(&mut chart, (&x_axis, &y_axis), (x_desc, "ŷ and label y"), true, style)?;

    let curve = |z: f64| activation.curve(z);
    let samples = 400;
    // The line y_hat = z leaves the frame: only the part inside is drawn.
    let line: Vec<(f64, f64)> = (0..=samples)
        .map(|s| {
            let z = z_lo + (z_hi - z_lo) * s as f64 / samples as f64;
            (z, curve(z))
        })
        .filter(|&(_, y)| (y_lo..=y_hi).contains(&y))
        .collect();
    chart.draw_series(LineSeries::new(line, INK.stroke_width(style.px(2.5))))?;
    chart.draw_series(LineSeries::new(
        [(0.0, y_lo), (0.0, y_hi)],
        RGBColor(150, 150, 150).stroke_width(style.px(1.0)),
    ))?;

    let radius = style.px(if rows.len() > 400 { 3.0 } else { 4.5 });
    // Class by class (a later class on top), in one pass over the rows sorted by class.
    let by_class = crate::order::sorted_by(&rows, |a, b| a.class.cmp(&b.class));
    chart.draw_series(by_class.into_iter().map(|p| {
        let at = (clamp_to((z_lo, z_hi), p.z), height(p.train_row, p.y));
        Circle::new(at, radius, class_colour(p.class).mix(0.75).filled())
    }))?;
    if let Some(p) = selected.and_then(|i| rows.iter().find(|p| p.train_row == i)) {
        chart.draw_series([selection_ring((clamp_to((z_lo, z_hi), p.z), height(p.train_row, p.y)), style)])?;
    }
    root.present()?;
    Ok(PlotArea::of(&chart, (z_lo, z_hi), (y_lo, y_hi)))
}
