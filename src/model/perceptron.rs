//! Slide "Perceptron": `y_hat = 1 if x theta > 0 else 0`, squared error.
//!
//! The step has zero derivative almost everywhere, so the squared error is flat
//! between jumps. The slide differentiates the active branch as if
//! `d y_hat / dz = 1` where `z > 0` and 0 elsewhere:
//! ```text
//! J(theta)  = (1/N) sum_i (y_i - y_hat_i)^2
//! slide:      dJ/dtheta = -(2/N) sum_{i: x_i theta > 0} (y_i - y_hat_i) x_i
//! ```
//! Where `x_i theta > 0`, `y_hat_i = 1`, so only false positives (y = 0) push:
//! this rule can never pull a missed positive up. The perceptron rule fixes that:
//! ```text
//! theta += eta (1/N) X^T (Y - Y_hat)
//! ```
//! which is descent on the perceptron criterion `(1/N) sum_i (y_hat_i - y_i) x_i theta`
//! (the sum of `|x_i theta|` over misclassified rows) and converges on separable data.
//! Both report the squared error as the objective.

use super::{rule, Goal, Neuron, OneOutput, PerceptronRule, Spec, Term};
use crate::math::{step, Activation};

pub const NEURON: Spec = Spec {
    name: "perceptron",
    activation: Activation::Step,
    objective: "squared error",
    goal: Goal::Minimize,
    multiclass: false,
    smooth: false,
    rule: rule::<Perceptron>(),
};

pub struct Perceptron;

impl OneOutput for Perceptron {
    /// One row under the neuron's rule.
    #[inline]
    fn term(neuron: &Neuron, z: f64, y: f64) -> Term {
        match neuron.rule {
            PerceptronRule::Perceptron => term_perceptron_rule(z, y),
            PerceptronRule::Slide => term_slide(z, y),
        }
    }
}

/// One row under the slide's gradient: squared error and factor `-2 (y - y_hat) [z > 0]`.
#[inline]
pub fn term_slide(z: f64, y: f64) -> Term {
    let error = y - step(z);
    let active = if z > 0.0 { 1.0 } else { 0.0 };
    Term { objective: error * error, factor: -2.0 * error * active }
}

/// One row under the perceptron rule: squared error and factor `-(y - y_hat)`,
/// so that descent adds `eta (y - y_hat) x`.
#[inline]
pub fn term_perceptron_rule(z: f64, y: f64) -> Term {
    let error = y - step(z);
    Term { objective: error * error, factor: -error }
}
