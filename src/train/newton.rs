//! The trainer's Newton step (see [`crate::newton`]): the full step, no eta, halved
//! while it makes the objective worse (a line search; the full step near the optimum).

use super::{State, Stop, Trainer};
use crate::data::prep::Part;

/// How often a Newton step is halved before giving up: 2^-30 of it changes nothing.
const MAX_HALVINGS: usize = 30;

impl Trainer {
    /// `theta += t * sign * A^-1 gradient` with `t = 1, 1/2, 1/4, ...`, the first `t` that
    /// does not make the objective worse. The epsilon stop applies as for gradient steps.
    pub(super) fn newton_state(&self) -> State {
        let s = self.settings.get();
        let current = self.current();
        let goal = self.neuron.kind.goal();
        // A penalty's curvature goes here: 2 lambda for each parameter row j > 0
        // (theta without the bias), as `Some(&diagonal)`.
        let diagonal: Option<&[f64]> = None;
        let x = self.rows.x(Part::Train);
        let unsolvable = || State {
            accepted: false,
            edited: false,
            change: None,
            stop: Some(Stop::Unsolvable),
            newton: None,
            ..current.clone()
        };
        let Some((delta, mut info)) = crate::newton::step(&self.neuron, &current.theta, x, &current.gradient, diagonal)
        else {
            return unsolvable();
        };
        // As for gradient steps: a change within rounding error of the objective is no worse.
        let noise = 8.0 * f64::EPSILON * current.objective_train.abs().max(1e-300);
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
        unsolvable()
    }
}
