//! Data: CSV text to a [`Table`], a table to a [`Dataset`] of numeric features
//! and class labels, the lecture's preparation workflow, and built-in sets.

pub mod builtin;
pub mod csv;
pub mod derived;
pub mod features;
pub mod prep;

use crate::error::{Cell, Error, Result, MAX_NAME_CHARS};
use crate::math::Matrix;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

pub use self::csv::Table;
pub use self::features::Features;

/// Numeric features and class labels, as loaded: not yet split or scaled.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dataset {
    pub feature_names: Vec<String>,
    /// N x D, one row per example.
    pub x: Features,
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
        Dataset::checked(&table.headers, &features, x.into(), labels, class_names, &columns.target)
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
        // A wrong column is named once the file is known to be readable.
        let roles = Roles::new(&headers, columns);
        let mut reading = Reading::new(&headers, roles.as_ref().ok(), reader.records_left());
        let mut fields = Vec::with_capacity(headers.len());
        while reading.block(&mut reader, &mut fields)? {
            progress(reader.progress());
        }
        let Reading { rows, x, label_ids, distinct, label_error, number_error, .. } = reading;
        if rows == 0 {
            return Err(Error::HeaderOnly);
        }
        let roles = roles?;
        if let Some(e) = label_error {
            return Err(e);
        }
        let names: Vec<&str> = distinct.names.iter().map(String::as_str).collect();
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
            x,
            label_ids.iter().map(|&id| class_of[id as usize]).collect(),
            class_names,
            &columns.target,
        )
    }

    /// The data set of these columns, once every column spans a finite range.
    fn checked(
        headers: &[String],
        features: &[usize],
        x: Features,
        labels: Vec<usize>,
        class_names: Vec<String>,
        target: &str,
    ) -> Result<Dataset> {
        for (&j, (min, max)) in features.iter().zip(column_ranges(&x)) {
            // Every value's distance from the mean, and the standard deviation, are then finite.
            if !(max - min).is_finite() {
                return Err(Error::SpanTooLarge { column: j + 1, name: headers[j].clone(), min, max });
            }
        }
        let feature_names = features.iter().map(|&j| headers[j].clone()).collect();
        Ok(Dataset { feature_names, x, labels, class_names, target: target.to_string() })
    }
}

/// Rows a loop over many rows takes per call of a function of its own. A browser runs
/// WebAssembly with quickly compiled code first and optimizes the functions called
/// often, but a call in progress keeps the code it started with: one call looping over
/// a million rows ran three times slower than natively. Loops over every row (reading,
/// preparing, the ROC's sort) go a block at a time.
pub const BLOCK_ROWS: usize = 4096;

/// Calls `f` with the rows `0..rows` a block of [`BLOCK_ROWS`] at a time, each block in
/// a call of its own (see [`BLOCK_ROWS`]): a loop over every row written as one closure.
pub fn in_blocks(rows: usize, mut f: impl FnMut(std::ops::Range<usize>)) {
    let mut start = 0;
    repeat_while(|| {
        let end = (start + BLOCK_ROWS).min(rows);
        f(start..end);
        start = end;
        end < rows
    });
}

/// Calls `f` until it returns false, each time in a call of its own (see
/// [`BLOCK_ROWS`]): for a loop over many rows that `f` goes through a block at a time.
pub fn repeat_while(mut f: impl FnMut() -> bool) {
    #[inline(never)]
    fn once<F: FnMut() -> bool>(f: &mut F) -> bool {
        f()
    }
    while once(&mut f) {}
}

/// What [`Dataset::from_csv`] has read so far: the features' numbers row by row, each
/// row's label (an index into the distinct labels), and the first error of each kind.
struct Reading<'h> {
    headers: &'h [String],
    /// The columns' roles, `None` when a column named is not there (the file is still
    /// read through, so that an error in it is told first).
    roles: Option<&'h Roles>,
    rows: usize,
    /// The features' numbers (none when a column named is not there).
    x: Features,
    /// The row being read.
    row: Vec<Number>,
    label_ids: Vec<u32>,
    distinct: Distinct,
    label_error: Option<Error>,
    number_error: Option<Error>,
}

impl<'h> Reading<'h> {
    fn new(headers: &'h [String], roles: Option<&'h Roles>, rows_at_most: usize) -> Reading<'h> {
        let features = roles.map_or(0, |r| r.features.len());
        Reading {
            headers,
            roles,
            rows: 0,
            x: Features::with_capacity(features, rows_at_most),
            row: Vec::with_capacity(features),
            label_ids: Vec::with_capacity(rows_at_most),
            distinct: Distinct::default(),
            label_error: None,
            number_error: None,
        }
    }

    /// Reads up to [`BLOCK_ROWS`] more rows (between two reports of progress); false
    /// once the file is read.
    #[inline(never)]
    fn block<'a>(&mut self, reader: &mut csv::Reader<'a>, fields: &mut Vec<Cow<'a, str>>) -> Result<bool> {
        let cell = |line: u64, j: usize| Cell { line, column: j + 1, name: self.headers[j].clone() };
        for _ in 0..BLOCK_ROWS {
            let Some(line) = reader.strict_record(fields, self.headers.len())? else {
                return Ok(false);
            };
            self.rows += 1;
            let Some(roles) = self.roles else {
                continue;
            };
            if self.label_error.is_none() {
                match label(&fields[roles.target], || cell(line, roles.target)) {
                    Ok(text) => self.label_ids.push(self.distinct.id(text)),
                    Err(e) => self.label_error = Some(e),
                }
            }
            if self.number_error.is_none() {
                self.row.clear();
                for &j in &roles.features {
                    match parse_cell(&fields[j], || cell(line, j)) {
                        Ok(v) => self.row.push(v),
                        Err(e) => {
                            self.number_error = Some(e);
                            break;
                        }
                    }
                }
                if self.number_error.is_none() {
                    self.x.push_numbers(&self.row);
                }
            }
        }
        Ok(true)
    }
}

