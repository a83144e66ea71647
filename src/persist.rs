//! The model file: everything needed to classify new rows the way the trainer
//! would, in one JSON format shared by the CLI (`--save-model`, `predict`)
//! and the page's export.

use crate::data::prep::Part;
use crate::data::prep::Transform;
use crate::data::{parse_number, Table};
use crate::error::{excerpt, Error, Result, MAX_NAME_CHARS};
use crate::math::Matrix;
use crate::metrics::Evaluation;
use crate::model::{Neuron, MAX_CLASSES};
use crate::settings::Threshold;
use crate::train::Trainer;
use serde::{Deserialize, Serialize};

pub const FORMAT: &str = "neuron-lab-model";
pub const VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Model {
    pub format: String,
    pub version: u32,
    pub neuron: Neuron,
    pub target: String,
    pub class_names: Vec<String>,
    pub transform: Transform,
    /// D x K row-major, on the standardized scale the neuron trained on.
    pub theta: Vec<f64>,
    pub outputs: usize,
    pub threshold: Threshold,
    /// Class shares in the training rows, for the baseline when evaluating.
    pub class_priors: Vec<f64>,
}

/// One classified row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Prediction {
    /// The row's line in the file.
    pub line: u64,
    pub class: String,
    /// For a binary neuron its output y_hat (the positive class's probability for a
    /// sigmoid); for K outputs the winning class's y_hat.
    pub probability: f64,
}

/// The result of classifying a table: the rows that could be read, the reason for
/// each that could not, and metrics when the table has the target column.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Classified {
    pub headers: Vec<String>,
    /// What the probability column holds, e.g. `P(Buy = 1)`.
    pub probability_heading: String,
    pub predictions: Vec<Prediction>,
    /// Index into the table's rows of each prediction.
    pub rows: Vec<usize>,
    pub errors: Vec<String>,
    pub evaluation: Option<Evaluation>,
}

