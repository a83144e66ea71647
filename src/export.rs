//! Every CSV the lab writes, in one place: the training history, theta, the
//! predictions for an uploaded file, and a data set. Fields are quoted when they
//! must be; data and theta are written so that they parse back to exactly
//! themselves, probabilities to six decimals.

use crate::data::{Dataset, Table};
use crate::persist::{Classified, Model};
use crate::theta::ThetaTable;
use crate::train::Trainer;

/// Every step up to the current one: t, theta by parameter (and class), gradient
/// norm, eta, objective on training and validation rows, its change, accepted
/// ("edited" for a step set by hand).
pub fn history(trainer: &Trainer) -> String {
    let names = trainer.prepared().transform().parameter_names();
    let classes = &trainer.data().class_names;
    let k = trainer.theta().cols();
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
    let mut out = line(header.iter().map(|h| field(h)));
    let optional = |v: Option<f64>| v.map_or(String::new(), number);
    for s in trainer.history() {
        let mut fields = vec![s.iteration.to_string()];
        fields.extend(s.theta.iter().copied().map(number));
        fields.push(number(s.gradient_norm));
        fields.push(number(s.learning_rate));
        fields.push(number(s.objective_train));
        fields.push(optional(s.objective_validation));
        fields.push(optional(s.change));
        fields.push(if s.edited { "edited".into() } else { s.accepted.to_string() });
        out.push_str(&line(fields.into_iter()));
    }
    out
}

/// A row per parameter; per output a standardized and an original-scale column;
/// then the true theta, when known.
pub fn theta(table: &ThetaTable) -> String {
    let mut header = vec!["parameter".to_string()];
    for o in &table.outputs {
        header.push(format!("theta {o} (standardized)"));
        if table.original_scale.is_some() {
            header.push(format!("theta {o} (original scale)"));
        }
    }
    if table.true_theta.is_some() {
        header.push("true theta".into());
    }
    let mut out = line(header.iter().map(|h| field(h)));
    for (j, name) in table.parameters.iter().enumerate() {
        let mut fields = vec![field(name)];
        for k in 0..table.outputs.len() {
            fields.push(number(table.standardized[j][k]));
            if let Some(original) = &table.original_scale {
                fields.push(number(original[j][k]));
            }
        }
        if let Some(truth) = &table.true_theta {
            fields.push(number(truth[j]));
        }
        out.push_str(&line(fields.into_iter()));
    }
    out
}

/// The classified rows of `table` with two columns added: `predicted <target>` and
/// the probability of the predicted class (of the positive class, for one output).
pub fn predictions(model: &Model, table: &Table, classified: &Classified) -> String {
    let mut header: Vec<String> = table.headers.iter().map(|h| field(h)).collect();
    header.push(field(&format!("predicted {}", model.target)));
    header.push(field(&model.probability_heading()));
    let mut out = line(header.into_iter());
    for (p, &i) in classified.predictions.iter().zip(&classified.rows) {
        let mut fields: Vec<String> = table.row(i).iter().map(field).collect();
        fields.push(field(&p.class));
        fields.push(format!("{:.6}", p.probability));
        out.push_str(&line(fields.into_iter()));
    }
    out
}

/// The data set: the features, then the target.
pub fn dataset(data: &Dataset) -> String {
    let mut out = line(data.feature_names.iter().chain([&data.target]).map(|n| field(n)));
    for (i, &label) in data.labels.iter().enumerate() {
        let values = data.x.row(i).into_iter().map(number);
        out.push_str(&line(values.chain([field(&data.class_names[label])])));
    }
    out
}

/// Fields joined by commas, ending the line.
fn line(fields: impl Iterator<Item = String>) -> String {
    let mut out = fields.collect::<Vec<_>>().join(",");
    out.push('\n');
    out
}

/// A number for a CSV cell: plain digits for everyday sizes, exponent form for very
/// large or small ones (never 300 digits), and exactly what parses back to it.
pub fn number(v: f64) -> String {
    let a = v.abs();
    if a == 0.0 || (1e-6..1e15).contains(&a) {
        v.to_string()
    } else {
        format!("{v:e}")
    }
}

/// A text field, quoted when it holds a comma, a quote or a line break.
pub fn field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}
