//! The core's one error type. Every message names what a user can fix:
//! the line and column of a bad cell, the column that does not exist,
//! the setting that is out of range.

use std::fmt;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A cell's place in the file: 1-based line, 1-based column and its header name.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub line: u64,
    pub column: usize,
    pub name: String,
}

impl fmt::Display for Cell {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, column {} ('{}')", self.line, self.column, self.name)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Error {
    EmptyFile,
    HeaderOnly,
    NotUtf8 { line: u64, column: usize },
    MalformedCsv { line: u64, message: String },
    RaggedRow { line: u64, expected: usize, found: usize },
    DuplicateColumn { name: String, column: usize },
    EmptyCell(Cell),
    NotANumber { cell: Cell, value: String },
    NotFinite { cell: Cell, value: String },
    UnknownColumn { name: String, available: Vec<String> },
    NoFeatures,
    OneClass { target: String, class: String },
    UnknownClass { class: String, target: String, classes: Vec<String> },
    NotBinary { neuron: &'static str, target: String, classes: Vec<String> },
    TooFewRows { part: &'static str, rows: usize },
    InvalidSetting { name: &'static str, value: String, expected: &'static str },
    ThetaShape { expected: usize, found: usize },
    PointShape { expected: usize, found: usize },
    PointsNeedTwoFeatures,
    NoCsvWaiting,
    NoComparison,
    UnknownNeuron(String),
    UnknownDataset(String),
    BadModel(String),
    NothingToRewind { step: usize, last: usize },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::EmptyFile => write!(f, "the file is empty: expected a header row and data rows"),
            Error::HeaderOnly => write!(f, "the file has a header row but no data rows"),
            Error::NotUtf8 { line, column } => {
                write!(f, "line {line}, column {column}: the file is not UTF-8 text (is it a CSV file?)")
            }
            Error::MalformedCsv { line, message } => write!(f, "line {line}: malformed CSV: {message}"),
            Error::RaggedRow { line, expected, found } => {
                write!(f, "line {line}: expected {expected} fields like the header, found {found}")
            }
            Error::DuplicateColumn { name, column } => {
                write!(f, "line 1, column {column}: the column name '{name}' appears twice")
            }
            Error::EmptyCell(cell) => write!(f, "{cell}: empty cell, expected a number"),
            Error::NotANumber { cell, value } => {
                write!(f, "{cell}: '{value}' is not a number (drop the column if it is not a feature)")
            }
            Error::NotFinite { cell, value } => {
                write!(f, "{cell}: '{value}' is not a finite number")
            }
            Error::UnknownColumn { name, available } => {
                write!(f, "no column named '{name}'; the columns are: {}", quoted_list(available))
            }
            Error::NoFeatures => write!(f, "no feature columns are left after the target and the dropped columns"),
            Error::OneClass { target, class } => {
                write!(f, "the target '{target}' has only one class ('{class}'): a classifier needs at least two")
            }
            Error::UnknownClass { class, target, classes } => write!(
                f,
                "'{class}' is not a class of the target '{target}'; its classes are: {}",
                quoted_list(classes)
            ),
            Error::NotBinary { neuron, target, classes } => write!(
                f,
                "the {neuron} neuron separates two classes, but the target '{target}' has {} ({}): \
                 choose multi-logistic (K logistic outputs) or softmax",
                classes.len(),
                quoted_list(classes)
            ),
            Error::TooFewRows { part, rows } => {
                write!(f, "the {part} set would have {rows} rows: change the train fraction or add rows")
            }
            Error::InvalidSetting { name, value, expected } => {
                write!(f, "{name} = {value} is not allowed: expected {expected}")
            }
            Error::ThetaShape { expected, found } => {
                write!(f, "theta needs {expected} values (one per parameter), found {found}")
            }
            Error::PointShape { expected, found } => {
                write!(f, "a point needs {expected} feature values, found {found}")
            }
            Error::PointsNeedTwoFeatures => {
                write!(f, "points can be added to data sets of two features, shown as x and y")
            }
            Error::NoCsvWaiting => write!(f, "no CSV file is waiting to be used: upload one first"),
            Error::NoComparison => write!(f, "no second neuron to compare with"),
            Error::UnknownNeuron(name) => write!(
                f,
                "unknown neuron '{name}'; choose one of: linear, perceptron, logistic-se, logistic, \
                 multi-logistic, softmax"
            ),
            Error::UnknownDataset(name) => write!(f, "unknown built-in data set '{name}'"),
            Error::BadModel(message) => write!(f, "not a Neuron Lab model file: {message}"),
            Error::NothingToRewind { step, last } => {
                write!(f, "cannot rewind to step {step}: the history ends at step {last}")
            }
        }
    }
}

impl std::error::Error for Error {}

fn quoted_list(items: &[String]) -> String {
    items.iter().map(|s| format!("'{s}'")).collect::<Vec<_>>().join(", ")
}
