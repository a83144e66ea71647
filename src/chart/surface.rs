//! Chart 5: the objective surface. The training objective over two chosen components
//! of theta, the others held where they are at the current step, as a heatmap with
//! contour lines; the path theta took over the steps drawn on it and the current theta
//! marked. Every value is the trainer's own objective at that theta
//! ([`Trainer::objective_at`]), so the value at the current theta is the status's.
//!
//! Each grid node is a pass over the training rows: the grid's size is bounded by the
//! work it takes ([`Grid::plan`]), coarse while training plays, fine when it stops; on
//! very many rows, while the grid would still be too much work, the objective is
//! estimated on evenly spaced training rows, and the caption says so.

use super::boundary::Image;
use super::{
    header_over, short, Axis, Backdrop, ChartResult, Frame, Key, PlotArea, Style, INK, LIMIT, X_TICK_SPACING,
    Y_TICK_SPACING,
};
use crate::data::prep::Part;
use crate::math::Matrix;
use crate::model::Goal;
use crate::train::Trainer;
use plotters::coord::Shift;
use plotters::prelude::*;

/// What to show: two components of theta, as indices into theta's values
/// (row-major, D x K: component `j * K + k` is theta_j of output k), and how fine a grid.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct View {
    pub x: usize,
    pub y: usize,
    /// A fine grid (training paused) or a coarse one (playing, a frame each step).
    pub fine: bool,
}

/// The work a grid may take, in multiply-adds of `x theta` (see [`TERM_COST`]), and its
/// side in nodes: while playing, about 4 ms of a frame in the page; when paused, about
/// 25 ms, once (the grid is then kept while only the path moves). Measured in the page:
/// 2 ns a unit on 667 rows of logistic (a row's term dominates at D = 3).
const PLAYING: Budget = Budget { work: 2_000_000, sides: (12, 32) };
const PAUSED: Budget = Budget { work: 12_000_000, sides: (24, 80) };

/// A row's term per output (an exponential and a logarithm, computed in software in
/// WebAssembly) costs about as much as this many multiply-adds.
const TERM_COST: usize = 12;

#[derive(Debug, Clone, Copy)]
struct Budget {
    work: usize,
    sides: (usize, usize),
}

/// A component's name as theta's table writes it: "θ income", with the output's
/// class when theta has several columns ("θ income, class b").
pub fn component_name(trainer: &Trainer, component: usize) -> String {
    let names = trainer.prepared().transform().parameter_names();
    let k = trainer.theta().cols();
    let name = names.get(component / k).map_or("?", String::as_str);
    let name = short(name, 24);
    if k == 1 {
        format!("θ {name}")
    } else {
        format!("θ {name}, class {}", short(&trainer.data().class_names[component % k], 12))
    }
}

/// The components shown by default: the first two that are not the bias, of output 0
/// (the bias and the first feature when there is one feature).
pub fn default_components(trainer: &Trainer) -> (usize, usize) {
    let (d, k) = (trainer.theta().rows(), trainer.theta().cols());
    let first = usize::from(trainer.prepared().transform().bias && d > 2);
    (first * k, ((first + 1) * k).min(d * k - 1))
}

/// The grid to compute: its nodes along each axis, the rows it averages over, and what
/// its values depend on (theta's other components, the neuron), to keep a grid while
/// only the path moves.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub view: View,
    /// Node coordinates along x and y: the current theta is a node, exactly.
    pub u: Vec<f64>,
    pub v: Vec<f64>,
    /// Theta at the current step with the two components zeroed: what the values depend on.
    others: Vec<f64>,
    /// The settings the objective is computed with (the neuron, and any term of the
    /// objective a setting adds).
    settings: crate::settings::Settings,
    /// Every `stride`-th training row (1: all of them, the exact objective).
    pub stride: usize,
    pub rows_used: usize,
    pub rows_all: usize,
}

/// The objective at each node of a [`Plan`]: `values[j * u.len() + i]` at `(u[i], v[j])`.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    pub plan: Plan,
    pub values: Vec<f64>,
}

