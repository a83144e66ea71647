//! The trainer: one batch gradient update per [`Trainer::step`], an adaptive
//! learning rate, the epsilon stop, and a history that [`Trainer::rewind`]
//! walks back exactly.

use crate::data::prep::Part;
use crate::data::prep::{rng, Prepared, INIT_STREAM};
use crate::data::Dataset;
use crate::error::{Error, Result};
use crate::math::Matrix;
use crate::metrics::Evaluation;
use crate::model::{Neuron, Penalty};
use crate::newton::NewtonInfo;
use crate::settings::{Checked, Init, Optimizer, Settings, Threshold};
use rand::Rng;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

mod minibatch;
mod newton;

/// Why training stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stop {
    /// |change in objective| < epsilon after an accepted step.
    Converged,
    /// The update is exactly zero: nothing left to correct.
    NoUpdate,
    MaxIterations,
    /// With a fixed rate the objective stopped being finite: eta is too large.
    Diverged,
    /// Newton's method: the Hessian could not be solved, even with a ridge.
    Unsolvable,
}

impl Stop {
    pub fn describe(self) -> &'static str {
        match self {
            Stop::Converged => "converged: the change in the objective fell below epsilon",
            Stop::NoUpdate => "converged: the update is zero",
            Stop::MaxIterations => "stopped at the maximum number of iterations",
            Stop::Diverged => "diverged: the learning rate is too large for a fixed rate",
            Stop::Unsolvable => "stopped: the Hessian could not be solved, even with a ridge",
        }
    }
}

/// The state after one step, as the page and the CLI see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    pub iteration: usize,
    /// D x K, row-major: row j is parameter j (bias first), column k is output k.
    pub theta: Vec<f64>,
    pub parameters: usize,
    pub outputs: usize,
    /// The objective trained: the data term with the penalty, if any.
    pub objective_train: f64,
    /// The training objective's data term alone (the objective without the penalty).
    pub data_train: f64,
    /// The validation rows' objective (the data term: the penalty says nothing of new rows).
    pub objective_validation: Option<f64>,
    /// The learning rate this step used (at step 0, the starting rate); with Newton's
    /// method, the fraction of the Newton step taken (1, or less after halving).
    pub learning_rate: f64,
    /// The norm of the gradient at this theta.
    pub gradient_norm: f64,
    /// Objective of the step's candidate minus the objective before it (none at step 0).
    pub change: Option<f64>,
    /// The change epsilon is compared with: `change`, or N times it when epsilon is on
    /// the sum over the N training rows (see [`crate::settings::EpsilonOn`]).
    pub change_measured: Option<f64>,
    /// False when the adaptive rate undid a step that made the objective worse.
    pub accepted: bool,
    /// True when this step is an edit, not a gradient update: theta set by hand,
    /// or a row added or removed.
    pub edited: bool,
    pub stop: Option<Stop>,
    /// With mini-batches: the mean objective of the batch this step used, at theta before
    /// the step (`objective_train` is then the full-data objective at the last epoch's end).
    pub batch_objective: Option<f64>,
    /// Epochs completed: floor(t / steps per epoch) (t with the lecture's batch steps).
    pub epoch: usize,
    /// Whether this step ended an epoch (every step, with batch steps).
    pub epoch_end: bool,
    /// Newton's method: the Hessian of the step that led here (none for gradient steps).
    #[serde(default)]
    pub newton: Option<NewtonInfo>,
}

/// A trainer's state after one step, whole: what [`Trainer::resume`] goes on from and
/// [`Trainer::adopt`] takes, so that steps computed elsewhere (the page's worker, from
/// the same rows) are the steps this trainer would compute, bit for bit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct State {
    theta: Matrix,
    gradient: Matrix,
    objective_train: f64,
    data_train: f64,
    objective_validation: Option<f64>,
    learning_rate: f64,
    next_learning_rate: f64,
    change: Option<f64>,
    accepted: bool,
    edited: bool,
    stop: Option<Stop>,
    /// The mean objective over the rows `gradient` is of: all training rows, or with
    /// mini-batches the batch the next step uses.
    gradient_objective: f64,
    /// With mini-batches: theta at the last epoch's end, where an epoch that made the
    /// objective worse goes back to; and the batch objective this step used.
    anchor: Option<Matrix>,
    batch_objective: Option<f64>,
    /// With mini-batches: whether any step of this epoch so far had a nonzero gradient.
    epoch_moved: bool,
    #[serde(default)]
    newton: Option<NewtonInfo>,
}

