//! The objective surface (src/chart/surface.rs): its values are the trainer's objective,
//! its path the history's thetas, its work bounded; it draws for every neuron without NaN.

mod common;

use neuron_lab::chart::surface::{self, Grid, View};
use neuron_lab::chart::{NoBackdrop, Style};
use neuron_lab::data::prep::Part;
use neuron_lab::math::Matrix;
use neuron_lab::model::{NeuronKind, ALL};
use neuron_lab::session::{Session, SurfaceView};
use neuron_lab::settings::Settings;
use neuron_lab::train::Trainer;
use plotters::prelude::*;

fn trained(kind: NeuronKind, data: &str, steps: usize) -> Trainer {
    let mut t = common::trainer(common::builtin(data), Settings { neuron: kind, ..Settings::default() });
    t.run(steps);
    t
}

fn data_for(kind: NeuronKind) -> &'static str {
    if kind.is_multiclass() {
        "blobs3"
    } else {
        "overlapping"
    }
}

/// The grid `view` asks for, computed.
fn grid(t: &Trainer, view: View) -> Grid {
    Grid::compute(t, Grid::plan(t, view))
}

/// The chart as SVG, and the heatmap images it put.
fn svg(t: &Trainer, grid: &Grid) -> (String, Vec<neuron_lab::chart::boundary::Image>) {
    let mut out = String::new();
    let mut images = Vec::new();
    {
        let root = SVGBackend::with_string(&mut out, (640, 420)).into_drawing_area();
        let mut put = |image| {
            images.push(image);
            Ok(())
        };
        surface::draw(&root, t, grid, Style::new(1.0), &mut put, &mut NoBackdrop).expect("the surface draws");
    }
    (out, images)
}

#[test]
fn the_value_at_the_current_theta_is_the_status_objective_exactly() {
    for &kind in ALL {
        let mut t = trained(kind, data_for(kind), 30);
        let (x, y) = surface::default_components(&t);
        for fine in [false, true] {
            for at in [30, 7, 0] {
                t.rewind(at.min(t.steps_taken())).unwrap();
                let g = grid(&t, View { x, y, fine });
                let status = t.snapshot().objective_train;
                let value = g.at_current(&t).expect("the current theta is a node");
                assert_eq!(value.to_bits(), status.to_bits(), "{} at step {at}, fine {fine}", kind.name());
            }
        }
    }
}

#[test]
fn with_a_penalty_the_surface_is_the_penalized_objective_the_status_shows() {
    for &kind in ALL {
        let settings = Settings { neuron: kind, l1: 0.05, l2: 0.2, ..Settings::default() };
        let mut t = common::trainer(common::builtin(data_for(kind)), settings);
        t.run(20);
        let (x, y) = surface::default_components(&t);
        let g = grid(&t, View { x, y, fine: true });
        let status = t.snapshot();
        let value = g.at_current(&t).expect("the current theta is a node");
        assert_eq!(value.to_bits(), status.objective_train.to_bits(), "{}", kind.name());
        assert_ne!(status.objective_train, status.data_train, "{}: the penalty is in it", kind.name());
    }
}

#[test]
fn the_path_is_the_history_of_theta() {
    let mut t = trained(NeuronKind::LOGISTIC, "separable", 40);
    t.rewind(12).unwrap();
    let view = View { x: 1, y: 2, fine: true };
    let path = surface::path(&t, view);
    // Every step taken, also those ahead of the current one (drawn faded).
    assert_eq!(path.len(), 41);
    for (step, point) in t.all_steps().zip(&path) {
        assert_eq!(*point, (step.theta[1], step.theta[2]), "step {}", step.iteration);
    }
}

/// The mean log-likelihood of the training rows at `theta`, written out here as the slide
/// writes it, `(1/N) sum_i [y_i z_i - log(1 + e^z_i)]` with `z_i = x_i theta`: not through
/// the library's pass.
fn log_likelihood_by_hand(t: &Trainer, theta: &[f64]) -> f64 {
    let x = t.prepared().x(Part::Train);
    let labels = t.prepared().labels(Part::Train);
    let total: f64 = (0..x.rows())
        .map(|i| {
            let z: f64 = x.row(i).iter().zip(theta).map(|(a, b)| a * b).sum();
            labels[i] as f64 * z - z.exp().ln_1p()
        })
        .sum();
    total / x.rows() as f64
}

