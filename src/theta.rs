//! Theta by parameter name, standardized and on each column's original scale,
//! and beside it the true theta when the data were drawn from a known model:
//! the table the CLI prints and the page shows, and its CSV and JSON exports.

use crate::data::builtin::BuiltIn;
use crate::data::prep::Transform;
use crate::train::Trainer;
use serde::Serialize;

/// The logistic model a built-in set was drawn from: its features, and its theta
/// on their original scale, bias first.
#[derive(Debug, Clone, PartialEq)]
pub struct TrueTheta {
    pub features: Vec<String>,
    pub theta: Vec<f64>,
}

impl TrueTheta {
    /// The model `set` was drawn from, if it was drawn from one (`customers`, `sigmoid1d`).
    pub fn of(set: &BuiltIn) -> Option<TrueTheta> {
        let theta = set.true_theta.clone()?;
        Some(TrueTheta { features: set.data.feature_names.clone(), theta })
    }

    /// One value per parameter of a neuron trained with `transform`: the bias's first
    /// when it has one. None when its features are not the model's (other columns,
    /// another order), since then no value lines up with a parameter.
    pub fn per_parameter(&self, transform: &Transform) -> Option<Vec<f64>> {
        let lines_up = transform.feature_names == self.features && self.theta.len() == self.features.len() + 1;
        lines_up.then(|| self.theta[usize::from(!transform.bias)..].to_vec())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThetaTable {
    pub neuron: &'static str,
    pub step: usize,
    /// Parameter names, bias first: the rows.
    pub parameters: Vec<String>,
    /// The class each column of theta scores: the positive class for a binary neuron.
    pub outputs: Vec<String>,
    /// `standardized[j][k]`: theta as trained, on the scaled features.
    pub standardized: Vec<Vec<f64>>,
    /// The same on each column's original scale; `None` when it does not exist
    /// (standardized features without a bias) or is beyond the largest double.
    pub original_scale: Option<Vec<Vec<f64>>>,
    /// `true_theta[j]`: the theta the data were drawn from, for parameter j, on the
    /// original scale; `None` unless the data are a built-in set drawn from a known
    /// model, as drawn (not edited). One value per parameter: the model scores the
    /// positive class, so it lines up with a binary neuron's one column.
    pub true_theta: Option<Vec<f64>>,
}

impl ThetaTable {
    /// Theta of `trainer`, beside the true theta when the data were drawn from `truth`.
    pub fn of(trainer: &Trainer, truth: Option<&TrueTheta>) -> ThetaTable {
        let theta = trainer.theta();
        let classes = &trainer.data().class_names;
        let transform = &trainer.prepared().transform();
        let rows = |m: &crate::math::Matrix| m.iter_rows().map(<[f64]>::to_vec).collect();
        ThetaTable {
            neuron: trainer.neuron().kind.name(),
            step: trainer.iteration(),
            parameters: transform.parameter_names(),
            outputs: if theta.cols() == 1 { vec![classes[1].clone()] } else { classes.clone() },
            standardized: rows(theta),
            original_scale: transform
                .theta_original_scale(theta)
                .filter(|m| m.as_slice().iter().all(|v| v.is_finite()))
                .as_ref()
                .map(rows),
            true_theta: truth.and_then(|t| t.per_parameter(transform)),
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}
