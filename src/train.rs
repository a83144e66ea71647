//! The trainer: one batch gradient update per [`Trainer::step`], an adaptive
//! learning rate, the epsilon stop, and a history that [`Trainer::rewind`]
//! walks back exactly.

use crate::data::prep::{rng, Prepared, INIT_STREAM};
use crate::data::Dataset;
use crate::error::{Error, Result};
use crate::matrix::Matrix;
use crate::metrics::Evaluation;
use crate::model::{targets, Neuron};
use crate::settings::{Checked, Init, Settings};
use rand::Rng;
use serde::{Deserialize, Serialize};

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
}

impl Stop {
    pub fn describe(self) -> &'static str {
        match self {
            Stop::Converged => "converged: the change in the objective fell below epsilon",
            Stop::NoUpdate => "converged: the update is zero",
            Stop::MaxIterations => "stopped at the maximum number of iterations",
            Stop::Diverged => "diverged: the learning rate is too large for a fixed rate",
        }
    }
}

/// Which rows to evaluate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Part {
    Train,
    Validation,
}

/// The state after one step, as the page and the CLI see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    pub iteration: usize,
    /// D x K, row-major: row j is parameter j (bias first), column k is output k.
    pub theta: Vec<f64>,
    pub parameters: usize,
    pub outputs: usize,
    pub objective_train: f64,
    pub objective_validation: Option<f64>,
    /// The learning rate this step used (at step 0, the starting rate).
    pub learning_rate: f64,
    /// The norm of the gradient at this theta.
    pub gradient_norm: f64,
    /// Objective of the step's candidate minus the objective before it (none at step 0).
    pub change: Option<f64>,
    /// False when the adaptive rate undid a step that made the objective worse.
    pub accepted: bool,
    pub stop: Option<Stop>,
}

#[derive(Debug, Clone)]
struct State {
    theta: Matrix,
    gradient: Matrix,
    objective_train: f64,
    objective_validation: Option<f64>,
    learning_rate: f64,
    next_learning_rate: f64,
    change: Option<f64>,
    accepted: bool,
    stop: Option<Stop>,
}

#[derive(Debug, Clone)]
pub struct Trainer {
    data: Dataset,
    prepared: Prepared,
    settings: Checked,
    neuron: Neuron,
    y_train: Matrix,
    y_validation: Matrix,
    /// `history[t]` is the state after step t; `history[0]` the start.
    history: Vec<State>,
    /// The step shown now. Rewinding moves it back and keeps the later steps:
    /// training is deterministic, so stepping on replays exactly them.
    cursor: usize,
}

impl Trainer {
    pub fn new(data: Dataset, settings: Checked) -> Result<Trainer> {
        let s = settings.get().clone();
        s.neuron.check_classes(&data.target, &data.class_names)?;
        let prepared = Prepared::new(&data, &s.workflow())?;
        let outputs = s.neuron.outputs(data.classes());
        let theta = initial_theta(&s, prepared.transform.parameters(), outputs)?;
        let mut trainer = Trainer {
            y_train: targets(&prepared.labels_train, outputs),
            y_validation: targets(&prepared.labels_validation, outputs),
            neuron: s.neuron_model(),
            data,
            prepared,
            settings,
            history: Vec::new(),
            cursor: 0,
        };
        let start = trainer.state_at(theta, s.learning_rate);
        trainer.history.push(start);
        Ok(trainer)
    }

    fn state_at(&self, theta: Matrix, learning_rate: f64) -> State {
        let p = &self.prepared;
        let (objective_train, gradient) = self.neuron.objective_and_gradient(&theta, &p.x_train, &self.y_train);
        let objective_validation =
            (p.x_validation.rows() > 0).then(|| self.neuron.objective(&theta, &p.x_validation, &self.y_validation));
        State {
            theta,
            gradient,
            objective_train,
            objective_validation,
            learning_rate,
            next_learning_rate: learning_rate,
            change: None,
            accepted: true,
            stop: None,
        }
    }

    /// One batch gradient update: `theta += eta * gradient` for ascent, `-=` for descent.
    /// With the adaptive rate, a step that makes the objective worse is undone and eta
    /// halves (by the shrink factor); one that improves it is kept and eta grows.
    /// After training has stopped, returns the last snapshot unchanged.
    pub fn step(&mut self) -> Snapshot {
        if self.stop().is_none() {
            if self.cursor + 1 == self.history.len() {
                let next = self.next_state();
                self.history.push(next);
            }
            self.cursor += 1;
        }
        self.snapshot()
    }

