//! What is loaded and trained: the page's header and menus ([`Summary`]) and the
//! command line's report ([`Report`]).

use super::Session;
use crate::data::builtin::{self, DEFAULT_POINTS, MAX_POINTS, MIN_POINTS};
use crate::data::prep::Part;
use crate::data::Dataset;
use crate::error::{Error, Result};
use crate::metrics::Evaluation;
use crate::model::{NeuronKind, ALL};
use crate::settings::{Optimizer, Settings};
use crate::theta::ThetaTable;
use serde::Serialize;

/// What is loaded, for the page's header and menus.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    pub source: String,
    pub rows: usize,
    pub features: Vec<String>,
    /// How many distinct values each feature has, counted up to 3 (binary columns show 2).
    pub feature_levels: Vec<usize>,
    pub target: String,
    pub classes: Vec<String>,
    pub train_rows: usize,
    pub validation_rows: usize,
    pub constant_columns: Vec<String>,
    pub parameter_names: Vec<String>,
    /// The main neuron, as in [`NeuronInfo`].
    pub neuron: &'static str,
    pub activation: &'static str,
    pub objective: &'static str,
    pub better: &'static str,
    pub ascent: bool,
    pub multiclass: bool,
    pub settings: Settings,
    pub notice: Option<String>,
    /// The neuron compared beside the main one, if any.
    pub compare: Option<NeuronInfo>,
    /// The comparison as the page's menu and the link name it ("logistic.newton"), and
    /// the optimizer the compared neuron uses.
    pub compare_choice: Option<String>,
    pub compare_optimizer: Option<Optimizer>,
}

/// A neuron of the table as menus, headers and the status line say it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NeuronInfo {
    pub name: &'static str,
    pub activation: &'static str,
    pub objective: &'static str,
    /// Which way the objective is better: "higher" (ascent) or "lower" (descent).
    pub better: &'static str,
    pub ascent: bool,
    /// True for a neuron with K outputs (one per class): no threshold, no ROC.
    pub multiclass: bool,
    /// A menu line, e.g. "logistic: sigmoid, log-likelihood (ascent)".
    pub description: String,
    /// Whether Newton's method is offered for it.
    pub newton: bool,
}

impl NeuronInfo {
    pub fn of(kind: NeuronKind) -> NeuronInfo {
        NeuronInfo {
            name: kind.name(),
            activation: kind.activation().name(),
            objective: kind.objective_name(),
            better: kind.goal().better(),
            ascent: kind.ascent(),
            multiclass: kind.is_multiclass(),
            description: kind.description(),
            newton: crate::newton::supports(kind),
        }
    }
}

/// What the page offers to choose from: the built-in sets (`[name, description]`),
/// the neuron table, and how many points a built-in set may be drawn with.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Catalogue {
    pub datasets: Vec<(&'static str, &'static str)>,
    pub neurons: Vec<NeuronInfo>,
    pub points: PointsRange,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PointsRange {
    pub min: usize,
    pub max: usize,
    pub default: usize,
}

impl Catalogue {
    pub fn get() -> Catalogue {
        Catalogue {
            datasets: builtin::CATALOGUE.to_vec(),
            neurons: ALL.iter().map(|&k| NeuronInfo::of(k)).collect(),
            points: PointsRange { min: MIN_POINTS, max: MAX_POINTS, default: DEFAULT_POINTS },
        }
    }
}

/// The outcome of training, as the command line reports it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub source: String,
    pub neuron: &'static str,
    pub activation: &'static str,
    pub objective: &'static str,
    /// "gradient ascent" or "gradient descent".
    pub direction: String,
    pub target: String,
    pub classes: Vec<String>,
    pub constant_columns: Vec<String>,
    pub train_rows: usize,
    pub validation_rows: usize,
    pub iterations: usize,
    pub stopped: &'static str,
    /// What epsilon was compared with: "mean" or "sum" (see [`crate::settings::EpsilonOn`]).
    pub epsilon_on: &'static str,
    /// The objective trained (with the penalty, if any) and its data term alone.
    pub objective_train: f64,
    pub data_train: f64,
    /// The penalty, as [`crate::model::Penalty::describe`] writes it, when there is one.
    pub penalty: Option<String>,
    pub objective_validation: Option<f64>,
    /// Theta, and for a built-in set drawn from a known model its true theta.
    pub theta: ThetaTable,
    pub train: Evaluation,
    pub validation: Option<Evaluation>,
    /// The derived columns added to the raw features (`square`, `product`, `sin`).
    pub feature_transforms: Vec<&'static str>,
    /// The gradient's norm at the final theta.
    pub gradient_norm: f64,
    /// Newton's method: the last step's Hessian (size, condition, ridge).
    pub newton: Option<crate::newton::NewtonInfo>,
}

