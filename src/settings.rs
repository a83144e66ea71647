//! Training settings: plain data the CLI and page fill in, checked once by
//! [`Settings::check`] into [`Checked`], the only form a trainer accepts.

use crate::data::derived::Derived;
use crate::data::prep::Workflow;
use crate::error::{Error, Result};
use crate::model::{Neuron, NeuronKind, Penalty, PerceptronRule};
use serde::{Deserialize, Serialize};

/// How theta starts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind", content = "values")]
pub enum Init {
    /// Uniform in [-1, 1], drawn from the seed: the lecture's choice.
    #[default]
    Uniform,
    Zeros,
    /// Given values, row-major D x K (bias first).
    Given(Vec<f64>),
}

/// A binary neuron's threshold: it calls a row positive when `y_hat >= threshold`.
/// A probability, from 0 to 1: the one rule, checked wherever a threshold is made
/// (a setting, a slider, a command-line flag, a model file).
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize, Deserialize)]
#[serde(try_from = "f64", into = "f64")]
pub struct Threshold(f64);

impl Threshold {
    pub const HALF: Threshold = Threshold(0.5);

    pub fn new(value: f64) -> Result<Threshold> {
        if (0.0..=1.0).contains(&value) {
            Ok(Threshold(value))
        } else {
            Err(Error::InvalidSetting { name: "threshold", value: value.to_string(), expected: "a number from 0 to 1" })
        }
    }

    /// A threshold written as text, as on the command line.
    pub fn parse(text: &str) -> Result<Threshold> {
        let value = text.trim().parse::<f64>().map_err(|_| Error::InvalidSetting {
            name: "threshold",
            value: crate::error::excerpt(text),
            expected: "a number from 0 to 1",
        })?;
        Threshold::new(value)
    }

    pub fn get(self) -> f64 {
        self.0
    }
}

impl TryFrom<f64> for Threshold {
    type Error = Error;
    fn try_from(value: f64) -> Result<Threshold> {
        Threshold::new(value)
    }
}

impl From<Threshold> for f64 {
    fn from(t: Threshold) -> f64 {
        t.0
    }
}

impl std::fmt::Display for Threshold {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// How a step moves theta.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Optimizer {
    /// `theta += eta * gradient` (ascent) or `-=` (descent): the lecture's.
    #[default]
    Gradient,
    /// Newton's step by the Hessian, no eta (see [`crate::newton`]).
    Newton,
}

impl Optimizer {
    pub const ALL: [Optimizer; 2] = [Optimizer::Gradient, Optimizer::Newton];

    pub fn name(self) -> &'static str {
        match self {
            Optimizer::Gradient => "gradient",
            Optimizer::Newton => "newton",
        }
    }

    pub fn parse(name: &str) -> Result<Optimizer> {
        Optimizer::ALL.into_iter().find(|o| o.name() == name).ok_or_else(|| Error::InvalidSetting {
            name: "optimizer",
            value: crate::error::excerpt(name),
            expected: "gradient or newton",
        })
    }
}

impl std::fmt::Display for Optimizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub neuron: NeuronKind,
    pub perceptron_rule: PerceptronRule,
    pub learning_rate: f64,
    /// The "bold driver": keep an improving step and grow eta; undo a worse one and shrink eta.
    pub adaptive: bool,
    pub grow: f64,
    pub shrink: f64,
    /// Stop when |change in objective| < epsilon.
    pub epsilon: f64,
    pub max_iterations: usize,
    pub seed: u64,
    pub shuffle: bool,
    pub train_fraction: f64,
    pub standardize: bool,
    pub bias: bool,
    pub init: Init,
    /// A binary neuron calls a row positive when y_hat >= threshold.
    pub threshold: Threshold,
    /// The L1 penalty's rate lambda_1 (see [`Penalty`]); 0 for none.
    pub l1: f64,
    /// The L2 penalty's rate lambda_2; 0 for none.
    pub l2: f64,
    /// Whether epsilon bounds the change in the mean objective (as today) or in the
    /// sum over the training rows (as the slide says: N times the mean's change).
    pub epsilon_on: EpsilonOn,
    /// Rows per gradient step: 0 (or N and above) for the whole training set, the
    /// lecture's batch; B for mini-batches of B rows; 1 for stochastic gradient descent.
    pub batch_size: usize,
    /// Derived columns (squares, products, sin) added before standardizing.
    pub features: Derived,
    /// Gradient steps scaled by eta (the lecture's), or Newton's steps (logistic, softmax).
    pub optimizer: Optimizer,
}