impl State {
    /// What a step would report is all finite: theta, the objectives (also the next
    /// mini-batch's) and the gradient. Every state in a history is; one that is not is
    /// refused or undone, never shown.
    fn finite(&self) -> bool {
        let all = |m: &Matrix| m.as_slice().iter().all(|v| v.is_finite());
        self.objective_train.is_finite()
            && self.gradient_objective.is_finite()
            && self.objective_validation.is_none_or(f64::is_finite)
            && all(&self.theta)
            && all(&self.gradient)
    }

    /// The state, if finite; else why it cannot be computed with, for the start
    /// (`at_start`) or an edit that leads to it.
    fn check(self, at_start: bool) -> Result<State> {
        if self.finite() {
            return Ok(self);
        }
        let what = match (self.objective_train.is_finite(), at_start) {
            (false, true) => "the objective at the starting theta",
            (false, false) => "the objective at this theta",
            (true, true) => "the gradient, a mini-batch's or the validation objective at the starting theta",
            (true, false) => "the gradient, a mini-batch's or the validation objective at this theta",
        };
        Err(Error::TooLarge { what })
    }
}

/// Theta set by hand, checked and computed but not yet taken: see [`Trainer::edit_theta`].
#[derive(Debug, Clone)]
pub struct PendingTheta(State);

#[derive(Debug)]
pub struct Trainer {
    /// The rows, shared with the session and any neuron compared beside this one.
    rows: Arc<Prepared>,
    settings: Checked,
    neuron: Neuron,
    /// `history[t]` is the state after step t; `history[0]` the start.
    history: Vec<State>,
    /// The step shown now. Rewinding moves it back and keeps the later steps:
    /// training is deterministic, so stepping on replays exactly them.
    cursor: usize,
    /// The step `history[0]` is: 0, but for a trainer resumed at a later step.
    origin: usize,
    /// How the training rows are cut into batches (one batch: the lecture's steps).
    batches: minibatch::Batches,
    /// How many times steps once computed were dropped for others (theta typed by hand
    /// after a rewind, a run taken from a rewound step): a projector window holding the
    /// old ones needs all the steps again ([`crate::session::Mirror`]).
    revision: u64,
}

impl Trainer {
    /// A trainer on `data`, prepared by the settings' workflow.
    pub fn new(data: Dataset, settings: Checked) -> Result<Trainer> {
        let rows = Prepared::new(data, &settings.get().workflow())?;
        Trainer::on(Arc::new(rows), settings)
    }

    /// A trainer on rows already prepared (and perhaps shared with another trainer).
    pub fn on(rows: Arc<Prepared>, settings: Checked) -> Result<Trainer> {
        let s = settings.get().clone();
        let theta = initial_theta(&s, rows.transform().parameters(), s.neuron.outputs(rows.data().classes()))?;
        let mut trainer = Trainer::blank(rows, settings)?;
        let start = trainer.for_batches(trainer.state_at(theta, s.learning_rate), 0).check(true)?;
        trainer.history.push(start);
        Ok(trainer)
    }

    /// A trainer on `rows` with no history yet, after checking that the neuron can
    /// separate the classes and that the prepared values are finite.
    fn blank(rows: Arc<Prepared>, settings: Checked) -> Result<Trainer> {
        let s = settings.get();
        s.neuron.check_classes(&rows.data().target, &rows.data().class_names)?;
        let finite = |m: &Matrix| {
            let (mut all, width) = (true, m.cols());
            crate::data::in_blocks(m.rows(), |rows| {
                all &= m.as_slice()[rows.start * width..rows.end * width].iter().all(|v| v.is_finite());
            });
            all
        };
        if !(finite(rows.x(Part::Train)) && finite(rows.x(Part::Validation))) {
            return Err(Error::TooLarge { what: "a standardized feature value" });
        }
        if s.optimizer == Optimizer::Newton {
            let parameters = rows.transform().parameters() * s.neuron.outputs(rows.data().classes());
            crate::newton::check(s.neuron, parameters)?;
            if s.batch_size != 0 && s.batch_size < rows.x(Part::Train).rows() {
                return Err(Error::InvalidSetting {
                    name: "batch size",
                    value: s.batch_size.to_string(),
                    expected: "0 (every training row) with Newton's method, whose step takes the Hessian of all rows",
                });
            }
        }
        let batches = minibatch::Batches::new(rows.x(Part::Train).rows(), s.batch_size, s.seed);
        Ok(Trainer {
            neuron: s.neuron_model(),
            rows,
            settings,
            history: Vec::new(),
            cursor: 0,
            origin: 0,
            batches,
            revision: 0,
        })
    }

