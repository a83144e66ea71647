//! Mini-batches: each step's gradient from B of the N training rows, rows reshuffled
//! each epoch from the seed (B = 1 is stochastic gradient descent). An epoch is
//! ceil(N / B) steps; the last batch of an epoch takes the rows left over.
//!
//! ```text
//! step t uses batch b = t mod ceil(N/B) of epoch e = floor(t / ceil(N/B)):
//!     theta <- theta +/- eta (1/B) sum_{i in batch} x_i^T c_i
//! ```
//! The adaptive learning rate and the epsilon stop are judged on the full-data
//! objective at the end of each epoch: an epoch that made it worse is undone and eta
//! shrinks; one that improved it is kept and eta grows. Within an epoch, every step
//! is taken. With B = N (or B = 0) there is one batch, and the trainer takes the
//! batch steps of the lecture, bit for bit.

use super::{State, Stop, Trainer};
use crate::data::prep::{rng, Part};
use crate::math::Matrix;
use rand::seq::SliceRandom;
use std::cell::RefCell;
use std::ops::Range;

/// The random streams that order each epoch's rows: this one plus the epoch.
const EPOCH_STREAM: u64 = 1 << 32;

/// How the N training rows are cut into batches of B, and the current epoch's order.
#[derive(Debug)]
pub(super) struct Batches {
    rows: usize,
    size: usize,
    seed: u64,
    /// The order of the rows in epoch `.0`, kept while steps stay in that epoch.
    order: RefCell<Option<(usize, Vec<usize>)>>,
}

impl Batches {
    /// Batches of `size` (0: all rows) over `rows` training rows.
    pub(super) fn new(rows: usize, size: usize, seed: u64) -> Batches {
        let size = if size == 0 { rows } else { size.min(rows) }.max(1);
        Batches { rows, size, seed, order: RefCell::new(None) }
    }

    /// Steps per epoch: ceil(N / B).
    pub(super) fn per_epoch(&self) -> usize {
        self.rows.div_ceil(self.size).max(1)
    }

    /// More than one batch per epoch: the mini-batch rule, not the lecture's batch steps.
    pub(super) fn is_mini(&self) -> bool {
        self.per_epoch() > 1
    }

    /// The training rows (indices among them) of the batch step `t + 1` uses.
    fn rows_for(&self, t: usize) -> Vec<usize> {
        let (epoch, batch) = (t / self.per_epoch(), t % self.per_epoch());
        let mut kept = self.order.borrow_mut();
        if kept.as_ref().is_none_or(|(e, _)| *e != epoch) {
            let mut order: Vec<usize> = (0..self.rows).collect();
            order.shuffle(&mut rng(self.seed, EPOCH_STREAM + epoch as u64));
            *kept = Some((epoch, order));
        }
        let order = &kept.as_ref().expect("just made").1;
        order[self.range(batch)].to_vec()
    }

    fn range(&self, batch: usize) -> Range<usize> {
        let start = batch * self.size;
        start..(start + self.size).min(self.rows)
    }
}

impl Trainer {
    /// The mean objective (with the penalty) and gradient over the batch step `t + 1`
    /// uses, at `theta`.
    fn batch_gradient(&self, theta: &Matrix, t: usize) -> (f64, Matrix) {
        let p = &self.rows;
        let rows = self.batches.rows_for(t);
        let x = p.x(Part::Train).select_rows(&rows);
        let y = p.targets(Part::Train, theta.cols()).select_rows(&rows);
        let (data, mut gradient) = self.neuron.objective_and_gradient(theta, &x, &y);
        (self.add_penalty(theta, data, Some(&mut gradient)), gradient)
    }

    /// With mini-batches, `state` (computed on every row at step `t`) made ready for the
    /// step after it: its gradient that of the batch that step uses.
    pub(super) fn for_batches(&self, mut state: State, t: usize) -> State {
        if self.batches.is_mini() {
            (state.gradient_objective, state.gradient) = self.batch_gradient(&state.theta, t);
            state.anchor = Some(state.theta.clone());
        }
        state
    }

