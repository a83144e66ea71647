//! Slide "Newton's method / IRLS": a step by the objective's curvature instead of eta.
//!
//! ```text
//! logistic (ascent):   H = -(1/N) X^T W X,  W = diag(y_hat_i (1 - y_hat_i))
//!                      theta <- theta + (X^T W X)^-1 X^T (Y - Y_hat)
//! softmax (descent):   block (k, m) of H = (1/N) X^T diag(y_hat_ik (delta_km - y_hat_im)) X
//!                      Theta <- Theta - H^-1 dJ/dTheta                  (D K x D K)
//! ```
//! The gradient is a mean over rows, so the curvature is too: `(1/N) X^T W X` and
//! `(1/N) X^T (Y - Y_hat)` on the same scale make the slide's step, `N`s cancelling.
//! Softmax is unchanged when one vector is added to every class's column, so its
//! Hessian is singular along that direction: the solver's small ridge handles it
//! (and the step's data says a ridge was added).

use crate::error::{Error, Result};
use crate::math::solve::{solve_spd, Solved};
use crate::math::{dot, Matrix};
use crate::model::{Neuron, NeuronKind};
use serde::{Deserialize, Serialize};

/// The most parameters (D K) Newton's method takes on: its Hessian has (D K)^2
/// entries, each a sum over the rows, and is solved in (D K)^3 / 3 steps.
pub const MAX_PARAMETERS: usize = 400;

/// The neurons with a Newton step: those whose objective is the log-likelihood of
/// their outputs (concave for logistic, convex cross-entropy for softmax), so the
/// curvature `X^T W X` is positive semi-definite. The others' squared errors are not
/// convex in theta (logistic-se, multi-logistic), or piecewise constant (the step),
/// or minimized in one solve already (linear: its Newton step is least squares).
pub fn supports(kind: NeuronKind) -> bool {
    kind == NeuronKind::LOGISTIC || kind == NeuronKind::SOFTMAX
}

/// Whether Newton's method can train `kind` with `parameters` values of theta (D K).
pub fn check(kind: NeuronKind, parameters: usize) -> Result<()> {
    if !supports(kind) {
        return Err(Error::NewtonUnsupported {
            neuron: kind.name(),
            choices: crate::model::ALL.iter().copied().filter(|k| supports(*k)).map(|k| k.name()).collect(),
        });
    }
    if parameters > MAX_PARAMETERS {
        return Err(Error::NewtonTooLarge { parameters, max: MAX_PARAMETERS });
    }
    Ok(())
}

/// What a Newton step took, as the page and the CLI show it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct NewtonInfo {
    /// The Hessian is `size x size` (D K).
    pub size: usize,
    /// Its condition number `lambda_max / lambda_min` (with the ridge, if one was added).
    pub condition: f64,
    /// The ridge `mu` added to its diagonal when it was singular or ill-conditioned.
    pub ridge: Option<f64>,
    /// The fraction of the Newton step taken: 1, or less when halving it was needed
    /// to improve the objective.
    pub step_size: f64,
}

/// The curvature of the objective to minimize (`-l` for the logistic neuron, `J` for
/// softmax) at theta: `(1/N) sum_i x_i x_i^T (x) S_i`, D K x D K, parameter `(j, k)` at
/// index `j K + k` (theta's row-major order), with `S_i = y_hat_i (1 - y_hat_i)` for one
/// output and `S_i,km = y_hat_ik (delta_km - y_hat_im)` for K.
pub fn curvature(neuron: &Neuron, theta: &Matrix, x: &Matrix) -> Matrix {
    let (d, k) = (theta.rows(), theta.cols());
    let n = d * k;
    let mut h = Matrix::zeros(n, n);
    let mut y_hat = vec![0.0; k];
    // A block of rows at a time, by columns: entry (j, l) of block (a, b) is the dot
    // product of columns j and l weighted by S_ab, a long loop the compiler vectorizes.
    let mut columns = vec![0.0; d * ROWS];
    let mut weights = vec![0.0; k * k * ROWS];
    let mut weighted = vec![0.0; ROWS];
    for first in (0..x.rows()).step_by(ROWS) {
        let rows = ROWS.min(x.rows() - first);
        for r in 0..rows {
            let x_i = x.row(first + r);
            for (j, &x_ij) in x_i.iter().enumerate() {
                columns[j * ROWS + r] = x_ij;
            }
            neuron.y_hat(theta, x_i, &mut y_hat);
            for a in 0..k {
                for b in 0..k {
                    let s_ab = if k == 1 {
                        y_hat[0] * (1.0 - y_hat[0])
                    } else {
                        y_hat[a] * (f64::from(u8::from(a == b)) - y_hat[b])
                    };
                    weights[(a * k + b) * ROWS + r] = s_ab;
                }
            }
        }
        let column = |j: usize| &columns[j * ROWS..j * ROWS + rows];
        for a in 0..k {
            // S is symmetric: block (b, a) is block (a, b) transposed.
            for b in a..k {
                let w = &weights[(a * k + b) * ROWS..(a * k + b) * ROWS + rows];
                for j in 0..d {
                    for ((wx, &w_i), &x_ij) in weighted.iter_mut().zip(w).zip(column(j)) {
                        *wx = w_i * x_ij;
                    }
                    let from = if a == b { j } else { 0 };
                    for l in from..d {
                        let v = dot(&weighted[..rows], column(l));
                        let (p, q) = (j * k + a, l * k + b);
                        h.set(p, q, h.get(p, q) + v);
                        if (p, q) != (q, p) {
                            h.set(q, p, h.get(q, p) + v);
                        }
                    }
                }
            }
        }
    }
    let rows = x.rows().max(1) as f64;
    h.as_mut_slice().iter_mut().for_each(|v| *v /= rows);
    h
}

/// Rows per block in [`curvature`]: its buffers are a few blocks of this many values.
const ROWS: usize = 1024;

/// `A + diag`: `diag` holds D values added to the diagonal for parameter row j of every
/// output. An L2 penalty `lambda ||theta||^2` without the bias adds `2 lambda` for
/// j > 0 and 0 for the bias (its own Hessian, `2 lambda I` but for the bias).
pub fn add_diagonal(a: &mut Matrix, outputs: usize, diagonal: &[f64]) {
    for (j, &extra) in diagonal.iter().enumerate() {
        for out in 0..outputs {
            let p = j * outputs + out;
            if p < a.rows() {
                a.set(p, p, a.get(p, p) + extra);
            }
        }
    }
}

/// The Newton step, `delta = sign A^-1 gradient` (D x K, like theta), for the curvature
/// `A` ([`curvature`], perhaps with a penalty's diagonal), `sign` +1 for ascent and -1
/// for descent. With its Hessian's size, condition and ridge; `None` when `A` is not
/// finite or cannot be solved.
pub fn step(neuron: &Neuron, a: &Matrix, gradient: &Matrix) -> Option<(Matrix, NewtonInfo)> {
    let (d, k) = (gradient.rows(), gradient.cols());
    let Solved { x: solution, ridge, condition } = solve_spd(a, gradient.as_slice())?;
    let sign = neuron.kind.goal().sign();
    let delta = Matrix::from_vec(d, k, solution.into_iter().map(|v| sign * v).collect());
    delta
        .as_slice()
        .iter()
        .all(|v| v.is_finite())
        .then_some((delta, NewtonInfo { size: d * k, condition, ridge, step_size: 1.0 }))
}