/// The distinct labels of a column in order of appearance, each with its index. A class
/// column has a few: they are looked for one by one, and in a map once there are many.
#[derive(Default)]
struct Distinct {
    names: Vec<String>,
    index: HashMap<String, u32>,
}

impl Distinct {
    const FEW: usize = 16;

    /// The index of `text`, given the next one if it is new.
    fn id(&mut self, text: &str) -> u32 {
        let known = if self.names.len() <= Distinct::FEW {
            self.names.iter().position(|n| n == text).map(|i| i as u32)
        } else {
            self.index.get(text).copied()
        };
        known.unwrap_or_else(|| {
            let id = u32::try_from(self.names.len()).unwrap_or(u32::MAX);
            self.names.push(text.to_string());
            self.index.insert(text.to_string(), id);
            id
        })
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

/// The least and greatest value of each column of `x`, in one pass over its rows.
pub fn column_ranges(x: &Features) -> Vec<(f64, f64)> {
    let mut ranges = vec![(f64::INFINITY, f64::NEG_INFINITY); x.cols()];
    let mut buffer = Vec::new();
    for from in (0..x.rows()).step_by(BLOCK_ROWS) {
        let block = x.block(from, (from + BLOCK_ROWS).min(x.rows()), &mut buffer);
        widen(&mut ranges, block.chunks_exact(x.cols().max(1)));
    }
    ranges
}

/// `ranges` widened to the values of a block of rows ([`BLOCK_ROWS`]); comparisons,
/// not f64::min and max, which WebAssembly calls a function for.
#[inline(never)]
fn widen<'r>(ranges: &mut [(f64, f64)], rows: impl Iterator<Item = &'r [f64]>) {
    for row in rows {
        for ((lo, hi), &v) in ranges.iter_mut().zip(row) {
            if v < *lo {
                *lo = v;
            }
            if v > *hi {
                *hi = v;
            }
        }
    }
}

/// A number from a cell, or an error naming the cell: empty, not a number, NaN or infinite.
pub fn parse_number(text: &str, cell: impl Fn() -> Cell) -> Result<f64> {
    parse_cell(text, cell).map(Number::value)
}

/// A cell's number as it was written: a short decimal, kept as its digits (see
/// [`Features`]), or any other number.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Number {
    Decimal(Decimal),
    Double(f64),
}

impl Number {
    pub fn value(self) -> f64 {
        match self {
            Number::Decimal(d) => d.value(),
            Number::Double(v) => v,
        }
    }
}

/// A short plain decimal, `-12.375`: a sign, at most 15 digits, and how many of them
/// follow the point.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Decimal {
    pub negative: bool,
    pub digits: u64,
    pub places: usize,
}

impl Decimal {
    /// The value `str::parse` gives, the same double, in a fraction of the time. The
    /// digits make an integer m < 10^15 < 2^53 and the point a power 10^k with k <= 15,
    /// both exact doubles, so that the one rounding of m / 10^k is the decimal's
    /// correctly rounded value (Clinger's fast path, which `str::parse` takes too).
    pub fn value(self) -> f64 {
        const POWERS: [f64; 16] =
            [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];
        let value = self.digits as f64 / POWERS[self.places];
        if self.negative {
            -value
        } else {
            value
        }
    }
}

/// [`parse_number`], keeping a short decimal's digits.
fn parse_cell(text: &str, cell: impl Fn() -> Cell) -> Result<Number> {
    if text.is_empty() {
        return Err(Error::EmptyCell(cell()));
    }
    if let Some(d) = short_decimal(text) {
        return Ok(Number::Decimal(d));
    }
    match text.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(Number::Double(v)),
        Ok(_) => Err(Error::NotFinite { cell: cell(), value: text.to_string() }),
        Err(_) => Err(Error::NotANumber { cell: cell(), value: text.to_string() }),
    }
}

/// The [`Decimal`] `text` writes, else `None`.
fn short_decimal(text: &str) -> Option<Decimal> {
    let (negative, digits) = match text.as_bytes() {
        [b'-', rest @ ..] => (true, rest),
        [b'+', rest @ ..] => (false, rest),
        rest => (false, rest),
    };
    if digits.is_empty() || digits.len() > 16 {
        return None;
    }
    let (mut mantissa, mut count, mut point) = (0u64, 0usize, None);
    for (i, &b) in digits.iter().enumerate() {
        match b {
            b'0'..=b'9' => {
                mantissa = mantissa * 10 + u64::from(b - b'0');
                count += 1;
            }
            b'.' if point.is_none() => point = Some(i),
            _ => return None,
        }
    }
    if count == 0 || count > 15 {
        return None;
    }
    let places = point.map_or(0, |p| digits.len() - 1 - p);
    Some(Decimal { negative, digits: mantissa, places })
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
            let numbered: Vec<(f64, String)> = numbers.into_iter().zip(classes).collect();
            // Equal numbers written differently (`1`, `1.0`) keep a fixed order too.
            let numbered = crate::order::sorted_by(&numbered, |a, b| a.0.total_cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
            classes = numbered.into_iter().map(|(_, c)| c).collect();
        }
        None => classes = crate::order::sorted_by(&classes, String::cmp),
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