/// The range of the path's values and the current one, widened by a fifth of its span
/// and to at least 1 (or a tenth of the value) on each side of its centre: theta's
/// standardized units, where a step of 1 matters.
fn extent(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) =
        values.filter(|v| v.is_finite()).fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let (lo, hi) = if lo <= hi { (lo.clamp(-LIMIT, LIMIT), hi.clamp(-LIMIT, LIMIT)) } else { (0.0, 0.0) };
    let centre = 0.5 * lo + 0.5 * hi;
    let half = (0.5 * (hi - lo) * 1.4).max(1.0).max(0.1 * centre.abs());
    (centre - half, centre + half)
}

/// `n` nodes a spacing `h` apart covering `[lo, hi]` (nearly), one of them exactly at `at`.
fn nodes(at: f64, (lo, hi): (f64, f64), n: usize) -> Vec<f64> {
    let h = (hi - lo) / n as f64;
    let i0 = ((at - lo) / h).floor().clamp(0.0, (n - 1) as f64) as usize;
    (0..n).map(|i| if i == i0 { at } else { at + (i as f64 - i0 as f64) * h }).collect()
}

/// The values of step `t`'s theta at the two components, for every step taken.
pub fn path(trainer: &Trainer, view: View) -> Vec<(f64, f64)> {
    (trainer.first_step()..=trainer.steps_taken())
        .filter_map(|t| trainer.theta_at(t))
        .map(|theta| (theta.as_slice()[view.x], theta.as_slice()[view.y]))
        .collect()
}

impl Grid {
    /// The grid for `view`: the path's range around the current theta, as many nodes
    /// as the budget allows at a pass over the training rows each; past the smallest
    /// grid, evenly spaced rows.
    pub fn plan(trainer: &Trainer, view: View) -> Plan {
        let budget = if view.fine { PAUSED } else { PLAYING };
        let theta = trainer.theta().as_slice();
        let rows_all = trainer.prepared().x(Part::Train).rows();
        let per_row = theta.len() + TERM_COST * trainer.theta().cols();
        let cost = rows_all.max(1) * per_row;
        let side = ((budget.work / cost) as f64).sqrt() as usize;
        let side = side.clamp(budget.sides.0, budget.sides.1);
        let most_rows = (budget.work / (side * side * per_row)).max(1);
        let stride = rows_all.div_ceil(most_rows).max(1);
        let rows_used = rows_all.div_ceil(stride);
        let steps = path(trainer, view);
        let current = (theta[view.x], theta[view.y]);
        let u_range = extent(steps.iter().map(|p| p.0).chain([current.0]));
        let v_range = extent(steps.iter().map(|p| p.1).chain([current.1]));
        let mut others = theta.to_vec();
        others[view.x] = 0.0;
        others[view.y] = 0.0;
        Plan {
            view,
            u: nodes(current.0, u_range, side),
            v: nodes(current.1, v_range, side),
            others,
            settings: trainer.settings().clone(),
            stride,
            rows_used,
            rows_all,
        }
    }

    /// The objective at every node of `plan`, through the trainer's own objective:
    /// [`Trainer::objective_at`] on all training rows, [`Trainer::objective_on`] on
    /// every `stride`-th.
    pub fn compute(trainer: &Trainer, plan: Plan) -> Grid {
        let View { x, y, .. } = plan.view;
        let mut theta = trainer.theta().clone();
        let k = theta.cols();
        let sample = (plan.stride > 1).then(|| {
            let p = trainer.prepared();
            let (xs, ys) = (p.x(Part::Train), p.targets(Part::Train, k));
            let rows: Vec<usize> = (0..xs.rows()).step_by(plan.stride).collect();
            let pick = |m: &Matrix| {
                let values = rows.iter().flat_map(|&i| m.row(i).iter().copied()).collect();
                Matrix::from_vec(rows.len(), m.cols(), values)
            };
            (pick(xs), pick(ys))
        });
        let mut values = Vec::with_capacity(plan.u.len() * plan.v.len());
        for &v in &plan.v {
            for &u in &plan.u {
                theta.as_mut_slice()[x] = u;
                theta.as_mut_slice()[y] = v;
                values.push(match &sample {
                    None => trainer.objective_at(&theta),
                    Some((xs, ys)) => trainer.objective_on(&theta, xs, ys),
                });
            }
        }
        Grid { plan, values }
    }

