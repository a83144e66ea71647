//! Training: every neuron learns what it can, the lecture's KidCreative fit matches
//! an independent Newton solution, and runs are exactly reproducible.

mod common;

use common::{builtin, kid_creative, trainer};
use neuron_lab::data::prep::Part;
use neuron_lab::model::{NeuronKind, PerceptronRule};
use neuron_lab::settings::Threshold;
use neuron_lab::settings::{Init, Settings};
use neuron_lab::train::Stop;
use neuron_lab::Error;

fn train_accuracy(kind: NeuronKind, data: &str, settings: Settings) -> f64 {
    let mut t = trainer(builtin(data), Settings { neuron: kind, train_fraction: 1.0, ..settings });
    t.run(usize::MAX);
    t.evaluate(Part::Train, Threshold::HALF).accuracy.unwrap()
}

#[test]
fn every_binary_neuron_separates_the_separable_blobs() {
    let settings = Settings { epsilon: 1e-9, max_iterations: 20_000, ..Settings::default() };
    for kind in [
        NeuronKind::LINEAR,
        NeuronKind::LOGISTIC_SE,
        NeuronKind::LOGISTIC,
        NeuronKind::MULTI_LOGISTIC,
        NeuronKind::SOFTMAX,
    ] {
        assert_eq!(train_accuracy(kind, "separable", settings.clone()), 1.0, "{}", kind.name());
    }
    let perceptron = Settings { adaptive: false, learning_rate: 1.0, max_iterations: 5_000, ..Settings::default() };
    assert_eq!(train_accuracy(NeuronKind::PERCEPTRON, "separable", perceptron), 1.0, "perceptron rule");
}

#[test]
fn perceptron_rule_stops_when_nothing_is_misclassified() {
    let settings = Settings {
        neuron: NeuronKind::PERCEPTRON,
        adaptive: false,
        learning_rate: 1.0,
        train_fraction: 1.0,
        ..Settings::default()
    };
    let mut t = trainer(builtin("separable"), settings);
    let last = t.run(usize::MAX);
    assert_eq!(last.stop, Some(Stop::NoUpdate));
    assert_eq!(last.objective_train, 0.0);
}

#[test]
fn slide_rule_perceptron_never_fixes_missed_positives() {
    // Starting from theta that calls everything negative, the slide's gradient is zero.
    let settings = Settings {
        neuron: NeuronKind::PERCEPTRON,
        perceptron_rule: PerceptronRule::Slide,
        init: Init::Given(vec![-5.0, 0.0, 0.0]),
        train_fraction: 1.0,
        ..Settings::default()
    };
    let mut t = trainer(builtin("separable"), settings);
    let last = t.run(100);
    assert_eq!(last.stop, Some(Stop::NoUpdate));
    assert_eq!(t.evaluate(Part::Train, Threshold::HALF).accuracy, Some(0.5));
}

#[test]
fn multi_class_neurons_separate_the_four_blobs() {
    let settings = Settings { epsilon: 1e-9, max_iterations: 20_000, ..Settings::default() };
    for kind in [NeuronKind::MULTI_LOGISTIC, NeuronKind::SOFTMAX] {
        assert_eq!(train_accuracy(kind, "blobs4", settings.clone()), 1.0, "{}", kind.name());
    }
}

#[test]
fn one_neuron_cannot_learn_xor() {
    let accuracy = train_accuracy(NeuronKind::LOGISTIC, "xor", Settings::default());
    assert!(accuracy < 0.75, "a line cannot split XOR, got {accuracy}");
}

#[test]
fn log_likelihood_rises_and_cross_entropy_falls() {
    for (kind, data) in [(NeuronKind::LOGISTIC, "overlapping"), (NeuronKind::SOFTMAX, "blobs3")] {
        let mut t = trainer(builtin(data), Settings { neuron: kind, ..Settings::default() });
        let start = t.snapshot().objective_train;
        let after = t.run(10).objective_train;
        assert!(kind.goal().improves(after, start), "{}: {start} -> {after}", kind.name());
    }
}

