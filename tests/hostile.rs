//! Hostile numbers (issue 8): values at the edge of f64, NaN scores, huge theta,
//! a thousand classes, tampered model files, names of 65,536 characters and a
//! closed pipe. Nothing may hang, panic, or print NaN; what cannot be computed
//! is refused with one clear message.

mod common;

use neuron_lab::chart::{activation, boundary, objective, roc, Axis, NoBackdrop, Style};
use neuron_lab::data::prep::Part;
use neuron_lab::data::{Columns, Dataset, Table};
use neuron_lab::math::{log_sum_exp, sigmoid, softmax};
use neuron_lab::metrics::{self, Evaluation};
use neuron_lab::model::{Neuron, NeuronKind, ALL};
use neuron_lab::settings::Threshold;
use neuron_lab::settings::{Init, Settings};
use neuron_lab::train::Trainer;
use plotters::prelude::*;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Runs `work` on its own thread and fails the test if it has not finished within
/// `seconds`: a hang is a failure, not a test that never ends.
fn within<T: Send + 'static>(seconds: u64, what: &str, work: impl FnOnce() -> T + Send + 'static) -> T {
    let (done, result) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = done.send(work());
    });
    match result.recv_timeout(Duration::from_secs(seconds)) {
        Ok(value) => value,
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("{what}: still running after {seconds} s"),
        Err(mpsc::RecvTimeoutError::Disconnected) => panic!("{what}: panicked"),
    }
}

fn dataset(csv: &str, target: &str) -> Dataset {
    let table = Table::parse_bytes(csv.as_bytes()).expect("the CSV parses");
    Dataset::from_table(&table, &Columns { target: target.into(), drop: vec![], positive: None }).expect("a data set")
}

fn svg<T>(size: (u32, u32), draw: impl FnOnce(&DrawingArea<SVGBackend, plotters::coord::Shift>) -> T) -> String {
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, size).into_drawing_area();
        let _ = draw(&root);
    }
    out
}

/// Draws the four charts of `trainer` on SVG; each must succeed and print no NaN or inf.
fn draw_every_chart(trainer: &Trainer) -> Vec<String> {
    let style = Style { scale: 1.0 };
    let mut drawn = Vec::new();
    for output in 0..trainer.theta().cols() {
        drawn.push(svg((480, 320), |root| {
            activation::draw(root, trainer, output, Some(0), style, &mut NoBackdrop).map(|_| ())
        }));
    }
    let features = trainer.data().feature_names.len();
    for y_feature in [None, Some(features - 1)] {
        let view = boundary::View { x_feature: 0, y_feature, threshold: 0.5, selected: Some(0) };
        drawn.push(svg((480, 320), |root| {
            boundary::draw(root, trainer, view, style, &mut |_| Ok(()), &mut NoBackdrop).map(|_| ())
        }));
    }
    drawn.push(svg((480, 320), |root| objective::draw(root, trainer, style, &mut NoBackdrop)));
    for part in [Part::Train, Part::Validation] {
        let evaluation = trainer.evaluate(part, Threshold::HALF);
        drawn.push(svg((480, 320), |root| roc::draw(root, &evaluation, "training", style, &mut NoBackdrop)));
    }
    for text in &drawn {
        assert!(!text.contains("NaN") && !text.contains("inf"), "a chart prints NaN or inf:\n{text}");
    }
    drawn
}

fn results(chart: impl FnOnce() -> neuron_lab::chart::ChartResult) {
    chart().expect("the chart draws");
}

// ---- 1. NaN scores, infinite z ----------------------------------------------------------

#[test]
fn roc_is_total_over_nan_and_infinite_scores() {
    let r = within(5, "roc over NaN scores", || {
        metrics::roc(&[0, 1, 0, 1, 1], &[f64::NAN, 0.5, -f64::NAN, f64::INFINITY, f64::NEG_INFINITY])
    });
    let last = r.points.last().unwrap();
    assert_eq!((last.fpr, last.tpr), (1.0, 1.0), "the curve ends at (1, 1): {r:?}");
    let auc = r.auc.unwrap();
    assert!((0.0..=1.0).contains(&auc), "{auc}");
    assert!(r.points.iter().all(|p| p.fpr.is_finite() && p.tpr.is_finite()));
    // The same scores in another order give the same curve: NaN sorts deterministically.
    let again = metrics::roc(&[1, 1, 0, 1, 0], &[f64::NEG_INFINITY, 0.5, -f64::NAN, f64::INFINITY, f64::NAN]);
    assert_eq!(again.auc, r.auc);
}

