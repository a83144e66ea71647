//! The fuzzers' paths through the lab, shared by the cargo-fuzz targets in `fuzz/`
//! and the seeded mutation test on stable (`tests/mutation.rs`), so both try the
//! same code: bytes in, every layer exercised as the CLI and the page use it.
//!
//! An `Err` from the core is a fine answer to bad bytes. A panic, a hang, or a
//! number that should be finite and is not, is a bug: the checks below panic on it.

use crate::chart::{activation, boundary, objective, roc, ChartResult, NoBackdrop, Style};
use crate::data::derived::Derived;
use crate::data::prep::{Part, Prepared};
use crate::data::{Columns, Dataset, Table};
use crate::explain::explain;
use crate::export;
use crate::metrics::Evaluation;
use crate::model::{PerceptronRule, ALL};
use crate::persist::Model;
use crate::session::{Preview, Runner, Session};
use crate::settings::{Init, Settings, Threshold};
use crate::train::Trainer;
use plotters::prelude::*;
use std::sync::Arc;

/// How many gradient steps a case takes: enough to move theta, few enough to stay fast.
const STEPS: usize = 5;

/// The settings a control byte picks: the neuron (byte mod 6) and, bit by bit of the
/// rest, the workflow's switches, the adaptive rate, the threshold and the rule; the
/// byte's residues mod 3, 5 and 7 add mini-batches and the penalties, and its top two
/// bits the feature transforms.
fn settings_from(control: u8) -> Settings {
    let bits = control / 6;
    Settings {
        neuron: ALL[usize::from(control) % ALL.len()],
        perceptron_rule: if bits & 32 != 0 { PerceptronRule::Slide } else { PerceptronRule::Perceptron },
        standardize: bits & 1 == 0,
        bias: bits & 2 == 0,
        adaptive: bits & 4 == 0,
        shuffle: bits & 8 == 0,
        train_fraction: if bits & 16 != 0 { 1.0 } else { 2.0 / 3.0 },
        init: if bits & 64 != 0 { Init::Zeros } else { Init::Uniform },
        threshold: Threshold::new([0.5, 0.0, 1.0, 0.3][usize::from(control) % 4]).expect("a probability"),
        max_iterations: 50,
        // Penalties and mini-batches on some bytes (residues independent of the bits above).
        l1: if control % 7 == 2 { 0.05 } else { 0.0 },
        l2: if control % 5 == 1 { 0.1 } else { 0.0 },
        batch_size: if control % 3 == 1 { 3 } else { 0 },
        // The top two bits: none, products, squares and products, squares and sin.
        features: match control >> 6 {
            1 => Derived { product: true, ..Derived::NONE },
            2 => Derived { square: true, product: true, sin: false },
            3 => Derived { square: true, sin: true, ..Derived::NONE },
            _ => Derived::NONE,
        },
        ..Settings::default()
    }
}

