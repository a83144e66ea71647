//! Slide "Linear neuron": `y_hat = x theta`, squared error, gradient descent.
//!
//! ```text
//! J(theta) = (1/N) sum_i (y_i - x_i theta)^2
//! dJ/dtheta = -(2/N) X^T (Y - Y_hat)
//! ```
//! A row is classified positive when `y_hat >= 0.5` (the threshold).

use super::{rule, Goal, Neuron, OneOutput, Spec, Term};
use crate::math::Activation;

pub const NEURON: Spec = Spec {
    name: "linear",
    activation: Activation::Identity,
    objective: "squared error",
    goal: Goal::Minimize,
    multiclass: false,
    smooth: true,
    rule: rule::<Linear>(),
};

pub struct Linear;

impl OneOutput for Linear {
    /// One row: its squared error and its gradient factor `-2 (y - y_hat)`.
    #[inline]
    fn term(_: &Neuron, z: f64, y: f64) -> Term {
        let error = y - z;
        Term { objective: error * error, factor: -2.0 * error }
    }
}