#[test]
fn sigmoid_and_softmax_of_infinite_z_stay_finite() {
    assert_eq!((sigmoid(f64::INFINITY), sigmoid(f64::NEG_INFINITY)), (1.0, 0.0));
    assert_eq!((sigmoid(1e308), sigmoid(-1e308)), (1.0, 0.0));
    let mut z = [f64::INFINITY, 0.0, f64::NEG_INFINITY];
    softmax(&mut z);
    assert_eq!(z, [1.0, 0.0, 0.0]);
    let mut ties = [f64::INFINITY, f64::INFINITY, 1.0];
    softmax(&mut ties);
    assert_eq!(ties, [0.5, 0.5, 0.0]);
    let mut nothing = [f64::NEG_INFINITY; 4];
    softmax(&mut nothing);
    assert_eq!(nothing, [0.25; 4]);
    assert_eq!(log_sum_exp(&[f64::INFINITY, 1.0]), f64::INFINITY);
    assert_eq!(log_sum_exp(&[f64::NEG_INFINITY, f64::NEG_INFINITY]), f64::NEG_INFINITY);
}

#[test]
fn z_of_huge_finite_rows_is_never_nan() {
    // x theta = 1e308 * 10 - 1e308 * 9.5 = 5e307: the plain sum is inf - inf = NaN.
    let theta = neuron_lab::math::Matrix::from_vec(2, 1, vec![10.0, 9.5]);
    let mut z = [0.0];
    neuron_lab::model::z_row(&[1e308, -1e308], &theta, &mut z);
    assert!((z[0] - 5e307).abs() < 1e293, "{}", z[0]);
    neuron_lab::model::z_row(&[1e308, 1e308], &theta, &mut z);
    assert_eq!(z[0], f64::INFINITY, "a true overflow is infinite, with its sign");
    neuron_lab::model::z_row(&[1e308, -1e308], &neuron_lab::math::Matrix::from_vec(2, 1, vec![0.0, 0.0]), &mut z);
    assert_eq!(z[0], 0.0);
    for &kind in ALL {
        let outputs = if kind.is_multiclass() { 3 } else { 1 };
        let theta = neuron_lab::math::Matrix::from_vec(3, outputs, vec![1e200; 3 * outputs]);
        let mut y_hat = vec![0.0; outputs];
        for x in [[1.0, 1e307, -1e307], [1.0, -1e308, -1e308], [1.0, 1.7e308, -1.7e308]] {
            Neuron::new(kind).y_hat(&theta, &x, &mut y_hat);
            assert!(y_hat.iter().all(|v| !v.is_nan()), "{}: {y_hat:?} for {x:?}", kind.name());
        }
    }
}

#[test]
fn training_on_values_near_the_largest_double_is_refused_or_finite() {
    let csv = "a,b,class\n1e308,1e308,no\n1.5e308,1.5e308,yes\n1e308,1.5e308,no\n1.5e308,1e308,yes\n";
    for kind in [NeuronKind::LOGISTIC, NeuronKind::LINEAR, NeuronKind::SOFTMAX] {
        for standardize in [true, false] {
            let settings = Settings { neuron: kind, seed: 1, standardize, ..Settings::default() };
            let outcome = within(10, "training on 1e308 values", move || {
                let data = Table::parse_bytes(csv.as_bytes()).map_err(|e| e.to_string()).and_then(|t| {
                    Dataset::from_table(&t, &Columns { target: "class".into(), ..Columns::default() })
                        .map_err(|e| e.to_string())
                })?;
                let mut trainer = Trainer::new(data, settings.check().unwrap()).map_err(|e| e.to_string())?;
                let last = trainer.run(10_000);
                let e = trainer.evaluate(Part::Train, Threshold::HALF);
                Ok::<_, String>((last, e))
            });
            match outcome {
                Err(message) => assert!(message.contains("too large"), "{message}"),
                Ok((last, e)) => {
                    assert!(last.objective_train.is_finite(), "{last:?}");
                    assert!(e.roc.iter().flat_map(|r| &r.points).all(|p| p.fpr.is_finite()));
                }
            }
        }
    }
}

