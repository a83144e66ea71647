//! Regularization: a penalty on the size of theta, never on the bias.
//!
//! ```text
//! L2:  lambda_2 sum_j theta_j^2      d/dtheta_j = 2 lambda_2 theta_j
//! L1:  lambda_1 sum_j |theta_j|      d/dtheta_j = lambda_1 sign(theta_j)   (0 at 0: a subgradient)
//! ```
//! The objective trained is the data term with the penalty against the goal:
//! `l(theta) - penalty` for ascent (log-likelihood), `E(theta) + penalty` for descent,
//! so a larger lambda always pulls theta towards zero.

use super::Goal;
use crate::math::Matrix;
use serde::{Deserialize, Serialize};

/// The penalty's rates, both at least 0; zero for both is no penalty.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Penalty {
    pub l1: f64,
    pub l2: f64,
}

impl Penalty {
    /// No penalty: the lecture's objectives as they are.
    pub fn is_zero(self) -> bool {
        self.l1 == 0.0 && self.l2 == 0.0
    }

    /// `lambda_1 sum |theta_j| + lambda_2 sum theta_j^2` over theta's rows from `first`
    /// (1 when row 0 is the bias), every output.
    pub fn value(self, theta: &Matrix, first: usize) -> f64 {
        let weights = &theta.as_slice()[first.min(theta.rows()) * theta.cols()..];
        let (abs, squares) = weights.iter().fold((0.0, 0.0), |(a, s), &t| (a + t.abs(), s + t * t));
        // A penalty that is off adds nothing, even when its sum overflows (never 0 x inf).
        let term = |lambda: f64, sum: f64| if lambda == 0.0 { 0.0 } else { lambda * sum };
        term(self.l1, abs) + term(self.l2, squares)
    }

    /// Adds the penalty's gradient to the data term's `gradient`, against the goal:
    /// `- (lambda_1 sign(theta_j) + 2 lambda_2 theta_j)` for ascent, `+` for descent,
    /// so that `gradient` is the gradient of the penalized objective.
    pub fn add_gradient(self, theta: &Matrix, first: usize, goal: Goal, gradient: &mut Matrix) {
        let skip = first.min(theta.rows()) * theta.cols();
        let against = -goal.sign();
        for (g, &t) in gradient.as_mut_slice()[skip..].iter_mut().zip(&theta.as_slice()[skip..]) {
            *g += against * (self.l1 * sign(t) + 2.0 * self.l2 * t);
        }
    }

    /// The penalty as a line says it: "lambda_1 = 0.1 sum |theta_j| + lambda_2 = 0.5 sum theta_j^2
    /// (not the bias)"; `None` without one.
    pub fn describe(self) -> Option<String> {
        let l1 = (self.l1 > 0.0).then(|| format!("λ₁ Σ|θⱼ| with λ₁ = {}", self.l1));
        let l2 = (self.l2 > 0.0).then(|| format!("λ₂ Σθⱼ² with λ₂ = {}", self.l2));
        let terms: Vec<String> = l1.into_iter().chain(l2).collect();
        (!terms.is_empty()).then(|| format!("{} (never on the bias)", terms.join(" + ")))
    }

    /// The penalized objective from the data term: `data - penalty` (ascent), `data + penalty` (descent).
    pub fn penalized(goal: Goal, data: f64, penalty: f64) -> f64 {
        data - goal.sign() * penalty
    }
}

/// -1, 0 or 1: `|t|`'s subgradient, 0 at 0 (f64::signum says 1 at 0).
fn sign(t: f64) -> f64 {
    if t > 0.0 {
        1.0
    } else if t < 0.0 {
        -1.0
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bias_row_is_never_penalized() {
        let theta = Matrix::from_vec(3, 1, vec![5.0, -2.0, 0.0]);
        let p = Penalty { l1: 0.5, l2: 0.25 };
        // 0.5 (2 + 0) + 0.25 (4 + 0): the bias 5 adds nothing.
        assert_eq!(p.value(&theta, 1), 1.0 + 1.0);
        let mut g = Matrix::zeros(3, 1);
        p.add_gradient(&theta, 1, Goal::Maximize, &mut g);
        // Ascent: -(0.5 * -1 + 2 * 0.25 * -2) = 1.5; at 0 the L1 subgradient is 0.
        assert_eq!(g.as_slice(), &[0.0, 1.5, 0.0]);
        let mut g = Matrix::zeros(3, 1);
        p.add_gradient(&theta, 0, Goal::Minimize, &mut g);
        assert_eq!(g.as_slice(), &[0.5 + 2.5, -1.5, 0.0]);
    }

    #[test]
    fn a_penalty_that_is_off_adds_nothing_even_when_its_sum_overflows() {
        // Found by the fuzzer: theta^2 overflows, and 0 x inf made the L1-only objective NaN.
        let theta = Matrix::from_vec(3, 1, vec![0.0, 1e200, -1e200]);
        assert_eq!(Penalty { l1: 0.5, l2: 0.0 }.value(&theta, 1), 1e200);
        assert_eq!(Penalty { l1: 0.0, l2: 0.5 }.value(&theta, 1), f64::INFINITY);
    }
}