    /// This trainer moved onto other rows (one added or removed by hand): the history
    /// starts anew at the current theta, keeping eta, as step 0 marked edited; earlier
    /// steps were computed on other rows. Fails, changing nothing, when the objective
    /// there is not finite.
    pub fn moved_to(&self, rows: Arc<Prepared>) -> Result<Trainer> {
        let mut trainer = Trainer::blank(rows, self.settings.clone())?;
        let state = trainer.state_at(self.theta().clone(), self.next_learning_rate());
        let mut state = trainer.for_batches(state, 0).check(false)?;
        state.edited = true;
        trainer.history.push(state);
        Ok(trainer)
    }

    fn state_at(&self, theta: Matrix, learning_rate: f64) -> State {
        let p = &self.rows;
        let k = theta.cols();
        let (data_train, mut gradient) =
            self.neuron.objective_and_gradient(&theta, p.x(Part::Train), p.targets(Part::Train, k));
        let objective_validation = (p.x(Part::Validation).rows() > 0)
            .then(|| self.neuron.objective(&theta, p.x(Part::Validation), p.targets(Part::Validation, k)));
        let objective_train = self.add_penalty(&theta, data_train, Some(&mut gradient));
        State {
            gradient_objective: objective_train,
            anchor: None,
            batch_objective: None,
            epoch_moved: false,
            theta,
            gradient,
            objective_train,
            data_train,
            objective_validation,
            learning_rate,
            next_learning_rate: learning_rate,
            change: None,
            accepted: true,
            edited: false,
            stop: None,
            newton: None,
        }
    }

    /// The objective with the penalty, if any, from its data term at `theta`; adds the
    /// penalty's gradient to the data term's `gradient`, when given (the surface needs no gradient).
    fn add_penalty(&self, theta: &Matrix, data: f64, gradient: Option<&mut Matrix>) -> f64 {
        let penalty = self.settings.get().penalty();
        if penalty.is_zero() {
            return data;
        }
        let (goal, first) = (self.neuron.kind.goal(), usize::from(self.rows.transform().bias));
        if let Some(gradient) = gradient {
            penalty.add_gradient(theta, first, goal, gradient);
        }
        Penalty::penalized(goal, data, penalty.value(theta, first))
    }

    /// One batch gradient update: `theta += eta * gradient` for ascent, `-=` for descent.
    /// With the adaptive rate, a step that makes the objective worse is undone and eta
    /// halves (by the shrink factor); one that improves it is kept and eta grows.
    /// After training has stopped, returns the last snapshot unchanged.
    pub fn step(&mut self) -> Snapshot {
        if self.stop().is_none() {
            if self.cursor + 1 == self.history.len() {
                let next = if self.batches.is_mini() { self.next_minibatch_state() } else { self.next_state() };
                self.history.push(next);
            }
            self.cursor += 1;
        }
        self.snapshot()
    }

    fn next_state(&self) -> State {
        if self.settings.get().optimizer == Optimizer::Newton {
            return self.newton_state();
        }
        let s = self.settings.get();
        let current = self.current();
        let goal = self.neuron.kind.goal();
        let eta = current.next_learning_rate;
        let mut theta = current.theta.clone();
        theta.add_scaled(goal.sign() * eta, &current.gradient);
        let candidate = self.state_at(theta, eta);
        let change = candidate.objective_train - current.objective_train;

        // The step neuron's squared error is piecewise constant: judging a step by it
        // would reject most perceptron updates and starve eta, so it always steps.
        let adaptive = s.adaptive && self.neuron.kind.smooth_objective();
        // A step to numbers too large to compute with is not taken: with the adaptive rate
        // it is undone like a worse one, with a fixed rate training stops (diverged).
        let finite = candidate.finite();
        if !finite && !adaptive {
            return State {
                accepted: false,
                edited: false,
                change: None,
                stop: Some(Stop::Diverged),
                ..current.clone()
            };
        }
        // A drop within rounding error of the objective is no evidence of overshooting:
        // near the optimum it would only shrink eta for nothing.
        let noise = 8.0 * f64::EPSILON * current.objective_train.abs().max(1e-300);
        let worse =
            !finite || (goal.improves(current.objective_train, candidate.objective_train) && change.abs() > noise);
        let mut next = if adaptive && worse {
            State {
                learning_rate: eta,
                next_learning_rate: eta * s.shrink,
                accepted: false,
                edited: false,
                ..current.clone()
            }
        } else {
            // Eta grows while steps improve, but never to infinity (`inf * 0` would be NaN).
            let grown = if adaptive && goal.improves(candidate.objective_train, current.objective_train) {
                Some(eta * s.grow).filter(|e| e.is_finite()).unwrap_or(eta)
            } else {
                eta
            };
            State { next_learning_rate: grown, ..candidate }
        };
        next.change = finite.then_some(change);

        let iteration = self.iteration() + 1;
        next.stop = if next.accepted && next.gradient.as_slice().iter().all(|&g| g == 0.0) {
            Some(Stop::NoUpdate)
        } else if next.accepted
            && self.neuron.kind.smooth_objective()
            && s.epsilon_on.measure(change, self.rows.x(Part::Train).rows()).abs() < s.epsilon
        {
            Some(Stop::Converged)
        } else if iteration >= s.max_iterations {
            Some(Stop::MaxIterations)
        } else {
            None
        };
        next
    }