#[test]
fn grid_values_are_the_objective_at_their_theta() {
    let t = trained(NeuronKind::LOGISTIC, "overlapping", 20);
    let view = View { x: 1, y: 2, fine: true };
    let g = grid(&t, view);
    let (nu, nv) = (g.plan.u.len(), g.plan.v.len());
    for (i, j) in [(0, 0), (nu - 1, 0), (nu / 2, nv / 3), (3, nv - 1), (nu - 1, nv - 1)] {
        let mut theta = t.theta().as_slice().to_vec();
        theta[1] = g.plan.u[i];
        theta[2] = g.plan.v[j];
        let m = Matrix::from_vec(theta.len(), 1, theta.clone());
        let p = t.prepared();
        let direct = t.neuron().objective(&m, p.x(Part::Train), p.targets(Part::Train, 1));
        assert_eq!(g.at(i, j).to_bits(), direct.to_bits(), "node ({i}, {j})");
        let by_hand = log_likelihood_by_hand(&t, &theta);
        assert!((g.at(i, j) - by_hand).abs() <= 1e-12 * by_hand.abs(), "node ({i}, {j}): {} vs {by_hand}", g.at(i, j));
    }
}

#[test]
fn the_perceptrons_surface_is_flat_on_plateaus() {
    let t = trained(NeuronKind::PERCEPTRON, "overlapping", 10);
    let g = grid(&t, View { x: 1, y: 2, fine: true });
    let n = t.prepared().x(Part::Train).rows() as f64;
    // Each value is the share of misclassified rows: a whole number of rows over N.
    for &value in &g.values {
        let rows = value * n;
        assert!((rows - rows.round()).abs() < 1e-9, "{value} is not k/N");
    }
    // Neighbouring nodes with exactly equal values: much of the grid is plateau, where
    // the logistic neuron's smooth surface has none.
    let equal_neighbours = |g: &Grid| {
        let (nu, nv) = (g.plan.u.len(), g.plan.v.len());
        (0..nv).flat_map(|j| (1..nu).map(move |i| (i, j))).filter(|&(i, j)| g.at(i, j) == g.at(i - 1, j)).count()
    };
    let cells = g.values.len();
    assert!(equal_neighbours(&g) > cells / 3, "plateaus: {} equal neighbours of {cells}", equal_neighbours(&g));
    let smooth = trained(NeuronKind::LOGISTIC, "overlapping", 10);
    assert!(equal_neighbours(&grid(&smooth, View { x: 1, y: 2, fine: true })) < cells / 100);
    let mut distinct: Vec<u64> = g.values.iter().map(|v| v.to_bits()).collect();
    distinct.sort_unstable();
    distinct.dedup();
    assert!(distinct.len() <= n as usize + 1, "at most N + 1 values");
}

#[test]
fn the_chart_names_the_objective_its_direction_and_the_components() {
    for (kind, better) in [(NeuronKind::LOGISTIC, "higher is better"), (NeuronKind::LINEAR, "lower is better")] {
        let t = trained(kind, "separable", 15);
        let (x, y) = surface::default_components(&t);
        assert_eq!((x, y), (1, 2), "the first two features, not the bias");
        let (text, images) = svg(&t, &grid(&t, View { x, y, fine: true }));
        assert!(text.contains(better), "{}: {better}", kind.name());
        assert!(text.to_lowercase().contains(kind.objective_name()), "{}", kind.name());
        let names = t.prepared().transform().parameter_names();
        assert!(text.contains(&format!("θ {}", names[1])) && text.contains(&format!("θ {}", names[2])));
        assert!(!text.contains("NaN"));
        let image = &images[0];
        assert_eq!(image.rgba.len(), (image.width * image.height * 4) as usize);
        assert!(image.rgba.chunks(4).any(|p| p != &image.rgba[..4]), "the heatmap varies");
        assert!(text.contains("<polyline"), "the path and contours are drawn");
    }
}

#[test]
fn every_neuron_draws_a_surface_without_nan() {
    for &kind in ALL {
        let t = trained(kind, data_for(kind), 25);
        let (x, y) = surface::default_components(&t);
        for fine in [false, true] {
            let (text, images) = svg(&t, &grid(&t, View { x, y, fine }));
            assert!(!text.contains("NaN") && !text.contains("inf"), "{} fine {fine}", kind.name());
            assert_eq!(images.len(), 2, "the heatmap and the colour bar");
        }
        if kind.is_multiclass() {
            assert!(surface::component_name(&t, 1).contains("class"), "theta_j of output k names its class");
        }
    }
}