    /// The step after the current one with mini-batches (see the module's doc).
    pub(super) fn next_minibatch_state(&self) -> State {
        let s = self.settings.get();
        let current = self.current();
        let goal = self.neuron.kind.goal();
        let t = self.iteration();
        let eta = current.next_learning_rate;
        let mut theta = current.theta.clone();
        theta.add_scaled(goal.sign() * eta, &current.gradient);
        let moved = current.epoch_moved || current.gradient.as_slice().iter().any(|&g| g != 0.0);
        let epoch_end = (t + 1) % self.batches.per_epoch() == 0;
        let adaptive = s.adaptive && self.neuron.kind.smooth_objective();
        let anchor = current.anchor.clone().unwrap_or_else(|| current.theta.clone());
        let finite_theta = theta.as_slice().iter().all(|v| v.is_finite());
        // The epoch's end: the full-data objective, judged against the last epoch's.
        let full = (epoch_end && finite_theta).then(|| self.state_at(theta.clone(), eta));
        // A step to numbers too large to compute with is not taken, as in the batch
        // steps: with the adaptive rate its epoch is undone, with a fixed rate training
        // stops (diverged).
        let finite = finite_theta && full.as_ref().is_none_or(State::finite);

        let mut next = State {
            learning_rate: eta,
            batch_objective: Some(current.gradient_objective),
            epoch_moved: moved,
            change: None,
            accepted: true,
            edited: false,
            stop: None,
            ..current.clone()
        };
        if !finite && !adaptive {
            next.theta = current.theta.clone();
            next.accepted = false;
            next.stop = Some(Stop::Diverged);
            return next;
        }
        if epoch_end || !finite {
            let change = |full: &State| full.objective_train - current.objective_train;
            let noise = 8.0 * f64::EPSILON * current.objective_train.abs().max(1e-300);
            let worse = match &full {
                Some(full) if finite => {
                    goal.improves(current.objective_train, full.objective_train) && change(full).abs() > noise
                }
                _ => true,
            };
            match full.filter(|_| !(adaptive && worse)) {
                Some(full) => {
                    let grown = if adaptive && goal.improves(full.objective_train, current.objective_train) {
                        Some(eta * s.grow).filter(|e| e.is_finite()).unwrap_or(eta)
                    } else {
                        eta
                    };
                    next.next_learning_rate = grown;
                    next.objective_train = full.objective_train;
                    next.data_train = full.data_train;
                    next.objective_validation = full.objective_validation;
                    next.change = Some(change(&full));
                    let measured = s.epsilon_on.measure(change(&full), self.rows.x(Part::Train).rows());
                    next.stop = if !moved {
                        Some(Stop::NoUpdate)
                    } else if self.neuron.kind.smooth_objective() && measured.abs() < s.epsilon {
                        Some(Stop::Converged)
                    } else {
                        None
                    };
                }
                None => {
                    // The epoch is undone: theta back where it began, eta shrinks.
                    theta = anchor;
                    next.accepted = false;
                    next.next_learning_rate = eta * s.shrink;
                }
            }
            next.epoch_moved = false;
            next.anchor = Some(theta.clone());
        }
        (next.gradient_objective, next.gradient) = self.batch_gradient(&theta, t + 1);
        next.theta = theta;
        if !next.finite() {
            // The next batch's objective or gradient overflowed: stop here rather than
            // step into it (the state keeps only finite numbers: none is shown as inf).
            next.gradient = Matrix::zeros(next.theta.rows(), next.theta.cols());
            next.gradient_objective = next.objective_train;
            next.stop = Some(Stop::Diverged);
        }
        if next.stop.is_none() && t + 1 >= s.max_iterations {
            next.stop = Some(Stop::MaxIterations);
        }
        next
    }

    /// Steps per epoch: 1 with the lecture's batch steps.
    pub fn steps_per_epoch(&self) -> usize {
        self.batches.per_epoch()
    }

    /// B, the rows of a step's batch (N with the lecture's batch steps; an epoch's last
    /// batch may have fewer).
    pub fn batch_rows(&self) -> usize {
        self.batches.size
    }
}