/// What the epsilon stop measures (see [`Settings::epsilon_on`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EpsilonOn {
    /// The change in the objective's mean over the training rows.
    #[default]
    Mean,
    /// The change in its sum: "when the change in the sum of log-likelihoods falls below epsilon".
    Sum,
}

impl EpsilonOn {
    pub fn name(self) -> &'static str {
        match self {
            EpsilonOn::Mean => "mean",
            EpsilonOn::Sum => "sum",
        }
    }

    pub fn parse(name: &str) -> Result<EpsilonOn> {
        [EpsilonOn::Mean, EpsilonOn::Sum].into_iter().find(|e| e.name() == name).ok_or_else(|| Error::InvalidSetting {
            name: "epsilon on",
            value: crate::error::excerpt(name),
            expected: "sum or mean",
        })
    }

    /// The change epsilon is compared with, from the change in the mean over `rows` rows.
    pub fn measure(self, change_in_mean: f64, rows: usize) -> f64 {
        match self {
            EpsilonOn::Mean => change_in_mean,
            EpsilonOn::Sum => change_in_mean * rows as f64,
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            neuron: NeuronKind::LOGISTIC,
            perceptron_rule: PerceptronRule::Perceptron,
            learning_rate: 0.1,
            adaptive: true,
            grow: 1.1,
            shrink: 0.5,
            epsilon: 1e-6,
            max_iterations: 10_000,
            seed: 0,
            shuffle: true,
            train_fraction: 2.0 / 3.0,
            standardize: true,
            bias: true,
            init: Init::Uniform,
            threshold: Threshold::HALF,
            l1: 0.0,
            l2: 0.0,
            epsilon_on: EpsilonOn::Mean,
            batch_size: 0,
            features: Derived::NONE,
            optimizer: Optimizer::Gradient,
        }
    }
}

/// The largest penalty rate: beyond it every weight is zero to the last digit anyway.
pub const MAX_LAMBDA: f64 = 1000.0;

/// Settings that passed [`Settings::check`]; it cannot be built any other way.
#[derive(Debug, Clone, PartialEq)]
pub struct Checked(Settings);

impl Checked {
    pub fn get(&self) -> &Settings {
        &self.0
    }
}

impl Settings {
    pub fn check(self) -> Result<Checked> {
        let invalid =
            |name, value: f64, expected| Err(Error::InvalidSetting { name, value: value.to_string(), expected });
        if !(self.learning_rate.is_finite() && self.learning_rate > 0.0) {
            return invalid("learning rate", self.learning_rate, "a number above 0");
        }
        if !(self.grow.is_finite() && self.grow >= 1.0) {
            return invalid("grow factor", self.grow, "a number of at least 1");
        }
        if !(self.shrink > 0.0 && self.shrink < 1.0) {
            return invalid("shrink factor", self.shrink, "a number between 0 and 1");
        }
        if !(self.epsilon.is_finite() && self.epsilon >= 0.0) {
            return invalid("epsilon", self.epsilon, "a number of at least 0");
        }
        for (name, lambda) in [("L1 rate lambda", self.l1), ("L2 rate lambda", self.l2)] {
            if !(lambda.is_finite() && (0.0..=MAX_LAMBDA).contains(&lambda)) {
                return invalid(name, lambda, "a number from 0 to 1000");
            }
        }
        if self.max_iterations == 0 {
            return invalid("max iterations", 0.0, "at least 1");
        }
        if !(self.train_fraction > 0.0 && self.train_fraction <= 1.0) {
            return invalid("train fraction", self.train_fraction, "a number above 0 and at most 1");
        }
        if self.optimizer == Optimizer::Newton {
            crate::newton::check(self.neuron, 0)?;
        }
        if let Init::Given(values) = &self.init {
            if let Some(bad) = values.iter().find(|v| !v.is_finite()) {
                return invalid("initial theta", *bad, "finite numbers");
            }
        }
        Ok(Checked(self))
    }

    pub fn workflow(&self) -> Workflow {
        Workflow {
            shuffle: self.shuffle,
            seed: self.seed,
            train_fraction: self.train_fraction,
            standardize: self.standardize,
            bias: self.bias,
            features: self.features,
        }
    }

    /// The penalty on theta these settings train with.
    pub fn penalty(&self) -> Penalty {
        Penalty { l1: self.l1, l2: self.l2 }
    }

    pub fn neuron_model(&self) -> Neuron {
        Neuron { kind: self.neuron, rule: self.perceptron_rule }
    }
}
