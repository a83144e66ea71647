//! Chart 2: the decision boundary in the plane of two features (the others
//! held at their training mean): a probability heatmap computed here into an
//! RGBA buffer (the page puts it with one `putImageData`), the line where
//! `y_hat` crosses the threshold, and the rows: training filled, validation as rings.
//! The legend sits in a strip above the plot, so no point hides behind it.

use super::{
    clamp_to, class_colour, class_keys, draw_axes, header, jitter, selection_ring, short, shown_note, Axis, Backdrop,
    ChartResult, Frame, Key, PlotArea, Style, INK, X_TICK_SPACING, Y_TICK_SPACING,
};
use crate::data::prep::Part;
use crate::math::z_row;
use crate::train::Trainer;
use plotters::coord::Shift;
use plotters::prelude::*;

/// Which plane to show.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct View {
    /// Feature index (into the data set's features) on the horizontal axis.
    pub x_feature: usize,
    /// On the vertical axis; `None` for a one-feature set (rows spread by class).
    pub y_feature: Option<usize>,
    pub threshold: f64,
    /// A data-set row to ring.
    pub selected: Option<usize>,
}

/// An RGBA image for the plotting area, `x, y` its top-left corner in canvas pixels.
#[derive(Debug, Clone, PartialEq)]
pub struct Image {
    pub x: i32,
    pub y: i32,
    pub width: u32,
    pub height: u32,
    pub rgba: Vec<u8>,
}

/// A disc (or a ring) as the pixels it covers around its centre pixel, each with its
/// coverage in 1/256ths: worked out once per drawing, then stamped at every row.
/// `reach` bounds the offsets: a dot that far from the image's edges needs no clipping.
pub struct Dot {
    covered: Vec<(i32, i32, u32)>,
    reach: i32,
}

impl Dot {
    /// A disc of `radius` pixels or, with `ring` a line width, a circle; its edge
    /// anti-aliased by coverage.
    pub fn new(radius: f64, ring: Option<f64>) -> Dot {
        let reach = (radius + ring.unwrap_or(0.0) / 2.0 + 1.0).ceil() as i32;
        let mut covered = Vec::new();
        for dy in -reach..=reach {
            for dx in -reach..=reach {
                let d = f64::from(dx).hypot(f64::from(dy));
                let cover = match ring {
                    None => radius + 0.5 - d,
                    Some(width) => width / 2.0 + 0.5 - (d - radius).abs(),
                };
                if cover > 0.0 {
                    covered.push((dx, dy, (cover.min(1.0) * 256.0) as u32));
                }
            }
        }
        Dot { covered, reach }
    }
}

impl Image {
    /// Blends `dot` in `colour` into the image, centred on the pixel nearest to `centre`
    /// (pixels from the image's corner).
    pub fn stamp(&mut self, centre: (f64, f64), dot: &Dot, colour: RGBColor) {
        let (cx, cy) = (centre.0.floor() as i64, centre.1.floor() as i64);
        let (width, height) = (i64::from(self.width), i64::from(self.height));
        let reach = i64::from(dot.reach);
        // Most dots lie inside: their pixels are blended without a test each.
        let inside = cx >= reach && cy >= reach && cx + reach < width && cy + reach < height;
        let paint = u32::from_le_bytes([colour.0, colour.1, colour.2, 0]);
        for &(dx, dy, weight) in &dot.covered {
            let (x, y) = (cx + i64::from(dx), cy + i64::from(dy));
            if !inside && (!(0..width).contains(&x) || !(0..height).contains(&y)) {
                continue;
            }
            let at = ((y * width + x) * 4) as usize;
            let Some(pixel) = self.rgba.get_mut(at..at + 4) else { continue };
            let blended = blend(u32::from_le_bytes([pixel[0], pixel[1], pixel[2], pixel[3]]), paint, weight);
            pixel.copy_from_slice(&blended.to_le_bytes());
        }
    }
}

/// `(pixel * (256 - weight) + paint * weight) >> 8` in each colour byte of an RGBA pixel
/// (little-endian: red lowest), alpha kept: red with blue in one multiplication, green in
/// another (each product stays within its 16 bits).
fn blend(pixel: u32, paint: u32, weight: u32) -> u32 {
    let keep = 256 - weight;
    let red_blue = (((pixel & 0x00ff_00ff) * keep + (paint & 0x00ff_00ff) * weight) >> 8) & 0x00ff_00ff;
    let green = (((pixel & 0x0000_ff00) * keep + (paint & 0x0000_ff00) * weight) >> 8) & 0x0000_ff00;
    red_blue | green | (pixel & 0xff00_0000)
}