    /// The grid `kept` when it is the one `plan` asks for; else computed (and kept).
    pub fn kept_or_computed<'a>(trainer: &Trainer, plan: Plan, kept: &'a mut Option<Grid>) -> &'a Grid {
        if kept.as_ref().is_none_or(|grid| grid.plan != plan) {
            *kept = Some(Grid::compute(trainer, plan));
        }
        kept.as_ref().expect("just kept")
    }

    fn spacing(nodes: &[f64]) -> f64 {
        if nodes.len() < 2 {
            1.0
        } else {
            (nodes[nodes.len() - 1] - nodes[0]) / (nodes.len() - 1) as f64
        }
    }

    /// The plot's ranges: the nodes, each the centre of its cell.
    pub fn ranges(&self) -> ((f64, f64), (f64, f64)) {
        let range = |nodes: &[f64]| {
            let h = Grid::spacing(nodes);
            (nodes[0] - 0.5 * h, nodes[nodes.len() - 1] + 0.5 * h)
        };
        (range(&self.plan.u), range(&self.plan.v))
    }

    /// The value at node `(i, j)`.
    pub fn at(&self, i: usize, j: usize) -> f64 {
        self.values[j * self.plan.u.len() + i]
    }

    /// The value at the current theta: the node placed there.
    pub fn at_current(&self, trainer: &Trainer) -> Option<f64> {
        let theta = trainer.theta().as_slice();
        let i = self.plan.u.iter().position(|&u| u == theta[self.plan.view.x])?;
        let j = self.plan.v.iter().position(|&v| v == theta[self.plan.view.y])?;
        Some(self.at(i, j))
    }

    /// The value at `(u, v)`: between nodes, linear in each direction for a smooth
    /// objective; the nearest node's for a piecewise-constant one (its plateaus stay
    /// flat, their edges sharp). Not a number where a node's value is not.
    fn value_at(&self, (u, v): (f64, f64), smooth: bool) -> f64 {
        let (nu, nv) = (self.plan.u.len(), self.plan.v.len());
        let fi = (u - self.plan.u[0]) / Grid::spacing(&self.plan.u);
        let fj = (v - self.plan.v[0]) / Grid::spacing(&self.plan.v);
        let nearest = |f: f64, n: usize| f.round().clamp(0.0, (n - 1) as f64) as usize;
        if !smooth || nu < 2 || nv < 2 {
            return self.at(nearest(fi, nu), nearest(fj, nv));
        }
        let (i, j) = (fi.floor().clamp(0.0, (nu - 2) as f64) as usize, fj.floor().clamp(0.0, (nv - 2) as f64) as usize);
        let (s, t) = ((fi - i as f64).clamp(0.0, 1.0), (fj - j as f64).clamp(0.0, 1.0));
        let corners = [self.at(i, j), self.at(i + 1, j), self.at(i, j + 1), self.at(i + 1, j + 1)];
        if corners.iter().any(|c| !c.is_finite()) {
            return self.at(nearest(fi, nu), nearest(fj, nv));
        }
        let bottom = corners[0] + s * (corners[1] - corners[0]);
        let top = corners[2] + s * (corners[3] - corners[2]);
        bottom + t * (top - bottom)
    }

    /// The smallest and largest finite values; `None` when none is finite.
    fn value_range(&self) -> Option<(f64, f64)> {
        let finite = self.values.iter().copied().filter(|v| v.is_finite());
        let (lo, hi) = finite.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)));
        (lo <= hi).then_some((lo, hi))
    }

    /// Segments where the surface crosses `level`, by marching squares over the nodes
    /// (a cell with a node that is not a number is left out).
    pub fn contour(&self, level: f64) -> Vec<[(f64, f64); 2]> {
        let (u, v) = (&self.plan.u, &self.plan.v);
        let mut segments = Vec::new();
        for j in 0..v.len().saturating_sub(1) {
            for i in 0..u.len().saturating_sub(1) {
                // The corners counter-clockwise from the bottom left, and the edges between them.
                let corners = [(i, j), (i + 1, j), (i + 1, j + 1), (i, j + 1)];
                let values = corners.map(|(a, b)| self.at(a, b));
                if values.iter().any(|c| !c.is_finite()) {
                    continue;
                }
                let mut crossings = Vec::with_capacity(4);
                for e in 0..4 {
                    let (p, q) = (e, (e + 1) % 4);
                    let (vp, vq) = (values[p], values[q]);
                    if (vp < level) != (vq < level) {
                        let f = (level - vp) / (vq - vp);
                        let (a, b) = (corners[p], corners[q]);
                        crossings.push((u[a.0] + f * (u[b.0] - u[a.0]), v[a.1] + f * (v[b.1] - v[a.1])));
                    }
                }
                for pair in crossings.chunks_exact(2) {
                    segments.push([pair[0], pair[1]]);
                }
            }
        }
        segments
    }
}