#[test]
fn binary_neuron_refuses_three_classes_and_names_the_alternatives() {
    let settings = Settings { neuron: NeuronKind::LOGISTIC, ..Settings::default() };
    let error = neuron_lab::train::Trainer::new(builtin("blobs3"), settings.check().unwrap()).unwrap_err();
    let message = error.to_string();
    assert!(message.contains("multi-logistic") && message.contains("softmax"), "{message}");
}

#[test]
fn rewind_restores_exactly_and_same_seed_reproduces_bit_identical_thetas() {
    let settings = Settings { neuron: NeuronKind::SOFTMAX, seed: 42, ..Settings::default() };
    let mut a = trainer(builtin("blobs3"), settings.clone());
    let mut b = trainer(builtin("blobs3"), settings);
    let a_states: Vec<_> = (0..30).map(|_| a.step()).collect();
    let b_states: Vec<_> = (0..30).map(|_| b.step()).collect();
    assert_eq!(a_states, b_states, "same seed and settings, same thetas to the bit");

    let at_12 = a.rewind(12).unwrap();
    assert_eq!(at_12, a_states[11]);
    let replay: Vec<_> = (0..18).map(|_| a.step()).collect();
    assert_eq!(replay, a_states[12..], "stepping on from a rewind retraces the same path");
    assert!(matches!(a.rewind(31), Err(Error::NothingToRewind { step: 31, .. })));
    let back = a.rewind(5).unwrap();
    assert_eq!(back, a_states[4]);
    assert_eq!(a.rewind(30).unwrap(), a_states[29], "the later steps are kept after a rewind");
}

#[test]
fn different_seeds_start_differently() {
    let theta = |seed| trainer(builtin("overlapping"), Settings { seed, ..Settings::default() }).snapshot().theta;
    assert_ne!(theta(1), theta(2));
    assert!(theta(1).iter().all(|t| (-1.0..=1.0).contains(t)));
}

#[test]
fn adaptive_rate_undoes_a_worsening_step_and_shrinks_eta() {
    let settings = Settings { neuron: NeuronKind::LINEAR, learning_rate: 50.0, ..Settings::default() };
    let mut t = trainer(builtin("overlapping"), settings);
    let before = t.snapshot();
    let after = t.step();
    assert!(!after.accepted);
    assert_eq!(after.theta, before.theta);
    assert_eq!(after.learning_rate, 50.0);
    let next = t.step();
    assert_eq!(next.learning_rate, 25.0);
}

#[test]
fn fixed_rate_that_diverges_stops_and_never_reports_nan() {
    let settings = Settings { neuron: NeuronKind::LINEAR, learning_rate: 50.0, adaptive: false, ..Settings::default() };
    let mut t = trainer(builtin("overlapping"), settings);
    let last = t.run(10_000);
    assert_eq!(last.stop, Some(Stop::Diverged));
    assert!(last.theta.iter().all(|v| v.is_finite()) && last.objective_train.is_finite());
    assert_eq!(last.change, None, "a diverged step reports no change");
}

#[test]
fn customers_recover_the_true_theta_roughly() {
    let set = neuron_lab::data::builtin::generate("customers", 5, 4000).unwrap();
    let settings = Settings { train_fraction: 1.0, epsilon: 1e-12, max_iterations: 50_000, ..Settings::default() };
    let mut t = trainer(set.data, settings);
    t.run(usize::MAX);
    let raw = t.prepared().transform().theta_original_scale(t.theta()).unwrap();
    for (learned, truth) in raw.as_slice().iter().zip(set.true_theta.unwrap()) {
        assert!((learned - truth).abs() < 0.35 * truth.abs().max(0.1), "learned {learned}, true {truth}");
    }
}

