//! Data: CSV text to a [`Table`], a table to a [`Dataset`] of numeric features
//! and class labels, the lecture's preparation workflow, and built-in sets.

pub mod builtin;
pub mod csv;
pub mod prep;

use crate::error::{Cell, Error, Result, MAX_NAME_CHARS};
use crate::math::Matrix;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

pub use self::csv::Table;

/// Numeric features and class labels, as loaded: not yet split or scaled.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dataset {
    pub feature_names: Vec<String>,
    /// N x D, one row per example.
    pub x: Matrix,
    /// The class index of each row, into `class_names`.
    pub labels: Vec<usize>,
    /// Sorted as [`class_order`] says; in a binary problem the positive class is second.
    pub class_names: Vec<String>,
    pub target: String,
}

/// Which column is the target, which are ignored, which class is positive.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Columns {
    pub target: String,
    pub drop: Vec<String>,
    pub positive: Option<String>,
}

impl Dataset {
    pub fn rows(&self) -> usize {
        self.x.rows()
    }

    pub fn classes(&self) -> usize {
        self.class_names.len()
    }

    /// The feature columns of `table` as numbers, the target as class labels.
    pub fn from_table(table: &Table, columns: &Columns) -> Result<Dataset> {
        let target = table.column_index(&columns.target)?;
        for name in &columns.drop {
            table.column_index(name)?;
        }
        let features: Vec<usize> =
            (0..table.headers.len()).filter(|&j| j != target && !columns.drop.contains(&table.headers[j])).collect();
        if features.is_empty() {
            return Err(Error::NoFeatures);
        }

        let mut raw_labels = Vec::with_capacity(table.len());
        for (i, &line) in table.lines.iter().enumerate() {
            let label = table.text(i, target);
            if label.is_empty() {
                return Err(Error::EmptyLabel(table.cell(line, target)));
            }
            if label.len() > MAX_NAME_CHARS && label.chars().count() > MAX_NAME_CHARS {
                return Err(Error::LongLabel { cell: table.cell(line, target), label: label.to_string() });
            }
            raw_labels.push(label);
        }
        let class_names = class_order(&raw_labels, columns.positive.as_deref(), &columns.target)?;
        let index: HashMap<&str, usize> = class_names.iter().enumerate().map(|(k, c)| (c.as_str(), k)).collect();
        let labels = raw_labels.iter().map(|l| index.get(l).copied().unwrap_or(0)).collect();

        let feature_names: Vec<String> = features.iter().map(|&j| table.headers[j].clone()).collect();
        let mut x = Matrix::zeros(table.len(), features.len());
        for (i, &line) in table.lines.iter().enumerate() {
            for (k, &j) in features.iter().enumerate() {
                x.set(i, k, parse_number(table.text(i, j), || table.cell(line, j))?);
            }
        }
        for (k, &j) in features.iter().enumerate() {
            check_span(&x, k).map_err(|(min, max)| Error::SpanTooLarge {
                column: j + 1,
                name: table.headers[j].clone(),
                min,
                max,
            })?;
        }
        Ok(Dataset { feature_names, x, labels, class_names, target: columns.target.clone() })
    }
}

/// Column `k` of `x` spans a finite range (`max - min` below 1.8e308), so that every
/// value's distance from the mean, and the standard deviation, are finite numbers.
/// Otherwise its least and greatest value.
fn check_span(x: &Matrix, k: usize) -> Result<(), (f64, f64)> {
    let (min, max) =
        x.iter_rows().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), row| (lo.min(row[k]), hi.max(row[k])));
    if (max - min).is_finite() {
        Ok(())
    } else {
        Err((min, max))
    }
}

/// A number from a cell, or an error naming the cell: empty, not a number, NaN or infinite.
pub fn parse_number(text: &str, cell: impl Fn() -> Cell) -> Result<f64> {
    if text.is_empty() {
        return Err(Error::EmptyCell(cell()));
    }
    match text.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        Ok(_) => Err(Error::NotFinite { cell: cell(), value: text.to_string() }),
        Err(_) => Err(Error::NotANumber { cell: cell(), value: text.to_string() }),
    }
}

/// The classes of a target in a stable order: numerically sorted when every label
/// is a number (`0 < 1 < 2`), else sorted as text (`no < yes`, `setosa < versicolor`).
///
/// With two classes the positive one goes second, so that y = 1 means positive:
/// `positive` if given, else `1`, `yes` or `true` (any case), else the second in sorted order.
pub fn class_order(labels: &[&str], positive: Option<&str>, target: &str) -> Result<Vec<String>> {
    let distinct: HashSet<&str> = labels.iter().copied().collect();
    let mut classes: Vec<String> = distinct.into_iter().map(String::from).collect();
    let numbers: Option<Vec<f64>> = classes.iter().map(|c| c.parse::<f64>().ok()).collect();
    match numbers {
        Some(numbers) => {
            let mut numbered: Vec<(f64, String)> = numbers.into_iter().zip(classes).collect();
            // Equal numbers written differently (`1`, `1.0`) keep a fixed order too.
            numbered.sort_by(|a, b| a.0.total_cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
            classes = numbered.into_iter().map(|(_, c)| c).collect();
        }
        None => classes.sort(),
    }
    if classes.len() < 2 {
        let class = classes.first().cloned().unwrap_or_default();
        return Err(Error::OneClass { target: target.to_string(), class });
    }
    if let Some(p) = positive {
        let Some(index) = classes.iter().position(|c| c == p) else {
            return Err(Error::UnknownClass { class: p.to_string(), target: target.to_string(), classes });
        };
        if classes.len() == 2 {
            classes.swap(index, 1);
        }
    } else if classes.len() == 2 {
        let is_positive = |c: &String| {
            matches!(c.to_lowercase().as_str(), "yes" | "true") || c.parse::<f64>().is_ok_and(|v| v == 1.0)
        };
        if is_positive(&classes[0]) && !is_positive(&classes[1]) {
            classes.swap(0, 1);
        }
    }
    Ok(classes)
}
