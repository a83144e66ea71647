//! Data sets generated from a seed, so the page ships no data files and the
//! same seed always draws the same points.

use super::Dataset;
use crate::error::{Error, Result};
use crate::math::Matrix;
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

/// A built-in set, and for `customers` the model it was drawn from.
#[derive(Debug, Clone, Serialize)]
pub struct BuiltIn {
    pub name: &'static str,
    pub description: &'static str,
    pub data: Dataset,
    /// Theta on the original scale (bias first) that generated the labels.
    pub true_theta: Option<Vec<f64>>,
}

/// (name, description) of every built-in set, in menu order.
pub const CATALOGUE: [(&str, &str); 7] = [
    ("separable", "Two separable blobs: every neuron reaches 100% training accuracy"),
    ("overlapping", "Two overlapping blobs: no line separates them, the sigmoid gives probabilities"),
    ("xor", "XOR: four blobs no single line can split, where one neuron fails (add x₁x₂ and it can)"),
    ("blobs3", "Three classes: K logistic outputs or softmax"),
    ("blobs4", "Four classes: K logistic outputs or softmax"),
    ("sigmoid1d", "One feature, labels drawn from a sigmoid: see the activation learn"),
    ("customers", "Customers drawn from a known logistic model: compare learned and true theta"),
];

pub fn names() -> Vec<&'static str> {
    CATALOGUE.iter().map(|(name, _)| *name).collect()
}

/// The fewest and most rows a built-in set is drawn with (and a set of points may
/// grow to by hand): enough for a split, few enough to draw every row; and how many
/// it is drawn with unless asked (`points` 0).
pub const MIN_POINTS: usize = 10;
pub const MAX_POINTS: usize = 20_000;
pub const DEFAULT_POINTS: usize = 200;

/// The random stream the built-in sets are drawn from (the shuffle and the initial
/// theta have their own, in `prep`).
const DATA_STREAM: u64 = 7;

/// The least and most noise a built-in set is drawn with; 1 draws it as designed.
pub const MIN_NOISE: f64 = 0.0;
pub const MAX_NOISE: f64 = 3.0;

/// The built-in set `name`, drawn from `seed` (`points` rows, or the set's default when 0).
pub fn generate(name: &str, seed: u64, points: usize) -> Result<BuiltIn> {
    generate_with_noise(name, seed, points, 1.0)
}

/// [`generate`] with `noise` times the designed noise (from 0 to 3): the blobs' spread
/// around their centres, and for the sets drawn from a logistic model the labels' chance,
/// `P(y = 1) = sigmoid(z / noise)` (0: every label on the model's side of its boundary).
/// 1 draws exactly what [`generate`] draws.
pub fn generate_with_noise(name: &str, seed: u64, points: usize, noise: f64) -> Result<BuiltIn> {
    if !(MIN_NOISE..=MAX_NOISE).contains(&noise) {
        return Err(Error::InvalidSetting {
            name: "noise",
            value: noise.to_string(),
            expected: "a number from 0 to 3",
        });
    }
    let Some(&(name, description)) = CATALOGUE.iter().find(|(n, _)| *n == name) else {
        return Err(Error::UnknownDataset(name.to_string()));
    };
    if points != 0 && !(MIN_POINTS..=MAX_POINTS).contains(&points) {
        return Err(Error::PointsOutOfRange { points, min: MIN_POINTS, max: MAX_POINTS });
    }
    let mut rng = super::prep::rng(seed, DATA_STREAM);
    let n = if points == 0 { DEFAULT_POINTS } else { points };
    let xy = ["x1", "x2"];
    let (data, true_theta) = match name {
        "separable" => (blobs(&mut rng, n, &[(-3.0, -2.0), (3.0, 2.0)], 0.6 * noise, &xy), None),
        "overlapping" => (blobs(&mut rng, n, &[(-1.0, -0.5), (1.0, 0.5)], 1.3 * noise, &xy), None),
        "xor" => {
            let mut data = blobs(&mut rng, n, &[(-2.0, -2.0), (2.0, 2.0), (-2.0, 2.0), (2.0, -2.0)], 0.6 * noise, &xy);
            data.labels.iter_mut().for_each(|l| *l /= 2);
            data.class_names = vec!["0".into(), "1".into()];
            (data, None)
        }
        "blobs3" => (blobs(&mut rng, n, &[(0.0, 2.2), (-2.0, -1.2), (2.0, -1.2)], 0.9 * noise, &xy), None),
        "blobs4" => (blobs(&mut rng, n, &[(3.5, 0.0), (0.0, 3.5), (-3.5, 0.0), (0.0, -3.5)], 0.5 * noise, &xy), None),
        "sigmoid1d" => {
            let theta = [0.5, 1.5];
            let x: Vec<f64> = (0..n).map(|_| 2.0 * normal(&mut rng)).collect();
            let data = from_logistic_model(&mut rng, x, (&theta, noise), &["x"], ("y", &["0", "1"]));
            (data, drawn_from(&theta, noise))
        }
        _ => {
            // income in thousands, age in years, previous purchases: buy ~ sigmoid(theta . x)
            let theta = [-6.0, 0.06, 0.03, 0.8];
            let mut x = Vec::with_capacity(3 * n);
            for _ in 0..n {
                x.push((55.0 + 20.0 * normal(&mut rng)).max(8.0));
                x.push((42.0 + 12.0 * normal(&mut rng)).clamp(18.0, 90.0));
                x.push(rng.gen_range(0..5) as f64);
            }
            let names = ["Income (k)", "Age", "Previous purchases"];
            let data = from_logistic_model(&mut rng, x, (&theta, noise), &names, ("Buy", &["no", "yes"]));
            (data, drawn_from(&theta, noise))
        }
    };
    Ok(BuiltIn { name, description, data, true_theta })
}

