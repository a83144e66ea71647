//! Slide "Multi-class: K logistic outputs": one sigmoid per class, each trained
//! as its own one-versus-rest logistic neuron; predict the argmax.
//!
//! ```text
//! l(Theta)  = (1/N) sum_i sum_k [ y_ik ln y_hat_ik + (1 - y_ik) ln(1 - y_hat_ik) ]
//! dl/dTheta = (1/N) X^T (Y - Y_hat)       Theta is D x K, Y one-hot   (ascent)
//! ```

use super::logistic::log_likelihood;
use super::{rule, Goal, Neuron, Slide, Spec};
use crate::math::{sigmoid, Activation};

pub const NEURON: Spec = Spec {
    name: "multi-logistic",
    activation: Activation::Sigmoid,
    objective: "sum of K log-likelihoods",
    goal: Goal::Maximize,
    multiclass: true,
    smooth: true,
    rule: rule::<MultiLogistic>(),
};

pub struct MultiLogistic;

impl Slide for MultiLogistic {
    /// One row: the sum of its K log-likelihood terms; writes `c_k = y_k - y_hat_k`.
    #[inline]
    fn row(_: &Neuron, z: &[f64], y: &[f64], factor: &mut [f64]) -> f64 {
        let mut total = 0.0;
        for ((&z_k, &y_k), c_k) in z.iter().zip(y).zip(factor.iter_mut()) {
            total += log_likelihood(z_k, y_k);
            *c_k = y_k - sigmoid(z_k);
        }
        total
    }
}
