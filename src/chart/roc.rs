//! Chart: the ROC curve of a binary neuron (true positive rate against false
//! positive rate over every threshold), its AUC, and the current threshold's point.

use super::{class_colour, plot_pixels, Axis, Backdrop, ChartResult, Style, GRID, INK, X_TICK_SPACING, Y_TICK_SPACING};
use crate::metrics::Evaluation;
use plotters::coord::ranged1d::ValueFormatter;
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;

/// Draws `evaluation`'s ROC curve; a multi-class evaluation gets a short note instead.
/// Over the static layer `backdrop` keeps ([`NoBackdrop`](super::NoBackdrop): none): caption, axes and
/// diagonal (the caption's AUC, to three decimals, soon stops changing while training).
pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    evaluation: &Evaluation,
    part: &str,
    style: Style,
    backdrop: &mut dyn Backdrop,
) -> ChartResult {
    root.fill(&WHITE)?;
    let (Some(roc), Some(binary)) = (&evaluation.roc, &evaluation.binary) else {
        root.draw(&Text::new(
            "The ROC curve is for neurons with one output",
            (style.px(20.0) as i32, style.px(30.0) as i32),
            style.font(16.0),
        ))?;
        root.present()?;
        return Ok(());
    };
    let auc = roc.auc.map_or("undefined".to_string(), |a| format!("{a:.3}"));
    let (x_pixels, y_pixels) = plot_pixels(root, (style.px(44.0 + 30.0), style.px(52.0)), style.px(10.0));
    let caption = format!("ROC, {part}: AUC {auc}");
    let (x_ticks, y_ticks) =
        (style.ticks_along(x_pixels, X_TICK_SPACING, 6), style.ticks_along(y_pixels, Y_TICK_SPACING, 6));
    let layer = format!("roc {:?}", (root.dim_in_pixel(), style.scale, &caption, x_ticks, y_ticks));
    let kept = backdrop.restore(&layer)?;
    // Kept, the caption is laid out (plotters draws it while building) but not drawn again.
    let caption_font = if kept { style.font(17.0).color(&TRANSPARENT) } else { style.font(17.0) };
    let mut chart = ChartBuilder::on(root)
        .caption(caption, caption_font)
        .margin(style.px(10.0))
        .x_label_area_size(style.px(44.0))
        .y_label_area_size(style.px(52.0))
        .build_cartesian_2d(Axis::plotters(0.0, 1.0, x_ticks), Axis::plotters(0.0, 1.0, y_ticks))?;
    if !kept {
        chart
            .configure_mesh()
            .light_line_style(TRANSPARENT)
            .bold_line_style(GRID)
            .x_desc("false positive rate (FPR)")
            .y_desc("true positive rate (TPR)")
            .label_style(style.font(13.0))
            .axis_desc_style(style.font(14.0))
            .x_labels(x_ticks)
            .y_labels(y_ticks)
            .x_label_formatter(&RangedCoordf64::format)
            .y_label_formatter(&RangedCoordf64::format)
            .draw()?;
        let diagonal = RGBColor(170, 170, 170).stroke_width(style.px(1.0));
        chart.draw_series(LineSeries::new([(0.0, 0.0), (1.0, 1.0)], diagonal))?;
        backdrop.save(&layer)?;
    }
    let curve = thinned(roc.points.iter().map(|p| (p.fpr, p.tpr)), CURVE_STEP);
    chart.draw_series(LineSeries::new(curve, class_colour(0).stroke_width(style.px(2.5))))?;
    if let (Some(fpr), Some(tpr)) = (binary.fpr, binary.tpr) {
        let colour = class_colour(1);
        chart.draw_series([Circle::new((fpr, tpr), style.px(7.0), colour.filled())])?;
        // The threshold's key, drawn here rather than by plotters' series labels, which
        // measure text through the page's DOM (refused by its Content-Security-Policy).
        let label = format!("threshold {}: FPR {fpr:.2}, TPR {tpr:.2}", binary.threshold);
        let font = style.font(13.0);
        let (w, h) = root.estimate_text_size(&label, &font)?;
        let (plot_w, plot_h) = root.dim_in_pixel();
        let pad = style.px(5.0) as i32;
        let dot = style.px(12.0) as i32;
        let right = plot_w as i32 - style.px(14.0) as i32;
        let bottom = plot_h as i32 - style.px(52.0) as i32;
        let left = (right - w as i32 - dot - 3 * pad).max(0);
        let top = bottom - h as i32 - 2 * pad;
        root.draw(&Rectangle::new([(left, top), (right, bottom)], WHITE.mix(0.9).filled()))?;
        root.draw(&Rectangle::new([(left, top), (right, bottom)], INK.stroke_width(1)))?;
        root.draw(&Circle::new((left + pad + dot / 2, (top + bottom) / 2), style.px(5.0), colour.filled()))?;
        root.draw(&Text::new(label, (left + 2 * pad + dot, top + pad), font))?;
    }
    root.present()?;
    Ok(())
}

/// The smallest move of the drawn curve, in rates: a curve of 100,000 points is drawn
/// through the points a thousandth apart (finer than a pixel on any chart).
const CURVE_STEP: f64 = 1e-3;

/// The points of a curve that move at least `step` (in either rate) from the last one
/// kept, and the last point: the same line on screen from far fewer points.
pub fn thinned(points: impl Iterator<Item = (f64, f64)>, step: f64) -> Vec<(f64, f64)> {
    let mut kept: Vec<(f64, f64)> = Vec::new();
    let mut last = None;
    for p in points {
        match kept.last() {
            Some(&(x, y)) if (p.0 - x).abs() < step && (p.1 - y).abs() < step => last = Some(p),
            _ => {
                kept.push(p);
                last = None;
            }
        }
    }
    kept.extend(last);
    kept
}