/// The theta labels drawn with `noise` come from: `theta / noise` (`sigmoid(z / noise)`);
/// none without noise, where the labels follow the boundary with no probability to learn.
fn drawn_from(theta: &[f64], noise: f64) -> Option<Vec<f64>> {
    (noise > 0.0).then(|| theta.iter().map(|t| t / noise).collect())
}

/// A standard normal draw (Box-Muller).
fn normal(rng: &mut ChaCha8Rng) -> f64 {
    let u1: f64 = 1.0 - rng.gen::<f64>();
    let u2: f64 = rng.gen();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

/// `n` points spread evenly over round blobs at `centres`; class k is blob k.
fn blobs(rng: &mut ChaCha8Rng, n: usize, centres: &[(f64, f64)], spread: f64, names: &[&str]) -> Dataset {
    let mut x = Matrix::zeros(n, 2);
    let mut labels = Vec::with_capacity(n);
    for i in 0..n {
        let k = i % centres.len();
        x.set(i, 0, centres[k].0 + spread * normal(rng));
        x.set(i, 1, centres[k].1 + spread * normal(rng));
        labels.push(k);
    }
    Dataset {
        feature_names: names.iter().map(|s| s.to_string()).collect(),
        x: x.into(),
        labels,
        class_names: (0..centres.len()).map(|k| k.to_string()).collect(),
        target: "class".into(),
    }
}

/// Labels for the rows `x` (`names.len()` features a row) drawn from the logistic model
/// `theta` with `noise` (see [`generate_with_noise`]).
fn from_logistic_model(
    rng: &mut ChaCha8Rng,
    x: Vec<f64>,
    (theta, noise): (&[f64], f64),
    names: &[&str],
    (target, classes): (&str, &[&str]),
) -> Dataset {
    let d = names.len();
    let x = Matrix::from_vec(x.len() / d, d, x);
    let labels = x
        .iter_rows()
        .map(|row| {
            let z = theta[0] + crate::math::dot(row, &theta[1..]);
            // The same draw at every noise level, so a set's points stay put as it changes.
            let u = rng.gen::<f64>();
            usize::from(u < crate::math::sigmoid(z / noise))
        })
        .collect();
    Dataset {
        feature_names: names.iter().map(|s| s.to_string()).collect(),
        x: x.into(),
        labels,
        class_names: classes.iter().map(|s| s.to_string()).collect(),
        target: target.into(),
    }
}