/// Viridis (matplotlib's perceptually uniform map) at `t` in [0, 1], from five of its stops.
fn viridis(t: f64) -> [u8; 3] {
    const STOPS: [[f64; 3]; 5] =
        [[68.0, 1.0, 84.0], [59.0, 82.0, 139.0], [33.0, 145.0, 140.0], [94.0, 201.0, 98.0], [253.0, 231.0, 37.0]];
    let f = if t.is_nan() { 0.0 } else { t.clamp(0.0, 1.0) * 4.0 };
    let i = (f.floor() as usize).min(3);
    let s = f - i as f64;
    [0, 1, 2].map(|c| (STOPS[i][c] + s * (STOPS[i + 1][c] - STOPS[i][c])).round() as u8)
}

/// Where a node's value is not a number (beyond the largest double): grey.
const NOT_COMPUTABLE: [u8; 3] = [190, 190, 190];

/// A value's colour: the better, the brighter (yellow), on the colour axis's range;
/// values beyond it at its ends.
fn colour_of(value: f64, axis: &Axis, goal: Goal) -> [u8; 3] {
    if !value.is_finite() {
        return NOT_COMPUTABLE;
    }
    let t = (value - axis.lo) / (axis.hi - axis.lo);
    let t = if t.is_finite() { t } else { 0.5 };
    viridis(match goal {
        Goal::Maximize => t,
        Goal::Minimize => 1.0 - t,
    })
}

