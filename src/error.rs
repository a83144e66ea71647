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
        write!(f, "line {}, column {} ('{}')", self.line, self.column, excerpt(&self.name))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Error {
    EmptyFile,
    HeaderOnly,
    NotUtf8 {
        line: u64,
        column: usize,
    },
    Utf16,
    UnterminatedQuote {
        line: u64,
        column: usize,
    },
    RaggedRow {
        line: u64,
        expected: usize,
        found: usize,
    },
    DuplicateColumn {
        name: String,
        column: usize,
    },
    LongName {
        column: usize,
        name: String,
    },
    EmptyCell(Cell),
    EmptyLabel(Cell),
    LongLabel {
        cell: Cell,
        label: String,
    },
    NotANumber {
        cell: Cell,
        value: String,
    },
    NotFinite {
        cell: Cell,
        value: String,
    },
    SpanTooLarge {
        column: usize,
        name: String,
        min: f64,
        max: f64,
    },
    TooFarOut {
        cell: Cell,
        value: String,
    },
    NoOutput {
        line: u64,
    },
    InFile {
        file: String,
        error: Box<Error>,
    },
    UnknownColumn {
        name: String,
        available: Vec<String>,
    },
    NoFeatures,
    OneClass {
        target: String,
        class: String,
    },
    UnknownClass {
        class: String,
        target: String,
        classes: Vec<String>,
    },
    NotBinary {
        neuron: &'static str,
        target: String,
        classes: Vec<String>,
        choices: Vec<&'static str>,
    },
    TooFewRows {
        part: &'static str,
        rows: usize,
    },
    InvalidSetting {
        name: &'static str,
        value: String,
        expected: &'static str,
    },
    NewtonUnsupported {
        neuron: &'static str,
        choices: Vec<&'static str>,
    },
    NewtonTooLarge {
        parameters: usize,
        max: usize,
    },
    UnknownPart(String),
    NoSuchClass {
        class: usize,
        classes: usize,
    },
    PointNotFinite {
        value: String,
    },
    NoSuchRow {
        row: usize,
        rows: usize,
    },
    ThetaNotFinite {
        value: String,
    },
    TooManyPoints {
        max: usize,
    },
    UnknownChart(String),
    NoSuchFeature {
        index: usize,
        features: usize,
    },
    NoPlot,
    PointsOutOfRange {
        points: usize,
        min: usize,
        max: usize,
    },
    LastTrainingRows,
    OutsidePlot,
    NoPointThere,
    Drawing(String),
    NoCanvas,
    ThetaShape {
        expected: usize,
        found: usize,
    },
    PointShape {
        expected: usize,
        found: usize,
    },
    PointsNeedTwoFeatures,
    /// Steps computed in the background for rows or trainers that have changed since.
    StaleSteps,
    /// A projector window's steps that do not follow from what it shows (it asks for them all again).
    OutOfStep,
    /// Prepared rows sent between threads whose pieces do not fit together.
    RowsDoNotFit,
    NoComparison,
    UnknownNeuron {
        name: String,
        known: Vec<&'static str>,
    },
    UnknownDataset(String),
    BadModel(String),
    NothingToRewind {
        step: usize,
        last: usize,
    },
    TooLarge {
        what: &'static str,
    },
    TooManyClasses {
        target: String,
        classes: usize,
        max: usize,
    },
    /// The objective surface asked for a component of theta that does not exist,
    /// or for one component on both axes.
    NoSuchComponent {
        index: usize,
        components: usize,
    },
    SameComponent,
    UnknownTransform {
        name: String,
        known: Vec<&'static str>,
    },
    SinNeedsTwoFeatures {
        features: usize,
    },
    TooManyColumns {
        features: usize,
        columns: usize,
        max: usize,
    },
    TransformsTooLarge {
        rows: usize,
        columns: usize,
        max: usize,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::EmptyFile => write!(f, "the file is empty: expected a header row and data rows"),
            Error::HeaderOnly => write!(f, "the file has a header row but no data rows"),
            Error::NotUtf8 { line, column } => {
                write!(f, "line {line}, column {column}: the file is not UTF-8 text (is it a CSV file?)")
            }
            Error::Utf16 => write!(f, "the file is UTF-16 text: save it as UTF-8 (\"CSV UTF-8\")"),
            Error::UnterminatedQuote { line, column } => write!(
                f,
                "line {line}, column {column}: a quote opens here and never closes, so every row after it \
                 would be one cell: close it or remove it"
            ),
            Error::RaggedRow { line, expected, found } => {
                write!(f, "line {line}: expected {expected} fields like the header, found {found}")
            }
            Error::DuplicateColumn { name, column } => {
                write!(f, "line 1, column {column}: the column name '{}' appears twice", excerpt(name))
            }
            Error::LongName { column, name } => write!(
                f,
                "line 1, column {column}: the column name '{}' has {} characters: at most {MAX_NAME_CHARS} are allowed",
                excerpt(name),
                name.chars().count()
            ),
            Error::EmptyCell(cell) => write!(f, "{cell}: empty cell, expected a number"),
            Error::EmptyLabel(cell) => write!(f, "{cell}: empty label: every row needs its class"),
            Error::LongLabel { cell, label } => write!(
                f,
                "{cell}: the label '{}' has {} characters: a class label may have at most {MAX_NAME_CHARS}",
                excerpt(label),
                label.chars().count()
            ),
            Error::NotANumber { cell, value } => {
                write!(f, "{cell}: '{}' is not a number (drop the column if it is not a feature)", excerpt(value))
            }
            Error::NotFinite { cell, value } => {
                write!(f, "{cell}: '{}' is not a finite number", excerpt(value))
            }
            Error::SpanTooLarge { column, name, min, max } => write!(
                f,
                "column {column} ('{}'): its values run from {min:e} to {max:e}, a span too large to compute with \
                 (above 1.8e308): rescale the column",
                excerpt(name)
            ),
            Error::TooFarOut { cell, value } => {
                write!(f, "{cell}: '{}' is too far from the training values to be standardized", excerpt(value))
            }
            Error::NoOutput { line } => {
                write!(f, "line {line}: the neuron's output for this row is not a number (its values are too large)")
            }
            Error::InFile { file, error } => write!(f, "{file}: {error}"),
            Error::UnknownColumn { name, available } => {
                write!(f, "no column named '{}'; the columns are: {}", excerpt(name), quoted_list(available))
            }
            Error::NoFeatures => write!(f, "no feature columns are left after the target and the dropped columns"),
            Error::OneClass { target, class } => {
                let (target, class) = (excerpt(target), excerpt(class));
                write!(f, "the target '{target}' has only one class ('{class}'): a classifier needs at least two")
            }
            Error::UnknownClass { class, target, classes } => write!(
                f,
                "'{}' is not a class of the target '{}'; its classes are: {}",
                excerpt(class),
                excerpt(target),
                quoted_list(classes)
            ),
            Error::NotBinary { neuron, target, classes, choices } => write!(
                f,
                "the {neuron} neuron separates two classes, but the target '{}' has {} ({}): \
                 choose {} (one output per class)",
                excerpt(target),
                classes.len(),
                quoted_list(classes),
                choices.join(" or ")
            ),
            Error::TooFewRows { part, rows } => {
                write!(f, "the {part} set would have {rows} rows: change the train fraction or add rows")
            }
            Error::InvalidSetting { name, value, expected } => {
                write!(f, "{name} = {value} is not allowed: expected {expected}")
            }
            Error::NewtonUnsupported { neuron, choices } => write!(
                f,
                "Newton's method is not offered for the {neuron} neuron (its objective is not the \
                 log-likelihood of its outputs): choose {} or the gradient optimizer",
                choices.join(" or ")
            ),
            Error::NewtonTooLarge { parameters, max } => write!(
                f,
                "Newton's method needs a Hessian of {parameters} x {parameters} here (D K parameters); \
                 it takes at most {max}: use the gradient optimizer"
            ),
            Error::UnknownPart(name) => {
                write!(f, "unknown part '{}': expected train or validation", excerpt(name))
            }
            Error::NoSuchClass { class, classes } => {
                write!(f, "class {class} does not exist: the classes are numbered 0 to {}", classes.saturating_sub(1))
            }
            Error::PointNotFinite { value } => write!(f, "a point's values must be finite numbers, not {value}"),
            Error::NoSuchRow { row, rows } => {
                write!(f, "row {row} is not in use: the data set has {rows} rows, numbered from 0")
            }
            Error::ThetaNotFinite { value } => write!(f, "theta's values must be finite numbers, not {value}"),
            Error::TooManyPoints { max } => {
                write!(f, "a data set of points takes at most {max} rows: remove some before adding more")
            }
            Error::UnknownChart(name) => {
                write!(f, "unknown chart '{}': expected activation, boundary, objective or roc", excerpt(name))
            }
            Error::NoSuchFeature { index, features } => {
                write!(f, "feature {index} does not exist: the data has {features} features, numbered from 0")
            }
            Error::NoPlot => write!(f, "draw the decision boundary first"),
            Error::PointsOutOfRange { points, min, max } => {
                write!(f, "points = {points} is not allowed: expected a whole number from {min} to {max}")
            }
            Error::LastTrainingRows => write!(f, "the last two training rows stay: a neuron needs at least two"),
            Error::OutsidePlot => write!(f, "click inside the plot to add a point"),
            Error::NoPointThere => write!(f, "no point there to remove"),
            Error::Drawing(message) => write!(f, "the chart could not be drawn: {message}"),
            Error::NoCanvas => write!(f, "the canvas has no 2-D context"),
            Error::ThetaShape { expected, found } => {
                write!(f, "theta needs {expected} values (one per parameter), found {found}")
            }
            Error::PointShape { expected, found } => {
                write!(f, "a point needs {expected} feature values, found {found}")
            }
            Error::PointsNeedTwoFeatures => {
                write!(f, "points can be added to data sets of two features, shown as x and y")
            }
            Error::RowsDoNotFit => write!(f, "the rows sent do not fit together: load the data again"),
            Error::StaleSteps => {
                write!(f, "the data or the neurons changed while training ran in the background: run it again")
            }
            Error::OutOfStep => {
                write!(f, "the projector window is out of step with the lab window: it asks for its steps again")
            }
            Error::NoComparison => write!(f, "no second neuron to compare with"),
            Error::UnknownNeuron { name, known } => {
                write!(f, "unknown neuron '{}'; choose one of: {}", excerpt(name), known.join(", "))
            }
            Error::UnknownDataset(name) => write!(f, "unknown built-in data set '{}'", excerpt(name)),
            Error::BadModel(message) => write!(f, "not a Neuron Lab model file: {message}"),
            Error::NothingToRewind { step, last } => {
                write!(f, "cannot rewind to step {step}: the history ends at step {last}")
            }
            Error::TooLarge { what } => write!(
                f,
                "{what} is not a finite number: the values are too large to compute with \
                 (standardize the features, rescale them, or use a smaller theta)"
            ),
            Error::TooManyClasses { target, classes, max } => write!(
                f,
                "the target '{}' has {classes} classes: at most {max} can be trained \
                 (is it a number rather than a class?)",
                excerpt(target)
            ),
            Error::NoSuchComponent { index, components } => {
                write!(f, "component {index} of θ does not exist: θ has {components} components, numbered from 0")
            }
            Error::SameComponent => write!(f, "the surface needs two different components of θ"),
            Error::UnknownTransform { name, known } => {
                write!(f, "unknown feature transform '{}'; choose from: {}", excerpt(name), known.join(", "))
            }
            Error::SinNeedsTwoFeatures { features } => write!(
                f,
                "sin(x) is offered for data sets of one or two features (this one has {features}): \
                 use square or product"
            ),
            Error::TooManyColumns { features, columns, max } => write!(
                f,
                "the feature transforms would turn {features} features into {columns} columns: at most {max} \
                 (drop some features or the products)"
            ),
            Error::TransformsTooLarge { rows, columns, max } => write!(
                f,
                "the feature transforms would make {rows} rows of {columns} columns, more than the {max} numbers \
                 they may take in memory: use fewer rows, fewer features or fewer transforms"
            ),
        }
    }
}

