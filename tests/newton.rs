//! Newton's method: the solver against known matrices, the step on KidCreative against
//! an independent IRLS fit written plainly here, softmax against gradient descent.

mod common;

use neuron_lab::data::prep::Part;
use neuron_lab::math::solve::{cholesky, solve_spd};
use neuron_lab::math::Matrix;
use neuron_lab::model::NeuronKind;
use neuron_lab::settings::{Init, Optimizer, Settings};
use neuron_lab::train::Stop;
use neuron_lab::Error;

fn all_rows(neuron: NeuronKind, optimizer: Optimizer) -> Settings {
    Settings { neuron, optimizer, train_fraction: 1.0, standardize: true, bias: true, ..Settings::default() }
}

/// The 4 x 4 Hilbert matrix, `1 / (i + j + 1)`.
fn hilbert4() -> Matrix {
    Matrix::from_vec(4, 4, (0..16).map(|p| 1.0 / ((p / 4 + p % 4 + 1) as f64)).collect())
}

#[test]
fn solver_solves_the_hilbert_matrix_and_estimates_its_condition() {
    let h = hilbert4();
    // b = H (1, 1, 1, 1): the row sums, so the solution is all ones.
    let b: Vec<f64> = (0..4).map(|i| h.row(i).iter().sum()).collect();
    let solved = solve_spd(&h, &b).expect("positive definite");
    assert_eq!(solved.ridge, None);
    for x in &solved.x {
        assert!((x - 1.0).abs() < 1e-10, "{x}");
    }
    // cond_2(H_4) = 15513.738738929... (Higham, "Accuracy and Stability of Numerical Algorithms", table 28.1).
    assert!((solved.condition / 15513.738738929 - 1.0).abs() < 1e-6, "{}", solved.condition);
}

#[test]
fn cholesky_refuses_a_matrix_that_is_not_positive_definite() {
    // Eigenvalues 3 and -1.
    assert!(cholesky(&Matrix::from_vec(2, 2, vec![1.0, 2.0, 2.0, 1.0]), 0.0).is_none());
}

#[test]
fn a_singular_matrix_is_solved_with_a_ridge_that_is_reported() {
    // [[1, 1], [1, 1]] x = (2, 2): singular; with the ridge mu I the answer is
    // (2 / (2 + mu)) (1, 1), the least-norm solution (1, 1) to 1e-9; computed with a
    // condition number about 2 / mu, so to about 2 / mu * 1e-16 (1e-6 is room enough).
    let a = Matrix::from_vec(2, 2, vec![1.0, 1.0, 1.0, 1.0]);
    let solved = solve_spd(&a, &[2.0, 2.0]).expect("solved with a ridge");
    let mu = solved.ridge.expect("a ridge was needed");
    assert!(mu > 0.0 && mu < 1e-6, "ridge {mu}");
    for x in &solved.x {
        assert!((x - 2.0 / (2.0 + mu)).abs() < 1e-6, "{x}");
    }
    assert!(solved.condition > 1e6 && solved.condition <= 1e12, "{}", solved.condition);
}

/// An independent IRLS fit, as textbooks write it: `theta += (X^T W X)^-1 X^T (y - p)`,
/// from zeros, solved by Gaussian elimination with partial pivoting (not the module's
/// Cholesky), for 25 steps.
fn irls(x: &Matrix, y: &[f64]) -> Vec<f64> {
    let d = x.cols();
    let mut theta = vec![0.0; d];
    for _ in 0..25 {
        let mut a = vec![vec![0.0; d + 1]; d];
        for (i, x_i) in x.iter_rows().enumerate() {
            let z: f64 = x_i.iter().zip(&theta).map(|(a, b)| a * b).sum();
            let p = 1.0 / (1.0 + (-z).exp());
            for j in 0..d {
                for l in 0..d {
                    a[j][l] += p * (1.0 - p) * x_i[j] * x_i[l];
                }
                a[j][d] += (y[i] - p) * x_i[j];
            }
        }
        for c in 0..d {
            let pivot = (c..d).max_by(|&r, &s| a[r][c].abs().total_cmp(&a[s][c].abs())).unwrap();
            a.swap(c, pivot);
            let pivot_row = a[c].clone();
            for row in a.iter_mut().skip(c + 1) {
                let f = row[c] / pivot_row[c];
                for (v, p) in row.iter_mut().zip(&pivot_row).skip(c) {
                    *v -= f * p;
                }
            }
        }
        let mut step = vec![0.0; d];
        for r in (0..d).rev() {
            step[r] = (a[r][d] - (r + 1..d).map(|k| a[r][k] * step[k]).sum::<f64>()) / a[r][r];
        }
        theta.iter_mut().zip(&step).for_each(|(t, s)| *t += s);
    }
    theta
}

