//! One logistic log-likelihood batch step on N x 17 rows (16 features and the bias,
//! like KidCreative), reported as nanoseconds per row-feature:
//! `cargo bench --bench step`, then read `time / (N * 17)`.
//!
//! `gradient` is NumPy's `X.T @ (y - sigmoid(X @ theta))`; `trainer step` is what a
//! Trainer does per step: the update, then log-likelihood and gradient at the new theta
//! in one pass (and the validation log-likelihood, here on a third as many rows).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use neuron_lab::data::Dataset;
use neuron_lab::math::Matrix;
use neuron_lab::model::{logistic, targets, Neuron, NeuronKind};
use neuron_lab::settings::Settings;
use neuron_lab::train::Trainer;
use rand::{Rng, SeedableRng};

const D: usize = 17;

fn rows(n: usize, seed: u64) -> (Matrix, Vec<usize>) {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let mut x = Matrix::zeros(n, D);
    let mut labels = Vec::with_capacity(n);
    for i in 0..n {
        let row = x.row_mut(i);
        row[0] = 1.0;
        row[1..].iter_mut().for_each(|v| *v = rng.gen_range(-2.0..2.0));
        labels.push(usize::from(row[1] + 0.5 * row[2] + rng.gen_range(-1.0..1.0) > 0.0));
    }
    (x, labels)
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("logistic step");
    group.sample_size(10);
    for n in [100_000, 1_000_000] {
        let (x, labels) = rows(n, 1);
        let y = targets(&labels, 1);
        let theta = Matrix::from_vec(D, 1, (0..D).map(|j| 0.1 * j as f64 - 0.8).collect());
        group.throughput(Throughput::Elements((n * D) as u64));
        // The floor: one plain pass over the same matrix, each row read once (its sum).
        group.bench_with_input(BenchmarkId::new("plain pass", n), &n, |b, _| {
            b.iter(|| x.iter_rows().map(|row| row.iter().sum::<f64>()).sum::<f64>())
        });
        group.bench_with_input(BenchmarkId::new("log-likelihood and gradient", n), &n, |b, _| {
            b.iter(|| Neuron::new(NeuronKind::LOGISTIC).objective_and_gradient(&theta, &x, &y))
        });
        group.bench_with_input(BenchmarkId::new("gradient", n), &n, |b, _| {
            b.iter(|| logistic::gradient(&theta, &x, &y))
        });

        // The trainer sees 16 features (it adds the bias) and splits 2/3 to train;
        // give it 1.5 N rows so that it trains on N.
        let (x_all, labels_all) = rows(n * 3 / 2, 2);
        let features: Vec<f64> = x_all.iter_rows().flat_map(|r| r[1..].to_vec()).collect();
        let data = Dataset {
            feature_names: (1..D).map(|j| format!("x{j}")).collect(),
            x: Matrix::from_vec(n * 3 / 2, D - 1, features),
            labels: labels_all,
            class_names: vec!["0".into(), "1".into()],
            target: "y".into(),
        };
        let settings = Settings { epsilon: 0.0, max_iterations: usize::MAX, ..Settings::default() };
        let mut trainer = Trainer::new(data, settings.check().unwrap()).unwrap();
        group.bench_with_input(BenchmarkId::new("trainer step", n), &n, |b, _| {
            b.iter(|| {
                trainer.step();
                // Keep the history from growing across criterion's many iterations.
                if trainer.iteration() > 2 {
                    trainer.rewind(0).unwrap();
                    trainer.truncate();
                }
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