/// Newton's method (IRLS) for the logistic log-likelihood, written here apart from the core:
/// theta <- theta + (X^T W X)^-1 X^T (y - p), on columns scaled by their largest |value|.
fn newton_logistic(x: &[Vec<f64>], y: &[f64]) -> Vec<f64> {
    let d = x[0].len();
    let scale: Vec<f64> = (0..d).map(|j| x.iter().map(|r| r[j].abs()).fold(0.0, f64::max).max(1e-300)).collect();
    let xs: Vec<Vec<f64>> = x.iter().map(|r| r.iter().zip(&scale).map(|(v, s)| v / s).collect()).collect();
    let mut theta = vec![0.0; d];
    for _ in 0..50 {
        let mut hessian = vec![vec![0.0; d]; d];
        let mut score = vec![0.0; d];
        for (r, &yi) in xs.iter().zip(y) {
            let z: f64 = r.iter().zip(&theta).map(|(a, b)| a * b).sum();
            let p = 1.0 / (1.0 + (-z).exp());
            for a in 0..d {
                score[a] += (yi - p) * r[a];
                for b in 0..d {
                    hessian[a][b] += p * (1.0 - p) * r[a] * r[b];
                }
            }
        }
        let delta = solve(hessian, score);
        theta.iter_mut().zip(&delta).for_each(|(t, d)| *t += d);
        if delta.iter().map(|v| v * v).sum::<f64>().sqrt() < 1e-13 {
            break;
        }
    }
    theta.iter().zip(&scale).map(|(t, s)| t / s).collect()
}

/// Gaussian elimination with partial pivoting.
fn solve(mut a: Vec<Vec<f64>>, mut b: Vec<f64>) -> Vec<f64> {
    let n = b.len();
    for col in 0..n {
        let pivot = (col..n).max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs())).unwrap();
        a.swap(col, pivot);
        b.swap(col, pivot);
        for row in col + 1..n {
            let f = a[row][col] / a[col][col];
            let pivot_row = a[col].clone();
            for (entry, pivot) in a[row][col..].iter_mut().zip(&pivot_row[col..]) {
                *entry -= f * pivot;
            }
            b[row] -= f * b[col];
        }
    }
    let mut x = vec![0.0; n];
    for row in (0..n).rev() {
        let rest: f64 = (row + 1..n).map(|k| a[row][k] * x[k]).sum();
        x[row] = (b[row] - rest) / a[row][row];
    }
    x
}

#[test]
fn kid_creative_logistic_matches_newton_irls_on_the_original_scale() {
    let data = kid_creative();
    let rows: Vec<Vec<f64>> = (0..data.rows()).map(|i| std::iter::once(1.0).chain(data.x.row(i)).collect()).collect();
    let y: Vec<f64> = data.labels.iter().map(|&l| l as f64).collect();
    let newton = newton_logistic(&rows, &y);

    let settings = Settings { train_fraction: 1.0, epsilon: 0.0, max_iterations: 1_000_000, ..Settings::default() };
    let mut t = trainer(data, settings);
    while t.snapshot().gradient_norm >= 1e-8 {
        assert!(t.stop().is_none(), "stopped before the gradient vanished: {:?}", t.snapshot());
        t.step();
    }
    println!("gradient norm below 1e-8 after {} steps", t.iteration());
    let learned = t.prepared().transform().theta_original_scale(t.theta()).unwrap();
    for (j, (l, n)) in learned.as_slice().iter().zip(&newton).enumerate() {
        assert!((l - n).abs() <= 1e-4 * n.abs(), "parameter {j}: gradient ascent {l}, Newton {n}");
    }
}

#[test]
fn kid_creative_lecture_workflow_reports_validation_metrics() {
    // The lecture: shuffle with a seed, 2/3 train, standardize, bias, theta ~ U[-1, 1],
    // adaptive learning rate, stop when the log-likelihood changes by less than epsilon.
    let mut t = trainer(kid_creative(), Settings::default());
    let last = t.run(usize::MAX);
    assert_eq!(last.stop, Some(Stop::Converged));
    assert_eq!(t.prepared().data_rows(Part::Train).len(), 449);
    let validation = t.evaluate(Part::Validation, Threshold::HALF);
    let b = validation.binary.as_ref().unwrap();
    println!(
        "KidCreative validation (seed 0): precision {:.3}, recall {:.3}, F-measure {:.3}, accuracy {:.3}, baseline {:.3}",
        b.precision.unwrap(),
        b.recall.unwrap(),
        b.f_measure.unwrap(),
        validation.accuracy.unwrap(),
        validation.baseline_accuracy.unwrap()
    );
    assert!(validation.accuracy > validation.baseline_accuracy);
    assert!(b.f_measure.unwrap() > 0.6);
}

