//! Slide "Logistic neuron with squared error": `y_hat = sigmoid(x theta)`.
//!
//! ```text
//! J(theta)  = (1/N) sum_i (y_i - y_hat_i)^2
//! dJ/dtheta = -(2/N) X^T [ Y_hat (1 - Y_hat) (Y - Y_hat) ]     (descent)
//! ```
//! The factor `y_hat (1 - y_hat)` vanishes for confident rows, right or wrong:
//! why this objective learns slowly from its worst mistakes.

use super::{rule, Goal, Neuron, OneOutput, Spec, Term};
use crate::math::{sigmoid, Activation};

pub const NEURON: Spec = Spec {
    name: "logistic-se",
    activation: Activation::Sigmoid,
    objective: "squared error",
    goal: Goal::Minimize,
    multiclass: false,
    smooth: true,
    rule: rule::<LogisticSe>(),
};

pub struct LogisticSe;

impl OneOutput for LogisticSe {
    /// One row: its squared error and its gradient factor `-2 y_hat (1 - y_hat) (y - y_hat)`.
    #[inline]
    fn term(_: &Neuron, z: f64, y: f64) -> Term {
        let y_hat = sigmoid(z);
        let error = y - y_hat;
        Term { objective: error * error, factor: -2.0 * y_hat * (1.0 - y_hat) * error }
    }
}
