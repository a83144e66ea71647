//! Chart 3: the objective per iteration, training and validation, with the
//! learning rate beneath it. The objective is drawn as it is, with its own sign:
//! the log-likelihood ℓ(θ) climbs (higher is better); squared error and
//! cross-entropy J(θ) fall (lower is better). The caption says which.
//! Validation is dashed and wider, beneath training, so both show where they coincide.
//! Rejected steps (the adaptive rate undid them) are crosses; the stop is a line.
//! After a rewind, the steps ahead of the current one stay, faded.

use super::{
    clamp_to, class_colour, header_over, tick, Axis, Backdrop, ChartResult, Key, Style, GRID, INK, Y_TICK_SPACING,
};
use crate::model::Goal;
use crate::train::{Snapshot, Stop, Trainer};
use plotters::coord::Shift;
use plotters::prelude::*;

/// Draws the chart, its caption and legend kept in `backdrop` (see [`header_over`];
/// [`NoBackdrop`](super::NoBackdrop) draws them every time).
pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    trainer: &Trainer,
    style: Style,
    backdrop: &mut dyn Backdrop,
) -> ChartResult {
    root.fill(&WHITE)?;
    let steps: Vec<Snapshot> = trainer.all_steps().collect();
    let now = trainer.iteration();
    let last = steps.len() - 1;
    let curve = |f: &dyn Fn(&Snapshot) -> Option<f64>| -> Vec<(f64, f64)> {
        steps.iter().filter_map(|s| f(s).map(|v| (s.iteration as f64, v))).collect()
    };
    // With mini-batches the full-data objectives are those of the epochs' ends (and the
    // start); each step's own batch objective is drawn beneath them, thin.
    let mini = trainer.steps_per_epoch() > 1;
    let measured = |s: &Snapshot| !mini || s.iteration == 0 || s.epoch_end || s.edited;
    let train = curve(&|s| measured(s).then_some(s.objective_train));
    let validation = curve(&|s| s.objective_validation.filter(|_| measured(s)));
    let batches = curve(&|s| s.batch_objective);
    // With a penalty, the objective trained and, beside it, its data term alone.
    let penalized = !trainer.settings().penalty().is_zero();
    let data = if penalized { curve(&|s| Some(s.data_train)) } else { Vec::new() };
    // A diverged step's objective may be infinite: the axis spans the finite ones.
    let values = train.iter().chain(&validation).chain(&data).chain(&batches).map(|p| p.1).filter(|v| v.is_finite());
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)));
    // Squared error and cross-entropy are never below 0, a log-likelihood never above.
    let bounds = match trainer.neuron().kind.goal() {
        Goal::Maximize => (f64::NEG_INFINITY, 0.0),
        Goal::Minimize => (0.0, f64::INFINITY),
    };
    // The objective takes about two thirds of the chart's height, less its header.
    let objective_pixels = (root.dim_in_pixel().1 as f64 * 0.4) as u32;
    let axis = Axis::bounded(lo, hi, bounds, 0.08, style.ticks_along(objective_pixels, Y_TICK_SPACING, 5));
    let (lo, hi) = (axis.lo, axis.hi);
    // A value beyond the axis (an objective above 1e300) is drawn at its edge.
    let inside = |points: Vec<(f64, f64)>| -> Vec<(f64, f64)> {
        points.into_iter().map(|(t, v)| (t, clamp_to((lo, hi), v))).collect()
    };
    let (train, validation, data, batches) = (inside(train), inside(validation), inside(data), inside(batches));
    let t_max = (last as f64).max(10.0);

    let kind = trainer.neuron().kind;
    let caption = format!("{} per iteration t ({} is better)", kind.objective_name(), kind.goal().better());
    let train_colour = class_colour(0);
    let validation_colour = class_colour(1);
    let stop_colour = class_colour(2);
    let data_colour = class_colour(3);
    let full = match (penalized, mini) {
        (false, false) => "training",
        (true, false) => "training, penalized",
        (false, true) => "training, at epoch ends",
        (true, true) => "training, penalized, at epoch ends",
    };
    let mut keys = vec![Key::Line(train_colour, full.into())];
    let batch_colour = RGBColor(150, 150, 150);
    if mini {
        keys.push(Key::Line(batch_colour, "each step's batch".into()));
    }
    if penalized {
        keys.push(Key::Line(data_colour, "training, data term".into()));
    }
    if !validation.is_empty() {
        keys.push(Key::Dashed(validation_colour, "validation".into()));
    }
    let rejected: Vec<(f64, f64)> =
        inside(steps.iter().filter(|s| !s.accepted).map(|s| (s.iteration as f64, s.objective_train)).collect());
    if !rejected.is_empty() {
        keys.push(Key::Cross(INK, "rejected step".into()));
    }
    let stop = steps[last].stop.map(|stop| match stop {
        Stop::Converged => "ε stop",
        Stop::NoUpdate => "no update",
        Stop::MaxIterations => "max iterations",
        Stop::Diverged => "diverged",
        Stop::Unsolvable => "Hessian unsolvable",
    });
    if let Some(text) = stop {
        keys.push(Key::Line(stop_colour, format!("{text} at t = {last}")));
    }
    let rest = header_over(root, &caption, &keys, style, backdrop)?;

    let (top, bottom) = rest.split_vertically((rest.dim_in_pixel().1 as f64 * 0.64) as u32);
    let mut chart = ChartBuilder::on(&top)
        .margin(style.px(10.0))
        .margin_right(style.px(18.0))
        .margin_bottom(0)
        .x_label_area_size(style.px(8.0))
        .y_label_area_size(style.px(64.0))
        .build_cartesian_2d(Axis::plotters(0.0, t_max, 0), axis.clone())?;
    chart
        .configure_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(GRID)
        .x_labels(0)
        .y_labels(axis.ticks.len())
        .y_desc(super::objective_symbol(trainer))
        .label_style(style.font(13.0))
        .axis_desc_style(style.font(14.0))
        .y_label_formatter(&|v| axis.label(*v))
        .draw()?;

    // Validation first, dashed and wider; training on top, so where the two coincide
    // the validation colour still shows on both sides of the training line.
    // Up to the current step in full colour; the steps after it (kept after a rewind) faded.
    let (dash, gap) = (style.px(7.0), style.px(4.0));
    chart.draw_series(LineSeries::new(batches, batch_colour.stroke_width(style.px(1.0))))?;
    chart.draw_series(LineSeries::new(data, data_colour.stroke_width(style.px(1.5))))?;
    for (points, colour, dashed) in [(&validation, validation_colour, true), (&train, train_colour, false)] {
        let width = style.px(if dashed { 4.5 } else { 2.0 });
        let line = |chart: &mut ChartContext<_, _>, points: Vec<(f64, f64)>, style: ShapeStyle| -> ChartResult {
            if dashed {
                chart.draw_series(DashedLineSeries::new(points, dash, gap, style))?;
            } else {
                chart.draw_series(LineSeries::new(points, style))?;
            }
            Ok(())
        };
        let (done, ahead): (Vec<_>, Vec<_>) = points.iter().partition(|p| p.0 <= now as f64);
        if !ahead.is_empty() {
            let from = done.last().copied();
            line(&mut chart, from.into_iter().chain(ahead).collect(), colour.mix(0.3).stroke_width(width))?;
        }
        // The current step as a dot: also what shows at t = 0, when there is no line yet.
        if let Some(&current) = done.last() {
            chart.draw_series([Circle::new(current, style.px(if dashed { 5.0 } else { 3.5 }), colour.filled())])?;
        }
        line(&mut chart, done, colour.stroke_width(width))?;
    }
    let size = style.px(5.0) as i32;
    chart.draw_series(rejected.iter().map(|&p| Cross::new(p, size, INK.stroke_width(style.px(2.0)))))?;
    if stop.is_some() {
        chart.draw_series(LineSeries::new(
            [(last as f64, lo), (last as f64, hi)],
            stop_colour.stroke_width(style.px(2.0)),
        ))?;
    }
    if now < last {
        let marker = INK.stroke_width(style.px(1.5));
        chart.draw_series(LineSeries::new([(now as f64, lo), (now as f64, hi)], marker))?;
    }

    let rates: Vec<(f64, f64)> = steps.iter().map(|s| (s.iteration as f64, s.learning_rate)).collect();
    // From zero, so the axis shows how large eta is, not only how it moved.
    let r_hi = rates.iter().fold(0.0f64, |hi, p| hi.max(p.1));
    let rate_axis = Axis::bounded(0.0, r_hi, (0.0, f64::INFINITY), 0.1, 3);
    let mut rate_chart = ChartBuilder::on(&bottom)
        .margin(style.px(10.0))
        .margin_right(style.px(18.0))
        .margin_top(style.px(4.0))
        .margin_bottom(style.px(4.0))
        .x_label_area_size(style.px(24.0))
        .y_label_area_size(style.px(64.0))
        .build_cartesian_2d(Axis::plotters(0.0, t_max, 6), rate_axis.clone())?;
    rate_chart
        .configure_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(GRID)
        .y_labels(rate_axis.ticks.len())
        .x_labels(6)
        .y_desc("η")
        .label_style(style.font(13.0))
        .axis_desc_style(style.font(14.0))
        .x_label_formatter(&|v| tick(*v))
        .y_label_formatter(&|v| rate_axis.label(*v))
        .draw()?;
    rate_chart.draw_series(LineSeries::new(rates, INK.stroke_width(style.px(1.5))))?;
    root.present()?;
    Ok(())
}