    /// A trainer on `rows` that goes on from `state`, reached at step `iteration`
    /// (taken by [`Trainer::current_state`] from a trainer on the same rows).
    pub fn resume(rows: Arc<Prepared>, settings: Checked, state: State, iteration: usize) -> Result<Trainer> {
        let mut trainer = Trainer::blank(rows, settings)?;
        let (d, k) = (trainer.rows.transform().parameters(), trainer.neuron.kind.outputs(trainer.data().classes()));
        trainer.check_shape(&state, d, k)?;
        trainer.history.push(state);
        trainer.origin = iteration;
        Ok(trainer)
    }

    /// The state of the current step (see [`Trainer::resume`]).
    pub fn current_state(&self) -> State {
        self.current().clone()
    }

    /// The steps taken since the trainer started or last gave them up, oldest first;
    /// the trainer keeps only the last, and goes on from it.
    pub fn take_steps(&mut self) -> Vec<State> {
        let steps: Vec<State> = self.history.drain(1..).collect();
        if let Some(last) = steps.last() {
            self.history[0] = last.clone();
            self.origin += steps.len();
        }
        self.cursor = 0;
        steps
    }

    /// Takes `steps`, computed elsewhere from this trainer's current state on the same
    /// rows, as its next steps (those after the current one are forgotten); refused,
    /// changing nothing, when one has another shape of theta or is not finite.
    pub fn adopt(&mut self, steps: Vec<State>) -> Result<()> {
        self.check_steps(&steps)?;
        self.truncate();
        self.cursor += steps.len();
        self.history.extend(steps);
        Ok(())
    }

    /// See the field: changes whenever steps once computed were dropped.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Steps `from` to the last one computed, as [`Trainer::follow`] takes them.
    pub fn states_from(&self, from: usize) -> &[State] {
        let from = from.saturating_sub(self.origin).min(self.history.len());
        &self.history[from..]
    }

    /// Takes another trainer's steps `from` on ([`Trainer::states_from`]), this one's
    /// steps before `from` being that one's, and goes to step `iteration` among them;
    /// refused, changing nothing, when they would leave a gap or `iteration` is not among
    /// the steps, or one has another shape of theta or is not finite.
    pub fn follow(&mut self, from: usize, states: Vec<State>, iteration: usize) -> Result<()> {
        let keep = from.checked_sub(self.origin).filter(|&keep| keep <= self.history.len()).ok_or(Error::OutOfStep)?;
        let last = (self.origin + keep + states.len()).checked_sub(1).ok_or(Error::OutOfStep)?;
        if !(self.origin..=last).contains(&iteration) {
            return Err(Error::OutOfStep);
        }
        self.check_steps(&states)?;
        self.history.truncate(keep);
        self.history.extend(states);
        self.cursor = iteration - self.origin;
        Ok(())
    }

    /// Whether [`Trainer::adopt`] would take `steps`: each of this trainer's shape, finite.
    pub fn check_steps(&self, steps: &[State]) -> Result<()> {
        let (d, k) = (self.theta().rows(), self.theta().cols());
        steps.iter().try_for_each(|state| self.check_shape(state, d, k))
    }

