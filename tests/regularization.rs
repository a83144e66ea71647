//! Regularization and the epsilon stop's two readings: theta shrinks as lambda grows,
//! the bias never does, and "sum" stops where the slide's sum of log-likelihoods says.

mod common;

use common::{builtin, kid_creative, trainer};
use neuron_lab::data::prep::Part;
use neuron_lab::settings::{EpsilonOn, Settings};
use neuron_lab::train::Stop;

/// The norm of theta without its bias row, after training to the stop.
fn weights_norm(settings: Settings) -> f64 {
    let mut t = trainer(builtin("overlapping"), Settings { train_fraction: 1.0, epsilon: 1e-10, ..settings });
    let last = t.run(usize::MAX);
    assert_eq!(last.stop, Some(Stop::Converged));
    let weights = &last.theta[last.outputs..];
    weights.iter().map(|w| w * w).sum::<f64>().sqrt()
}

#[test]
fn theta_shrinks_as_lambda_grows() {
    for l1_or_l2 in [true, false] {
        let with = |lambda: f64| {
            let (l1, l2) = if l1_or_l2 { (lambda, 0.0) } else { (0.0, lambda) };
            weights_norm(Settings { l1, l2, ..Settings::default() })
        };
        let norms: Vec<f64> = [0.0, 0.01, 0.1, 0.5].into_iter().map(with).collect();
        for pair in norms.windows(2) {
            assert!(pair[1] < pair[0], "L{}: {norms:?}", if l1_or_l2 { 1 } else { 2 });
        }
    }
}

#[test]
fn with_the_weights_penalized_away_the_unpenalized_bias_is_the_log_odds_of_the_prior() {
    // Standardized features have mean 0, so with w = 0 the log-likelihood's optimum bias is
    // ln(p / (1 - p)), p the share of positives. A penalized bias would be pulled to 0.
    let mut t =
        trainer(kid_creative(), Settings { l2: 10.0, epsilon: 1e-12, train_fraction: 1.0, ..Settings::default() });
    let last = t.run(usize::MAX);
    let labels = t.part_labels(Part::Train);
    let p = labels.iter().filter(|&&l| l == 1).count() as f64 / labels.len() as f64;
    assert_eq!(last.stop, Some(neuron_lab::train::Stop::Converged));
    assert!(last.theta[1..].iter().all(|w| w.abs() < 0.02), "{:?}", last.theta);
    assert!((last.theta[0] - (p / (1.0 - p)).ln()).abs() < 0.01, "bias {} vs {}", last.theta[0], (p / (1.0 - p)).ln());
}

#[test]
fn the_data_term_is_reported_beside_the_penalized_objective() {
    let mut t = trainer(builtin("overlapping"), Settings { l2: 0.2, ..Settings::default() });
    let s = t.run(50);
    let weights: f64 = s.theta[1..].iter().map(|w| w * w).sum();
    // Log-likelihood (ascent): objective = data term - lambda_2 ||w||^2.
    assert!((s.objective_train - (s.data_train - 0.2 * weights)).abs() < 1e-12);
    assert!(s.objective_train < s.data_train);
    let plain = trainer(builtin("overlapping"), Settings::default()).snapshot();
    assert_eq!(plain.objective_train, plain.data_train);
}

#[test]
fn epsilon_on_the_sum_stops_later_where_the_change_in_the_sum_falls_below_epsilon() {
    let run = |epsilon_on| {
        let mut t = trainer(kid_creative(), Settings { epsilon: 1e-4, epsilon_on, ..Settings::default() });
        let last = t.run(usize::MAX);
        (last, t.part_x(Part::Train).rows() as f64)
    };
    let (mean, n) = run(EpsilonOn::Mean);
    let (sum, _) = run(EpsilonOn::Sum);
    assert_eq!((mean.stop, sum.stop), (Some(Stop::Converged), Some(Stop::Converged)));
    assert!(sum.iteration > mean.iteration, "sum {} vs mean {}", sum.iteration, mean.iteration);
    assert!((sum.change.unwrap() * n).abs() < 1e-4);
    assert!((mean.change.unwrap()).abs() < 1e-4 && (mean.change.unwrap() * n).abs() >= 1e-4);
    // The learning rate means the same: the first steps are the same steps.
    let first = |epsilon_on| trainer(kid_creative(), Settings { epsilon_on, ..Settings::default() }).run(5);
    let (mean_5, sum_5) = (first(EpsilonOn::Mean), first(EpsilonOn::Sum));
    assert_eq!((&mean_5.theta, mean_5.learning_rate), (&sum_5.theta, sum_5.learning_rate));
    // The step table's change is the one epsilon is compared with: N times the mean's for the sum.
    assert_eq!(sum_5.change_measured, sum_5.change.map(|c| c * n));
    assert_eq!(mean_5.change_measured, mean_5.change);
}

#[test]
fn a_penalty_rate_out_of_range_is_refused_by_name() {
    for (l1, l2) in [(-0.1, 0.0), (0.0, f64::NAN), (f64::INFINITY, 0.0), (0.0, 1e308)] {
        let error = Settings { l1, l2, ..Settings::default() }.check().unwrap_err().to_string();
        assert!(error.contains("rate lambda") && error.contains("0 to 1000"), "{error}");
    }
}

#[test]
fn newton_with_an_l2_penalty_reaches_the_penalized_optimum_gradient_ascent_approaches() {
    use neuron_lab::settings::Optimizer;
    let settings = Settings { l2: 0.05, train_fraction: 1.0, ..Settings::default() };
    let mut newton = trainer(kid_creative(), Settings { optimizer: Optimizer::Newton, ..settings.clone() });
    let reached = newton.run(20);
    assert!(
        reached.gradient_norm < 1e-8,
        "Newton: |gradient| {} after {} steps",
        reached.gradient_norm,
        reached.iteration
    );
    assert!(reached.iteration <= 12, "{} steps", reached.iteration);
    let mut gradient = trainer(kid_creative(), Settings { epsilon: 1e-14, max_iterations: 100_000, ..settings });
    let approached = gradient.run(usize::MAX);
    assert!(approached.objective_train <= reached.objective_train + 1e-12);
    assert!(
        reached.objective_train - approached.objective_train < 1e-8,
        "{} vs {}",
        reached.objective_train,
        approached.objective_train
    );
    for (n, g) in reached.theta.iter().zip(&approached.theta) {
        assert!((n - g).abs() < 1e-3, "{:?}\n{:?}", reached.theta, approached.theta);
    }
}

#[test]
fn newton_refuses_mini_batches() {
    use neuron_lab::settings::Optimizer;
    let settings = Settings { optimizer: Optimizer::Newton, batch_size: 32, ..Settings::default() };
    let error = neuron_lab::train::Trainer::new(kid_creative(), settings.check().unwrap()).unwrap_err().to_string();
    assert!(error.contains("batch size") && error.contains("Newton"), "{error}");
}
