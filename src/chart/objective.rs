//! Chart 3: the objective per iteration, training and validation, with the
//! learning rate beneath it. Always drawn so that up is better: the
//! log-likelihood as it is, cross-entropy and squared error negated.
//! Rejected steps (the adaptive rate undid them) are crosses; the stop is a line.
//! After a rewind, the steps ahead of the current one stay, faded.

use super::{class_colour, header, padded, tick, ticks_for, ChartResult, Key, Style, GRID, INK};
use crate::model::Goal;
use crate::train::{Snapshot, Stop, Trainer};
use plotters::coord::Shift;
use plotters::prelude::*;

/// The name of the plotted quantity, e.g. "−cross-entropy".
pub fn label(trainer: &Trainer) -> String {
    trainer.neuron().kind.plotted_objective()
}

/// The vertical axis's short name, as the slides write it: ℓ(θ) or −J(θ).
fn short_label(trainer: &Trainer) -> &'static str {
    match (trainer.neuron().kind.goal(), trainer.theta().cols()) {
        (Goal::Maximize, 1) => "ℓ(θ)",
        (Goal::Maximize, _) => "ℓ(Θ)",
        (Goal::Minimize, 1) => "−J(θ)",
        (Goal::Minimize, _) => "−J(Θ)",
    }
}

pub fn draw<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, trainer: &Trainer, style: Style) -> ChartResult {
    root.fill(&WHITE)?;
    let sign = trainer.neuron().kind.goal().sign();
    let steps: Vec<Snapshot> = trainer.all_steps().collect();
    let now = trainer.iteration();
    let last = steps.len() - 1;
    let curve = |f: &dyn Fn(&Snapshot) -> Option<f64>| -> Vec<(f64, f64)> {
        steps.iter().filter_map(|s| f(s).map(|v| (s.iteration as f64, sign * v))).collect()
    };
    let train = curve(&|s| Some(s.objective_train));
    let validation = curve(&|s| s.objective_validation);
    let values = train.iter().chain(&validation).map(|p| p.1);
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let (lo, hi) = padded(lo, hi, 0.08);
    let t_max = (last as f64).max(10.0);

    let caption = match trainer.neuron().kind.goal() {
        Goal::Maximize => format!("{} per iteration t", label(trainer)),
        Goal::Minimize => format!("{} per iteration t (up is better)", label(trainer)),
    };
    let train_colour = class_colour(0);
    let validation_colour = class_colour(1);
    let stop_colour = class_colour(2);
    let mut keys = vec![Key::Line(train_colour, "training".into())];
    if !validation.is_empty() {
        keys.push(Key::Line(validation_colour, "validation".into()));
    }
    let rejected: Vec<(f64, f64)> =
        steps.iter().filter(|s| !s.accepted).map(|s| (s.iteration as f64, sign * s.objective_train)).collect();
    if !rejected.is_empty() {
        keys.push(Key::Cross(INK, "rejected step".into()));
    }
    let stop = steps[last].stop.map(|stop| match stop {
        Stop::Converged => "ε stop",
        Stop::NoUpdate => "no update",
        Stop::MaxIterations => "max iterations",
        Stop::Diverged => "diverged",
    });
    if let Some(text) = stop {
        keys.push(Key::Line(stop_colour, format!("{text} at t = {last}")));
    }
    let rest = header(root, &caption, &keys, style)?;

    let (top, bottom) = rest.split_vertically((rest.dim_in_pixel().1 as f64 * 0.64) as u32);
    let mut chart = ChartBuilder::on(&top)
        .margin(style.px(10.0))
        .margin_right(style.px(18.0))
        .margin_bottom(0)
        .x_label_area_size(style.px(8.0))
        .y_label_area_size(style.px(64.0))
        .build_cartesian_2d(0.0..t_max, lo..hi)?;
    chart
        .configure_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(GRID)
        .x_labels(0)
        .y_labels(5)
        .y_desc(short_label(trainer))
        .label_style(style.font(13.0))
        .axis_desc_style(style.font(14.0))
        .y_label_formatter(&ticks_for(hi - lo))
        .draw()?;

    let width = style.px(2.5);
    // Up to the current step in full colour; the steps after it (kept after a rewind) faded.
    for (points, colour) in [(&train, train_colour), (&validation, validation_colour)] {
        let (done, ahead): (Vec<_>, Vec<_>) = points.iter().partition(|p| p.0 <= now as f64);
        if !ahead.is_empty() {
            let from = done.last().copied();
            chart.draw_series(LineSeries::new(from.into_iter().chain(ahead), colour.mix(0.3).stroke_width(width)))?;
        }
        // The current step as a dot: also what shows at t = 0, when there is no line yet.
        if let Some(&current) = done.last() {
            chart.draw_series([Circle::new(current, style.px(4.0), colour.filled())])?;
        }
        chart.draw_series(LineSeries::new(done, colour.stroke_width(width)))?;
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
    let r_hi = rates.iter().fold(0.0f64, |hi, p| hi.max(p.1));
    let mut rate_chart = ChartBuilder::on(&bottom)
        .margin(style.px(10.0))
        .margin_right(style.px(18.0))
        .margin_top(style.px(4.0))
        .margin_bottom(style.px(4.0))
        .x_label_area_size(style.px(24.0))
        .y_label_area_size(style.px(64.0))
        .build_cartesian_2d(0.0..t_max, 0.0..(r_hi * 1.1).max(1e-12))?;
    rate_chart
        .configure_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(GRID)
        .y_labels(2)
        .x_labels(6)
        .y_desc("η")
        .label_style(style.font(13.0))
        .axis_desc_style(style.font(14.0))
        .x_label_formatter(&|v| tick(*v))
        .y_label_formatter(&|v| tick(*v))
        .draw()?;
    rate_chart.draw_series(LineSeries::new(rates, INK.stroke_width(style.px(1.5))))?;
    root.present()?;
    Ok(())
}