#[test]
fn newton_on_kid_creative_reaches_the_irls_fit_within_ten_steps() {
    // From zeros (IRLS's usual start: 9 steps here) and from the lecture's uniform start (10).
    for init in [Init::Zeros, Init::Uniform] {
        reaches_the_irls_fit(Settings { init, ..all_rows(NeuronKind::LOGISTIC, Optimizer::Newton) });
    }
}

fn reaches_the_irls_fit(settings: Settings) {
    let settings = Settings { epsilon: 0.0, max_iterations: 10, ..settings };
    let mut trainer = common::trainer(common::kid_creative(), settings);
    assert_eq!(trainer.part_x(Part::Validation).rows(), 0, "all rows train");
    trainer.run(10);
    let reached = trainer.history().find(|s| s.gradient_norm < 1e-8).expect("gradient norm < 1e-8 within 10 steps");
    assert!(reached.iteration <= 10);
    let newton = reached.theta;
    let y: Vec<f64> = trainer.part_labels(Part::Train).iter().map(|&l| l as f64).collect();
    let reference = irls(trainer.part_x(Part::Train), &y);
    let norm = |v: &[f64]| v.iter().map(|x| x * x).sum::<f64>().sqrt();
    let difference: Vec<f64> = newton.iter().zip(&reference).map(|(a, b)| a - b).collect();
    assert!(norm(&difference) <= 1e-6 * norm(&reference), "{newton:?} vs IRLS {reference:?}");
    let info = reached.newton.expect("a Newton step's data");
    assert_eq!(info.size, 17);
    assert_eq!(info.ridge, None, "KidCreative's Hessian is well conditioned");
    assert!(info.condition > 1.0 && info.condition < 1e6, "{}", info.condition);
}

#[test]
fn newton_takes_fewer_steps_than_gradient_ascent_on_kid_creative() {
    let steps = |optimizer| {
        let mut trainer = common::trainer(common::kid_creative(), all_rows(NeuronKind::LOGISTIC, optimizer));
        let last = trainer.run(100_000);
        assert_eq!(last.stop, Some(Stop::Converged));
        last.iteration
    };
    let (newton, gradient) = (steps(Optimizer::Newton), steps(Optimizer::Gradient));
    assert!(newton <= 10 && gradient > 10 * newton, "Newton {newton} steps, gradient {gradient}");
}

#[test]
fn softmax_newton_on_blobs3_reaches_gradient_descents_optimum() {
    let data = common::builtin("blobs3");
    let mut newton = common::trainer(
        data.clone(),
        Settings { epsilon: 0.0, max_iterations: 30, ..all_rows(NeuronKind::SOFTMAX, Optimizer::Newton) },
    );
    newton.run(30);
    let n = newton.snapshot();
    assert!(n.gradient_norm < 1e-9, "Newton's gradient norm {}", n.gradient_norm);
    // The all-classes direction makes softmax's Hessian singular: a ridge, said.
    let info = n.newton.expect("Newton's data");
    assert_eq!(info.size, 9);
    assert!(info.ridge.is_some(), "softmax's Hessian is singular along the all-classes direction");

    let mut gradient =
        common::trainer(data, Settings { epsilon: 0.0, ..all_rows(NeuronKind::SOFTMAX, Optimizer::Gradient) });
    let mut g = gradient.snapshot();
    while g.gradient_norm >= 1e-7 && g.iteration < 200_000 {
        g = gradient.run(1000);
    }
    assert!(g.gradient_norm < 1e-7, "gradient descent's gradient norm {}", g.gradient_norm);
    // J is convex, so J(theta_gd) - J* <= |grad|^2 / (2 m), m the smallest curvature
    // away from the all-classes direction (above 0.01 here): at most 5e-13 for
    // |grad| < 1e-7. 1e-10 leaves room for the sums' rounding.
    assert!((g.objective_train - n.objective_train).abs() < 1e-10, "{} vs {}", g.objective_train, n.objective_train);
    assert!(n.objective_train <= g.objective_train + 1e-12);
    // The models agree: theta up to the all-classes direction (each row's mean removed).
    let centred = |theta: &[f64]| -> Vec<f64> {
        theta
            .chunks(3)
            .flat_map(|row| row.iter().map(|v| v - row.iter().sum::<f64>() / 3.0).collect::<Vec<_>>())
            .collect()
    };
    for (a, b) in centred(&n.theta).iter().zip(centred(&g.theta)) {
        assert!((a - b).abs() < 1e-4 * (1.0 + b.abs()), "{a} vs {b}");
    }
}

