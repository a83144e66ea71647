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

use super::fold_rows;
use crate::math::step;
use crate::math::Matrix;

/// One row under the slide's gradient: squared error and factor `-2 (y - y_hat) [z > 0]`.
#[inline]
pub fn row_slide(z: f64, y: f64) -> (f64, f64) {
    let error = y - step(z);
    let active = if z > 0.0 { 1.0 } else { 0.0 };
    (error * error, -2.0 * error * active)
}

/// One row under the perceptron rule: squared error and factor `-(y - y_hat)`,
/// so that descent adds `eta (y - y_hat) x`.
#[inline]
pub fn row_perceptron_rule(z: f64, y: f64) -> (f64, f64) {
    let error = y - step(z);
    (error * error, -error)
}

pub fn squared_error_and_slide_gradient(theta: &Matrix, x: &Matrix, y: &Matrix) -> (f64, Matrix) {
    fold_rows(theta, x, y, true, |z, y, c| {
        let (term, factor) = row_slide(z[0], y[0]);
        c[0] = factor;
        term
    })
}

pub fn squared_error_and_perceptron_rule(theta: &Matrix, x: &Matrix, y: &Matrix) -> (f64, Matrix) {
    fold_rows(theta, x, y, true, |z, y, c| {
        let (term, factor) = row_perceptron_rule(z[0], y[0]);
        c[0] = factor;
        term
    })
}
