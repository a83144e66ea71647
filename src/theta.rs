//! Theta by parameter name, standardized and on each column's original scale:
//! the table the CLI prints and the page shows, and its CSV and JSON exports.

use crate::data::{csv_field, number};
use crate::train::Trainer;
use serde::Serialize;

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
    /// (standardized features without a bias).
    pub original_scale: Option<Vec<Vec<f64>>>,
}

impl ThetaTable {
    pub fn of(trainer: &Trainer) -> ThetaTable {
        let theta = trainer.theta();
        let classes = &trainer.data().class_names;
        let transform = &trainer.prepared().transform;
        let rows = |m: &crate::matrix::Matrix| m.iter_rows().map(<[f64]>::to_vec).collect();
        ThetaTable {
            neuron: trainer.neuron().kind.name(),
            step: trainer.iteration(),
            parameters: transform.parameter_names(),
            outputs: if theta.cols() == 1 { vec![classes[1].clone()] } else { classes.clone() },
            standardized: rows(theta),
            original_scale: transform.theta_original_scale(theta).as_ref().map(rows),
        }
    }

    /// A row per parameter; per output a standardized and an original-scale column.
    pub fn to_csv(&self) -> String {
        let mut header = vec!["parameter".to_string()];
        for o in &self.outputs {
            header.push(format!("theta {o} (standardized)"));
            if self.original_scale.is_some() {
                header.push(format!("theta {o} (original scale)"));
            }
        }
        let mut out = header.iter().map(|h| csv_field(h)).collect::<Vec<_>>().join(",") + "\n";
        for (j, name) in self.parameters.iter().enumerate() {
            let mut fields = vec![csv_field(name)];
            for k in 0..self.outputs.len() {
                fields.push(number(self.standardized[j][k]));
                if let Some(original) = &self.original_scale {
                    fields.push(number(original[j][k]));
                }
            }
            out.push_str(&fields.join(","));
            out.push('\n');
        }
        out
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}
