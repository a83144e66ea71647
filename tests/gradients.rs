//! Every neuron's gradient against central finite differences of its own objective.

mod common;

use neuron_lab::data::prep::Part;
use neuron_lab::data::prep::{Prepared, Workflow};
use neuron_lab::math::step;
use neuron_lab::math::Matrix;
use neuron_lab::model::{targets, Neuron, NeuronKind, PerceptronRule};

fn prepared(name: &str) -> Prepared {
    let workflow = Workflow {
        shuffle: true,
        seed: 3,
        train_fraction: 1.0,
        standardize: true,
        bias: true,
        features: Default::default(),
    };
    Prepared::new(common::builtin(name), &workflow).unwrap()
}

/// Theta with varied entries, small enough that no probability saturates.
fn some_theta(d: usize, k: usize) -> Matrix {
    Matrix::from_vec(d, k, (0..d * k).map(|i| 0.3 * ((i as f64 * 1.7).sin())).collect())
}

fn finite_differences(f: impl Fn(&Matrix) -> f64, theta: &Matrix) -> Matrix {
    let h = 1e-6;
    let mut grad = Matrix::zeros(theta.rows(), theta.cols());
    for idx in 0..theta.as_slice().len() {
        let (mut up, mut down) = (theta.clone(), theta.clone());
        up.as_mut_slice()[idx] += h;
        down.as_mut_slice()[idx] -= h;
        grad.as_mut_slice()[idx] = (f(&up) - f(&down)) / (2.0 * h);
    }
    grad
}

fn assert_close(analytic: &Matrix, numeric: &Matrix, what: &str) {
    for (a, n) in analytic.as_slice().iter().zip(numeric.as_slice()) {
        assert!((a - n).abs() <= 1e-6 * (1.0 + n.abs()), "{what}: analytic {a} vs finite differences {n}");
    }
    assert!(analytic.norm() > 1e-3, "{what}: a vanishing gradient would make this check empty");
}

fn check(kind: NeuronKind, data: &str) {
    let p = prepared(data);
    let k = kind.outputs(classes(&p));
    let y = targets(p.labels(Part::Train), k);
    let neuron = Neuron::new(kind);
    let theta = some_theta(p.x(Part::Train).cols(), k);
    let (_, gradient) = neuron.objective_and_gradient(&theta, p.x(Part::Train), &y);
    let numeric = finite_differences(|t| neuron.objective(t, p.x(Part::Train), &y), &theta);
    assert_close(&gradient, &numeric, kind.name());
}

fn classes(p: &Prepared) -> usize {
    p.labels(Part::Train).iter().max().unwrap() + 1
}

#[test]
fn linear_gradient_matches_finite_differences() {
    check(NeuronKind::LINEAR, "overlapping");
}

#[test]
fn logistic_se_gradient_matches_finite_differences() {
    check(NeuronKind::LOGISTIC_SE, "overlapping");
}

#[test]
fn logistic_log_likelihood_gradient_matches_finite_differences() {
    check(NeuronKind::LOGISTIC, "overlapping");
}

#[test]
fn multi_logistic_gradient_matches_finite_differences() {
    check(NeuronKind::MULTI_LOGISTIC, "blobs4");
}

#[test]
fn softmax_cross_entropy_gradient_matches_finite_differences() {
    check(NeuronKind::SOFTMAX, "blobs3");
}

/// The step neuron's squared error is flat between jumps, so its finite-difference
/// gradient is zero; the slide's gradient is that of the squared error with the
/// active branch linearized (`y_hat ~ 1 + x (theta - theta0)` where `x theta0 > 0`),
/// and the perceptron rule is the gradient of the perceptron criterion.
#[test]
fn perceptron_updates_match_finite_differences_of_what_they_differentiate() {
    let p = prepared("overlapping");
    let y = targets(p.labels(Part::Train), 1);
    let theta = some_theta(p.x(Part::Train).cols(), 1);
    let x = &p.x(Part::Train);
    let z0: Vec<f64> = x.iter_rows().map(|r| dot(r, theta.as_slice())).collect();

    let squared_error = |t: &Matrix| {
        let n = x.rows() as f64;
        x.iter_rows().zip(y.as_slice()).map(|(r, &y)| (y - step(dot(r, t.as_slice()))).powi(2)).sum::<f64>() / n
    };
    let flat = finite_differences(squared_error, &theta);
    assert!(flat.norm() == 0.0, "the step's squared error is piecewise constant");

    let linearized = |t: &Matrix| {
        let n = x.rows() as f64;
        let mut total = 0.0;
        for ((r, &y), &z) in x.iter_rows().zip(y.as_slice()).zip(&z0) {
            let y_hat = if z > 0.0 { 1.0 + dot(r, t.as_slice()) - z } else { 0.0 };
            total += (y - y_hat).powi(2);
        }
        total / n
    };
    let slide = Neuron { kind: NeuronKind::PERCEPTRON, rule: PerceptronRule::Slide };
    let (_, gradient) = slide.objective_and_gradient(&theta, x, &y);
    assert_close(&gradient, &finite_differences(linearized, &theta), "perceptron, slide rule");

    let criterion = |t: &Matrix| {
        let n = x.rows() as f64;
        let mut total = 0.0;
        for ((r, &y), &z) in x.iter_rows().zip(y.as_slice()).zip(&z0) {
            total += (step(z) - y) * dot(r, t.as_slice());
        }
        total / n
    };
    let rule = Neuron { kind: NeuronKind::PERCEPTRON, rule: PerceptronRule::Perceptron };
    let (_, gradient) = rule.objective_and_gradient(&theta, x, &y);
    assert_close(&gradient, &finite_differences(criterion, &theta), "perceptron rule");
}

