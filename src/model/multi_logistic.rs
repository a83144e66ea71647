//! Slide "Multi-class: K logistic outputs": one sigmoid per class, each trained
//! as its own one-versus-rest logistic neuron; predict the argmax.
//!
//! ```text
//! l(Theta)  = (1/N) sum_i sum_k [ y_ik ln y_hat_ik + (1 - y_ik) ln(1 - y_hat_ik) ]
//! dl/dTheta = (1/N) X^T (Y - Y_hat)       Theta is D x K, Y one-hot   (ascent)
//! ```

use super::fold_rows;
use super::logistic::log_likelihood;
use crate::math::sigmoid;
use crate::math::Matrix;

/// One row: the sum of its K log-likelihood terms; writes `c_k = y_k - y_hat_k`.
#[inline]
pub fn row(z: &[f64], y: &[f64], c: &mut [f64]) -> f64 {
    let mut total = 0.0;
    for ((&z_k, &y_k), c_k) in z.iter().zip(y).zip(c.iter_mut()) {
        total += log_likelihood(z_k, y_k);
        *c_k = y_k - sigmoid(z_k);
    }
    total
}

pub fn log_likelihood_and_gradient(theta: &Matrix, x: &Matrix, y: &Matrix) -> (f64, Matrix) {
    fold_rows(theta, x, y, true, row)
}