impl Model {
    pub fn from_trainer(trainer: &Trainer, threshold: Threshold) -> Model {
        let prepared = trainer.prepared();
        Model {
            format: FORMAT.into(),
            version: VERSION,
            neuron: trainer.neuron(),
            target: trainer.data().target.clone(),
            class_names: trainer.data().class_names.clone(),
            transform: prepared.transform().clone(),
            theta: trainer.theta().as_slice().to_vec(),
            outputs: trainer.theta().cols(),
            threshold,
            class_priors: crate::metrics::class_priors(prepared.labels(Part::Train), trainer.data().classes()),
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    pub fn from_json(text: &str) -> Result<Model> {
        let model: Model = serde_json::from_str(text).map_err(|e| Error::BadModel(e.to_string()))?;
        if model.format != FORMAT {
            return Err(Error::BadModel(format!("format is '{}', expected '{FORMAT}'", model.format)));
        }
        if model.version != VERSION {
            return Err(Error::BadModel(format!("version {} is not {VERSION}", model.version)));
        }
        model.check()?;
        Ok(model)
    }

    /// A model file is read only when it is consistent: the neuron against its outputs,
    /// the classes against the outputs and priors, names without repeats, dimensions that
    /// multiply without overflow, finite numbers, a threshold that is a probability.
    fn check(&self) -> Result<()> {
        let bad = |message: String| Err(Error::BadModel(message));
        let kind = self.neuron.kind;
        let (outputs, classes) = (self.outputs, self.class_names.len());
        if kind.is_multiclass() {
            if outputs < 2 || outputs != classes {
                return bad(format!(
                    "the {} neuron has {outputs} output{} for {classes} classes: it needs one per class",
                    kind.name(),
                    if outputs == 1 { "" } else { "s" }
                ));
            }
        } else if outputs != 1 {
            return bad(format!("the {} neuron has one output, but the file gives {outputs} outputs", kind.name()));
        }
        if outputs > MAX_CLASSES {
            return bad(format!("{outputs} outputs: at most {MAX_CLASSES} classes can be trained"));
        }
        let d = self.transform.parameters();
        match d.checked_mul(outputs) {
            Some(size) if size == self.theta.len() => {}
            _ => return bad(format!("theta has {} values for {d} parameters and {outputs} outputs", self.theta.len())),
        }
        let expected_classes = if outputs == 1 { 2 } else { outputs };
        if classes != expected_classes || self.class_priors.len() != classes {
            return bad(format!("{classes} classes (and {} priors) for {outputs} outputs", self.class_priors.len()));
        }
        for (what, names) in [("class", &self.class_names), ("feature", &self.transform.feature_names)] {
            let mut seen = std::collections::HashSet::new();
            for name in names {
                if name.chars().count() > MAX_NAME_CHARS {
                    return bad(format!(
                        "the {what} name '{}' has {} characters: at most {MAX_NAME_CHARS} are allowed",
                        excerpt(name),
                        name.chars().count()
                    ));
                }
                if !seen.insert(name.as_str()) {
                    return bad(format!("the {what} '{}' appears twice", excerpt(name)));
                }
            }
        }
        let t = &self.transform;
        let n_features = t.feature_names.len();
        if t.means.len() != n_features || t.stds.len() != n_features {
            return bad("the transform does not match the features".into());
        }
        // The derived columns are named from the raw ones (x1^2, x1*x2): a file whose
        // names do not follow is refused rather than classified with the wrong columns.
        let derived_fit = t.raw_features().filter(|&d| t.derived.check(d).is_ok());
        if derived_fit.is_none_or(|d| t.derived.feature_names(&t.feature_names[..d]) != t.feature_names) {
            return bad(format!(
                "the feature names do not fit the feature transforms ({})",
                if t.derived.is_none() { "none".to_string() } else { t.derived.names().join(", ") }
            ));
        }
        let finite = |values: &[f64]| values.iter().all(|v| v.is_finite());
        if !finite(&self.theta) || !finite(&t.means) || !t.stds.iter().all(|s| s.is_finite() && *s > 0.0) {
            return bad("theta, means and standard deviations must be finite numbers (deviations above 0)".into());
        }
        if !self.class_priors.iter().all(|p| (0.0..=1.0).contains(p)) {
            return bad("the class priors must be shares between 0 and 1".into());
        }
        Ok(())
    }

    pub fn theta(&self) -> Matrix {
        Matrix::from_vec(self.transform.parameters(), self.outputs, self.theta.clone())
    }

    /// Classifies every row of `table` that has all raw feature columns as finite numbers
    /// (the derived columns are computed from them, as in training);
    /// each other row (a ragged one too, from [`Table::parse_bytes_lenient`]) is listed
    /// with its reason, in line order. A missing feature column fails the whole table.
    pub fn classify(&self, table: &Table) -> Result<Classified> {
        let columns: Vec<usize> =
            self.transform.raw_names().iter().map(|name| table.column_index(name)).collect::<Result<_>>()?;
        let target = table.column_index(&self.target).ok();
        let theta = self.theta();
        let mut raw = vec![0.0; columns.len()];
        let mut x = vec![0.0; self.transform.parameters()];
        let mut y_hat = vec![0.0; self.outputs];
        let mut out = Classified {
            headers: table.headers.clone(),
            probability_heading: self.probability_heading(),
            predictions: Vec::new(),
            rows: Vec::new(),
            errors: Vec::new(),
            evaluation: None,
        };
        let mut actual = Vec::new();
        let mut predicted = Vec::new();
        let mut scores = Vec::new();
        let mut errors: Vec<(u64, Error)> = table.ragged.iter().map(|r| (r.line, table.ragged_error(r))).collect();
        'rows: for (i, &line) in table.lines.iter().enumerate() {
            let row = table.row(i);
            for (value, &j) in raw.iter_mut().zip(&columns) {
                match parse_number(&row[j], || table.cell(line, j)) {
                    Ok(v) => *value = v,
                    Err(e) => {
                        errors.push((line, e));
                        continue 'rows;
                    }
                }
            }
            self.transform.apply_row(&raw, &mut x);
            let scaled = &x[usize::from(self.transform.bias)..];
            if let Some(k) = scaled.iter().position(|v| !v.is_finite()) {
                // A derived column (x1^2) too large is told at the row's largest raw cell.
                let largest = (0..raw.len()).max_by(|&a, &b| raw[a].abs().total_cmp(&raw[b].abs()));
                let k = if k < columns.len() { k } else { largest.unwrap_or(0) };
                let (cell, value) = (table.cell(line, columns[k]), row[columns[k]].to_string());
                errors.push((line, Error::TooFarOut { cell, value }));
                continue;
            }
            let class = self.neuron.classify(&theta, &x, self.threshold.get(), &mut y_hat);
            if !y_hat.iter().all(|v| v.is_finite()) {
                errors.push((line, Error::NoOutput { line }));
                continue;
            }
            let probability = if self.outputs == 1 { y_hat[0] } else { y_hat[class] };
            if let Some(t) = target {
                if let Some(a) = self.class_names.iter().position(|c| *c == row[t]) {
                    actual.push(a);
                    predicted.push(class);
                    scores.push(y_hat[0]);
                }
            }
            out.predictions.push(Prediction { line, class: self.class_names[class].clone(), probability });
            out.rows.push(i);
        }
        let in_order = crate::order::order_by(errors.len(), &mut |a, b| errors[a].0.cmp(&errors[b].0));
        out.errors = in_order.into_iter().map(|i| errors[i].1.to_string()).collect();
        if !actual.is_empty() {
            let binary_scores = if self.outputs == 1 { scores } else { Vec::new() };
            out.evaluation = Some(Evaluation::new(
                &self.class_names,
                self.class_priors.clone(),
                &actual,
                predicted,
                &binary_scores,
                self.threshold.get(),
            ));
        }
        Ok(out)
    }

    /// The heading of the probability column: `P(Buy = 1)` for a binary neuron (its
    /// output for the positive class), `P(predicted)` for K outputs.
    pub fn probability_heading(&self) -> String {
        if self.outputs == 1 {
            format!("P({} = {})", self.target, self.class_names[1])
        } else {
            "P(predicted)".into()
        }
    }
}