// ---- 2, 3. Charts with extreme data and theta --------------------------------------------

#[test]
fn axes_are_finite_and_not_degenerate_whatever_the_values() {
    let cases = [
        (f64::NAN, f64::NAN),
        (-f64::MAX, f64::MAX),
        (f64::MAX, f64::MAX),
        (1e308, f64::INFINITY),
        (-1e-320, 1e-320),
        (5.0, 5.0),
        (1e300, 1.0000000001e300),
    ];
    for (lo, hi) in cases {
        let axis = within(5, "an axis", move || Axis::new(lo, hi, 0.06, 7));
        assert!(axis.lo.is_finite() && axis.hi.is_finite() && axis.lo < axis.hi, "{lo}..{hi}: {axis:?}");
        assert!((axis.hi - axis.lo).is_finite(), "{lo}..{hi}: the span {axis:?}");
        assert!((2..=20).contains(&axis.ticks.len()), "{lo}..{hi}: {axis:?}");
        assert!(axis.ticks.iter().all(|t| t.is_finite() && (axis.lo..=axis.hi).contains(t)), "{axis:?}");
        let (lo2, hi2) = neuron_lab::chart::padded(lo, hi, 0.04);
        assert!(lo2.is_finite() && hi2.is_finite() && lo2 < hi2 && (hi2 - lo2).is_finite(), "{lo}..{hi}");
    }
}

#[test]
fn every_chart_draws_a_feature_at_the_largest_double() {
    // The cell 1.7976931348623157e308 from the issue, in a plotted feature.
    let csv = "a,b,class\n0,1,no\n1,2,yes\n2,0,no\n1.7976931348623157e308,3,yes\n-3,1,no\n4,4,yes\n";
    for &kind in ALL {
        let settings = Settings { neuron: kind, train_fraction: 0.7, ..Settings::default() };
        let trainer = Trainer::new(dataset(csv, "class"), settings.check().unwrap());
        let Ok(mut trainer) = trainer else { continue };
        trainer.run(5);
        within(20, "charts of a 1.8e308 feature", move || draw_every_chart(&trainer));
    }
}

#[test]
fn a_feature_whose_sum_overflows_is_refused_or_charted() {
    // Issue 8, item 3: two rows 1e308,0,no and 1.5e308,1,yes repeated; the sum overflows.
    let mut csv = String::from("a,b,class\n");
    for _ in 0..5 {
        csv.push_str("1e308,0,no\n1.5e308,1,yes\n");
    }
    for kind in [NeuronKind::LOGISTIC, NeuronKind::PERCEPTRON, NeuronKind::SOFTMAX] {
        match Trainer::new(dataset(&csv, "class"), Settings { neuron: kind, ..Settings::default() }.check().unwrap()) {
            Err(e) => assert!(matches!(e, neuron_lab::Error::TooLarge { .. }), "{e}"),
            Ok(mut trainer) => {
                trainer.run(3);
                within(20, "charts of an overflowing feature", move || draw_every_chart(&trainer));
            }
        }
    }
}

#[test]
fn linear_neuron_refuses_theta_that_makes_the_objective_infinite() {
    let data = common::builtin("separable");
    let mut linear = common::trainer(data.clone(), Settings { neuron: NeuronKind::LINEAR, ..Settings::default() });
    let before = linear.snapshot();
    let e = linear.set_theta(&[1e200, 1e200, -1e200]).unwrap_err();
    assert!(matches!(e, neuron_lab::Error::TooLarge { .. }), "{e}");
    assert_eq!(linear.snapshot(), before, "a refused theta changes nothing");
    let given =
        Settings { neuron: NeuronKind::LINEAR, init: Init::Given(vec![1e200, 1e200, -1e200]), ..Settings::default() };
    let e = Trainer::new(data.clone(), given.check().unwrap()).unwrap_err();
    assert!(matches!(e, neuron_lab::Error::TooLarge { .. }), "{e}");

    // The logistic neuron's log-likelihood stays finite there: accepted, trained, charted.
    let mut logistic = common::trainer(data, Settings::default());
    logistic.set_theta(&[1e200, 1e200, -1e200]).unwrap();
    let last = logistic.run(50);
    assert!(last.objective_train.is_finite() && last.gradient_norm.is_finite(), "{last:?}");
    within(20, "charts at theta 1e200", move || draw_every_chart(&logistic));
}