    /// `state` has theta and gradient of D x K values, all finite.
    fn check_shape(&self, state: &State, d: usize, k: usize) -> Result<()> {
        let shape = |m: &Matrix| (m.rows(), m.cols());
        if shape(&state.theta) != (d, k) || shape(&state.gradient) != (d, k) {
            return Err(Error::ThetaShape { expected: d * k, found: state.theta.rows() * state.theta.cols() });
        }
        if !state.finite() {
            return Err(Error::TooLarge { what: "a step computed in the background" });
        }
        Ok(())
    }

    /// Checks theta typed by hand (D x K values, row-major, bias first) and computes
    /// the step it makes, without taking it: refused when the objective or the gradient
    /// there is not finite. [`Trainer::take_edit`] then takes it.
    pub fn edit_theta(&self, values: &[f64]) -> Result<PendingTheta> {
        let (d, k) = (self.theta().rows(), self.theta().cols());
        if values.len() != d * k {
            return Err(Error::ThetaShape { expected: d * k, found: values.len() });
        }
        if let Some(bad) = values.iter().find(|v| !v.is_finite()) {
            return Err(Error::ThetaNotFinite { value: bad.to_string() });
        }
        let theta = Matrix::from_vec(d, k, values.to_vec());
        let state = self.state_at(theta, self.next_learning_rate());
        let mut state = self.for_batches(state, self.iteration() + 1).check(false)?;
        state.edited = true;
        Ok(PendingTheta(state))
    }

    /// Takes an edit as a new step: the steps after the current one are forgotten,
    /// and training goes on from it.
    pub fn take_edit(&mut self, edit: PendingTheta) -> Snapshot {
        self.truncate();
        self.history.push(edit.0);
        self.cursor += 1;
        self.snapshot()
    }

    /// Sets theta by hand, as a new step ([`Trainer::edit_theta`], then [`Trainer::take_edit`]).
    pub fn set_theta(&mut self, values: &[f64]) -> Result<Snapshot> {
        let edit = self.edit_theta(values)?;
        Ok(self.take_edit(edit))
    }

    /// Steps until training stops or `max_steps` more steps were taken.
    pub fn run(&mut self, max_steps: usize) -> Snapshot {
        for _ in 0..max_steps {
            if self.stop().is_some() {
                break;
            }
            self.step();
        }
        self.snapshot()
    }

    /// Restores exactly the state after step `t` (any step taken so far).
    pub fn rewind(&mut self, t: usize) -> Result<Snapshot> {
        let last = self.steps_taken();
        if t > last {
            return Err(Error::NothingToRewind { step: t, last });
        }
        self.cursor = t.checked_sub(self.origin).ok_or(Error::NothingToRewind { step: t, last })?;
        Ok(self.snapshot())
    }

    /// Forgets the steps after the current one (before changing what training sees).
    pub fn truncate(&mut self) {
        if self.history.len() > self.cursor + 1 {
            self.history.truncate(self.cursor + 1);
            self.revision += 1;
        }
    }

    fn current(&self) -> &State {
        &self.history[self.cursor]
    }

    /// The current step t.
    pub fn iteration(&self) -> usize {
        self.origin + self.cursor
    }

    /// The last step ever computed (beyond the current one after a rewind).
    pub fn steps_taken(&self) -> usize {
        self.origin + self.history.len() - 1
    }

    pub fn stop(&self) -> Option<Stop> {
        self.current().stop
    }

    pub fn snapshot(&self) -> Snapshot {
        self.snapshot_at(self.iteration()).expect("the current step is in the history")
    }

    pub fn snapshot_at(&self, t: usize) -> Option<Snapshot> {
        let state = self.history.get(t.checked_sub(self.origin)?)?;
        Some(Snapshot {
            iteration: t,
            theta: state.theta.as_slice().to_vec(),
            parameters: state.theta.rows(),
            outputs: state.theta.cols(),
            objective_train: state.objective_train,
            data_train: state.data_train,
            objective_validation: state.objective_validation,
            learning_rate: state.learning_rate,
            gradient_norm: state.gradient.norm(),
            change: state.change,
            change_measured: state
                .change
                .map(|c| self.settings.get().epsilon_on.measure(c, self.rows.x(Part::Train).rows())),
            accepted: state.accepted,
            edited: state.edited,
            stop: state.stop,
            batch_objective: state.batch_objective,
            epoch: t / self.batches.per_epoch(),
            epoch_end: t > 0 && t % self.batches.per_epoch() == 0,
            newton: state.newton,
        })
    }