/// Draws the chart from `grid` (see [`Grid::plan`] and [`Grid::kept_or_computed`]); the
/// heatmap goes through `put_image`; the caption and legend are kept in `backdrop`.
pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    trainer: &Trainer,
    grid: &Grid,
    style: Style,
    put_image: &mut dyn FnMut(Image) -> ChartResult,
    backdrop: &mut dyn Backdrop,
) -> ChartResult<PlotArea> {
    root.fill(&WHITE)?;
    let plan = &grid.plan;
    let view = plan.view;
    let kind = trainer.neuron().kind;
    let goal = kind.goal();
    let name = kind.objective_name();
    let capital = name.chars().next().map(|c| c.to_uppercase().collect::<String>() + &name[c.len_utf8()..]);
    let caption =
        format!("{} {}, {} is better", capital.unwrap_or_default(), super::objective_symbol(trainer), goal.better());
    let now_colour = super::class_colour(1);
    let mut keys = vec![Key::Line(INK, "path of θ".into()), Key::Dot(now_colour, "θ now".into())];
    keys.push(Key::Text("others as now".into()));
    if plan.stride > 1 {
        let rows = format!("on {} of {} rows", super::thousands(plan.rows_used), super::thousands(plan.rows_all));
        keys.push(Key::Text(rows));
    }
    if !view.fine {
        keys.push(Key::Text("coarse while playing".into()));
    }
    let unknown = grid.values.iter().any(|v| !v.is_finite());
    if unknown {
        keys.push(Key::Text("grey: too large to compute".into()));
    }
    let plot = header_over(root, &caption, &keys, style, backdrop)?;

    let (u_range, v_range) = grid.ranges();
    let frame = Frame { x_labels: 44.0, y_labels: 58.0, margin: 10.0, margin_right: 78.0 };
    let (x_pixels, y_pixels) = frame.plot_pixels(&plot, style);
    let unbounded = (f64::NEG_INFINITY, f64::INFINITY);
    let x_axis = Axis::bounded(u_range.0, u_range.1, unbounded, 0.0, style.ticks_along(x_pixels, X_TICK_SPACING, 6));
    let y_axis = Axis::bounded(v_range.0, v_range.1, unbounded, 0.0, style.ticks_along(y_pixels, Y_TICK_SPACING, 7));
    let mut chart = frame.chart(&plot, (&x_axis, &y_axis), style)?;
    let (x_desc, y_desc) = (component_name(trainer, view.x), component_name(trainer, view.y));
    super::draw_axes(&mut chart, (&x_axis, &y_axis), (&x_desc, &y_desc), false, style)?;

    // The colours span the finite values; a surface too large everywhere is grey.
    let (lo, hi) = grid.value_range().unwrap_or((0.0, 0.0));
    let bar_pixels = y_pixels.saturating_sub(style.px(24.0));
    let values = Axis::new(lo, hi, 0.0, style.ticks_along(bar_pixels, Y_TICK_SPACING, 6));

    // The heatmap, a value per pixel (interpolated between nodes when the objective is smooth).
    let area = PlotArea::of(&chart, x_axis.range(), y_axis.range());
    let (px, py) = chart.plotting_area().get_pixel_range();
    let (width, height) = ((px.end - px.start).max(1) as u32, (py.end - py.start).max(1) as u32);
    let smooth = kind.smooth_objective();
    let mut rgba = Vec::with_capacity((width * height * 4) as usize);
    for y in 0..height {
        let v = area.y.1 - (area.y.1 - area.y.0) * (f64::from(y) + 0.5) / f64::from(height);
        for x in 0..width {
            let u = area.x.0 + (area.x.1 - area.x.0) * (f64::from(x) + 0.5) / f64::from(width);
            let [r, g, b] = colour_of(grid.value_at((u, v), smooth), &values, goal);
            rgba.extend_from_slice(&[r, g, b, 255]);
        }
    }
    put_image(Image { x: px.start, y: py.start, width, height, rgba })?;

    // Contours at the colour bar's ticks.
    let contour_style = INK.mix(0.45).stroke_width(style.px(1.0));
    for &level in values.ticks.iter().filter(|&&t| t > lo && t < hi) {
        let segments = grid.contour(level);
        chart.draw_series(segments.into_iter().map(|s| PathElement::new(s.to_vec(), contour_style)))?;
    }

    // The path: the steps up to the current one, a light line on a dark one (it shows on
    // every colour); the steps ahead (after a rewind) faded; the start and theta now marked.
    let steps = path(trainer, view);
    let now = trainer.iteration() - trainer.first_step();
    let (done, ahead) = steps.split_at((now + 1).min(steps.len()));
    let thin = |points: &[(f64, f64)]| -> Vec<(f64, f64)> {
        // At most a point per pixel and a half: a path of 100,000 steps draws as quickly as one of 300.
        let mut kept: Vec<(f64, f64)> = Vec::new();
        let mut last_pixel = (f64::NAN, f64::NAN);
        for (i, &p) in points.iter().enumerate() {
            let pixel = area.to_pixel(p);
            let far = (pixel.0 - last_pixel.0).hypot(pixel.1 - last_pixel.1);
            // The first point (its distance from nothing is not a number) and the last are kept.
            if far.is_nan() || far >= 1.5 || i + 1 == points.len() {
                kept.push(p);
                last_pixel = pixel;
            }
        }
        kept
    };
    if !ahead.is_empty() {
        let from = done.last().into_iter().chain(ahead).copied().collect::<Vec<_>>();
        chart.draw_series(LineSeries::new(thin(&from), WHITE.mix(0.6).stroke_width(style.px(2.0))))?;
    }
    let done = thin(done);
    chart.draw_series(LineSeries::new(done.clone(), INK.stroke_width(style.px(4.5))))?;
    chart.draw_series(LineSeries::new(done, WHITE.stroke_width(style.px(2.0))))?;
    if let Some(&start) = steps.first() {
        chart.draw_series([Circle::new(start, style.px(4.0), WHITE.filled())])?;
        chart.draw_series([Circle::new(start, style.px(4.0), INK.stroke_width(style.px(1.5)))])?;
    }
    let theta = trainer.theta().as_slice();
    let current = (theta[view.x], theta[view.y]);
    chart.draw_series([Circle::new(current, style.px(6.5), now_colour.filled())])?;
    chart.draw_series([Circle::new(current, style.px(6.5), WHITE.stroke_width(style.px(2.0)))])?;

    colour_bar(root, (&values, goal), (px.end, py.start, py.end), super::objective_symbol(trainer), style, put_image)?;
    if grid.value_range().is_none() {
        let message = "the objective is too large to compute here: reset or set a smaller θ";
        let at = (px.start + style.px(8.0) as i32, py.start + style.px(8.0) as i32);
        root.draw(&Text::new(message, at, style.font(13.0)))?;
    }
    root.present()?;
    Ok(area)
}

