//! The neurons of the lecture. Each module is one slide: its activation,
//! its objective, and the gradient as the slide derives it.
//!
//! Every gradient here has the shape `(1/N) sum_i x_i^T c_i`, where `c_i` is a
//! per-row factor (K values for K outputs), so all neurons share one pass over
//! the rows, which computes z, y_hat, the objective and the gradient together:
//! [`fold_blocks`] for the neurons with one output, [`fold_rows`] for K outputs.

mod fold;
pub mod linear;
pub mod logistic;
pub mod logistic_se;
pub mod multi_logistic;
pub mod penalty;
pub mod perceptron;
pub mod softmax;

use crate::error::{Error, Result};
use crate::math::{argmax, Activation, Matrix};
pub use crate::math::{targets, z_row};
pub use fold::{fold_blocks, fold_rows};
pub use penalty::Penalty;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The neurons, in the lecture's order: one line per slide. Adding a neuron is a
/// new file with its [`Spec`] and one line here.
pub const ALL: &[NeuronKind] = &[
    NeuronKind(&linear::NEURON),
    NeuronKind(&perceptron::NEURON),
    NeuronKind(&logistic_se::NEURON),
    NeuronKind(&logistic::NEURON),
    NeuronKind(&multi_logistic::NEURON),
    NeuronKind(&softmax::NEURON),
];

/// What a neuron's slide says about it: the row of the neuron table.
#[derive(Debug)]
pub struct Spec {
    /// The name the CLI, the page and the model file use, e.g. "logistic-se".
    pub name: &'static str,
    pub activation: Activation,
    /// The objective's name, e.g. "log-likelihood".
    pub objective: &'static str,
    /// Gradient ascent (maximize) or descent (minimize).
    pub goal: Goal,
    /// One output per class (K columns of theta) rather than one.
    pub multiclass: bool,
    /// Whether the objective changes smoothly with theta. The step neuron's squared
    /// error is piecewise constant, so "the change fell below epsilon" says nothing
    /// there; it stops when its update is zero instead.
    pub smooth: bool,
    /// How a row, and the pass over all rows, are computed: [`rule`] of the file's [`Slide`].
    pub rule: Rule,
}

/// A neuron's per-row rule as the table holds it: one row alone (for the gradient
/// panel), and the whole pass over the rows compiled with that row inlined.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    pub row: RowFn,
    pub fold: FoldFn,
}

/// The table's [`Rule`] for the neuron `S`.
pub const fn rule<S: Slide>() -> Rule {
    Rule { row: S::row, fold: S::fold }
}

/// One row: `(neuron, z_i, y_i, c_i)`, returns the row's objective term and writes its
/// gradient factor `c_i` (K values).
pub type RowFn = fn(&Neuron, &[f64], &[f64], &mut [f64]) -> f64;

/// The pass over the rows: `(neuron, theta, X, Y, with_gradient)` to the mean
/// objective and, when asked, the gradient (see [`fold_rows`]).
pub type FoldFn = fn(&Neuron, &Matrix, &Matrix, &Matrix, bool) -> (f64, Matrix);

/// A neuron's per-row rule, written once in its file.
pub trait Slide {
    /// Row i's objective term; writes its gradient factor `c_i`, so that the row's
    /// term of the gradient is `x_i^T c_i` and the gradient their mean.
    fn row(neuron: &Neuron, z: &[f64], y: &[f64], factor: &mut [f64]) -> f64;

    /// The pass over the rows with [`Slide::row`] inlined: what [`Rule::fold`] points to.
    fn fold(neuron: &Neuron, theta: &Matrix, x: &Matrix, y: &Matrix, with_gradient: bool) -> (f64, Matrix) {
        fold_rows(theta, x, y, with_gradient, |z, y, c| Self::row(neuron, z, y, c))
    }
}

/// The per-row rule of a neuron with one output (a binary neuron): every such
/// neuron is a [`Slide`] through this one adapter.
pub trait OneOutput {
    /// Row i's objective term and its gradient factor, from `z_i = x_i theta` and `y_i`.
    fn term(neuron: &Neuron, z: f64, y: f64) -> Term;