/// Evaluates the trained neuron at points of the plane.
struct Plane<'a> {
    trainer: &'a Trainer,
    view: View,
    raw: Vec<f64>,
    prepared: Vec<f64>,
    y_hat: Vec<f64>,
}

impl<'a> Plane<'a> {
    fn new(trainer: &'a Trainer, view: View) -> Plane<'a> {
        let transform = &trainer.prepared().transform();
        // The other features held at their training means.
        let raw = trainer.prepared().training_means().to_vec();
        Plane {
            trainer,
            view,
            raw,
            prepared: vec![0.0; transform.parameters()],
            y_hat: vec![0.0; trainer.theta().cols()],
        }
    }

    /// y_hat at (u, v) in raw feature units.
    fn y_hat(&mut self, u: f64, v: f64) -> &[f64] {
        self.raw[self.view.x_feature] = u;
        if let Some(j) = self.view.y_feature {
            self.raw[j] = v;
        }
        self.trainer.prepared().transform().apply_row(&self.raw, &mut self.prepared);
        self.trainer.neuron().y_hat(self.trainer.theta(), &self.prepared, &mut self.y_hat);
        &self.y_hat
    }

    /// Each output's z as a plane over (u, v): `z_k = a_k + b_k u + c_k v` (the
    /// transform and `x theta` are affine in the two features), for the heatmap to
    /// evaluate without a pass over every feature per pixel; `None` when a
    /// coefficient is not a finite number (values near the largest double), and
    /// with derived features (`x1 x2`, `x1^2`: z is then curved in the plane).
    fn affine(&mut self) -> Option<Vec<[f64; 3]>> {
        if !self.trainer.prepared().transform().derived.is_none() {
            return None;
        }
        let k = self.trainer.theta().cols();
        let z_at = |plane: &mut Plane, u: f64, v: f64| {
            plane.y_hat(u, v);
            let mut z = vec![0.0; k];
            z_row(&plane.prepared, plane.trainer.theta(), &mut z);
            z
        };
        let (origin, along_u, along_v) = (z_at(self, 0.0, 0.0), z_at(self, 1.0, 0.0), z_at(self, 0.0, 1.0));
        let planes: Vec<[f64; 3]> =
            (0..k).map(|j| [origin[j], along_u[j] - origin[j], along_v[j] - origin[j]]).collect();
        planes.iter().flatten().all(|c| c.is_finite()).then_some(planes)
    }

    /// y_hat at (u, v) from the planes of [`Plane::affine`]; where their z is not a
    /// number, as [`Plane::y_hat`] computes it.
    fn y_hat_on(&mut self, planes: &[[f64; 3]], u: f64, v: f64) -> &[f64] {
        for (z, [a, b, c]) in self.y_hat.iter_mut().zip(planes) {
            *z = a + b * u + c * v;
        }
        if self.y_hat.iter().any(|z| z.is_nan()) {
            return self.y_hat(u, v);
        }
        self.trainer.neuron().kind.activation().apply(&mut self.y_hat);
        &self.y_hat
    }

    /// z = x theta at (u, v), for a binary neuron (theta a single column).
    fn z(&mut self, u: f64, v: f64) -> f64 {
        self.y_hat(u, v);
        let mut z = [0.0];
        z_row(&self.prepared, self.trainer.theta(), &mut z);
        z[0]
    }
}

/// The heatmap's colour for one point: binary neurons blend from class 0's colour
/// through white (y_hat at the threshold) to class 1's; K outputs take the winning
/// class's colour, stronger the surer it is.
fn shade(y_hat: &[f64], threshold: f64) -> [u8; 4] {
    // An output that is not a number (a point too far out to compute) shows as white.
    let (colour, strength) = if y_hat.len() == 1 {
        let p = if y_hat[0].is_nan() { threshold } else { y_hat[0].clamp(0.0, 1.0) };
        if p >= threshold {
            (class_colour(1), (p - threshold) / (1.0 - threshold).max(1e-9))
        } else {
            (class_colour(0), (threshold - p) / threshold.max(1e-9))
        }
    } else {
        let k = crate::math::argmax(y_hat);
        let chance = 1.0 / y_hat.len() as f64;
        (class_colour(k), ((y_hat[k] - chance) / (1.0 - chance)).clamp(0.0, 1.0))
    };
    let a = if strength.is_nan() { 0.0 } else { 0.12 + 0.38 * strength.clamp(0.0, 1.0) };
    let mix = |c: u8| (255.0 * (1.0 - a) + c as f64 * a).round() as u8;
    [mix(colour.0), mix(colour.1), mix(colour.2), 255]
}

/// The segment of the line `a + b u + c v = level` inside the box, if it crosses it.
fn clip_line(a: f64, b: f64, c: f64, level: f64, u: (f64, f64), v: (f64, f64)) -> Option<[(f64, f64); 2]> {
    let mut ends = Vec::new();
    if c.abs() > 1e-12 {
        for uu in [u.0, u.1] {
            let vv = (level - a - b * uu) / c;
            if (v.0..=v.1).contains(&vv) {
                ends.push((uu, vv));
            }
        }
    }
    if b.abs() > 1e-12 {
        for vv in [v.0, v.1] {
            let uu = (level - a - c * vv) / b;
            if (u.0..=u.1).contains(&uu) {
                ends.push((uu, vv));
            }
        }
    }
    // A line through a corner meets two edges there: keep the two ends farthest apart.
    let far = |a: (f64, f64), b: (f64, f64)| (a.0 - b.0).powi(2) + (a.1 - b.1).powi(2);
    let mut best: Option<[(f64, f64); 2]> = None;
    for (i, &a) in ends.iter().enumerate() {
        for &b in &ends[i + 1..] {
            if far(a, b) > 0.0 && best.is_none_or(|[p, q]| far(a, b) > far(p, q)) {
                best = Some([a, b]);
            }
        }
    }
    best
}

/// The curve `z(u, v) = level` inside the box, as segments: z on a grid of
/// `cells` (columns, rows) cells, each cell's crossings on its edges found by linear
/// interpolation and joined (marching squares; a cell crossed four times is split
/// as its centre's side says).
fn contour(plane: &mut Plane, (u_range, v_range): Ranges, cells: (u32, u32), level: f64) -> Vec<[(f64, f64); 2]> {
    let (nu, nv) = (cells.0 as usize, cells.1 as usize);
    let u_at = |i: usize| u_range.0 + (u_range.1 - u_range.0) * i as f64 / nu as f64;
    let v_at = |j: usize| v_range.0 + (v_range.1 - v_range.0) * j as f64 / nv as f64;
    let mut z = vec![0.0; (nu + 1) * (nv + 1)];
    for j in 0..=nv {
        for i in 0..=nu {
            z[j * (nu + 1) + i] = plane.z(u_at(i), v_at(j)) - level;
        }
    }
    let mut segments = Vec::new();
    for j in 0..nv {
        for i in 0..nu {
            // Corners anticlockwise from (u_i, v_j).
            let corners = [(i, j), (i + 1, j), (i + 1, j + 1), (i, j + 1)];
            let values = corners.map(|(a, b)| z[b * (nu + 1) + a]);
            if !values.iter().all(|f| f.is_finite()) {
                continue;
            }
            let mut crossings = Vec::new();
            for e in 0..4 {
                let ((a, b), (c, d)) = (corners[e], corners[(e + 1) % 4]);
                let (f, g) = (values[e], values[(e + 1) % 4]);
                if (f < 0.0) != (g < 0.0) {
                    let t = f / (f - g);
                    crossings.push((u_at(a) + (u_at(c) - u_at(a)) * t, v_at(b) + (v_at(d) - v_at(b)) * t));
                }
            }
            match crossings[..] {
                [p, q] => segments.push([p, q]),
                [p, q, r, s] => {
                    // A saddle: the centre on the first corner's side joins it to its edges' crossings.
                    let centre = plane.z((u_at(i) + u_at(i + 1)) / 2.0, (v_at(j) + v_at(j + 1)) / 2.0) - level;
                    if (centre < 0.0) == (values[0] < 0.0) {
                        segments.extend([[p, q], [r, s]]);
                    } else {
                        segments.extend([[s, p], [q, r]]);
                    }
                }
                _ => {}
            }
        }
    }
    segments
}

/// Where data-set row `i` is drawn.
pub fn position(trainer: &Trainer, view: &View, i: usize) -> (f64, f64) {
    let data = trainer.data();
    let v = match view.y_feature {
        Some(j) => data.x.get(i, j),
        None => data.labels[i] as f64 + jitter(i) * 0.5,
    };
    (data.x.get(i, view.x_feature), v)
}

/// Where data-set row `i` is drawn on a plot: its [`position`], a value beyond the
/// plot's range (a cell near 1e308) at its edge.
pub fn drawn_at(trainer: &Trainer, view: &View, area: &PlotArea, i: usize) -> (f64, f64) {
    let (u, v) = position(trainer, view, i);
    (clamp_to(area.x, u), clamp_to(area.y, v))
}

/// The data-set row (training or validation) drawn nearest to a canvas pixel.
pub fn nearest(trainer: &Trainer, view: &View, area: &PlotArea, pixel: (f64, f64), reach: f64) -> Option<usize> {
    let rows = shown_rows(trainer).into_iter().map(|(i, _)| (i, drawn_at(trainer, view, area, i)));
    area.nearest(pixel, rows, reach)
}

/// The data-set rows this chart draws (all, or the sample of a large data set; see
/// `Prepared::shown`), each with whether it is a training row, in the data set's order.
pub fn shown_rows(trainer: &Trainer) -> Vec<(usize, bool)> {
    let p = trainer.prepared();
    let part = |part: Part| p.shown(part).iter().map(move |&i| (p.data_rows(part)[i], part == Part::Train));
    let rows: Vec<(usize, bool)> = part(Part::Train).chain(part(Part::Validation)).collect();
    crate::order::sorted_by(&rows, |a, b| a.0.cmp(&b.0))
}

/// Evaluations of the neuron the heatmap may make, counted in multiply-adds of `x theta`:
/// with many classes (theta D x 1000) the blocks grow, so a chart stays a few milliseconds.
const HEATMAP_WORK: usize = 4_000_000;

/// The heatmap's block: 2 x 2 canvas pixels per evaluation, larger when theta is.
fn heatmap_block(width: u32, height: u32, theta_size: usize) -> u32 {
    let evaluations = (HEATMAP_WORK / theta_size.max(1)).max(1) as f64;
    let side = (width as f64 * height as f64 / evaluations).sqrt().ceil();
    (side as u32).clamp(2, 64)
}

/// The heatmap over `(u, v)` ranges, `width` x `height` pixels, as RGBA: one evaluation
/// per block of pixels (2 x 2, larger for a theta of many classes), at the block's centre.
fn heatmap(plane: &mut Plane, (u_range, v_range): Ranges, (width, height): (u32, u32), threshold: f64) -> Vec<u8> {
    let planes = plane.affine();
    let block = heatmap_block(width, height, plane.trainer.theta().as_slice().len()) as usize;
    let (w, h) = (width as usize, height as usize);
    let half = block as f64 / 2.0;
    // A binary neuron's colour is a function of its z alone, the same whatever theta:
    // looked up among the z where it changes (see `Shades`), not computed per block.
    let activation = plane.trainer.neuron().kind.activation();
    let shades = (plane.trainer.theta().cols() == 1).then(|| Shades::cached(activation, threshold));
    let mut colours = vec![[0u8; 4]; w.div_ceil(block)];
    let mut rgba = vec![0u8; w * h * 4];
    for by in (0..h).step_by(block) {
        let v = v_range.1 - (v_range.1 - v_range.0) * (by as f64 + half) / height as f64;
        for (column, colour) in colours.iter_mut().enumerate() {
            let u = u_range.0 + (u_range.1 - u_range.0) * ((column * block) as f64 + half) / width as f64;
            *colour = match (&planes, &shades) {
                (Some(planes), Some(shades)) => {
                    let [a, b, c] = planes[0];
                    // As `Plane::y_hat_on` computes it; a z that is not a number goes the long way.
                    let z = a + b * u + c * v;
                    match shades.of(z) {
                        Some(colour) => colour,
                        None => shade(plane.y_hat(u, v), threshold),
                    }
                }
                (Some(planes), None) => shade(plane.y_hat_on(planes, u, v), threshold),
                (None, _) => shade(plane.y_hat(u, v), threshold),
            };
        }
        // The block's first pixel row, then copies of it beneath.
        let first = by * w * 4;
        for (column, colour) in colours.iter().enumerate() {
            let from = first + column * block * 4;
            let to = first + ((column + 1) * block).min(w) * 4;
            for pixel in rgba[from..to].chunks_exact_mut(4) {
                pixel.copy_from_slice(colour);
            }
        }
        for y in by + 1..(by + block).min(h) {
            rgba.copy_within(first..first + w * 4, y * w * 4);
        }
    }
    rgba
}

type Ranges = ((f64, f64), (f64, f64));

/// A binary neuron's heatmap colour as a function of z, `shade(activation(z))`, as the
/// z where it changes: `starts[i]` (a z as [`ordered`] keys it) is where `colours[i]` begins. The colour moves
/// monotonically with z on each side of the threshold (and differs across it), so where
/// two z have one colour, every z between has it: the changes are found by halving, to
/// the last bit of a double, once per activation and threshold.
struct Shades {
    starts: Vec<u64>,
    colours: Vec<[u8; 4]>,
}

/// A double's bits as an integer in the doubles' order (-0 just below +0).
fn ordered(z: f64) -> u64 {
    let bits = z.to_bits();
    if bits >> 63 == 1 {
        !bits
    } else {
        bits | 1 << 63
    }
}

fn from_ordered(key: u64) -> f64 {
    f64::from_bits(if key >> 63 == 1 { key & !(1 << 63) } else { !key })
}

impl Shades {
    fn new(activation: crate::math::Activation, threshold: f64) -> Shades {
        let colour = |key: u64| {
            let mut y_hat = [from_ordered(key)];
            activation.apply(&mut y_hat);
            shade(&y_hat, threshold)
        };
        let (lo, hi) = (ordered(f64::NEG_INFINITY), ordered(f64::INFINITY));
        let mut starts = vec![lo];
        let mut colours = vec![colour(lo)];
        // Stretches of keys still to split, the leftmost last (so changes come in order).
        let mut stretches = vec![(lo, hi, colour(hi))];
        while let Some((from, to, end)) = stretches.pop() {
            let start = *colours.last().unwrap_or(&end);
            if start == end {
                continue;
            }
            if to - from == 1 {
                starts.push(to);
                colours.push(end);
                continue;
            }
            let mid = from + (to - from) / 2;
            let middle = colour(mid);
            stretches.push((mid, to, end));
            stretches.push((from, mid, middle));
        }
        Shades { starts, colours }
    }

