//! Slide "Linear neuron": `y_hat = x theta`, squared error, gradient descent.
//!
//! ```text
//! J(theta) = (1/N) sum_i (y_i - x_i theta)^2
//! dJ/dtheta = -(2/N) X^T (Y - Y_hat)
//! ```
//! A row is classified positive when `y_hat >= 0.5` (the threshold).

use super::fold_rows;
use crate::math::Matrix;

/// One row: its squared error and its gradient factor `-2 (y - y_hat)`.
#[inline]
pub fn row(z: f64, y: f64) -> (f64, f64) {
    let error = y - z;
    (error * error, -2.0 * error)
}

pub fn squared_error_and_gradient(theta: &Matrix, x: &Matrix, y: &Matrix) -> (f64, Matrix) {
    fold_rows(theta, x, y, true, |z, y, c| {
        let (term, factor) = row(z[0], y[0]);
        c[0] = factor;
        term
    })
}