    /// [`OneOutput::term`] for a block of rows, into `objective` and `factor`: one loop,
    /// which the compiler vectorizes when the term has no branch or call. A neuron whose
    /// term is long may split it into shorter loops (the logistic neuron does), with
    /// the same bits as `term` row by row.
    #[inline(always)]
    fn terms(neuron: &Neuron, z: &[f64], y: &[f64], objective: &mut [f64], factor: &mut [f64]) {
        for (((o_i, c_i), &z_i), &y_i) in objective.iter_mut().zip(factor.iter_mut()).zip(z).zip(y) {
            let row = Self::term(neuron, z_i, y_i);
            (*o_i, *c_i) = (row.objective, row.factor);
        }
    }
}

impl<N: OneOutput> Slide for N {
    #[inline]
    fn row(neuron: &Neuron, z: &[f64], y: &[f64], factor: &mut [f64]) -> f64 {
        let term = N::term(neuron, z[0], y[0]);
        factor[0] = term.factor;
        term.objective
    }

    /// The same rule, a block of rows at a time.
    fn fold(neuron: &Neuron, theta: &Matrix, x: &Matrix, y: &Matrix, with_gradient: bool) -> (f64, Matrix) {
        fold_blocks::<N>(neuron, theta, x, y, with_gradient)
    }
}

/// One row of a neuron with one output: its objective term and its gradient factor.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Term {
    pub objective: f64,
    pub factor: f64,
}

/// The perceptron's two update rules.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PerceptronRule {
    /// `theta += eta (1/N) X^T (Y - Y_hat)`: converges on separable data.
    #[default]
    Perceptron,
    /// The slide's squared-error gradient as derived: zero where `x theta <= 0`.
    Slide,
}

impl PerceptronRule {
    pub fn name(self) -> &'static str {
        match self {
            PerceptronRule::Perceptron => "perceptron",
            PerceptronRule::Slide => "slide",
        }
    }

    pub fn parse(name: &str) -> Result<PerceptronRule> {
        [PerceptronRule::Perceptron, PerceptronRule::Slide].into_iter().find(|r| r.name() == name).ok_or_else(|| {
            Error::InvalidSetting { name: "perceptron rule", value: name.to_string(), expected: "perceptron or slide" }
        })
    }
}

/// Whether training climbs the objective (gradient ascent) or descends it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Goal {
    Maximize,
    Minimize,
}

impl Goal {
    /// +1 for ascent, -1 for descent: `theta += sign * eta * gradient`.
    pub fn sign(self) -> f64 {
        match self {
            Goal::Maximize => 1.0,
            Goal::Minimize => -1.0,
        }
    }

    /// Which values of the objective are better: "higher" for ascent, "lower" for descent.
    pub fn better(self) -> &'static str {
        match self {
            Goal::Maximize => "higher",
            Goal::Minimize => "lower",
        }
    }

    /// "ascent" or "descent".
    pub fn direction(self) -> &'static str {
        match self {
            Goal::Maximize => "ascent",
            Goal::Minimize => "descent",
        }
    }

    /// True when `new` is strictly better than `old`.
    pub fn improves(self, new: f64, old: f64) -> bool {
        match self {
            Goal::Maximize => new > old,
            Goal::Minimize => new < old,
        }
    }
}