#[test]
fn roc_chart_draws_nan_and_infinite_scores() {
    let classes = vec!["no".to_string(), "yes".to_string()];
    let scores = [f64::NAN, 0.2, f64::INFINITY, 0.7, f64::NEG_INFINITY];
    let actual = [0, 0, 1, 1, 1];
    let predicted: Vec<usize> = scores.iter().map(|&s| usize::from(s >= 0.5)).collect();
    let e = within(5, "an evaluation of NaN scores", move || {
        Evaluation::new(&classes, vec![0.4, 0.6], &actual, predicted, &scores, 0.5)
    });
    let text = within(10, "the ROC chart of NaN scores", move || {
        svg((400, 300), |root| results(|| roc::draw(root, &e, "validation", Style { scale: 1.0 }, &mut NoBackdrop)))
    });
    assert!(text.contains("AUC") && !text.contains("NaN"));
}

// ---- 5. Many classes ---------------------------------------------------------------------

/// `classes` classes of `per_class` rows each, in two features.
fn many_classes(classes: usize, per_class: usize) -> Dataset {
    let mut csv = String::from("u,v,class\n");
    for c in 0..classes {
        for r in 0..per_class {
            let angle = c as f64 * 0.37 + r as f64 * 0.01;
            let _ = std::fmt::Write::write_fmt(
                &mut csv,
                format_args!("{},{},c{c:04}\n", angle.cos() * (1.0 + r as f64), angle.sin() * c as f64),
            );
        }
    }
    dataset(&csv, "class")
}

#[test]
fn a_thousand_classes_step_evaluate_and_chart() {
    let data = many_classes(1000, 3);
    let started = Instant::now();
    let settings = Settings { neuron: NeuronKind::SOFTMAX, train_fraction: 0.67, ..Settings::default() };
    let (step, evaluate, charts, texts) = within(120, "a thousand classes", move || {
        let mut trainer = Trainer::new(data, settings.check().unwrap()).unwrap();
        let t = Instant::now();
        trainer.step();
        let step = t.elapsed();
        let t = Instant::now();
        let train = trainer.evaluate(Part::Train, Threshold::HALF);
        let validation = trainer.evaluate(Part::Validation, Threshold::HALF);
        let evaluate = t.elapsed();
        assert_eq!(train.confusion.classes.len(), 1000);
        assert!(train.confusion.counts.is_empty() && validation.confusion.percent.is_empty(), "no 1000 x 1000 tables");
        assert_eq!(train.confusion.precision.len(), 1000);
        assert_eq!(train.confusion.total, train.rows);
        assert!(train.accuracy.is_some());
        let t = Instant::now();
        let texts = draw_every_chart_once(&trainer);
        (step, evaluate, t.elapsed(), texts)
    });
    println!(
        "1000 classes: step {step:?}, evaluate training + validation {evaluate:?}, four charts {charts:?}; \
         in all {:?}",
        started.elapsed()
    );
    for text in &texts {
        assert!(text.contains("+992 more") || !text.contains("class c0009"), "the legend is capped");
    }
}

/// Activation (output 0), boundary, objective and ROC, once each.
fn draw_every_chart_once(trainer: &Trainer) -> Vec<String> {
    let style = Style { scale: 1.0 };
    let view = boundary::View { x_feature: 0, y_feature: Some(1), threshold: 0.5, selected: None };
    let evaluation = trainer.evaluate(Part::Validation, Threshold::HALF);
    vec![
        svg((640, 420), |root| activation::draw(root, trainer, 0, None, style, &mut NoBackdrop).map(|_| ()).unwrap()),
        svg((640, 420), |root| {
            boundary::draw(root, trainer, view, style, &mut |_| Ok(()), &mut NoBackdrop).map(|_| ()).unwrap()
        }),
        svg((640, 420), |root| objective::draw(root, trainer, style, &mut NoBackdrop).unwrap()),
        svg((640, 420), |root| roc::draw(root, &evaluation, "validation", style, &mut NoBackdrop).unwrap()),
    ]
}

