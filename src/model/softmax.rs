//! Slide "Softmax with cross-entropy": `y_hat = softmax(x Theta)`.
//!
//! ```text
//! J(Theta)  = -(1/N) sum_i sum_k y_ik ln y_hat_ik
//! dJ/dTheta = (1/N) X^T (Y_hat - Y)                           (descent)
//! ```
//! `ln y_hat_ik = z_ik - ln sum_j e^{z_ij}`, with the max subtracted in the sum.

use super::{rule, Goal, Neuron, Slide, Spec};
use crate::math::{log_sum_exp, softmax, Activation};

pub const NEURON: Spec = Spec {
    name: "softmax",
    activation: Activation::Softmax,
    objective: "cross-entropy",
    goal: Goal::Minimize,
    multiclass: true,
    smooth: true,
    rule: rule::<Softmax>(),
};

pub struct Softmax;

impl Slide for Softmax {
    /// One row: its cross-entropy; writes `c_k = y_hat_k - y_k`.
    #[inline]
    fn row(_: &Neuron, z: &[f64], y: &[f64], factor: &mut [f64]) -> f64 {
        factor.copy_from_slice(z);
        softmax(factor);
        for (c_k, &y_k) in factor.iter_mut().zip(y) {
            *c_k -= y_k;
        }
        row_objective(z, y)
    }
}

/// One row's cross-entropy: `-sum_k y_k (z_k - lse(z))`, over the classes with
/// `y_k != 0` (so an output at `z_k = -inf` it is not adds 0, not `0 * inf = NaN`).
#[inline]
pub fn row_objective(z: &[f64], y: &[f64]) -> f64 {
    let lse = log_sum_exp(z);
    let mut total = 0.0;
    for (k, (&z_k, &y_k)) in z.iter().zip(y).enumerate() {
        if y_k != 0.0 {
            total -= y_k * log_y_hat(z, k, z_k, lse);
        }
    }
    total
}

/// `ln y_hat_k = z_k - lse(z)`; when some z is infinite (rows beyond the largest
/// double), `inf - inf` is avoided by taking the log of softmax's own output.
fn log_y_hat(z: &[f64], k: usize, z_k: f64, lse: f64) -> f64 {
    if lse.is_finite() {
        return z_k - lse;
    }
    let mut y_hat = z.to_vec();
    softmax(&mut y_hat);
    y_hat[k].ln()
}