impl std::error::Error for Error {}

impl From<crate::chart::ChartError> for Error {
    fn from(e: crate::chart::ChartError) -> Error {
        Error::Drawing(e.0)
    }
}

impl Error {
    /// The same error, said to be about `file` (a whole-file error when a command reads two files).
    pub fn in_file(self, file: &str) -> Error {
        Error::InFile { file: excerpt(file), error: Box::new(self) }
    }
}

/// The longest column name or class label accepted: longer ones are refused, as no
/// table, legend or axis can show them.
pub const MAX_NAME_CHARS: usize = 1000;

/// How many characters of a cell a message quotes.
const EXCERPT_CHARS: usize = 80;

/// How many items of a list a message names.
const LIST_ITEMS: usize = 5;

/// A cell as a message quotes it: at most [`EXCERPT_CHARS`] characters, cut with "…",
/// and on one line (line breaks and other control characters escaped).
pub fn excerpt(text: &str) -> String {
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        if i == EXCERPT_CHARS {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// `'a', 'b', 'c', 'd', 'e' and 7 more`: the first few items, each quoted as an excerpt.
fn quoted_list(items: &[String]) -> String {
    let shown: Vec<String> = items.iter().take(LIST_ITEMS).map(|s| format!("'{}'", excerpt(s))).collect();
    match items.len().saturating_sub(LIST_ITEMS) {
        0 => shown.join(", "),
        more => format!("{} and {more} more", shown.join(", ")),
    }
}