#[test]
fn a_dozen_classes_keep_the_whole_confusion_matrix() {
    let trainer = common::trainer(many_classes(12, 4), Settings { neuron: NeuronKind::SOFTMAX, ..Settings::default() });
    let e = trainer.evaluate(Part::Train, Threshold::HALF);
    assert_eq!(e.confusion.counts.len(), 12);
    assert_eq!(e.confusion.percent.len(), 12);
    let thirteen =
        common::trainer(many_classes(13, 4), Settings { neuron: NeuronKind::SOFTMAX, ..Settings::default() });
    let e13 = thirteen.evaluate(Part::Train, Threshold::HALF);
    assert!(e13.confusion.counts.is_empty() && e13.confusion.percent.is_empty());
    // The per-class figures agree with the full matrix's margins where both exist.
    let full = metrics::ConfusionMatrix::new(&e.confusion.classes, &[0, 1, 1, 2], &[0, 1, 2, 2]);
    assert_eq!(full.precision[2], Some(0.5));
    assert_eq!(full.recall[1], Some(0.5));
}

#[test]
fn more_classes_than_the_cap_are_refused_with_a_message() {
    let data = many_classes(neuron_lab::model::MAX_CLASSES + 1, 1);
    let e = Trainer::new(data, Settings { neuron: NeuronKind::SOFTMAX, ..Settings::default() }.check().unwrap())
        .unwrap_err();
    assert!(e.to_string().contains("1001 classes"), "{e}");
}

// ---- 7, 12. Settings -----------------------------------------------------------------------

#[test]
fn a_threshold_outside_zero_to_one_is_refused() {
    for threshold in [2.0, -0.1, f64::NAN, f64::INFINITY] {
        let e = Threshold::new(threshold).unwrap_err();
        assert!(matches!(e, neuron_lab::Error::InvalidSetting { name: "threshold", .. }), "{e}");
        // The same rule where settings from the page or a file meet it (JSON has no NaN).
        if threshold.is_finite() {
            let settings = serde_json::json!({ "threshold": threshold });
            let e = serde_json::from_value::<Settings>(settings).unwrap_err();
            assert!(e.to_string().contains(&format!("threshold = {threshold} is not allowed")), "{e}");
        }
    }
    for threshold in [0.0, 0.5, 1.0] {
        let settings = Settings { threshold: Threshold::new(threshold).unwrap(), ..Settings::default() };
        settings.check().unwrap();
    }
}

// ---- The command line: 1, 6, 7, 11, 12 -------------------------------------------------------

fn scratch(name: &str) -> common::Scratch {
    common::Scratch::new(&format!("hostile-{name}"))
}

