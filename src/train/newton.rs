//! The trainer's Newton step (see [`crate::newton`]): the full step, no eta, halved
//! while it makes the objective worse (a line search; the full step near the optimum).
//! Far from the optimum the curvature can be nearly zero along a direction the gradient
//! is not (rows predicted wrongly with a saturated sigmoid): the step along it is huge
//! and no halving helps. Then a ridge `mu I` is added and grown (Levenberg-Marquardt):
//! as it grows, the step turns towards a short gradient step, which improves.

use super::{State, Stop, Trainer};
use crate::data::prep::Part;
use crate::math::Matrix;
use crate::newton::{add_diagonal, NewtonInfo};

/// How often a Newton step is halved before a larger ridge is tried.
const MAX_HALVINGS: usize = 12;

/// The ridges tried, as fractions of the curvature's largest diagonal entry: none, then
/// growing until the step is close to a short gradient step.
const RIDGES: [f64; 7] = [0.0, 1e-8, 1e-6, 1e-4, 1e-2, 1.0, 1e2];

impl Trainer {
    /// The Newton step at the current theta, `sign A^-1 gradient` (D x K), and its
    /// Hessian's data: what the next step takes (before halving) and the gradient panel shows.
    pub fn newton_step(&self) -> Option<(Matrix, NewtonInfo)> {
        crate::newton::step(&self.neuron, &self.newton_curvature(), &self.current().gradient)
    }

    /// The curvature of the objective at the current theta (the Hessian of the objective
    /// to minimize), D K x D K: see [`crate::newton::curvature`].
    pub fn newton_curvature(&self) -> Matrix {
        let theta = &self.current().theta;
        let mut a = crate::newton::curvature(&self.neuron, theta, self.rows.x(Part::Train));
        // The L2 penalty lambda_2 ||theta without the bias||^2 curves the objective by
        // 2 lambda_2 on the diagonal, but for the bias. The L1 penalty has no curvature (it
        // is linear away from 0): it is in the gradient alone, by its subgradient.
        let l2 = self.settings.get().l2;
        if l2 > 0.0 {
            let bias = usize::from(self.rows.transform().bias);
            let diagonal: Vec<f64> = (0..theta.rows()).map(|j| if j < bias { 0.0 } else { 2.0 * l2 }).collect();
            add_diagonal(&mut a, theta.cols(), &diagonal);
        }
        a
    }

    /// `theta += t * sign (A + mu I)^-1 gradient` with `t = 1, 1/2, 1/4, ...` and `mu = 0`
    /// first: the first step that does not make the objective worse. The epsilon stop
    /// applies as for gradient steps.
    pub(super) fn newton_state(&self) -> State {
        let s = self.settings.get();
        let current = self.current();
        let goal = self.neuron.kind.goal();
        let curvature = self.newton_curvature();
        let n = curvature.rows();
        let largest = (0..n).map(|p| curvature.get(p, p)).fold(0.0f64, f64::max);
        let scale = if largest > 0.0 && largest.is_finite() { largest } else { 1.0 };
        // As for gradient steps: a change within rounding error of the objective is no worse.
        let noise = 8.0 * f64::EPSILON * current.objective_train.abs().max(1e-300);
        for ridge in RIDGES.map(|r| r * scale) {
            let mut a = curvature.clone();
            add_diagonal(&mut a, 1, &vec![ridge; n]);
            let Some((delta, mut info)) = crate::newton::step(&self.neuron, &a, &current.gradient) else {
                continue;
            };
            if ridge > 0.0 {
                info.ridge = Some(ridge + info.ridge.unwrap_or(0.0));
            }
            let mut step_size = 1.0;
            for _ in 0..MAX_HALVINGS {
                let mut theta = current.theta.clone();
                theta.add_scaled(step_size, &delta);
                let mut next = self.state_at(theta, current.next_learning_rate);
                let change = next.objective_train - current.objective_train;
                let worse = !next.finite()
                    || (goal.improves(current.objective_train, next.objective_train) && change.abs() > noise);
                if worse {
                    step_size /= 2.0;
                    continue;
                }
                info.step_size = step_size;
                next.newton = Some(info);
                // Eta is not used: the step's multiplier is the fraction of the Newton step.
                next.learning_rate = step_size;
                next.change = Some(change);
                next.stop = if next.gradient.as_slice().iter().all(|&g| g == 0.0) {
                    Some(Stop::NoUpdate)
                } else if change.abs() < s.epsilon {
                    Some(Stop::Converged)
                } else if self.iteration() + 1 >= s.max_iterations {
                    Some(Stop::MaxIterations)
                } else {
                    None
                };
                return next;
            }
        }
        State {
            accepted: false,
            edited: false,
            change: None,
            stop: Some(Stop::Unsolvable),
            newton: None,
            ..current.clone()
        }
    }
}