    /// Snapshots of steps 0 to the current one.
    pub fn history(&self) -> impl Iterator<Item = Snapshot> + '_ {
        (self.origin..=self.iteration()).filter_map(|t| self.snapshot_at(t))
    }

    /// Snapshots of every step taken, also those after the current one after a rewind.
    pub fn all_steps(&self) -> impl Iterator<Item = Snapshot> + '_ {
        (self.origin..=self.steps_taken()).filter_map(|t| self.snapshot_at(t))
    }

    pub fn theta(&self) -> &Matrix {
        &self.current().theta
    }

    /// The learning rate the next step will use.
    pub fn next_learning_rate(&self) -> f64 {
        self.current().next_learning_rate
    }

    /// The gradient at the current theta, D x K.
    pub fn gradient(&self) -> &Matrix {
        &self.current().gradient
    }

    pub fn settings(&self) -> &Settings {
        self.settings.get()
    }

    pub fn neuron(&self) -> Neuron {
        self.neuron
    }

    pub fn data(&self) -> &Dataset {
        self.rows.data()
    }

    pub fn prepared(&self) -> &Prepared {
        &self.rows
    }

    /// `y_hat` of every row of `part`, K values a row (row-major).
    pub fn outputs(&self, part: Part) -> Matrix {
        let x = self.part_x(part);
        let k = self.theta().cols();
        let mut out = Matrix::zeros(x.rows(), k);
        crate::data::in_blocks(x.rows(), |rows| {
            for i in rows {
                self.neuron.y_hat(self.theta(), x.row(i), out.row_mut(i));
            }
        });
        out
    }

    pub fn part_x(&self, part: Part) -> &Matrix {
        self.rows.x(part)
    }

    pub fn part_labels(&self, part: Part) -> &[usize] {
        self.rows.labels(part)
    }

    /// The metrics of the current theta on `part`, a binary neuron calling
    /// a row positive when `y_hat >= threshold`.
    pub fn evaluate(&self, part: Part, threshold: Threshold) -> Evaluation {
        let outputs = self.outputs(part);
        let threshold = threshold.get();
        let mut predicted = Vec::with_capacity(outputs.rows());
        crate::data::in_blocks(outputs.rows(), |rows| {
            predicted.extend(rows.map(|i| Neuron::class_of(outputs.row(i), threshold)));
        });
        let scores = if outputs.cols() == 1 { outputs.as_slice() } else { &[] };
        Evaluation::new(
            &self.rows.data().class_names,
            crate::metrics::class_priors(self.rows.labels(Part::Train), self.rows.data().classes()),
            self.part_labels(part),
            predicted,
            scores,
            threshold,
        )
    }

    /// The training objective at `theta`, as [`Trainer::state_at`] computes it: what the
    /// status shows as `objective_train` when theta is there (the objective surface's value).
    pub fn objective_at(&self, theta: &Matrix) -> f64 {
        let p = &self.rows;
        self.objective_on(theta, p.x(Part::Train), p.targets(Part::Train, theta.cols()))
    }

    /// The training objective's formula at `theta` on the rows `(x, y)`: on some of the
    /// training rows, an estimate of [`Trainer::objective_at`] (the surface while playing
    /// on many rows). A term that does not depend on the rows belongs here, once.
    pub fn objective_on(&self, theta: &Matrix, x: &Matrix, y: &Matrix) -> f64 {
        self.add_penalty(theta, self.neuron.objective(theta, x, y), None)
    }

    /// Theta after step `t` (any step taken so far, also those ahead after a rewind).
    pub fn theta_at(&self, t: usize) -> Option<&Matrix> {
        Some(&self.history.get(t.checked_sub(self.origin)?)?.theta)
    }

    /// The first step the history holds (0, but for a trainer resumed at a later step).
    pub fn first_step(&self) -> usize {
        self.origin
    }
}

/// Theta's starting values, D x K: uniform in [-1, 1] from the seed, zeros, or given.
pub fn initial_theta(settings: &Settings, parameters: usize, outputs: usize) -> Result<Matrix> {
    let size = parameters * outputs;
    match &settings.init {
        Init::Uniform => {
            let mut rng = rng(settings.seed, INIT_STREAM);
            Ok(Matrix::from_vec(parameters, outputs, (0..size).map(|_| rng.gen_range(-1.0..=1.0)).collect()))
        }
        Init::Zeros => Ok(Matrix::zeros(parameters, outputs)),
        Init::Given(values) if values.len() == size => Ok(Matrix::from_vec(parameters, outputs, values.clone())),
        Init::Given(values) => Err(Error::ThetaShape { expected: size, found: values.len() }),
    }
}
