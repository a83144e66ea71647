//! One logistic log-likelihood batch step on N x 17 rows (16 features and the bias,
//! like KidCreative), reported as nanoseconds per row-feature:
//! `cargo bench --bench step`, then read `time / (N * 17)`.
//!
//! `gradient` is NumPy's `X.T @ (y - sigmoid(X @ theta))`; `trainer step` is what a
//! Trainer does per step: the update, then log-likelihood and gradient at the new theta
//! in one pass (and the validation log-likelihood, here on a third as many rows).
//! `plain pass` is the floor: each row read once; after each size a line prints
//! "log-likelihood and gradient" over it (issue 10's target: at most 1.3).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use neuron_lab::data::Dataset;
use neuron_lab::math::Matrix;
use neuron_lab::model::{logistic, targets, Neuron, NeuronKind};
use neuron_lab::settings::Settings;
use neuron_lab::train::Trainer;
use rand::{Rng, SeedableRng};
use std::hint::black_box;
use std::time::Instant;

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
        ratio_to_floor(n, &x, &theta, &y);

        // The trainer sees 16 features (it adds the bias) and splits 2/3 to train;
        // give it 1.5 N rows so that it trains on N.
        let (x_all, labels_all) = rows(n * 3 / 2, 2);
        let features: Vec<f64> = x_all.iter_rows().flat_map(|r| r[1..].to_vec()).collect();
        let data = Dataset {
            feature_names: (1..D).map(|j| format!("x{j}")).collect(),
            x: Matrix::from_vec(n * 3 / 2, D - 1, features).into(),
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

/// Prints the log-likelihood-and-gradient pass over the floor (issue 10's target:
/// at most 1.3), from medians of alternating runs, so that both see the same load.
fn ratio_to_floor(n: usize, x: &Matrix, theta: &Matrix, y: &Matrix) {
    let time = |f: &dyn Fn() -> f64| {
        let start = Instant::now();
        black_box(f());
        start.elapsed().as_secs_f64()
    };
    let floor = || x.iter_rows().map(|row| row.iter().sum::<f64>()).sum::<f64>();
    let pass = || Neuron::new(NeuronKind::LOGISTIC).objective_and_gradient(theta, x, y).0;
    let (mut floors, mut passes): (Vec<f64>, Vec<f64>) = (0..21).map(|_| (time(&floor), time(&pass))).unzip();
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let (floor, pass) = (median(&mut floors), median(&mut passes));
    println!(
        "ratio, {n} rows: log-likelihood and gradient {:.2} ms / plain pass {:.2} ms = {:.2} (target <= 1.3)",
        pass * 1e3,
        floor * 1e3,
        pass / floor
    );
    // The same two passes over the first 2,048 rows (278 KB, held in the core's
    // second-level cache) as many times as make n rows: what each costs in computation
    // alone, without waiting on memory.
    let rows = 2048.min(n);
    let (x, y) = (
        Matrix::from_vec(rows, D, x.as_slice()[..rows * D].to_vec()),
        Matrix::from_vec(rows, 1, y.as_slice()[..rows].to_vec()),
    );
    let times = n / rows;
    let floor = || (0..times).map(|_| x.iter_rows().map(|row| row.iter().sum::<f64>()).sum::<f64>()).sum::<f64>();
    let pass =
        || (0..times).map(|_| Neuron::new(NeuronKind::LOGISTIC).objective_and_gradient(theta, &x, &y).0).sum::<f64>();
    let (mut floors, mut passes): (Vec<f64>, Vec<f64>) = (0..21).map(|_| (time(&floor), time(&pass))).unzip();
    let (floor, pass) = (median(&mut floors), median(&mut passes));
    println!(
        "    in cache ({rows} rows, {times} times): log-likelihood and gradient {:.2} ms, plain pass {:.2} ms",
        pass * 1e3,
        floor * 1e3
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