/// CSV bytes, as an upload: the first byte picks the settings ([`settings_from`]), the
/// rest is the file. Preview, use with the suggested columns, a few steps, a point
/// added and a theta typed by hand, rewinding, a run in the background, a projector
/// window following, the metrics, the gradient explained, theta's table, the model
/// file read back and classifying the file itself, and every chart drawn as SVG.
/// Returns whether the bytes got as far as the charts.
pub fn csv_to_charts(bytes: &[u8]) -> bool {
    let Some((&control, csv)) = bytes.split_first() else { return false };
    let Ok(mut session) = Session::new() else { panic!("the built-in session starts") };
    // The page's path: the preview, then the rows read and prepared (in its worker),
    // taken apart and put together again (crossing to the page), and used.
    let Ok(preview) = Preview::of(csv) else { return false };
    assert_eq!(preview.distinct.len(), preview.headers.len());
    let columns = Columns { target: preview.suggested_target.clone(), drop: preview.suggested_drop, positive: None };
    let read = Dataset::from_csv(csv, &columns, &mut |_| {});
    let reference = Table::parse_bytes(csv).and_then(|t| Dataset::from_table(&t, &columns));
    assert_eq!(read.as_ref().map_err(ToString::to_string), reference.as_ref().map_err(ToString::to_string));
    let workflow = session.main().settings().clone().check().map(|c| c.get().workflow());
    let Ok(rows) = read.and_then(|data| Prepared::new(data, &workflow?)) else { return false };
    let rows = Prepared::from_parts(rows.into_parts()).unwrap_or_else(|e| panic!("rows put together again: {e}"));
    if session.use_rows(rows, "fuzz.csv".into()).is_err() {
        return false;
    }
    let settings = settings_from(control);
    let threshold = settings.threshold;
    if session.configure(settings).is_err() {
        return false;
    }
    session.step(STEPS);
    let features = session.data().feature_names.len();
    if features == 2 {
        let far = f64::from(control) * 1e306;
        for (at, class) in [((0.5, -0.5), 0), ((far, -far), 1)] {
            let _ = session.add_point(at, 0, 1, class);
        }
        session.step(2);
    }
    if control & 1 == 1 {
        let size = session.main().theta().as_slice().len();
        let huge: Vec<f64> = (0..size).map(|j| if j % 2 == 0 { 1e200 } else { -1e200 }).collect();
        let _ = session.set_theta(&huge);
        session.step(2);
    }
    let _ = session.rewind(1);
    session.step(1);
    let _ = session.set_compare(Some(ALL[usize::from(control / 7) % ALL.len()]));
    session.step(2);
    // A run in the background (the page's worker) adopted as the session's own steps.
    let handoff = session.handoff();
    let rows = Prepared::from_parts(session.rows().parts()).unwrap_or_else(|e| panic!("rows taken apart: {e}"));
    if let Ok(mut runner) = Runner::new(Arc::new(rows), &handoff) {
        runner.step(3);
        session
            .adopt(&handoff, runner.take_steps())
            .unwrap_or_else(|e| panic!("the steps run elsewhere are taken: {e}"));
    }

    // A projector window following the session: the same steps, bit for bit.
    let Ok(mut projector) = Session::new() else { panic!("the built-in session starts") };
    let rows = Prepared::from_parts(session.rows().parts()).unwrap_or_else(|e| panic!("rows taken apart: {e}"));
    projector.follow(session.mirror(0), Some(rows)).unwrap_or_else(|e| panic!("a projector window follows: {e}"));
    let shown = |s: &Session| (s.main().iteration(), s.main().all_steps().map(|step| step.theta).collect::<Vec<_>>());
    assert!(shown(&projector) == shown(&session), "the projector window shows other steps");

    let trainer = session.main();
    check_trainer(trainer);
    let _ = explain(trainer, Some(0), usize::from(control));
    let _ = export::theta(&session.main_theta_table());
    let _ = export::history(trainer);
    for part in [Part::Train, Part::Validation] {
        check_evaluation(&trainer.evaluate(part, threshold));
    }
    // The model file of any trained neuron is one `predict` reads back.
    let model = Model::from_trainer(trainer, threshold);
    let model = Model::from_json(&model.to_json()).unwrap_or_else(|e| panic!("a trained model reads back: {e}"));
    if let Ok(table) = Table::parse_bytes_lenient(csv) {
        let _ = classify(&model, &table);
    }
    draw_every_chart(trainer, threshold, control);
    true
}

/// Model-file bytes, as `neuron-lab predict` reads them: if they hold a line `---`,
/// the CSV to classify follows it; otherwise a CSV of the model's columns is made,
/// with cells at the edges of f64 and some that are not numbers. Returns whether the
/// bytes got as far as classifying.
pub fn model_to_predictions(bytes: &[u8]) -> bool {
    let (model_bytes, csv) = match bytes.windows(5).position(|w| w == b"\n---\n") {
        Some(at) => (&bytes[..at], Some(bytes[at + 5..].to_vec())),
        None => (bytes, None),
    };
    let Ok(model) = Model::from_json(&String::from_utf8_lossy(model_bytes)) else { return false };
    let csv = csv.unwrap_or_else(|| rows_for(&model));
    let Ok(table) = Table::parse_bytes_lenient(&csv) else { return false };
    classify(&model, &table)
}