/// Runs the CLI, failing the test if it is still running after `seconds` (it is killed).
fn neuron_lab_within(seconds: u64, args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_neuron-lab"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("neuron-lab runs");
    let started = Instant::now();
    let stdout = child.stdout.take().unwrap();
    let stderr = child.stderr.take().unwrap();
    let read = |mut pipe: Box<dyn std::io::Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            bytes
        })
    };
    let (out, err) = (read(Box::new(stdout)), read(Box::new(stderr)));
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return Output { status, stdout: out.join().unwrap(), stderr: err.join().unwrap() };
        }
        if started.elapsed() > Duration::from_secs(seconds) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("neuron-lab {args:?}: still running after {seconds} s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Exit 0 with finite numbers, or exit 2 with one line; never 101, never NaN or inf.
fn assert_clean(o: &Output, what: &str) {
    let (out, err) = (text(&o.stdout), text(&o.stderr));
    match o.status.code() {
        Some(0) => assert!(!out.contains("NaN") && !out.contains("inf"), "{what} prints NaN or inf:\n{out}"),
        Some(2) => assert_eq!(err.lines().count(), 1, "{what}: one line\n{err}"),
        code => panic!("{what}: exit {code:?}\n{err}"),
    }
}

#[test]
fn cli_train_on_1e308_values_ends_with_exit_2_or_finite_numbers() {
    let dir = scratch("train-1e308");
    let file = dir.join("x.csv");
    std::fs::write(&file, "a,b,class\n1e308,1e308,no\n1.5e308,1.5e308,yes\n1e308,1.5e308,no\n1.5e308,1e308,yes\n")
        .unwrap();
    let file = file.to_str().unwrap();
    for extra in [&[][..], &["--no-standardize"], &["--neuron", "linear", "--no-standardize"], &["--fixed-rate"]] {
        let mut args = vec!["train", file, "--target", "class", "--seed", "1"];
        args.extend_from_slice(extra);
        let o = neuron_lab_within(30, &args);
        assert_clean(&o, &format!("{extra:?}"));
        if o.status.code() == Some(2) {
            assert!(text(&o.stderr).contains("too large"), "{}", text(&o.stderr));
        }
    }
}

#[test]
fn cli_predict_with_a_good_model_on_huge_rows_is_finite() {
    let dir = scratch("predict-huge");
    let model = dir.join("model.json");
    let train = dir.join("train.csv");
    let mut rows = String::from("a,b,class\n");
    for i in 0..40 {
        let (a, b) = ((i % 7) as f64, (i % 5) as f64);
        rows.push_str(&format!("{a},{b},{}\n", if a > b { "yes" } else { "no" }));
    }
    std::fs::write(&train, rows).unwrap();
    let o = neuron_lab_within(
        30,
        &["train", train.to_str().unwrap(), "--target", "class", "--save-model", model.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    let new = dir.join("new.csv");
    // Rows whose terms of x theta overflow with opposite signs (inf - inf in a plain sum).
    let rows = "a,b,class\n1e307,-1e307,yes\n-1e308,1e308,no\n1e308,1e308,yes\n-1e308,-1e308,no\n\
                1.7976931348623157e308,1.7976931348623157e308,yes\n1,2,no\n";
    std::fs::write(&new, rows).unwrap();
    let o = neuron_lab_within(30, &["predict", "--model", model.to_str().unwrap(), new.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let (out, err) = (text(&o.stdout), text(&o.stderr));
    assert!(!out.contains("NaN") && !err.contains("NaN"), "{out}\n{err}");
    assert!(!err.contains("skipped"), "every row is classified: {err}");
    assert_eq!(out.lines().count(), 7, "{out}");
    assert!(out.contains("1e307,-1e307,yes,yes,1.000000") || out.contains("1e307,-1e307,yes,"), "{out}");
}

#[test]
fn cli_prints_long_names_truncated_in_tables_and_never_panics() {
    let dir = scratch("long-names");
    // 70,000 characters (beyond the format width's 65,535) and 1,000 (the longest accepted).
    for length in [70_000, 1_000] {
        let long_column = "c".repeat(length);
        let long_label = "L".repeat(length);
        let file = dir.join(&format!("long-{length}.csv"));
        let mut rows = format!("{long_column},b,class\n");
        for i in 0..12 {
            rows.push_str(&format!("{i},{},{}\n", i % 3, if i % 2 == 0 { long_label.as_str() } else { "short" }));
        }
        std::fs::write(&file, rows).unwrap();
        let o = neuron_lab_within(30, &["train", file.to_str().unwrap(), "--target", "class"]);
        assert_clean(&o, &format!("names of {length} characters"));
        if length == 1_000 {
            assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
            let out = text(&o.stdout);
            assert!(out.contains("ccccc") && out.contains("LLLLL") && out.contains('…'), "{out}");
            assert!(out.lines().all(|l| l.chars().count() < 200), "tables stay narrow:\n{out}");
        }
    }
}

#[test]
fn cli_exits_0_when_its_output_pipe_is_closed() {
    let dir = scratch("pipe");
    let model = dir.join("model.json");
    let o = neuron_lab_within(30, &["train", "--builtin", "separable", "--save-model", model.to_str().unwrap()]);
    assert!(o.status.success());
    let rows = dir.join("rows.csv");
    let mut csv = String::from("x1,x2,class\n");
    for i in 0..20_000 {
        csv.push_str(&format!("{},{},{}\n", i % 13, i % 7, i % 2));
    }
    std::fs::write(&rows, csv).unwrap();
    for args in [
        vec!["predict", "--model", model.to_str().unwrap(), rows.to_str().unwrap()],
        vec!["train", "--builtin", "blobs4", "--neuron", "softmax"],
        vec!["datasets"],
    ] {
        // `neuron-lab ... | head -1`: the reader goes away after the first line.
        let mut child = Command::new(env!("CARGO_BIN_EXE_neuron-lab"))
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = [0u8; 16];
        let mut stdout = child.stdout.take().unwrap();
        let _ = std::io::Read::read(&mut stdout, &mut first);
        drop(stdout);
        let status = child.wait().unwrap();
        let mut err = String::new();
        let _ = std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut err);
        assert_eq!(status.code(), Some(0), "{args:?}: a closed pipe is a normal exit\n{err}");
    }
}

#[test]
fn cli_train_refuses_a_threshold_outside_zero_to_one() {
    let dir = scratch("threshold");
    let model = dir.join("model.json");
    for threshold in ["2", "-0.5", "NaN"] {
        let o = neuron_lab_within(
            30,
            &["train", "--builtin", "separable", "--threshold", threshold, "--save-model", model.to_str().unwrap()],
        );
        assert_eq!(o.status.code(), Some(2), "{threshold}: {}", text(&o.stdout));
        assert!(text(&o.stderr).contains("threshold"), "{}", text(&o.stderr));
        assert!(!model.exists(), "no model is written");
    }
}

#[test]
fn tampered_model_files_are_refused_with_one_line() {
    let dir = scratch("tampered");
    let binary = dir.join("binary.json");
    let multi = dir.join("multi.json");
    let o = neuron_lab_within(30, &["train", "--builtin", "separable", "--save-model", binary.to_str().unwrap()]);
    assert!(o.status.success());
    let o = neuron_lab_within(
        30,
        &["train", "--builtin", "blobs3", "--neuron", "softmax", "--save-model", multi.to_str().unwrap()],
    );
    assert!(o.status.success());
    let read = |path: &PathBuf| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    };
    let (binary, multi) = (read(&binary), read(&multi));
    let rows = dir.join("rows.csv");
    std::fs::write(&rows, "x1,x2,class\n1,2,0\n").unwrap();
    let edit = |base: &serde_json::Value, change: &dyn Fn(&mut serde_json::Value)| {
        let mut model = base.clone();
        change(&mut model);
        model
    };
    use serde_json::json;
    let cases = vec![
        ("a binary neuron with 3 outputs", edit(&multi, &|m| m["neuron"]["kind"] = json!("logistic")), "3 outputs"),
        (
            "softmax with one output",
            edit(&binary, &|m| m["neuron"]["kind"] = json!("softmax")),
            "softmax neuron has 1 output",
        ),
        ("duplicate classes", edit(&binary, &|m| m["class_names"] = json!(["1", "1"])), "class '1' appears twice"),
        (
            "duplicate features",
            edit(&binary, &|m| m["transform"]["feature_names"] = json!(["x1", "x1"])),
            "feature 'x1' appears twice",
        ),
        (
            "outputs that overflow d * outputs",
            edit(&binary, &|m| {
                m["outputs"] = json!(9_223_372_036_854_775_808u64);
                m["theta"] = json!([]);
            }),
            "outputs",
        ),
        ("a theta beyond the largest double", edit(&binary, &|m| m["theta"][0] = json!("1e999")), "out of range"),
        ("a mean that is not a number", edit(&binary, &|m| m["transform"]["means"][0] = json!(null)), "expected f64"),
        ("a negative standard deviation", edit(&binary, &|m| m["transform"]["stds"][0] = json!(-1.0)), "above 0"),
        ("a negative prior", edit(&binary, &|m| m["class_priors"] = json!([-0.5, 1.5])), "priors"),
        (
            "a class name of 70,000 characters",
            edit(&binary, &|m| m["class_names"][0] = json!("n".repeat(70_000))),
            "70000 characters",
        ),
    ];
    let model = dir.join("model.json");
    for (what, tampered, expected) in cases {
        // JSON has no infinity: a number too large to be a double is written as such.
        std::fs::write(&model, tampered.to_string().replace("\"1e999\"", "1e999")).unwrap();
        let o = neuron_lab_within(30, &["predict", "--model", model.to_str().unwrap(), rows.to_str().unwrap()]);
        let err = text(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{what}: exit {:?}\n{err}", o.status.code());
        assert_eq!(err.lines().count(), 1, "{what}: one line\n{err}");
        assert!(err.contains(expected), "{what}: expected '{expected}' in\n{err}");
    }
}

#[test]
fn the_stderr_of_a_failed_write_is_one_line() {
    // Writing the predictions to a directory fails with the path and the reason.
    let dir = scratch("write");
    let model = dir.join("model.json");
    assert!(neuron_lab_within(30, &["train", "--builtin", "separable", "--save-model", model.to_str().unwrap()])
        .status
        .success());
    let rows = dir.join("rows.csv");
    let mut f = std::fs::File::create(&rows).unwrap();
    writeln!(f, "x1,x2,class\n1,2,0").unwrap();
    let o = neuron_lab_within(
        30,
        &["predict", "--model", model.to_str().unwrap(), rows.to_str().unwrap(), "--out", dir.path().to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(text(&o.stderr).lines().count(), 1);
}

#[test]
fn the_adaptive_rate_stays_finite_over_a_long_run() {
    // Separable rows: every step improves, so eta grows by 1.1 a step (1.1^7500 > 1e308).
    let settings = Settings { epsilon: 0.0, max_iterations: 20_000, ..Settings::default() };
    let mut trainer = common::trainer(common::builtin("separable"), settings);
    let last = trainer.run(20_000);
    assert!(trainer.all_steps().all(|s| s.learning_rate.is_finite() && s.gradient_norm.is_finite()), "{last:?}");
    assert!(trainer.next_learning_rate().is_finite());
}

/// Every number in an SVG's coordinates (`points`, `x`, `y`, `cx`, `cy`, ...).
fn svg_coordinates(svg: &str) -> Vec<f64> {
    let mut out = Vec::new();
    for attribute in ["points=\"", "x=\"", "y=\"", "x1=\"", "y1=\"", "x2=\"", "y2=\"", "cx=\"", "cy=\""] {
        for piece in svg.split(attribute).skip(1) {
            let value = piece.split('"').next().unwrap_or("");
            out.extend(value.split([' ', ',']).filter_map(|v| v.parse::<f64>().ok()));
        }
    }
    out
}

#[test]
fn an_objective_beyond_the_axis_limit_is_drawn_at_its_edge() {
    // Found by the fuzzer (fuzz/corpus/csv_to_charts/crash-objective-far-outside-axis.csv):
    // an unstandardized row near 1.7e308 gives a log-likelihood near -7.6e307, far beyond
    // the axis' 1e300 limit; plotters' pixel for it overflowed i32 (with overflow checks,
    // as in `cargo test` without --release and in the fuzzer, a panic; else a wrapped pixel).
    let csv = "a,class\n1.7e308,a\n1,b\n";
    let settings = Settings {
        standardize: false,
        bias: false,
        train_fraction: 1.0,
        init: Init::Given(vec![0.9]),
        ..Settings::default()
    };
    let mut trainer = common::trainer(dataset(csv, "class"), settings);
    assert!(trainer.snapshot().objective_train < -1e307, "{:?}", trainer.snapshot());
    trainer.run(3);
    let text = svg((480, 320), |root| objective::draw(root, &trainer, Style::new(1.0), &mut NoBackdrop).unwrap());
    let coordinates = svg_coordinates(&text);
    assert!(!coordinates.is_empty());
    let farthest = coordinates.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    assert!(farthest < 5000.0, "a point drawn at {farthest}");
    let texts = draw_every_chart(&trainer);
    assert!(texts.iter().flat_map(|t| svg_coordinates(t)).all(|v| v.abs() < 5000.0));
}
