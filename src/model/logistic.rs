//! Slide "Logistic regression, log-likelihood": `y_hat = sigmoid(x theta)`.
//!
//! ```text
//! l(theta)  = (1/N) sum_i [ y_i ln y_hat_i + (1 - y_i) ln(1 - y_hat_i) ]
//! dl/dtheta = (1/N) X^T (Y - Y_hat)                             (ascent)
//! ```
//! `ln y_hat = ln sigmoid(z)` and `ln(1 - y_hat) = ln sigmoid(-z)`, from one
//! `e^-|z|` and one `ln_1p`, finite even for |z| = 1e4.

use super::{fold_blocks, rule, Goal, Neuron, OneOutput, Spec, Term};
use crate::math::elementary::{exp, ln_1p};
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

    /// [`Logistic::term`] for a block, with the same bits, in three loops: `u = e^-|z|`
    /// (which the sigmoid and both logs share), then `ln(1 + u)`, then the terms. One
    /// loop doing all three held a row's long chain of dependent steps (exp's, then
    /// ln_1p's), too long for the processor to start on the next rows meanwhile; short
    /// loops let it work on several rows of each at once (the block's terms in about
    /// half the time). `objective` holds `ln(1 + u)` and `factor` holds `u` until the last loop.
    #[inline(always)]
    fn terms(_: &Neuron, z: &[f64], y: &[f64], objective: &mut [f64], factor: &mut [f64]) {
        for (u, &z) in factor.iter_mut().zip(z) {
            *u = exp(-z.abs());
        }
        for (ln_1p_u, &u) in objective.iter_mut().zip(&*factor) {
            *ln_1p_u = ln_1p(u);
        }
        for (((o, c), &z), &y) in objective.iter_mut().zip(factor.iter_mut()).zip(z).zip(y) {
            let (u, ln_1p_u) = (*c, *o);
            // log_sigmoid(z) and log_sigmoid(-z), and sigmoid(z), from u and ln(1 + u).
            let side = |weight: f64, log: f64| if weight == 0.0 { 0.0 } else { weight * log };
            *o = side(y, z.min(0.0) - ln_1p_u) + side(1.0 - y, (-z).min(0.0) - ln_1p_u);
            *c = y - (if z >= 0.0 { 1.0 } else { u }) / (1.0 + u);
        }
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
    fold_blocks::<GradientAlone>(&Neuron::new(super::NeuronKind::LOGISTIC), theta, x, y, true).1
}

/// The logistic neuron's gradient factor alone, for [`gradient`].
struct GradientAlone;

impl OneOutput for GradientAlone {
    #[inline]
    fn term(_: &Neuron, z: f64, y: f64) -> Term {
        Term { objective: 0.0, factor: y - sigmoid(z) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::NeuronKind;

    #[test]
    fn terms_of_a_block_give_each_rows_term_bits() {
        let neuron = Neuron::new(NeuronKind::LOGISTIC);
        let mut z: Vec<f64> = (-400..400).map(|i| i as f64 * 0.173).collect();
        z.extend([0.0, -0.0, 40.0, -40.0, 745.5, -745.5, 1e4, -1e4, f64::INFINITY, f64::NEG_INFINITY, f64::NAN]);
        for y in [0.0, 1.0] {
            let ys = vec![y; z.len()];
            let (mut objective, mut factor) = (vec![0.0; z.len()], vec![0.0; z.len()]);
            Logistic::terms(&neuron, &z, &ys, &mut objective, &mut factor);
            for (i, &z_i) in z.iter().enumerate() {
                let row = Logistic::term(&neuron, z_i, y);
                assert_eq!(objective[i].to_bits(), row.objective.to_bits(), "objective at z = {z_i}, y = {y}");
                assert_eq!(factor[i].to_bits(), row.factor.to_bits(), "factor at z = {z_i}, y = {y}");
            }
        }
    }
}