/// A CSV of the model's feature columns and its target, one row per hostile value.
fn rows_for(model: &Model) -> Vec<u8> {
    let names = model.transform.raw_names().iter().chain([&model.target]);
    let mut text = names.map(|n| export::field(n)).collect::<Vec<_>>().join(",");
    let cells = ["0", "1", "-1", "1e307", "-1e308", "1.7976931348623157e308", "5e-324", "abc", "", "NaN"];
    for i in 0..cells.len() {
        text.push('\n');
        for j in 0..model.transform.raw_names().len() {
            text.push_str(cells[(i + j) % cells.len()]);
            text.push(',');
        }
        text.push_str(&export::field(&model.class_names[i % model.class_names.len()]));
    }
    text.push('\n');
    text.into_bytes()
}

fn classify(model: &Model, table: &Table) -> bool {
    let Ok(classified) = model.classify(table) else { return false };
    for p in &classified.predictions {
        assert!(p.probability.is_finite(), "line {}: probability {}", p.line, p.probability);
        assert!(model.class_names.contains(&p.class));
    }
    let _ = export::predictions(model, table, &classified);
    if let Some(e) = &classified.evaluation {
        check_evaluation(e);
        let _ = svg(|root| roc::draw(root, e, "predictions", Style::new(1.0), &mut NoBackdrop));
    }
    true
}

/// Every step's objective is finite, and so is every output: the trainer refuses or
/// undoes what would not be.
fn check_trainer(trainer: &Trainer) {
    for s in trainer.all_steps() {
        assert!(s.objective_train.is_finite(), "step {}: objective {}", s.iteration, s.objective_train);
        assert!(s.objective_validation.is_none_or(f64::is_finite), "step {}", s.iteration);
        assert!(s.theta.iter().all(|t| t.is_finite()), "step {}: theta {:?}", s.iteration, s.theta);
        assert!(s.batch_objective.is_none_or(f64::is_finite), "step {}: batch objective", s.iteration);
    }
    for part in [Part::Train, Part::Validation] {
        let outputs = trainer.outputs(part);
        assert!(outputs.as_slice().iter().all(|v| !v.is_nan()), "an output is NaN");
    }
}

fn check_evaluation(e: &Evaluation) {
    let share = |v: Option<f64>| v.is_none_or(|v| (0.0..=1.0).contains(&v));
    assert!(share(e.accuracy) && share(e.baseline_accuracy), "{e:?}");
    assert!(e.confusion.precision.iter().chain(&e.confusion.recall).all(|&v| share(v)));
    if let Some(r) = &e.roc {
        assert!(share(r.auc), "AUC {:?}", r.auc);
        assert!(r.points.iter().all(|p| (0.0..=1.0).contains(&p.fpr) && (0.0..=1.0).contains(&p.tpr)));
    }
}

/// Draws on a small SVG; a chart that fails to draw is a bug (SVG into a string cannot fail).
fn svg(draw: impl FnOnce(&DrawingArea<SVGBackend, plotters::coord::Shift>) -> ChartResult) -> String {
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (320, 240)).into_drawing_area();
        draw(&root).unwrap_or_else(|e| panic!("a chart fails to draw: {e}"));
    }
    out
}

fn draw_every_chart(trainer: &Trainer, threshold: Threshold, control: u8) {
    let style = Style::new([1.0, 2.0, 0.5, 1.3][usize::from(control) % 4]);
    let features = trainer.data().feature_names.len();
    for output in [0, trainer.theta().cols() - 1] {
        let _ = svg(|root| activation::draw(root, trainer, output, Some(0), style, &mut NoBackdrop).map(|_| ()));
    }
    for y_feature in [None, Some(features - 1)] {
        let view = boundary::View { x_feature: 0, y_feature, threshold: threshold.get(), selected: Some(0) };
        let _ = svg(|root| {
            boundary::draw(
                root,
                trainer,
                view,
                style,
                &mut |image| {
                    assert_eq!(image.rgba.len(), (image.width * image.height * 4) as usize);
                    Ok(())
                },
                &mut NoBackdrop,
            )
            .map(|_| ())
        });
    }
    let _ = svg(|root| objective::draw(root, trainer, style, &mut NoBackdrop));
    for part in [Part::Train, Part::Validation] {
        let evaluation = trainer.evaluate(part, threshold);
        let _ = svg(|root| roc::draw(root, &evaluation, "training", style, &mut NoBackdrop));
    }
}
