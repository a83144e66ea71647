//! Chart 1: the activation over z, with every training row placed at its
//! current `z = x theta` (at height y = its label) and coloured by class:
//! as theta learns, the rows slide along z towards the side of their class.
//!
//! Binary neurons: the linear, step or sigmoid output over z. K outputs: the view
//! of output k (one versus the rest): K sigmoids plot `z_k`; softmax plots the
//! margin `z_k - ln sum_{j != k} e^{z_j}`, over which softmax's output k is
//! exactly the sigmoid.

use super::{
    clamp_to, class_colour, class_keys, header, jitter, plot_pixels, selection_ring, short, Axis, ChartResult,
    PlotArea, Style, GRID, INK, LABEL_CHARS, X_TICK_SPACING, Y_TICK_SPACING,
};
use crate::data::prep::Part;
use crate::math::z_row;
use crate::math::{log_sum_exp, Activation};
use crate::train::Trainer;
use plotters::coord::Shift;
use plotters::prelude::*;

/// The x and y of every training row on this chart: (z, label height, class).
pub fn points(trainer: &Trainer, output: usize) -> Vec<(f64, f64, usize)> {
    let activation = trainer.neuron().kind.activation();
    let theta = trainer.theta();
    let k = output.min(theta.cols() - 1);
    let mut z = vec![0.0; theta.cols()];
    let x = &trainer.prepared().x(Part::Train);
    let labels = &trainer.prepared().labels(Part::Train);
    (0..x.rows())
        .map(|i| {
            z_row(x.row(i), theta, &mut z);
            let along = match activation {
                Activation::Softmax => {
                    let others: Vec<f64> = z.iter().enumerate().filter(|&(j, _)| j != k).map(|(_, &v)| v).collect();
                    z[k] - log_sum_exp(&others)
                }
                _ => z[k],
            };
            let positive = if theta.cols() == 1 { labels[i] == 1 } else { labels[i] == k };
            (along, f64::from(u8::from(positive)), labels[i])
        })
        .collect()
}

/// The jittered height at which training row `i` is drawn, so rows of one class
/// with equal z do not hide each other.
pub fn height(i: usize, y: f64) -> f64 {
    y + jitter(i) * 0.08
}

/// Where training row `train_row` is drawn, in canvas pixels.
pub fn row_pixel(trainer: &Trainer, output: usize, area: &PlotArea, train_row: usize) -> Option<(f64, f64)> {
    let &(z, y, _) = points(trainer, output).get(train_row)?;
    Some(area.to_pixel((clamp_to(area.x, z), height(train_row, y))))
}

/// The training row drawn nearest to a canvas pixel, if within `reach` pixels.
pub fn nearest(trainer: &Trainer, output: usize, area: &PlotArea, pixel: (f64, f64), reach: f64) -> Option<usize> {
    let rows = points(trainer, output);
    let drawn = rows.iter().enumerate().map(|(i, &(z, y, _))| (i, (clamp_to(area.x, z), height(i, y))));
    area.nearest(pixel, drawn, reach)
}

/// Draws the chart; `selected` (a training row) gets a ring. Returns where the plot is.
pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    trainer: &Trainer,
    output: usize,
    selected: Option<usize>,
    style: Style,
) -> ChartResult<PlotArea> {
    root.fill(&WHITE)?;
    let activation = trainer.neuron().kind.activation();
    let rows = points(trainer, output);
    let z_extent = rows.iter().map(|p| p.0.abs()).fold(4.0, f64::max).min(1e6);
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

    let plot = header(root, &caption, &class_keys(classes), style)?;
    let (x_pixels, y_pixels) = plot_pixels(&plot, (style.px(44.0), style.px(52.0)), style.px(10.0));
    // Axes with ticks of their own: plotters' tick search is never given a range.
    let x_axis = Axis::new(-z_extent, z_extent, 0.04, style.ticks_along(x_pixels, X_TICK_SPACING, 7));
    let y_axis = Axis::new(y_lo, y_hi, 0.0, style.ticks_along(y_pixels, Y_TICK_SPACING, 6));
    let (z_lo, z_hi) = x_axis.range();
    let (y_lo, y_hi) = y_axis.range();
    let mut chart = ChartBuilder::on(&plot)
        .margin(style.px(10.0))
        .x_label_area_size(style.px(44.0))
        .y_label_area_size(style.px(52.0))
        .build_cartesian_2d(x_axis.clone(), y_axis.clone())?;
    chart
        .configure_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(GRID)
        .x_desc(x_desc)
        .y_desc("ŷ and label y")
        .label_style(style.font(13.0))
        .axis_desc_style(style.font(14.0))
        .x_label_formatter(&|v| x_axis.label(*v))
        .y_label_formatter(&|v| y_axis.label(*v))
        .x_labels(x_axis.ticks.len())
        .y_labels(y_axis.ticks.len())
        .draw()?;

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
    let mut by_class: Vec<usize> = (0..rows.len()).collect();
    by_class.sort_by_key(|&i| rows[i].2);
    chart.draw_series(by_class.into_iter().map(|i| {
        let (z, y, class) = rows[i];
        Circle::new((clamp_to((z_lo, z_hi), z), height(i, y)), radius, class_colour(class).mix(0.75).filled())
    }))?;
    if let Some(i) = selected.filter(|&i| i < rows.len()) {
        let (z, y, _) = rows[i];
        chart.draw_series([selection_ring((clamp_to((z_lo, z_hi), z), height(i, y)), style)])?;
    }
    root.present()?;
    Ok(PlotArea::of(&chart, (z_lo, z_hi), (y_lo, y_hi)))
}