#[test]
fn huge_thetas_draw_clamped_colours_and_no_nan() {
    for kind in [NeuronKind::LOGISTIC, NeuronKind::LINEAR, NeuronKind::PERCEPTRON] {
        let mut t = trained(kind, "separable", 3);
        let mut drawn = 0;
        for value in [1e300, 1e150, -1e200] {
            // Theta whose objective is not finite is refused by the trainer: nothing to draw.
            let Ok(_) = t.set_theta(&[0.0, value, -value]) else { continue };
            drawn += 1;
            let (x, y) = surface::default_components(&t);
            let g = grid(&t, View { x, y, fine: true });
            assert!(g.plan.u.iter().chain(&g.plan.v).all(|v| v.is_finite()));
            let (text, images) = svg(&t, &g);
            assert!(!text.contains("NaN") && !text.contains("inf"), "{} at {value}", kind.name());
            let finite = g.values.iter().filter(|v| v.is_finite()).count();
            if finite < g.values.len() {
                assert!(text.contains("too large to compute"), "{} at {value}: grey cells are explained", kind.name());
            }
            assert_eq!(images[0].rgba.len(), (images[0].width * images[0].height * 4) as usize);
        }
        assert!(drawn >= 1, "{}: a huge theta was drawn", kind.name());
        // A surface with no finite value at all: grey, and a message in place of colours.
        let mut g = grid(&t, View { x: 1, y: 2, fine: false });
        g.values.fill(f64::INFINITY);
        let (text, images) = svg(&t, &g);
        assert!(text.contains("the objective is too large to compute here") && !text.contains("NaN"));
        assert!(images[0].rgba.chunks(4).all(|p| p == [190, 190, 190, 255]), "grey where nothing is finite");
    }
}

#[test]
fn the_grid_keeps_to_its_budget_and_says_when_it_estimates() {
    let data = neuron_lab::data::builtin::generate("overlapping", 2, 20_000).unwrap().data;
    let t = common::trainer(data, Settings::default());
    let coarse = Grid::plan(&t, View { x: 1, y: 2, fine: false });
    let fine = Grid::plan(&t, View { x: 1, y: 2, fine: true });
    // Each row costs its multiply-adds and its term (about 12 more, see surface.rs).
    let work = |p: &surface::Plan| p.u.len() * p.v.len() * p.rows_used * (t.theta().as_slice().len() + 12);
    assert!(work(&coarse) <= 2_000_000 + 12 * 12 * 15 && work(&fine) <= 12_000_000 + 24 * 24 * 15);
    assert!(fine.u.len() > coarse.u.len(), "finer when paused");
    assert_eq!(fine.rows_all, t.prepared().x(Part::Train).rows());
    assert!(coarse.stride > 1, "20,000 rows: estimated while playing");
    let g = Grid::compute(&t, coarse);
    let (text, _) = svg(&t, &g);
    let rows = neuron_lab::chart::thousands(g.plan.rows_all);
    assert!(text.contains("coarse while playing") && text.contains(&format!("of {rows} rows")));
    // A small set: every row, the exact objective.
    let small = trained(NeuronKind::LOGISTIC, "separable", 5);
    assert_eq!(Grid::plan(&small, View { x: 1, y: 2, fine: false }).stride, 1);
}

#[test]
fn the_session_refuses_components_that_do_not_exist_and_keeps_the_grid() {
    let mut session = Session::new().unwrap();
    session.step(10);
    let components = session.surface_components();
    assert_eq!(components.names.len(), session.main().theta().as_slice().len());
    assert_eq!(components.names[0], "θ bias");
    let mut out = String::new();
    let root = SVGBackend::with_string(&mut out, (500, 400)).into_drawing_area();
    let draw = |session: &mut Session, x, y| {
        session.draw_surface(&root, SurfaceView { x, y, fine: true }, Style::new(1.0), &mut |_| Ok(()), &mut NoBackdrop)
    };
    let message = |r: neuron_lab::Result<()>| r.unwrap_err().to_string();
    assert!(message(draw(&mut session, 0, 9)).contains("component 9 of θ does not exist"));
    assert!(message(draw(&mut session, 1, 1)).contains("two different components"));
    draw(&mut session, components.x, components.y).unwrap();
    // Drawn again at the same step (the kept grid), then on other rows (a new grid).
    draw(&mut session, components.x, components.y).unwrap();
    session.load_builtin("overlapping", 3, 0, 1.0).unwrap();
    draw(&mut session, components.x, components.y).unwrap();
}
