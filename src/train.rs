//! The trainer: one batch gradient update per [`Trainer::step`], an adaptive
//! learning rate, the epsilon stop, and a history that [`Trainer::rewind`]
//! walks back exactly.

use crate::data::prep::{rng, Prepared, INIT_STREAM};
use crate::data::Dataset;
use crate::error::{Error, Result};
use crate::math::Matrix;
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
    /// True when this step is an edit, not a gradient update: theta set by hand,
    /// or a row added or removed.
    pub edited: bool,
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
    edited: bool,
    stop: Option<Stop>,
}

impl State {
    /// What a step would report is all finite: theta, both objectives and the gradient.
    /// Every state in a history is; one that is not is refused or undone, never shown.
    fn finite(&self) -> bool {
        let all = |m: &Matrix| m.as_slice().iter().all(|v| v.is_finite());
        self.objective_train.is_finite()
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
            (true, true) => "the gradient or the validation objective at the starting theta",
            (true, false) => "the gradient or the validation objective at this theta",
        };
        Err(Error::TooLarge { what })
    }
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
        let prepared = Prepared::new(&data, &settings.get().workflow())?;
        Trainer::on(data, prepared, settings)
    }

    /// A trainer on exactly this one's rows and split (and the rows added or removed
    /// by hand), with its own neuron and start: for comparing two neurons.
    pub fn sibling(&self, settings: Checked) -> Result<Trainer> {
        Trainer::on(self.data.clone(), self.prepared.clone(), settings)
    }

    fn on(data: Dataset, prepared: Prepared, settings: Checked) -> Result<Trainer> {
        let s = settings.get().clone();
        s.neuron.check_classes(&data.target, &data.class_names)?;
        let finite = |m: &Matrix| m.as_slice().iter().all(|v| v.is_finite());
        if !(finite(&prepared.x_train) && finite(&prepared.x_validation)) {
            return Err(Error::TooLarge { what: "a standardized feature value" });
        }
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
        let start = trainer.state_at(theta, s.learning_rate).check(true)?;
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
            edited: false,
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

    /// Sets theta by hand (D x K values, row-major, bias first), as a new step:
    /// the steps after the current one are forgotten, and training goes on from it.
    pub fn set_theta(&mut self, values: &[f64]) -> Result<Snapshot> {
        let (d, k) = (self.theta().rows(), self.theta().cols());
        if values.len() != d * k {
            return Err(Error::ThetaShape { expected: d * k, found: values.len() });
        }
        if let Some(bad) = values.iter().find(|v| !v.is_finite()) {
            return Err(Error::InvalidSetting { name: "theta", value: bad.to_string(), expected: "finite numbers" });
        }
        let theta = Matrix::from_vec(d, k, values.to_vec());
        self.push_edit(theta)
    }

    /// Whether [`Trainer::set_theta`] would take these values, without taking them.
    pub fn check_theta(&self, values: &[f64]) -> Result<()> {
        self.clone_without_history().set_theta(values).map(|_| ())
    }

    /// This trainer at its current step alone (cheap to clone: no history).
    fn clone_without_history(&self) -> Trainer {
        Trainer {
            data: self.data.clone(),
            prepared: self.prepared.clone(),
            settings: self.settings.clone(),
            neuron: self.neuron,
            y_train: self.y_train.clone(),
            y_validation: self.y_validation.clone(),
            history: vec![self.current().clone()],
            cursor: 0,
        }
    }

    /// Adds a training row (raw feature values and its class), scaled with the fitted
    /// transform. The data changed, so the history restarts: step 0 is the current theta
    /// on the new rows (its objective and gradient count the row), and training goes on.
    pub fn add_row(&mut self, raw: &[f64], label: usize) -> Result<Snapshot> {
        let features = self.data.feature_names.len();
        if raw.len() != features {
            return Err(Error::PointShape { expected: features, found: raw.len() });
        }
        if label >= self.data.classes() {
            return Err(Error::InvalidSetting {
                name: "class",
                value: label.to_string(),
                expected: "one of the classes",
            });
        }
        if let Some(bad) = raw.iter().find(|v| !v.is_finite()) {
            return Err(Error::InvalidSetting { name: "point", value: bad.to_string(), expected: "finite numbers" });
        }
        let mut scaled = vec![0.0; self.prepared.transform.parameters()];
        self.prepared.transform.apply_row(raw, &mut scaled);
        if !scaled.iter().all(|v| v.is_finite()) {
            return Err(Error::TooLarge { what: "the point, standardized" });
        }
        // On a copy first: a row that makes the objective overflow leaves this trainer as it was.
        let mut next = self.clone_without_history();
        next.data.x.push_row(raw);
        next.data.labels.push(label);
        let p = &mut next.prepared;
        p.train_rows.push(next.data.x.rows() - 1);
        p.x_train.push_row(&scaled);
        p.labels_train.push(label);
        next.y_train = targets(&p.labels_train, next.y_train.cols());
        let snapshot = next.rebase()?;
        *self = next;
        Ok(snapshot)
    }

    /// Removes the data set's row `data_row` (from training or validation, and from
    /// the data set: later rows move up one); the history restarts from the current
    /// theta, as for [`Trainer::add_row`].
    pub fn remove_row(&mut self, data_row: usize) -> Result<Snapshot> {
        let mut next = self.clone_without_history();
        let snapshot = next.remove_row_here(data_row)?;
        *self = next;
        Ok(snapshot)
    }

    fn remove_row_here(&mut self, data_row: usize) -> Result<Snapshot> {
        let p = &mut self.prepared;
        if let Some(i) = p.train_rows.iter().position(|&r| r == data_row) {
            if p.train_rows.len() <= 2 {
                return Err(Error::TooFewRows { part: "training", rows: 1 });
            }
            p.train_rows.remove(i);
            p.x_train.remove_row(i);
            p.labels_train.remove(i);
            self.y_train = targets(&p.labels_train, self.y_train.cols());
        } else if let Some(i) = p.validation_rows.iter().position(|&r| r == data_row) {
            p.validation_rows.remove(i);
            p.x_validation.remove_row(i);
            p.labels_validation.remove(i);
            self.y_validation = targets(&p.labels_validation, self.y_validation.cols());
        } else {
            return Err(Error::InvalidSetting { name: "row", value: data_row.to_string(), expected: "a row in use" });
        }
        self.data.x.remove_row(data_row);
        self.data.labels.remove(data_row);
        for r in p.train_rows.iter_mut().chain(p.validation_rows.iter_mut()) {
            if *r > data_row {
                *r -= 1;
            }
        }
        self.rebase()
    }

    /// Starts the history anew at the current theta, keeping eta: earlier steps were
    /// computed on other rows.
    fn rebase(&mut self) -> Result<Snapshot> {
        let eta = self.current().next_learning_rate;
        let mut state = self.state_at(self.theta().clone(), eta).check(false)?;
        state.edited = true;
        self.history = vec![state];
        self.cursor = 0;
        Ok(self.snapshot())
    }

    /// Theta set by hand, as a new step; refused (nothing changes) when the objective or
    /// the gradient there is not finite.
    fn push_edit(&mut self, theta: Matrix) -> Result<Snapshot> {
        let eta = self.current().next_learning_rate;
        let mut state = self.state_at(theta, eta).check(false)?;
        state.edited = true;
        self.truncate();
        self.history.push(state);
        self.cursor += 1;
        Ok(self.snapshot())
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
            gradient_norm: norm(state.gradient.as_slice()),
            change: state.change,
            accepted: state.accepted,
            edited: state.edited,
            stop: state.stop,
        })
    }

    /// Snapshots of steps 0 to the current one.
    pub fn history(&self) -> impl Iterator<Item = Snapshot> + '_ {
        (0..=self.cursor).filter_map(|t| self.snapshot_at(t))
    }

    /// Snapshots of every step taken, also those after the current one after a rewind.
    pub fn all_steps(&self) -> impl Iterator<Item = Snapshot> + '_ {
        (0..self.history.len()).filter_map(|t| self.snapshot_at(t))
    }

    /// Every step up to the current one as CSV: t, theta by parameter (and class),
    /// gradient norm, eta, objective on training and validation rows, its change, accepted.
    pub fn history_csv(&self) -> String {
        let names = self.prepared.transform.parameter_names();
        let classes = &self.data.class_names;
        let k = self.theta().cols();
        let mut header = vec!["t".to_string()];
        for name in &names {
            if k == 1 {
                header.push(format!("theta {name}"));
            } else {
                header.extend(classes.iter().map(|class| format!("theta {name} [{class}]")));
            }
        }
        header.extend(
            ["gradient norm", "learning rate", "objective train", "objective validation", "change", "accepted"]
                .map(String::from),
        );
        let mut out = header.iter().map(|h| crate::data::csv_field(h)).collect::<Vec<_>>().join(",");
        out.push('\n');
        let optional = |v: Option<f64>| v.map_or(String::new(), crate::data::number);
        for s in self.history() {
            let mut fields = vec![s.iteration.to_string()];
            fields.extend(s.theta.iter().copied().map(crate::data::number));
            fields.push(crate::data::number(s.gradient_norm));
            fields.push(crate::data::number(s.learning_rate));
            fields.push(crate::data::number(s.objective_train));
            fields.push(optional(s.objective_validation));
            fields.push(optional(s.change));
            fields.push(if s.edited { "edited".into() } else { s.accepted.to_string() });
            out.push_str(&fields.join(","));
            out.push('\n');
        }
        out
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
            .map(|y_hat| if binary { usize::from(y_hat[0] >= threshold) } else { crate::math::argmax(y_hat) })
            .collect();
        let scores = if binary { outputs.as_slice().to_vec() } else { Vec::new() };
        Evaluation::new(
            &self.data.class_names,
            crate::metrics::class_priors(&self.prepared.labels_train, self.data.classes()),
            self.part_labels(part),
            &predicted,
            &scores,
            threshold,
        )
    }
}

/// The Euclidean norm, finite for any finite values whose norm is (the plain sum
/// of squares overflows for entries above 1e154).
fn norm(values: &[f64]) -> f64 {
    let plain = values.iter().map(|v| v * v).sum::<f64>().sqrt();
    if plain.is_finite() {
        return plain;
    }
    let largest = values.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    if largest == 0.0 || !largest.is_finite() {
        return largest;
    }
    largest * values.iter().map(|v| (v / largest).powi(2)).sum::<f64>().sqrt()
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