/// The colour bar right of the plot: the values' colours from bottom to top, ticked,
/// its label above it.
fn colour_bar<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    (values, goal): (&Axis, Goal),
    (plot_right, top, bottom): (i32, i32, i32),
    label: &str,
    style: Style,
    put_image: &mut dyn FnMut(Image) -> ChartResult,
) -> ChartResult {
    let left = plot_right + style.px(14.0) as i32;
    let right = left + style.px(14.0) as i32;
    root.draw(&Text::new(label.to_string(), (left - style.px(4.0) as i32, top), style.font(14.0)))?;
    let top = top + style.px(26.0) as i32;
    let span = (bottom - top).max(1);
    // An image like the heatmap: a stroke per pixel row through the canvas costs more.
    let width = (right - left).max(1) as u32;
    let mut rgba = Vec::with_capacity((width * span as u32 * 4) as usize);
    for y in 0..span {
        let value = values.hi - (values.hi - values.lo) * (f64::from(y) + 0.5) / f64::from(span);
        let [r, g, b] = colour_of(value, values, goal);
        for _ in 0..width {
            rgba.extend_from_slice(&[r, g, b, 255]);
        }
    }
    put_image(Image { x: left, y: top, width, height: span as u32, rgba })?;
    root.draw(&Rectangle::new([(left, top), (right, bottom)], INK.stroke_width(1)))?;
    for &tick in values.ticks.iter().filter(|&&t| t >= values.lo && t <= values.hi) {
        let y = bottom - (f64::from(span) * (tick - values.lo) / (values.hi - values.lo)).round() as i32;
        root.draw(&PathElement::new([(right, y), (right + style.px(4.0) as i32, y)], INK.stroke_width(1)))?;
        let text = values.label(tick);
        let at = (right + style.px(6.0) as i32, y - style.px(6.5) as i32);
        root.draw(&Text::new(text, at, style.font(12.0)))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nodes_put_one_exactly_at_the_current_value() {
        for (at, range, n) in [(0.3, (-1.0, 2.0), 24), (-7.0, (-8.0, -6.0), 5), (1e300, (0.9e300, 1.1e300), 12)] {
            let u = nodes(at, range, n);
            assert_eq!(u.len(), n);
            assert!(u.contains(&at), "{at} in {u:?}");
            assert!(u.iter().all(|v| v.is_finite()));
            assert!(u.windows(2).all(|w| w[0] < w[1]));
        }
    }

    #[test]
    fn extent_surrounds_the_values_with_a_margin() {
        let (lo, hi) = extent([0.0, 4.0].into_iter());
        assert!(lo < 0.0 && hi > 4.0);
        assert_eq!(extent([2.0].into_iter()), (1.0, 3.0), "one value: at least 1 on each side");
        let (lo, hi) = extent([1e300, f64::INFINITY, f64::NAN].into_iter());
        assert!(lo.is_finite() && hi.is_finite() && lo < 1e300 && hi > 1e300);
    }

    #[test]
    fn viridis_runs_from_purple_to_yellow() {
        assert_eq!(viridis(0.0), [68, 1, 84]);
        assert_eq!(viridis(1.0), [253, 231, 37]);
        assert_eq!(viridis(f64::NAN), [68, 1, 84]);
    }
}
