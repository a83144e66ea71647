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

    /// The feature columns of `table` as numbers, the target as class labels: the
    /// reference reading, text first, that [`Dataset::from_csv`] equals in one pass.
    pub fn from_table(table: &Table, columns: &Columns) -> Result<Dataset> {
        let Roles { target, features } = Roles::new(&table.headers, columns)?;
        let mut raw_labels = Vec::with_capacity(table.len());
        for (i, &line) in table.lines.iter().enumerate() {
            raw_labels.push(label(table.text(i, target), || table.cell(line, target))?);
        }
        let class_names = class_order(&raw_labels, columns.positive.as_deref(), &columns.target)?;
        let index: HashMap<&str, usize> = class_names.iter().enumerate().map(|(k, c)| (c.as_str(), k)).collect();
        let labels = raw_labels.iter().map(|l| index.get(l).copied().unwrap_or(0)).collect();

        let mut x = Matrix::zeros(table.len(), features.len());
        for (i, &line) in table.lines.iter().enumerate() {
            for (k, &j) in features.iter().enumerate() {
                x.set(i, k, parse_number(table.text(i, j), || table.cell(line, j))?);
            }
        }
        Dataset::checked(&table.headers, &features, x, labels, class_names, &columns.target)
    }

    /// The data set in CSV `bytes`, read in one pass: each feature cell becomes a
    /// number as it is read, and only the target column's distinct labels are kept
    /// as text, so a file takes about its size in memory (not a string per cell).
    /// Equal to [`Dataset::from_table`] on the [`Table`] of the same bytes, errors
    /// included: a broken file is reported before a wrong column, labels before
    /// numbers. `progress` hears how far through the bytes the reading is (0 to 1),
    /// every few thousand rows.
    pub fn from_csv(bytes: &[u8], columns: &Columns, progress: &mut dyn FnMut(f64)) -> Result<Dataset> {
        let (mut reader, headers) = csv::Reader::open(bytes)?;
        let cell = |line: u64, j: usize| Cell { line, column: j + 1, name: headers[j].clone() };
        // A wrong column is named once the file is known to be readable.
        let roles = Roles::new(&headers, columns);
        let features = roles.as_ref().map(|r| r.features.as_slice()).unwrap_or_default();
        let target = roles.as_ref().map_or(0, |r| r.target);

        let rows_at_most = reader.records_left();
        let mut values = Vec::with_capacity(rows_at_most * features.len());
        // Each row's label, as an index into the distinct labels in order of appearance.
        let mut label_ids: Vec<u32> = Vec::with_capacity(rows_at_most);
        let mut distinct: HashMap<String, u32> = HashMap::new();
        let (mut label_error, mut number_error) = (None, None);
        let mut fields = Vec::with_capacity(headers.len());
        let mut rows = 0usize;
        while let Some(line) = reader.strict_record(&mut fields, headers.len())? {
            rows += 1;
            if rows % 4096 == 0 {
                progress(reader.progress());
            }
            if roles.is_err() {
                continue;
            }
            if label_error.is_none() {
                match label(&fields[target], || cell(line, target)) {
                    Ok(text) => {
                        let id = match distinct.get(text) {
                            Some(&id) => id,
                            None => {
                                let id = u32::try_from(distinct.len()).unwrap_or(u32::MAX);
                                distinct.insert(text.to_string(), id);
                                id
                            }
                        };
                        label_ids.push(id);
                    }
                    Err(e) => label_error = Some(e),
                }
            }
            if number_error.is_none() {
                for &j in features {
                    match parse_number(&fields[j], || cell(line, j)) {
                        Ok(v) => values.push(v),
                        Err(e) => {
                            number_error = Some(e);
                            break;
                        }
                    }
                }
            }
        }
        if rows == 0 {
            return Err(Error::HeaderOnly);
        }
        let roles = roles?;
        if let Some(e) = label_error {
            return Err(e);
        }
        let mut names: Vec<&str> = vec![""; distinct.len()];
        for (text, &id) in &distinct {
            names[id as usize] = text;
        }
        let class_names = class_order(&names, columns.positive.as_deref(), &columns.target)?;
        if let Some(e) = number_error {
            return Err(e);
        }
        let index: HashMap<&str, usize> = class_names.iter().enumerate().map(|(k, c)| (c.as_str(), k)).collect();
        let class_of: Vec<usize> = names.iter().map(|n| index.get(n).copied().unwrap_or(0)).collect();
        progress(1.0);
        Dataset::checked(
            &headers,
            &roles.features,
            Matrix::from_vec(rows, roles.features.len(), values),
            label_ids.iter().map(|&id| class_of[id as usize]).collect(),
            class_names,
            &columns.target,
        )
    }

    /// The data set of these columns, once every column spans a finite range.
    fn checked(
        headers: &[String],
        features: &[usize],
        x: Matrix,
        labels: Vec<usize>,
        class_names: Vec<String>,
        target: &str,
    ) -> Result<Dataset> {
        for (k, &j) in features.iter().enumerate() {
            check_span(&x, k).map_err(|(min, max)| Error::SpanTooLarge {
                column: j + 1,
                name: headers[j].clone(),
                min,
                max,
            })?;
        }
        let feature_names = features.iter().map(|&j| headers[j].clone()).collect();
        Ok(Dataset { feature_names, x, labels, class_names, target: target.to_string() })
    }
}

/// Which column of a header is the target and which are features.
struct Roles {
    target: usize,
    features: Vec<usize>,
}

impl Roles {
    /// The target and the features: every column but the target and those dropped,
    /// or an error naming a column that is not there, or saying none is left.
    fn new(headers: &[String], columns: &Columns) -> Result<Roles> {
        let index = |name: &str| {
            headers
                .iter()
                .position(|h| h == name)
                .ok_or_else(|| Error::UnknownColumn { name: name.to_string(), available: headers.to_vec() })
        };
        let target = index(&columns.target)?;
        for name in &columns.drop {
            index(name)?;
        }
        let features: Vec<usize> =
            (0..headers.len()).filter(|&j| j != target && !columns.drop.contains(&headers[j])).collect();
        if features.is_empty() {
            return Err(Error::NoFeatures);
        }
        Ok(Roles { target, features })
    }
}

/// A class label from a cell: not empty, and not longer than a name may be.
fn label(text: &str, cell: impl Fn() -> Cell) -> Result<&str> {
    if text.is_empty() {
        return Err(Error::EmptyLabel(cell()));
    }
    if text.len() > MAX_NAME_CHARS && text.chars().count() > MAX_NAME_CHARS {
        return Err(Error::LongLabel { cell: cell(), label: text.to_string() });
    }
    Ok(text)
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
