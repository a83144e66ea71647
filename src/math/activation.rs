//! Activation functions, written to stay finite for any finite z.

use super::elementary::{exp, ln_1p};

/// The logistic function `1 / (1 + e^-z)`, computed from `u = e^-|z|` (never above 1,
/// so nothing overflows): `1 / (1 + u)` for z >= 0, `u / (1 + u)` below.
/// Branch-free, and it shares its `e^-|z|` with [`log_sigmoid`] of the same z.
#[inline]
pub fn sigmoid(z: f64) -> f64 {
    let u = exp(-z.abs());
    (if z >= 0.0 { 1.0 } else { u }) / (1.0 + u)
}

/// `ln sigmoid(z) = -ln(1 + e^-z) = min(z, 0) - ln(1 + e^-|z|)`, finite for every
/// finite z (about `z` when z << 0).
#[inline]
pub fn log_sigmoid(z: f64) -> f64 {
    z.min(0.0) - ln_1p(exp(-z.abs()))
}

/// The perceptron's step: 1 when `z > 0`, else 0.
#[inline]
pub fn step(z: f64) -> f64 {
    if z > 0.0 {
        1.0
    } else {
        0.0
    }
}

/// `ln sum_k e^{z_k}` with the max subtracted first, so no term overflows.
/// An infinite max is the answer itself (`inf - inf` would make it NaN).
pub fn log_sum_exp(z: &[f64]) -> f64 {
    let max = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if max.is_infinite() {
        return max;
    }
    max + z.iter().map(|&v| (v - max).exp()).sum::<f64>().ln()
}

/// Softmax in place: `e^{z_k} / sum_j e^{z_j}`, with the max subtracted first.
/// Infinite scores (z of rows near the largest double) stay probabilities:
/// the outputs at `+inf` share 1, and when every z is `-inf` all are equal.
pub fn softmax(z: &mut [f64]) {
    let max = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if max.is_infinite() {
        let at_max = |v: f64| v == max || max == f64::NEG_INFINITY;
        let winners = z.iter().filter(|&&v| at_max(v)).count() as f64;
        for v in z.iter_mut() {
            *v = if at_max(*v) { 1.0 / winners } else { 0.0 };
        }
        return;
    }
    let mut total = 0.0;
    for v in z.iter_mut() {
        *v = (*v - max).exp();
        total += *v;
    }
    for v in z.iter_mut() {
        *v /= total;
    }
}

/// The index of the largest value (the first of equals): the predicted class of K outputs.
pub fn argmax(values: &[f64]) -> usize {
    let mut best = 0;
    for (k, &v) in values.iter().enumerate() {
        if v > values[best] {
            best = k;
        }
    }
    best
}

/// The activations the lecture's neurons use, for tables, menus and charts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Activation {
    /// `y_hat = z` (the linear neuron).
    Identity,
    /// `y_hat = 1 if z > 0 else 0` (the perceptron).
    Step,
    /// `y_hat = 1 / (1 + e^-z)`, on each output.
    Sigmoid,
    /// `y_hat_k = e^{z_k} / sum_j e^{z_j}`, over the outputs together.
    Softmax,
}

impl Activation {
    /// The name a table or menu shows: "linear", "step", "sigmoid", "softmax".
    pub fn name(self) -> &'static str {
        match self {
            Activation::Identity => "linear",
            Activation::Step => "step",
            Activation::Sigmoid => "sigmoid",
            Activation::Softmax => "softmax",
        }
    }

    /// Applies the activation to the K values of z in place.
    pub fn apply(self, z: &mut [f64]) {
        match self {
            Activation::Identity => {}
            Activation::Step => z.iter_mut().for_each(|v| *v = step(*v)),
            Activation::Sigmoid => z.iter_mut().for_each(|v| *v = sigmoid(*v)),
            Activation::Softmax => softmax(z),
        }
    }

    /// One output as a function of its own z, for the activation chart (softmax's
    /// output k over its margin is exactly the sigmoid).
    pub fn curve(self, z: f64) -> f64 {
        match self {
            Activation::Identity => z,
            Activation::Step => step(z),
            Activation::Sigmoid | Activation::Softmax => sigmoid(z),
        }
    }

    /// The z at which one output crosses `threshold`: the boundary's level line
    /// (`ln(t / (1 - t))` for the sigmoid; the step crosses at 0).
    pub fn level(self, threshold: f64) -> f64 {
        match self {
            Activation::Identity => threshold,
            Activation::Step => 0.0,
            Activation::Sigmoid | Activation::Softmax => (threshold / (1.0 - threshold)).ln(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_sigmoid_is_finite_and_accurate_far_from_zero() {
        assert_eq!(log_sigmoid(-1e4), -1e4);
        assert_eq!(log_sigmoid(1e4), 0.0);
        assert!((log_sigmoid(0.0) - 0.5f64.ln()).abs() < 1e-15);
        assert!((log_sigmoid(-3.0) - sigmoid(-3.0).ln()).abs() < 1e-15);
        assert_eq!(sigmoid(-1e4), 0.0);
        assert_eq!(sigmoid(1e4), 1.0);
    }

    #[test]
    fn softmax_survives_huge_scores() {
        let mut z = [1e4, 1e4 - 1.0, -1e4];
        assert!((log_sum_exp(&z) - (1e4 + (1.0 + (-1.0f64).exp()).ln())).abs() < 1e-9);
        softmax(&mut z);
        assert!((z.iter().sum::<f64>() - 1.0).abs() < 1e-15);
        assert!(z.iter().all(|p| p.is_finite()));
    }
}