#[test]
fn perceptron_always_steps_even_with_the_adaptive_rate() {
    let settings = Settings { neuron: NeuronKind::PERCEPTRON, adaptive: true, ..Settings::default() };
    let mut t = trainer(builtin("overlapping"), settings);
    for _ in 0..50 {
        let s = t.step();
        assert!(s.accepted, "step {} rejected", s.iteration);
        assert_eq!(s.learning_rate, 0.1);
    }
}

#[test]
fn theta_set_by_hand_is_a_step_that_training_goes_on_from() {
    let mut t = trainer(builtin("overlapping"), Settings::default());
    t.run(5);
    let set = t.set_theta(&[0.5, -1.0, 2.0]).unwrap();
    assert_eq!((set.iteration, set.edited), (6, true));
    assert_eq!(set.theta, [0.5, -1.0, 2.0]);
    let next = t.step();
    assert_eq!(next.iteration, 7);
    assert_ne!(next.theta, set.theta, "training goes on from the typed theta");
    assert!(t.set_theta(&[1.0]).unwrap_err().to_string().contains("theta needs 3 values"));
    assert!(matches!(t.set_theta(&[1.0, f64::NAN, 0.0]), Err(Error::ThetaNotFinite { .. })));
    assert_eq!(t.rewind(5).unwrap().iteration, 5);
}

#[test]
fn history_csv_has_a_row_per_step_with_theta_by_name() {
    let mut t = trainer(builtin("blobs3"), Settings { neuron: NeuronKind::SOFTMAX, ..Settings::default() });
    t.run(4);
    let csv = neuron_lab::export::history(&t);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 6, "a header and steps 0 to 4");
    assert!(lines[0].starts_with("t,theta bias [0],theta bias [1],theta bias [2],theta x1 [0]"), "{}", lines[0]);
    assert!(lines[0].ends_with("gradient norm,learning rate,objective train,objective validation,change,accepted"));
    assert!(lines[4].starts_with("3,"));
}

#[test]
fn explanation_terms_average_to_the_batch_gradient() {
    use neuron_lab::explain::explain;
    for (kind, data) in
        [(NeuronKind::LOGISTIC, "overlapping"), (NeuronKind::SOFTMAX, "blobs3"), (NeuronKind::LINEAR, "overlapping")]
    {
        let mut t = trainer(builtin(data), Settings { neuron: kind, ..Settings::default() });
        t.run(3);
        let n = t.prepared().x(Part::Train).rows();
        for output in 0..t.theta().cols() {
            let mut mean = vec![0.0; t.theta().rows()];
            for i in 0..n {
                let row = explain(&t, Some(i), output).row.unwrap();
                mean.iter_mut().zip(&row.term).for_each(|(m, v)| *m += v / n as f64);
            }
            let e = explain(&t, Some(0), output);
            for (j, (m, g)) in mean.iter().zip(&e.gradient).enumerate() {
                assert!((m - g).abs() < 1e-12, "{}: {m} vs {g}", kind.name());
                assert_eq!(*g, t.gradient().get(j, output));
            }
            let sign = if e.ascent { 1.0 } else { -1.0 };
            for (d, g) in e.delta.iter().zip(&e.gradient) {
                assert_eq!(*d, sign * e.learning_rate * g);
            }
            let row = e.row.unwrap();
            if kind == NeuronKind::LOGISTIC {
                // The slide's term x_i (y_i - y_hat_i), from the shown numbers.
                for (term, x) in row.term.iter().zip(&row.x) {
                    assert!((term - x * (row.y[0] - row.y_hat[0])).abs() < 1e-15);
                }
                assert!(e.ascent);
            }
        }
    }
}
