//! Slide "Logistic regression, log-likelihood": `y_hat = sigmoid(x theta)`.
//!
//! ```text
//! l(theta)  = (1/N) sum_i [ y_i ln y_hat_i + (1 - y_i) ln(1 - y_hat_i) ]
//! dl/dtheta = (1/N) X^T (Y - Y_hat)                             (ascent)
//! ```
//! `ln y_hat = ln sigmoid(z)` and `ln(1 - y_hat) = ln sigmoid(-z)`, from one
//! `e^-|z|` and one `ln_1p`, finite even for |z| = 1e4.

use super::{fold_blocks, rule, Goal, Neuron, OneOutput, Spec, Term};
use crate::math::{log_sigmoid, sigmoid, Activation, Matrix};

pub const NEURON: Spec = Spec {
    name: "logistic",
    activation: Activation::Sigmoid,
    objective: "log-likelihood",
    goal: Goal::Maximize,
    multiclass: false,
    smooth: true,
    rule: rule::<Logistic>(),
};

pub struct Logistic;

impl OneOutput for Logistic {
    /// One row: its log-likelihood term and gradient factor `y - y_hat`.
    #[inline]
    fn term(_: &Neuron, z: f64, y: f64) -> Term {
        Term { objective: log_likelihood(z, y), factor: y - sigmoid(z) }
    }
}

/// One row's `y ln y_hat + (1 - y) ln(1 - y_hat)`, as `y ln sigmoid(z) + (1 - y) ln sigmoid(-z)`.
/// A side of weight 0 adds 0, also where its log is infinite (at an infinite z, a row
/// beyond the largest double), not `0 * inf = NaN`.
#[inline]
pub fn log_likelihood(z: f64, y: f64) -> f64 {
    let side = |weight: f64, log: f64| if weight == 0.0 { 0.0 } else { weight * log };
    side(y, log_sigmoid(z)) + side(1.0 - y, log_sigmoid(-z))
}

/// The gradient alone, `(1/N) X^T (Y - sigmoid(X theta))`: what NumPy's one-liner
/// computes, for the benchmark against it.
pub fn gradient(theta: &Matrix, x: &Matrix, y: &Matrix) -> Matrix {
    fold_blocks(theta, x, y, true, |z, y| Term { objective: 0.0, factor: y - sigmoid(z) }).1
}