    /// The table for `activation` and `threshold`, kept while they stay the same.
    fn cached(activation: crate::math::Activation, threshold: f64) -> std::rc::Rc<Shades> {
        type Kept = Option<(crate::math::Activation, u64, std::rc::Rc<Shades>)>;
        thread_local! {
            static KEPT: std::cell::RefCell<Kept> = const { std::cell::RefCell::new(None) };
        }
        KEPT.with(|kept| {
            let mut kept = kept.borrow_mut();
            match &*kept {
                Some((a, t, shades)) if *a == activation && *t == threshold.to_bits() => shades.clone(),
                _ => {
                    let shades = std::rc::Rc::new(Shades::new(activation, threshold));
                    *kept = Some((activation, threshold.to_bits(), shades.clone()));
                    shades
                }
            }
        })
    }

    /// The colour at `z`; `None` when z is not a number.
    fn of(&self, z: f64) -> Option<[u8; 4]> {
        if z.is_nan() {
            return None;
        }
        let key = ordered(z);
        let i = self.starts.partition_point(|&start| start <= key);
        Some(self.colours[i.max(1) - 1])
    }
}

/// Draws the chart; returns where the plot is, to map clicks back. Over the static
/// layer `backdrop` keeps (caption, legend, axes: they move only with the data, the
/// plane and the canvas; [`NoBackdrop`](super::NoBackdrop) draws them every time); the heatmap covers the plot.
pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    trainer: &Trainer,
    view: View,
    style: Style,
    put_image: &mut dyn FnMut(Image) -> ChartResult,
    backdrop: &mut dyn Backdrop,
) -> ChartResult<PlotArea> {
    let data = trainer.data();
    // Each feature's range, found once per data set (not a pass over every row a frame).
    let range = |j: usize| trainer.prepared().ranges()[j];
    let name = |j: usize| short(&data.feature_names[j], 40);
    let caption =
        if data.feature_names.len() > 2 { "Decision boundary (others at their mean)" } else { "Decision boundary" };

    let mut keys: Vec<Key> = class_keys(&data.class_names);
    if !trainer.prepared().data_rows(Part::Validation).is_empty() {
        keys.push(Key::Ring(INK, "validation".into()));
    }
    let (shown, all) = trainer.prepared().shown_of();
    keys.extend(shown_note(shown, all, "rows"));
    let plot = header(root, caption, &keys, style, false)?;
    let frame = Frame { x_labels: 44.0, y_labels: 58.0, margin: 10.0, margin_right: 18.0 };
    let (x_pixels, y_pixels) = frame.plot_pixels(&plot, style);
    // Axes with ticks of their own, finite whatever the cells (see `Axis::bounded`).
    let unbounded = (f64::NEG_INFINITY, f64::INFINITY);
    let (x_lo, x_hi) = range(view.x_feature);
    let x_axis = Axis::bounded(x_lo, x_hi, unbounded, 0.06, style.ticks_along(x_pixels, X_TICK_SPACING, 7));
    let y_ticks = style.ticks_along(y_pixels, Y_TICK_SPACING, 7);
    let y_axis = match view.y_feature {
        Some(j) => Axis::bounded(range(j).0, range(j).1, unbounded, 0.06, y_ticks),
        None => Axis::new(-0.5, data.classes() as f64 - 0.5, 0.0, y_ticks),
    };
    let (u_range, v_range) = (x_axis.range(), y_axis.range());
    let (x_desc, y_desc) = (name(view.x_feature), view.y_feature.map_or("class".to_string(), name));
    let layer = format!(
        "boundary {:?}",
        (root.dim_in_pixel(), style.scale, caption, &keys, &x_axis, &y_axis, &x_desc, &y_desc)
    );
    let kept = backdrop.restore(&layer)?;
    if !kept {
        root.fill(&WHITE)?;
        header(root, caption, &keys, style, true)?;
    }
    let mut chart = frame.chart(&plot, (&x_axis, &y_axis), style)?;
    if !kept {
        draw_axes(&mut chart, (&x_axis, &y_axis), (&x_desc, &y_desc), false, style)?;
        backdrop.save(&layer)?;
    }

    // The heatmap: one evaluation per 2 x 2 block of canvas pixels (larger blocks for
    // a theta of many classes).
    let (px, py) = chart.plotting_area().get_pixel_range();
    let (width, height) = ((px.end - px.start).max(1) as u32, (py.end - py.start).max(1) as u32);
    let mut plane = Plane::new(trainer, view);
    let rgba = heatmap(&mut plane, (u_range, v_range), (width, height), view.threshold);
    let mut image = Image { x: px.start, y: py.start, width, height, rgba };

    // The rows, drawn into the image (a thousand circles through the canvas cost more
    // than the heatmap): training filled, validation as rings, in the data set's order
    // so a point added by hand (the last row) is on top.
    let area = PlotArea::of(&chart, u_range, v_range);
    let radius = f64::from(style.px(if data.rows() > 400 { 3.5 } else { 5.0 }));
    let (disc, ring) = (Dot::new(radius, None), Dot::new(radius, Some(f64::from(style.px(2.0)))));
    for (i, training) in shown_rows(trainer) {
        let (x, y) = area.to_pixel(drawn_at(trainer, &view, &area, i));
        let centre = (x - f64::from(image.x), y - f64::from(image.y));
        image.stamp(centre, if training { &disc } else { &ring }, class_colour(data.labels[i]));
    }
    put_image(image)?;

    // The boundary: where y_hat crosses the threshold, a line in this plane; with
    // derived features a curve, traced on a grid.
    let curved = !trainer.prepared().transform().derived.is_none();
    if trainer.theta().cols() == 1 && curved {
        let level = trainer.neuron().kind.activation().level(view.threshold);
        if level.is_finite() {
            let line = INK.stroke_width(style.px(3.0));
            let cells = ((width / 6).clamp(8, 160), (height / 6).clamp(8, 120));
            let segments = contour(&mut plane, (u_range, v_range), cells, level);
            chart.draw_series(segments.into_iter().map(|s| PathElement::new(s.to_vec(), line)))?;
        }
    } else if trainer.theta().cols() == 1 {
        let level = trainer.neuron().kind.activation().level(view.threshold);
        let a = plane.z(0.0, 0.0);
        let b = plane.z(1.0, 0.0) - a;
        let c = if view.y_feature.is_some() { plane.z(0.0, 1.0) - a } else { 0.0 };
        if level.is_finite() {
            if let Some(segment) = clip_line(a, b, c, level, u_range, v_range) {
                chart.draw_series(LineSeries::new(segment, INK.stroke_width(style.px(3.0))))?;
            }
        }
    }

    let at = |i: usize| {
        let (u, v) = position(trainer, &view, i);
        (clamp_to(u_range, u), clamp_to(v_range, v))
    };
    if let Some(i) = view.selected.filter(|&i| i < data.rows()) {
        chart.draw_series([selection_ring(at(i), style)])?;
    }
    root.present()?;
    Ok(area)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clip_line_finds_the_segment_inside_the_box() {
        // u + v = 0 through the box [-1, 1]^2: from (-1, 1) to (1, -1).
        let seg = clip_line(0.0, 1.0, 1.0, 0.0, (-1.0, 1.0), (-1.0, 1.0)).unwrap();
        assert_eq!(seg, [(-1.0, 1.0), (1.0, -1.0)]);
        assert!(clip_line(5.0, 1.0, 1.0, 0.0, (-1.0, 1.0), (-1.0, 1.0)).is_none());
        // A vertical line u = 0.5.
        assert_eq!(clip_line(-0.5, 1.0, 0.0, 0.0, (-1.0, 1.0), (-2.0, 2.0)).unwrap(), [(0.5, -2.0), (0.5, 2.0)]);
    }

    /// The heatmap as drawn before runs of one colour were filled at once: every block
    /// evaluated.
    fn every_block(plane: &mut Plane, (u_range, v_range): Ranges, (width, height): (u32, u32), t: f64) -> Vec<u8> {
        let planes = plane.affine();
        let block = heatmap_block(width, height, plane.trainer.theta().as_slice().len());
        let mut rgba = vec![0u8; (width * height * 4) as usize];
        for by in (0..height).step_by(block as usize) {
            let half = f64::from(block) / 2.0;
            let v = v_range.1 - (v_range.1 - v_range.0) * (f64::from(by) + half) / f64::from(height);
            for bx in (0..width).step_by(block as usize) {
                let u = u_range.0 + (u_range.1 - u_range.0) * (f64::from(bx) + half) / f64::from(width);
                let y_hat = match &planes {
                    Some(planes) => plane.y_hat_on(planes, u, v),
                    None => plane.y_hat(u, v),
                };
                let colour = shade(y_hat, t);
                for y in by..(by + block).min(height) {
                    for x in bx..(bx + block).min(width) {
                        let at = ((y * width + x) * 4) as usize;
                        rgba[at..at + 4].copy_from_slice(&colour);
                    }
                }
            }
        }
        rgba
    }

    #[test]
    fn the_heatmap_equals_one_evaluation_per_block() {
        use crate::model::NeuronKind;
        use crate::settings::Settings;
        for (kind, set) in [
            (NeuronKind::LOGISTIC, "overlapping"),
            (NeuronKind::PERCEPTRON, "overlapping"),
            (NeuronKind::LINEAR, "overlapping"),
            (NeuronKind::SOFTMAX, "blobs3"),
        ] {
            let data = crate::data::builtin::generate(set, 1, 0).unwrap().data;
            let settings = Settings { neuron: kind, ..Settings::default() }.check().unwrap();
            let mut trainer = Trainer::new(data, settings).unwrap();
            let size = trainer.theta().as_slice().len();
            // Flat, steep and very steep planes, at several thresholds and odd sizes.
            for (n, scale) in [0.0, 0.3, 2.0, 40.0, 1e6].into_iter().enumerate() {
                let theta: Vec<f64> = (0..size).map(|i| scale * (jitter(i * 31 + n) + 0.1 * i as f64)).collect();
                trainer.set_theta(&theta).unwrap();
                for threshold in [0.5, 0.07, 0.93] {
                    let view = View { x_feature: 0, y_feature: Some(1), threshold, selected: None };
                    for (ranges, size) in
                        [(((-3.0, 3.0), (-2.0, 4.0)), (301, 157)), (((0.0, 1e-3), (5.0, 9.0)), (64, 3))]
                    {
                        let expected = every_block(&mut Plane::new(&trainer, view), ranges, size, threshold);
                        let drawn = heatmap(&mut Plane::new(&trainer, view), ranges, size, threshold);
                        assert!(drawn == expected, "{} at scale {scale}, threshold {threshold}", kind.name());
                    }
                }
            }
        }
    }

    #[test]
    fn with_derived_features_each_block_is_coloured_as_the_model_file_classifies_its_point() {
        use crate::data::derived::Derived;
        use crate::persist::Model;
        use crate::settings::{Settings, Threshold};
        let features = Derived { square: false, product: true, sin: false };
        let data = crate::data::builtin::generate("xor", 2, 0).unwrap().data;
        let settings = Settings { seed: 2, features, ..Settings::default() }.check().unwrap();
        let mut trainer = Trainer::new(data, settings).unwrap();
        trainer.run(usize::MAX);
        let model = Model::from_trainer(&trainer, Threshold::HALF);
        let view = View { x_feature: 0, y_feature: Some(1), threshold: 0.5, selected: None };
        let ((u_range, v_range), (width, height)) = (((-3.0, 3.0), (-3.0, 3.0)), (240_u32, 160_u32));
        let rgba = heatmap(&mut Plane::new(&trainer, view), (u_range, v_range), (width, height), 0.5);
        let block = heatmap_block(width, height, 4);
        let (mut text, mut centres) = ("x1,x2\n".to_string(), Vec::new());
        for by in (0..height).step_by(block as usize) {
            for bx in (0..width).step_by(block as usize) {
                let half = f64::from(block) / 2.0;
                let u = u_range.0 + (u_range.1 - u_range.0) * (f64::from(bx) + half) / f64::from(width);
                let v = v_range.1 - (v_range.1 - v_range.0) * (f64::from(by) + half) / f64::from(height);
                text.push_str(&format!("{u},{v}\n"));
                centres.push((bx, by));
            }
        }
        let classified = model.classify(&crate::data::Table::parse(&text).unwrap()).unwrap();
        assert_eq!(classified.predictions.len(), centres.len());
        let (mut seen, blue) = ([0; 2], class_colour(0));
        for (&(bx, by), prediction) in centres.iter().zip(&classified.predictions) {
            let at = ((by * width + bx) * 4) as usize;
            let pixel = &rgba[at..at + 4];
            assert_eq!(pixel, shade(&[prediction.probability], 0.5), "({bx}, {by})");
            // Class 0 is blue: its pixels have more blue than red, class 1's less.
            let class = usize::from(prediction.class == "1");
            assert_eq!(usize::from(pixel[2] < pixel[0]), class, "({bx}, {by}): {pixel:?} for {blue:?}");
            seen[class] += 1;
        }
        // Both classes are drawn, each on the side the model file gives it.
        assert!(seen[0] > 100 && seen[1] > 100, "{seen:?}");
    }

    #[test]
    fn the_contour_of_a_product_is_the_hyperbola() {
        use crate::data::derived::Derived;
        use crate::settings::Settings;
        let features = Derived { square: false, product: true, sin: false };
        let data = crate::data::builtin::generate("xor", 2, 0).unwrap().data;
        let settings = Settings { seed: 2, features, ..Settings::default() }.check().unwrap();
        let mut trainer = Trainer::new(data, settings).unwrap();
        trainer.run(usize::MAX);
        let view = View { x_feature: 0, y_feature: Some(1), threshold: 0.5, selected: None };
        let mut plane = Plane::new(&trainer, view);
        let segments = contour(&mut plane, ((-3.0, 3.0), (-3.0, 3.0)), (60, 60), 0.0);
        assert!(segments.len() > 60, "two branches across the box");
        // Every end lies on z = 0, to the grid's linear interpolation.
        for (u, v) in segments.iter().flatten() {
            assert!(plane.z(*u, *v).abs() < 0.3, "z({u}, {v}) = {}", plane.z(*u, *v));
        }
    }

    #[test]
    fn blend_mixes_each_colour_byte_as_alone() {
        let one = |p: u8, c: u8, w: u32| ((u32::from(p) * (256 - w) + u32::from(c) * w) >> 8) as u8;
        for (pixel, paint) in [([255, 255, 255, 255], [0, 114, 178, 0]), ([3, 250, 128, 255], [213, 94, 255, 0])] {
            for weight in [1, 17, 128, 255, 256] {
                let blended = blend(u32::from_le_bytes(pixel), u32::from_le_bytes(paint), weight).to_le_bytes();
                let expected = [0, 1, 2].map(|i| one(pixel[i], paint[i], weight));
                assert_eq!(blended, [expected[0], expected[1], expected[2], pixel[3]], "weight {weight}");
            }
        }
    }

    #[test]
    fn shade_is_white_at_the_threshold_and_coloured_away_from_it() {
        let at = shade(&[0.5], 0.5);
        let sure = shade(&[0.99], 0.5);
        assert!(at[0] > 200 && at[1] > 200 && at[2] > 200);
        assert!(sure[2] < at[2], "class 1 is vermillion, so a sure positive has less blue: {sure:?} vs {at:?}");
    }
}