    fn next_state(&self) -> State {
        let s = self.settings.get();
        let current = self.current();
        let goal = self.neuron.kind.goal();
        let eta = current.next_learning_rate;
        let mut theta = current.theta.clone();
        theta.add_scaled(goal.sign() * eta, &current.gradient);
        let candidate = self.state_at(theta, eta);
        let change = candidate.objective_train - current.objective_train;

        let finite = candidate.objective_train.is_finite() && candidate.theta.as_slice().iter().all(|t| t.is_finite());
        if !finite && !s.adaptive {
            return State { accepted: false, stop: Some(Stop::Diverged), ..current.clone() };
        }
        // A drop within rounding error of the objective is no evidence of overshooting:
        // near the optimum it would only shrink eta for nothing.
        let noise = 8.0 * f64::EPSILON * current.objective_train.abs().max(1e-300);
        let worse =
            !finite || (goal.improves(current.objective_train, candidate.objective_train) && change.abs() > noise);
        let mut next = if s.adaptive && worse {
            State { learning_rate: eta, next_learning_rate: eta * s.shrink, accepted: false, ..current.clone() }
        } else {
            let grown = if s.adaptive && goal.improves(candidate.objective_train, current.objective_train) {
                eta * s.grow
            } else {
                eta
            };
            State { next_learning_rate: grown, ..candidate }
        };
        next.change = finite.then_some(change);

        let iteration = self.cursor + 1;
        next.stop = if next.accepted && next.gradient.as_slice().iter().all(|&g| g == 0.0) {
            Some(Stop::NoUpdate)
        } else if next.accepted && self.neuron.kind.smooth_objective() && change.abs() < s.epsilon {
            Some(Stop::Converged)
        } else if iteration >= s.max_iterations {
            Some(Stop::MaxIterations)
        } else {
            None
        };
        next
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
        self.cursor = t;
        Ok(self.snapshot())
    }

    /// Forgets the steps after the current one (before changing what training sees).
    pub fn truncate(&mut self) {
        self.history.truncate(self.cursor + 1);
    }

    fn current(&self) -> &State {
        &self.history[self.cursor]
    }

    /// The current step t.
    pub fn iteration(&self) -> usize {
        self.cursor
    }

    /// The last step ever computed (beyond the current one after a rewind).
    pub fn steps_taken(&self) -> usize {
        self.history.len() - 1
    }

    pub fn stop(&self) -> Option<Stop> {
        self.current().stop
    }

    pub fn snapshot(&self) -> Snapshot {
        self.snapshot_at(self.iteration()).expect("the current step is in the history")
    }

    pub fn snapshot_at(&self, t: usize) -> Option<Snapshot> {
        let state = self.history.get(t)?;
        Some(Snapshot {
            iteration: t,
            theta: state.theta.as_slice().to_vec(),
            parameters: state.theta.rows(),
            outputs: state.theta.cols(),
            objective_train: state.objective_train,
            objective_validation: state.objective_validation,
            learning_rate: state.learning_rate,
            gradient_norm: state.gradient.norm(),
            change: state.change,
            accepted: state.accepted,
            stop: state.stop,
        })
    }

    /// Snapshots of steps 0 to the current one.
    pub fn history(&self) -> impl Iterator<Item = Snapshot> + '_ {
        (0..=self.cursor).filter_map(|t| self.snapshot_at(t))
    }

    pub fn theta(&self) -> &Matrix {
        &self.current().theta
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
        &self.data
    }

    pub fn prepared(&self) -> &Prepared {
        &self.prepared
    }

    /// `y_hat` of every row of `part`, K values a row (row-major).
    pub fn outputs(&self, part: Part) -> Matrix {
        let x = self.part_x(part);
        let k = self.theta().cols();
        let mut out = Matrix::zeros(x.rows(), k);
        for i in 0..x.rows() {
            self.neuron.y_hat(self.theta(), x.row(i), out.row_mut(i));
        }
        out
    }

    pub fn part_x(&self, part: Part) -> &Matrix {
        match part {
            Part::Train => &self.prepared.x_train,
            Part::Validation => &self.prepared.x_validation,
        }
    }

    pub fn part_labels(&self, part: Part) -> &[usize] {
        match part {
            Part::Train => &self.prepared.labels_train,
            Part::Validation => &self.prepared.labels_validation,
        }
    }

    /// The metrics of the current theta on `part`, a binary neuron calling
    /// a row positive when `y_hat >= threshold`.
    pub fn evaluate(&self, part: Part, threshold: f64) -> Evaluation {
        let outputs = self.outputs(part);
        let binary = outputs.cols() == 1;
        let predicted: Vec<usize> = outputs
            .iter_rows()
            .map(|y_hat| if binary { usize::from(y_hat[0] >= threshold) } else { crate::model::argmax(y_hat) })
            .collect();
        let scores = if binary { outputs.as_slice().to_vec() } else { Vec::new() };
        Evaluation::new(
            &self.data.class_names,
            &self.prepared.labels_train,
            self.part_labels(part),
            &predicted,
            &scores,
            threshold,
        )
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