#[test]
fn newton_is_refused_for_a_neuron_without_a_log_likelihood() {
    for kind in [NeuronKind::PERCEPTRON, NeuronKind::LINEAR, NeuronKind::LOGISTIC_SE, NeuronKind::MULTI_LOGISTIC] {
        let settings = Settings { neuron: kind, optimizer: Optimizer::Newton, ..Settings::default() };
        match settings.check() {
            Err(error @ Error::NewtonUnsupported { .. }) => {
                let message = error.to_string();
                assert!(message.contains(kind.name()) && message.contains("logistic or softmax"), "{message}");
            }
            other => panic!("{kind}: {other:?}"),
        }
    }
}

#[test]
fn settings_without_an_optimizer_are_gradient_steps() {
    let settings: Settings = serde_json::from_str(r#"{"neuron": "logistic"}"#).expect("settings");
    assert_eq!(settings.optimizer, Optimizer::Gradient);
    assert_eq!(Optimizer::parse("newton").expect("a name"), Optimizer::Newton);
    assert!(Optimizer::parse("adam").is_err());
}

#[test]
fn compare_runs_newton_beside_gradient_ascent_from_the_same_start() {
    use neuron_lab::session::{Compared, Session};
    let mut s = Session::on(common::builtin("overlapping"), "overlapping".into(), None, Settings::default())
        .expect("a session");
    let compared = Compared::parse("logistic.newton").expect("a choice");
    assert_eq!(compared.name(), "logistic.newton");
    s.set_compared(Some(compared)).expect("Newton beside gradient ascent");
    let start = |which| s.trainer(which).unwrap().snapshot_at(0).unwrap().theta;
    assert_eq!(start(0), start(1), "the same start");
    s.step(20);
    let (gradient, newton) = (s.trainer(0).unwrap().snapshot(), s.trainer(1).unwrap().snapshot());
    assert_eq!(newton.stop, Some(Stop::Converged), "Newton converges within 20 steps");
    assert!(newton.objective_train >= gradient.objective_train, "{newton:?} vs {gradient:?}");
    let summary = s.summary();
    assert_eq!(summary.compare_choice.as_deref(), Some("logistic.newton"));
    assert_eq!(summary.compare_optimizer, Some(Optimizer::Newton));
    assert!(Compared::parse("perceptron.newton").and_then(|c| s.set_compared(Some(c))).is_err());
    assert!(Compared::parse("logistic.adam").is_err());
}

#[test]
fn the_gradient_panel_shows_the_hessian_and_the_step_newton_takes() {
    let mut trainer =
        common::trainer(common::builtin("overlapping"), all_rows(NeuronKind::LOGISTIC, Optimizer::Newton));
    let e = neuron_lab::explain::explain(&trainer, None, 0);
    let view = e.newton.expect("Newton's data");
    let hessian = view.hessian.expect("3 x 3 is shown");
    assert_eq!((view.info.size, hessian.len()), (3, 9));
    // (1/N) X^T W X: symmetric, its (0, 0) entry the mean of y_hat (1 - y_hat) (x_i0 = 1).
    assert_eq!(hessian[1], hessian[3]);
    let x = trainer.part_x(Part::Train).clone();
    let mean_w = x
        .iter_rows()
        .map(|x_i| {
            let z: f64 = x_i.iter().zip(trainer.theta().as_slice()).map(|(a, b)| a * b).sum();
            let p = 1.0 / (1.0 + (-z).exp());
            p * (1.0 - p)
        })
        .sum::<f64>()
        / x.rows() as f64;
    assert!((hessian[0] - mean_w).abs() < 1e-12, "{} vs {mean_w}", hessian[0]);
    let before = trainer.snapshot().theta;
    let after = trainer.step();
    assert_eq!(after.newton.map(|n| n.step_size), Some(1.0));
    for ((a, b), d) in after.theta.iter().zip(&before).zip(&e.delta) {
        assert!((a - b - d).abs() < 1e-12, "the step taken is the step shown");
    }
}

#[test]
fn newton_recovers_from_starts_where_the_full_step_overshoots() {
    // Seed 1's first step is halved, and lands where wrongly predicted rows with a
    // saturated sigmoid leave almost no curvature along a direction the gradient is not:
    // there the ridge grows until a step improves. Every start reaches the optimum.
    for seed in 0..20 {
        let settings =
            Settings { seed, epsilon: 0.0, max_iterations: 40, ..all_rows(NeuronKind::LOGISTIC, Optimizer::Newton) };
        let mut trainer = common::trainer(common::kid_creative(), settings);
        let last = trainer.run(40);
        assert_ne!(last.stop, Some(Stop::Unsolvable), "seed {seed}");
        let reached = trainer.history().find(|s| s.gradient_norm < 1e-8);
        let reached = reached.unwrap_or_else(|| panic!("seed {seed}: {last:?}"));
        assert!((reached.objective_train - -0.1354594065).abs() < 1e-9, "seed {seed}: {reached:?}");
        println!("seed {seed}: gradient norm < 1e-8 at step {}", reached.iteration);
    }
}