impl Session {
    pub fn summary(&self) -> Summary {
        let data = self.data();
        let neuron = NeuronInfo::of(self.main().neuron().kind);
        let rows = &self.rows;
        Summary {
            source: self.source.clone(),
            rows: data.rows(),
            features: data.feature_names.clone(),
            feature_levels: (0..data.feature_names.len()).map(|j| levels(data, j)).collect(),
            target: data.target.clone(),
            classes: data.class_names.clone(),
            train_rows: rows.data_rows(Part::Train).len(),
            validation_rows: rows.data_rows(Part::Validation).len(),
            constant_columns: rows.transform().constant_columns.clone(),
            parameter_names: rows.transform().parameter_names(),
            neuron: neuron.name,
            activation: neuron.activation,
            objective: neuron.objective,
            better: neuron.better,
            ascent: neuron.ascent,
            multiclass: neuron.multiclass,
            settings: self.settings.clone(),
            notice: self.notice.clone(),
            compare: self.trainers.get(1).map(|t| NeuronInfo::of(t.neuron().kind)),
            compare_choice: self.compared.map(|c| c.name()),
            compare_optimizer: self.trainers.get(1).map(|t| t.settings().optimizer),
        }
    }

    /// Trains the main neuron until it stops, and reports the outcome (the command line's train).
    pub fn train_to_end(&mut self) -> Result<Report> {
        let last = self.trainers[0].run(usize::MAX);
        // The trainer keeps every step finite; a report of NaN or infinity is never made.
        if !(last.objective_train.is_finite() && last.objective_validation.is_none_or(f64::is_finite)) {
            return Err(Error::TooLarge { what: "the final objective" });
        }
        Ok(self.report())
    }

    /// The main neuron's state as the command line reports it, at the settings' threshold.
    pub fn report(&self) -> Report {
        let summary = self.summary();
        let trainer = self.main();
        let last = trainer.snapshot();
        let threshold = self.settings.threshold;
        Report {
            source: summary.source,
            neuron: summary.neuron,
            activation: summary.activation,
            objective: summary.objective,
            direction: match self.settings.optimizer {
                Optimizer::Gradient => format!("gradient {}", trainer.neuron().kind.goal().direction()),
                Optimizer::Newton => format!("Newton's method, {}", trainer.neuron().kind.goal().direction()),
            },
            target: summary.target,
            classes: summary.classes,
            constant_columns: summary.constant_columns,
            train_rows: summary.train_rows,
            validation_rows: summary.validation_rows,
            iterations: last.iteration,
            stopped: last.stop.map_or("not stopped", |s| s.describe()),
            epsilon_on: self.settings.epsilon_on.name(),
            objective_train: last.objective_train,
            data_train: last.data_train,
            penalty: self.settings.penalty().describe(),
            objective_validation: last.objective_validation,
            theta: self.main_theta_table(),
            train: trainer.evaluate(Part::Train, threshold),
            validation: (summary.validation_rows > 0).then(|| trainer.evaluate(Part::Validation, threshold)),
            feature_transforms: self.rows.transform().derived.names(),
            gradient_norm: last.gradient_norm,
            newton: last.newton,
        }
    }
}

/// How many distinct values feature `j` takes, counted up to 3.
fn levels(data: &Dataset, j: usize) -> usize {
    let mut seen: Vec<f64> = Vec::new();
    for i in 0..data.rows() {
        let v = data.x.get(i, j);
        if !seen.contains(&v) {
            seen.push(v);
            if seen.len() == 3 {
                break;
            }
        }
    }
    seen.len()
}