#[test]
fn slide_rule_only_corrects_false_positives() {
    let p = prepared("overlapping");
    let y = targets(p.labels(Part::Train), 1);
    let slide = Neuron { kind: NeuronKind::PERCEPTRON, rule: PerceptronRule::Slide };
    // Theta that calls every row negative: no row is active, so the slide's gradient is zero
    // even though every positive is missed.
    let mut theta = Matrix::zeros(p.x(Part::Train).cols(), 1);
    theta.set(0, 0, -100.0);
    let (squared_error, gradient) = slide.objective_and_gradient(&theta, p.x(Part::Train), &y);
    assert!(squared_error > 0.3);
    assert_eq!(gradient.norm(), 0.0);
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

#[test]
fn log_likelihood_and_cross_entropy_stay_finite_for_huge_scores() {
    let x = Matrix::from_vec(2, 2, vec![1.0, 1e4, 1.0, -1e4]);
    let theta = Matrix::from_vec(2, 1, vec![0.0, 1.0]);
    let y = Matrix::from_vec(2, 1, vec![0.0, 1.0]);
    let (ll, g) = Neuron::new(NeuronKind::LOGISTIC).objective_and_gradient(&theta, &x, &y);
    assert_eq!(ll, -1e4, "both rows are wrong by |z| = 1e4: mean ln-likelihood -1e4");
    assert!(g.as_slice().iter().all(|v| v.is_finite()));

    let theta3 = Matrix::from_vec(2, 3, vec![0.0, 0.0, 0.0, 1.0, -1.0, 0.5]);
    let y3 = targets(&[1, 0], 3);
    let (ce, g3) = Neuron::new(NeuronKind::SOFTMAX).objective_and_gradient(&theta3, &x, &y3);
    assert!(ce.is_finite() && ce > 1e4, "cross-entropy {ce}");
    assert!(g3.as_slice().iter().all(|v| v.is_finite()));
    let (mll, _) = Neuron::new(NeuronKind::MULTI_LOGISTIC).objective_and_gradient(&theta3, &x, &y3);
    assert!(mll.is_finite() && mll < -1e4);
}

/// The penalized objective written out here, apart from the trainer's: the data term,
/// and `lambda_1 sum |theta_j| + lambda_2 sum theta_j^2` over every row but the bias
/// (row 0), subtracted for ascent and added for descent.
fn penalized(neuron: &Neuron, p: &Prepared, y: &Matrix, (l1, l2): (f64, f64), theta: &Matrix) -> f64 {
    let weights = &theta.as_slice()[theta.cols()..];
    let penalty = l1 * weights.iter().map(|t| t.abs()).sum::<f64>() + l2 * weights.iter().map(|t| t * t).sum::<f64>();
    let data = neuron.objective(theta, p.x(Part::Train), y);
    if neuron.kind.ascent() {
        data - penalty
    } else {
        data + penalty
    }
}

#[test]
fn every_penalized_gradient_matches_finite_differences_of_the_penalized_objective() {
    use neuron_lab::settings::{Init, Settings};
    use neuron_lab::train::Trainer;
    use std::sync::Arc;
    let smooth = [
        (NeuronKind::LINEAR, "overlapping"),
        (NeuronKind::LOGISTIC_SE, "overlapping"),
        (NeuronKind::LOGISTIC, "overlapping"),
        (NeuronKind::MULTI_LOGISTIC, "blobs4"),
        (NeuronKind::SOFTMAX, "blobs3"),
    ];
    for (kind, data) in smooth {
        let p = Arc::new(prepared(data));
        let k = kind.outputs(classes(&p));
        let y = targets(p.labels(Part::Train), k);
        let neuron = Neuron::new(kind);
        // No weight is 0, where |theta_j| has no derivative (only the bias, which is not penalized).
        let theta = some_theta(p.x(Part::Train).cols(), k);
        assert!(theta.as_slice()[k..].iter().all(|&t| t != 0.0));
        for lambdas in [(0.0, 0.3), (0.2, 0.0), (0.05, 0.7)] {
            let settings = Settings {
                neuron: kind,
                train_fraction: 1.0,
                seed: 3,
                init: Init::Given(theta.as_slice().to_vec()),
                l1: lambdas.0,
                l2: lambdas.1,
                ..Settings::default()
            };
            let trainer = Trainer::on(p.clone(), settings.check().unwrap()).unwrap();
            let what = format!("{} with lambda_1 {}, lambda_2 {}", kind.name(), lambdas.0, lambdas.1);
            let objective = penalized(&neuron, &p, &y, lambdas, &theta);
            assert!((trainer.snapshot().objective_train - objective).abs() <= 1e-12 * objective.abs(), "{what}");
            let numeric = finite_differences(|t| penalized(&neuron, &p, &y, lambdas, t), &theta);
            assert_close(trainer.gradient(), &numeric, &what);
            let (_, data_gradient) = neuron.objective_and_gradient(&theta, p.x(Part::Train), &y);
            let bias_row = |g: &Matrix| g.as_slice()[..k].to_vec();
            assert_eq!(bias_row(trainer.gradient()), bias_row(&data_gradient), "{what}: the bias is not penalized");
        }
    }
}