/// A neuron of the table: a handle on its [`Spec`], named by it in files and links.
#[derive(Clone, Copy)]
pub struct NeuronKind(&'static Spec);

impl NeuronKind {
    // Named for the code and its tests (by their files, never by place in the table).
    pub const LINEAR: NeuronKind = NeuronKind(&linear::NEURON);
    pub const PERCEPTRON: NeuronKind = NeuronKind(&perceptron::NEURON);
    pub const LOGISTIC_SE: NeuronKind = NeuronKind(&logistic_se::NEURON);
    pub const LOGISTIC: NeuronKind = NeuronKind(&logistic::NEURON);
    pub const MULTI_LOGISTIC: NeuronKind = NeuronKind(&multi_logistic::NEURON);
    pub const SOFTMAX: NeuronKind = NeuronKind(&softmax::NEURON);

    pub fn spec(self) -> &'static Spec {
        self.0
    }

    pub fn name(self) -> &'static str {
        self.0.name
    }

    pub fn parse(name: &str) -> Result<NeuronKind> {
        ALL.iter().copied().find(|k| k.name() == name).ok_or_else(|| Error::UnknownNeuron {
            name: name.to_string(),
            known: ALL.iter().map(|k| k.name()).collect(),
        })
    }

    pub fn activation(self) -> Activation {
        self.0.activation
    }

    pub fn objective_name(self) -> &'static str {
        self.0.objective
    }

    /// A short line for a menu: "logistic: sigmoid, log-likelihood (ascent)".
    pub fn description(self) -> String {
        format!(
            "{}: {}, {} ({})",
            self.name(),
            self.activation().name(),
            self.objective_name(),
            self.goal().direction()
        )
    }

    pub fn goal(self) -> Goal {
        self.0.goal
    }

    /// True for gradient ascent (an objective to maximize).
    pub fn ascent(self) -> bool {
        self.0.goal == Goal::Maximize
    }

    pub fn is_multiclass(self) -> bool {
        self.0.multiclass
    }

    /// See [`Spec::smooth`].
    pub fn smooth_objective(self) -> bool {
        self.0.smooth
    }

    /// K, the columns of theta: one output for a binary neuron, one per class otherwise.
    pub fn outputs(self, classes: usize) -> usize {
        if self.is_multiclass() {
            classes
        } else {
            1
        }
    }

    /// Checks that the neuron can separate these classes, and that there are not
    /// more than [`MAX_CLASSES`] of them.
    pub fn check_classes(self, target: &str, class_names: &[String]) -> Result<()> {
        if class_names.len() > MAX_CLASSES {
            return Err(Error::TooManyClasses { target: target.into(), classes: class_names.len(), max: MAX_CLASSES });
        }
        if !self.is_multiclass() && class_names.len() > 2 {
            return Err(Error::NotBinary {
                neuron: self.name(),
                target: target.into(),
                classes: class_names.to_vec(),
                choices: ALL.iter().filter(|k| k.is_multiclass()).map(|k| k.name()).collect(),
            });
        }
        Ok(())
    }
}

impl PartialEq for NeuronKind {
    fn eq(&self, other: &Self) -> bool {
        self.name() == other.name()
    }
}

impl Eq for NeuronKind {}

impl std::fmt::Display for NeuronKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::fmt::Display for PerceptronRule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::fmt::Debug for NeuronKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for NeuronKind {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for NeuronKind {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<NeuronKind, D::Error> {
        let name = String::deserialize(deserializer)?;
        NeuronKind::parse(&name).map_err(serde::de::Error::custom)
    }
}

/// The most classes a target may have: theta then has a column per class, and a
/// target with more distinct values is more likely a number than a class.
pub const MAX_CLASSES: usize = 1000;

/// A neuron ready to train: its kind, and the perceptron's rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Neuron {
    pub kind: NeuronKind,
    pub rule: PerceptronRule,
}

impl Neuron {
    pub fn new(kind: NeuronKind) -> Neuron {
        Neuron { kind, rule: PerceptronRule::default() }
    }

    /// The objective on `(x, y)` and its gradient with respect to theta (D x K), in one pass.
    pub fn objective_and_gradient(&self, theta: &Matrix, x: &Matrix, y: &Matrix) -> (f64, Matrix) {
        (self.kind.spec().rule.fold)(self, theta, x, y, true)
    }

    /// The objective alone (for validation rows, which never feed the gradient).
    pub fn objective(&self, theta: &Matrix, x: &Matrix, y: &Matrix) -> f64 {
        (self.kind.spec().rule.fold)(self, theta, x, y, false).0
    }

    /// One row, given its `z = x_i theta` and target `y_i`: returns its objective term
    /// and writes its gradient factor `c_i` (K values); see [`Slide::row`].
    pub fn row(&self, z: &[f64], y: &[f64], c: &mut [f64]) -> f64 {
        (self.kind.spec().rule.row)(self, z, y, c)
    }

    /// The neuron's output y_hat for one prepared row: K values
    /// (one for a binary neuron: its activation; K probabilities for the others).
    pub fn y_hat(&self, theta: &Matrix, x_i: &[f64], out: &mut [f64]) {
        z_row(x_i, theta, out);
        self.kind.activation().apply(out);
    }

    /// The class of one prepared row from its outputs: for a binary neuron, positive (1)
    /// when `y_hat >= threshold`; for K outputs, the argmax.
    pub fn class_of(y_hat: &[f64], threshold: f64) -> usize {
        if y_hat.len() == 1 {
            usize::from(y_hat[0] >= threshold)
        } else {
            argmax(y_hat)
        }
    }

    /// The class of one prepared row (see [`Neuron::class_of`]).
    pub fn classify(&self, theta: &Matrix, x_i: &[f64], threshold: f64, y_hat: &mut [f64]) -> usize {
        self.y_hat(theta, x_i, y_hat);
        Neuron::class_of(y_hat, threshold)
    }
}
