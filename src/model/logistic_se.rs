//! Slide "Logistic neuron with squared error": `y_hat = sigmoid(x theta)`.
//!
//! ```text
//! J(theta)  = (1/N) sum_i (y_i - y_hat_i)^2
//! dJ/dtheta = -(2/N) X^T [ Y_hat (1 - Y_hat) (Y - Y_hat) ]     (descent)
//! ```
//! The factor `y_hat (1 - y_hat)` vanishes for confident rows, right or wrong:
//! why this objective learns slowly from its worst mistakes.

use super::fold_rows;
use crate::math::sigmoid;
use crate::math::Matrix;

#[inline]
pub fn row(z: f64, y: f64) -> (f64, f64) {
    let y_hat = sigmoid(z);
    let error = y - y_hat;
    (error * error, -2.0 * y_hat * (1.0 - y_hat) * error)
}

pub fn squared_error_and_gradient(theta: &Matrix, x: &Matrix, y: &Matrix) -> (f64, Matrix) {
    fold_rows(theta, x, y, true, |z, y, c| {
        let (term, factor) = row(z[0], y[0]);
        c[0] = factor;
        term
    })
}
