//! Chart 3: the objective per iteration, training and validation, with the
//! learning rate beneath it. Always drawn so that up is better: the
//! log-likelihood as it is, cross-entropy and squared error negated.
//! Rejected steps (the adaptive rate undid them) are crosses; the stop is a line.

use super::{class_colour, padded, tick, ChartResult, Style, GRID, INK};
use crate::model::Goal;
use crate::train::{Snapshot, Stop, Trainer};
use plotters::coord::Shift;
use plotters::prelude::*;

/// The name of the plotted quantity, e.g. "−cross-entropy".
pub fn label(trainer: &Trainer) -> String {
    let kind = trainer.neuron().kind;
    match kind.goal() {
        Goal::Maximize => kind.objective_name().to_string(),
        Goal::Minimize => format!("−{}", kind.objective_name()),
    }
}

pub fn draw<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, trainer: &Trainer, style: Style) -> ChartResult {
    root.fill(&WHITE)?;
    let sign = trainer.neuron().kind.goal().sign();
    let history: Vec<Snapshot> = trainer.history().collect();
    let last = history.len() - 1;
    let train: Vec<(f64, f64)> = history.iter().map(|s| (s.iteration as f64, sign * s.objective_train)).collect();
    let validation: Vec<(f64, f64)> =
        history.iter().filter_map(|s| s.objective_validation.map(|v| (s.iteration as f64, sign * v))).collect();
    let values = train.iter().chain(&validation).map(|p| p.1);
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let (lo, hi) = padded(lo, hi, 0.08);
    let t_max = (last as f64).max(10.0);

    let (top, bottom) = root.split_vertically((root.dim_in_pixel().1 as f64 * 0.66) as u32);
    let mut chart = ChartBuilder::on(&top)
        .caption(format!("{} per iteration", label(trainer)), style.font(17.0))
        .margin(style.px(10.0))
        .margin_bottom(0)
        .x_label_area_size(style.px(8.0))
        .y_label_area_size(style.px(64.0))
        .build_cartesian_2d(0.0..t_max, lo..hi)?;
    chart
        .configure_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(GRID)
        .x_labels(0)
        .y_labels(6)
        .y_desc(label(trainer))
        .label_style(style.font(13.0))
        .axis_desc_style(style.font(14.0))
        .y_label_formatter(&|v| tick(*v))
        .draw()?;

    let width = style.px(2.5);
    let train_colour = class_colour(0);
    let validation_colour = class_colour(1);
    chart
        .draw_series(LineSeries::new(train.clone(), train_colour.stroke_width(width)))?
        .label("training")
        .legend(move |(x, y)| PathElement::new([(x - 8, y), (x + 8, y)], train_colour.stroke_width(3)));
    if !validation.is_empty() {
        chart
            .draw_series(LineSeries::new(validation, validation_colour.stroke_width(width)))?
            .label("validation")
            .legend(move |(x, y)| PathElement::new([(x - 8, y), (x + 8, y)], validation_colour.stroke_width(3)));
    }
    let rejected: Vec<(f64, f64)> =
        history.iter().filter(|s| !s.accepted).map(|s| (s.iteration as f64, sign * s.objective_train)).collect();
    if !rejected.is_empty() {
        let size = style.px(5.0) as i32;
        chart
            .draw_series(rejected.iter().map(|&p| Cross::new(p, size, INK.stroke_width(style.px(2.0)))))?
            .label("rejected step (eta shrinks)")
            .legend(move |(x, y)| Cross::new((x, y), 5, INK.stroke_width(2)));
    }
    if let Some(stop) = history[last].stop {
        let text = match stop {
            Stop::Converged => "ε stop",
            Stop::NoUpdate => "no update",
            Stop::MaxIterations => "max iterations",
            Stop::Diverged => "diverged",
        };
        let stop_colour = class_colour(2);
        chart
            .draw_series(LineSeries::new(
                [(last as f64, lo), (last as f64, hi)],
                stop_colour.stroke_width(style.px(2.0)),
            ))?
            .label(format!("{text} at t = {last}"))
            .legend(move |(x, y)| PathElement::new([(x, y - 6), (x, y + 6)], stop_colour.stroke_width(3)));
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::LowerRight)
        .label_font(style.font(13.0))
        .background_style(WHITE.mix(0.85))
        .border_style(GRID)
        .draw()?;

    let rates: Vec<(f64, f64)> = history.iter().map(|s| (s.iteration as f64, s.learning_rate)).collect();
    let (r_lo, r_hi) = rates.iter().fold((f64::INFINITY, 0.0f64), |(lo, hi), p| (lo.min(p.1), hi.max(p.1)));
    let mut rate_chart = ChartBuilder::on(&bottom)
        .margin(style.px(10.0))
        .margin_top(style.px(4.0))
        .x_label_area_size(style.px(40.0))
        .y_label_area_size(style.px(64.0))
        .build_cartesian_2d(0.0..t_max, 0.0..(r_hi.max(r_lo) * 1.1).max(1e-12))?;
    rate_chart
        .configure_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(GRID)
        .y_labels(2)
        .x_labels(8)
        .x_desc("iteration t")
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
