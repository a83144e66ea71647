//! The lecture's workflow, each step switchable: shuffle with a seed, split
//! 2/3 train and 1/3 validation, standardize with the *training* mean and
//! standard deviation, add a bias feature.

use super::derived::Derived;
use super::{Dataset, Features, BLOCK_ROWS};
use crate::error::{Error, Result};
use crate::math::{targets, Matrix};
use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

/// The random stream that shuffles rows; initial theta draws from its own stream,
/// so switching the shuffle off does not change the starting theta.
pub const SHUFFLE_STREAM: u64 = 0;
pub const INIT_STREAM: u64 = 1;
/// The stream that picks the rows a chart shows of a large data set.
pub const SHOWN_STREAM: u64 = 2;

/// The most rows a chart draws, over both parts; a larger data set is shown by a
/// sample of this many, stratified by class (training and metrics use every row).
pub const SHOWN_ROWS: usize = 2000;

pub fn rng(seed: u64, stream: u64) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(stream);
    rng
}

/// The fitted preparation: what was learnt from the training rows and is applied
/// unchanged to validation rows and to new rows to classify.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Transform {
    /// The neuron's features: the raw ones, then the derived ones (see [`Derived`]).
    pub feature_names: Vec<String>,
    pub standardize: bool,
    pub bias: bool,
    /// Training mean of each feature (0 when not standardizing).
    pub means: Vec<f64>,
    /// Training standard deviation (sample, N - 1) of each feature; 1 for a
    /// constant column, which is then only centred, and when not standardizing.
    pub stds: Vec<f64>,
    /// Features with the same value in every training row.
    pub constant_columns: Vec<String>,
    /// The derived columns computed from the raw features before standardizing
    /// (none in a model file written before there were any).
    #[serde(default)]
    pub derived: Derived,
}

impl Transform {
    pub fn fit(x_train: &Matrix, feature_names: &[String], standardize: bool, bias: bool) -> Transform {
        Transform::fit_on(&Columns::all(x_train), feature_names, standardize, bias)
    }

    /// [`Transform::fit`] on these columns.
    fn fit_on(columns: &Columns, feature_names: &[String], standardize: bool, bias: bool) -> Transform {
        let d = feature_names.len();
        let (mut means, mut stds) = (vec![0.0; d], vec![1.0; d]);
        let mut constant_columns = Vec::new();
        for (j, column) in column_stats(columns).into_iter().enumerate() {
            if column.constant {
                constant_columns.push(feature_names[j].clone());
            } else if standardize {
                stds[j] = column.std;
            }
            if standardize {
                means[j] = column.mean;
            }
        }
        let feature_names = feature_names.to_vec();
        Transform { feature_names, standardize, bias, means, stds, constant_columns, derived: Derived::NONE }
    }

    /// How many raw features a row to [`Transform::apply_row`] has (`None` when the
    /// names do not fit the derived columns: a forged model file).
    pub fn raw_features(&self) -> Option<usize> {
        self.derived.raw_features(self.feature_names.len())
    }

    /// The raw features' names: the columns a row to classify needs.
    pub fn raw_names(&self) -> &[String] {
        &self.feature_names[..self.raw_features().unwrap_or(self.feature_names.len())]
    }

    /// D: the features plus the bias column, if any.
    pub fn parameters(&self) -> usize {
        self.feature_names.len() + usize::from(self.bias)
    }

    /// The name of each parameter, in theta's row order: `bias` first.
    pub fn parameter_names(&self) -> Vec<String> {
        let bias = self.bias.then(|| "bias".to_string());
        bias.into_iter().chain(self.feature_names.iter().cloned()).collect()
    }

    /// One raw row to the row the neuron sees: `[1, (x_1 - mean_1) / std_1, ...]`,
    /// the derived columns (`x_1^2`, `x_1 x_2`, ...) computed from the raw values first.
    /// The one way from raw values to the neuron's row: training and validation rows,
    /// rows added by hand, rows to classify and the boundary chart's pixels.
    pub fn apply_row(&self, raw: &[f64], out: &mut [f64]) {
        let offset = usize::from(self.bias);
        if self.bias {
            out[0] = 1.0;
        }
        let features = &mut out[offset..];
        features[..raw.len()].copy_from_slice(raw);
        if !self.derived.is_none() {
            self.derived.extend_row(features, raw.len());
        }
        for ((v, mean), std) in features.iter_mut().zip(&self.means).zip(&self.stds) {
            *v = (*v - mean) / std;
        }
    }

    /// Rows of raw features, each after room for the bias (see [`Transform::gather`]),
    /// through [`Transform::apply_row`] where they are.
    fn apply_in_place(&self, x: &mut Matrix) {
        let width = self.parameters().max(1);
        for block in x.as_mut_slice().chunks_mut(BLOCK_ROWS * width) {
            self.apply_block(block, width);
        }
    }

    /// [`Transform::apply_in_place`] on a block of rows (see [`BLOCK_ROWS`]).
    #[inline(never)]
    fn apply_block(&self, block: &mut [f64], width: usize) {
        let offset = usize::from(self.bias);
        for row in block.chunks_exact_mut(width) {
            if self.bias {
                row[0] = 1.0;
            }
            for ((v, mean), std) in row[offset..].iter_mut().zip(&self.means).zip(&self.stds) {
                *v = (*v - mean) / std;
            }
        }
    }

    /// Rows `rows` of `x`, in that order, each after room for the bias if there is one
    /// and with room for the derived columns after it: gathered from the data set once,
    /// then derived, fitted and transformed where they lie.
    fn gather(x: &Features, rows: &[usize], bias: bool, derived: Derived) -> Matrix {
        let offset = usize::from(bias);
        let width = derived.columns(x.cols()) + offset;
        let mut out = Matrix::zeros(rows.len(), width);
        for (block, rows) in out.as_mut_slice().chunks_mut(BLOCK_ROWS * width.max(1)).zip(rows.chunks(BLOCK_ROWS)) {
            gather_block(block, x, rows, offset, width);
        }
        out
    }

    /// Fills the derived columns of gathered rows (see [`Transform::gather`]) from their
    /// raw values; refused when one is beyond the largest double (1e200 squared) or the
    /// values of one lie further apart than it (so every standardized value is finite).
    fn derive_in_place(x: &mut Matrix, raw: usize, offset: usize, derived: Derived) -> Result<()> {
        let width = x.cols();
        let mut ranges = vec![(f64::INFINITY, f64::NEG_INFINITY); width - offset - raw];
        for block in x.as_mut_slice().chunks_mut(BLOCK_ROWS * width.max(1)) {
            derive_block(block, width, offset, raw, derived, &mut ranges);
        }
        if ranges.iter().all(|(lo, hi)| x.rows() == 0 || (hi - lo).is_finite()) {
            Ok(())
        } else {
            Err(Error::TooLarge { what: "a derived feature (a square or a product of the features)" })
        }
    }

    pub fn apply(&self, x: &Matrix) -> Matrix {
        let mut out = Matrix::zeros(x.rows(), self.parameters());
        for i in 0..x.rows() {
            self.apply_row(x.row(i), out.row_mut(i));
        }
        out
    }

    /// Theta for raw, unscaled features: `theta_j / std_j`, and the bias absorbs
    /// `- sum_j theta_j mean_j / std_j`, so that `x_raw theta_raw = x_scaled theta`.
    /// Without a bias there is nothing to absorb the shift, so no such theta exists
    /// when standardizing: `None`. `None` too when a value would be beyond the largest
    /// double (a feature in units of 1e-320: theta / std overflows).
    pub fn theta_original_scale(&self, theta: &Matrix) -> Option<Matrix> {
        if self.standardize && !self.bias {
            return None;
        }
        let offset = usize::from(self.bias);
        let mut raw = theta.clone();
        for k in 0..theta.cols() {
            let mut shift = 0.0;
            for j in 0..self.feature_names.len() {
                let t = theta.get(offset + j, k) / self.stds[j];
                raw.set(offset + j, k, t);
                shift += t * self.means[j];
            }
            if self.bias {
                raw.set(0, k, theta.get(0, k) - shift);
            }
        }
        raw.as_slice().iter().all(|v| v.is_finite()).then_some(raw)
    }
}

/// The mean and the sample standard deviation (`N - 1`) of `values`, finite for any
/// finite values whose span is finite (up to 1.8e308 apart).
///
/// The values are first divided by a power of two near their largest magnitude, so
/// that each lies within (-2, 2) and no sum or square can overflow (1e308 + 1e308)
/// or underflow (1e-200 squared); dividing by a power of two is exact, so ordinary
/// columns get the same mean and deviation as the textbook formulas.
pub fn mean_and_std(values: &[f64]) -> (f64, f64) {
    let column = &column_stats(&Columns { values, width: 1, from: 0, to: 1 })[0];
    (column.mean, column.std)
}

/// Rows `rows` of `x` into `block` (rows `width` long), each at `offset` in its row.
#[inline(never)]
fn gather_block(block: &mut [f64], x: &Features, rows: &[usize], offset: usize, width: usize) {
    let end = offset + x.cols();
    for (out, &i) in block.chunks_exact_mut(width.max(1)).zip(rows) {
        x.copy_row(i, &mut out[offset..end]);
    }
}

/// [`Transform::derive_in_place`] on a block of rows, widening each derived column's range.
#[inline(never)]
fn derive_block(
    block: &mut [f64],
    width: usize,
    offset: usize,
    raw: usize,
    derived: Derived,
    ranges: &mut [(f64, f64)],
) {
    for row in block.chunks_exact_mut(width) {
        derived.extend_row(&mut row[offset..], raw);
    }
    super::widen(ranges, block.chunks_exact(width).map(|row| &row[offset + raw..]));
}

/// Adds rows `rows` of `x`, each value divided by `divisor`, to `sums`.
#[inline(never)]
fn add_rows(sums: &mut [f64], x: &Features, rows: &[usize], divisor: f64) {
    let mut row = vec![0.0; x.cols()];
    for &i in rows {
        x.copy_row(i, &mut row);
        for (s, &v) in sums.iter_mut().zip(&row) {
            *s += v / divisor;
        }
    }
}

/// Columns `from..to` of rows `width` numbers long, one after another in `values`.
struct Columns<'v> {
    values: &'v [f64],
    width: usize,
    from: usize,
    to: usize,
}

impl<'v> Columns<'v> {
    fn all(x: &'v Matrix) -> Columns<'v> {
        Columns { values: x.as_slice(), width: x.cols(), from: 0, to: x.cols() }
    }

    fn count(&self) -> usize {
        self.to - self.from
    }

    /// The rows in blocks of [`BLOCK_ROWS`].
    fn blocks(&self) -> impl Iterator<Item = &'v [f64]> {
        self.values.chunks(BLOCK_ROWS * self.width.max(1))
    }

    /// The rows of a block, each cut to these columns.
    fn rows<'b>(&self, block: &'b [f64]) -> impl Iterator<Item = &'b [f64]> + use<'b> {
        let (from, to) = (self.from, self.to);
        block.chunks_exact(self.width.max(1)).map(move |row| &row[from..to])
    }
}

/// A column's [`mean_and_std`], and whether it holds one value only.
struct ColumnStats {
    mean: f64,
    std: f64,
    constant: bool,
}

/// [`mean_and_std`] of each column. Each pass goes along the rows, adding to every
/// column's sum in turn: the same sums in the same order as a column at a time,
/// without jumping through memory (a column at a time, a million shuffled rows of 16
/// features took half a second).
fn column_stats(columns: &Columns) -> Vec<ColumnStats> {
    let d = columns.count();
    let n = columns.values.len().checked_div(columns.width).unwrap_or(0);
    let (mut largest, mut constant) = (vec![0.0_f64; d], vec![true; d]);
    let first = columns.values.get(columns.from..columns.to).unwrap_or_default();
    for block in columns.blocks() {
        columns.largest_and_constant(block, first, &mut largest, &mut constant);
    }
    // 2^e <= largest < 2^(e + 1); 2^-1022 (the least normal power) for subnormal columns.
    // A column of zeros (or of no rows, or not finite) has mean and deviation 0.
    let scales: Vec<Option<f64>> = largest
        .iter()
        .map(|&l| {
            (n > 0 && l != 0.0 && l.is_finite()).then(|| 2.0_f64.powi((l.log2().floor() as i32).clamp(-1022, 1023)))
        })
        .collect();
    let scale: Vec<f64> = scales.iter().map(|s| s.unwrap_or(1.0)).collect();
    let mut sums = vec![0.0; d];
    for block in columns.blocks() {
        columns.add_scaled(block, &scale, &mut sums);
    }
    let means_scaled: Vec<f64> = sums.iter().map(|s| s / n as f64).collect();
    let mut squares = vec![0.0; d];
    for block in columns.blocks() {
        columns.add_squares(block, &scale, &means_scaled, &mut squares);
    }
    (0..d)
        .map(|j| match scales[j] {
            None => ColumnStats { mean: 0.0, std: 0.0, constant: constant[j] },
            Some(scale) => ColumnStats {
                mean: (means_scaled[j] * scale).clamp(-f64::MAX, f64::MAX),
                std: ((squares[j] / (n.max(2) - 1) as f64).sqrt() * scale).min(f64::MAX),
                constant: constant[j],
            },
        })
        .collect()
}

/// The passes of [`column_stats`] over one block of rows each.
impl Columns<'_> {
    #[inline(never)]
    fn largest_and_constant(&self, block: &[f64], first: &[f64], largest: &mut [f64], constant: &mut [bool]) {
        for row in self.rows(block) {
            for (((l, c), &v), &f) in largest.iter_mut().zip(constant.iter_mut()).zip(row).zip(first) {
                // A comparison, not f64::max, which WebAssembly calls a function for.
                if v.abs() > *l {
                    *l = v.abs();
                }
                *c &= v == f;
            }
        }
    }

    #[inline(never)]
    fn add_divided(&self, block: &[f64], divisor: f64, sums: &mut [f64]) {
        for row in self.rows(block) {
            for (s, &v) in sums.iter_mut().zip(row) {
                *s += v / divisor;
            }
        }
    }

    #[inline(never)]
    fn add_scaled(&self, block: &[f64], scale: &[f64], sums: &mut [f64]) {
        for row in self.rows(block) {
            for ((s, &v), &scale) in sums.iter_mut().zip(row).zip(scale) {
                *s += v / scale;
            }
        }
    }

    #[inline(never)]
    fn add_squares(&self, block: &[f64], scale: &[f64], means_scaled: &[f64], squares: &mut [f64]) {
        for row in self.rows(block) {
            for (((s, &v), &scale), &mean) in squares.iter_mut().zip(row).zip(scale).zip(means_scaled) {
                *s += (v / scale - mean).powi(2);
            }
        }
    }
}

/// The workflow's switches.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Workflow {
    pub shuffle: bool,
    pub seed: u64,
    pub train_fraction: f64,
    pub standardize: bool,
    pub bias: bool,
    /// Derived columns added before standardizing (see [`Derived`]).
    #[serde(default)]
    pub features: Derived,
}

/// Which rows to evaluate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Part {
    Train,
    Validation,
}

impl Part {
    /// "train" or "validation", as the page names them.
    pub fn parse(name: &str) -> Result<Part> {
        match name {
            "train" => Ok(Part::Train),
            "validation" => Ok(Part::Validation),
            _ => Err(Error::UnknownPart(name.to_string())),
        }
    }

    /// "training" or "validation", as a chart or table says it.
    pub fn describe(self) -> &'static str {
        match self {
            Part::Train => "training",
            Part::Validation => "validation",
        }
    }
}

/// The data set and its training and validation rows, ready for a neuron: the one
/// copy of the rows a session holds, shared by its trainers. Rows are added and
/// removed only through [`Prepared::add_row`] and [`Prepared::remove_row`], which
/// keep the data set, the split and the prepared matrices in step.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// Tells these rows from any other rows this program prepared (see [`Prepared::id`]).
    id: u64,
    /// The rows as loaded, and those added by hand.
    data: Dataset,
    x_train: Matrix,
    labels_train: Vec<usize>,
    x_validation: Matrix,
    labels_validation: Vec<usize>,
    /// For each prepared row, its index in the data set.
    train_rows: Vec<usize>,
    validation_rows: Vec<usize>,
    transform: Transform,
    /// Y of each part, for one output (0/1) and for K (one-hot): made when a trainer
    /// first asks, and shared by every trainer on these rows.
    targets: [[OnceLock<Matrix>; 2]; 2],
    /// The rows of each part a chart shows (see [`Prepared::shown`]), made once.
    shown: [OnceLock<Vec<usize>>; 2],
    /// See [`Prepared::training_means`] and [`Prepared::ranges`], made once.
    training_means: OnceLock<Vec<f64>>,
    ranges: OnceLock<Vec<(f64, f64)>>,
    /// The workflow the rows were prepared with (its seed also draws the shown rows).
    workflow: Workflow,
}

/// Two preparations are equal when their rows are, whatever their ids.
impl PartialEq for Prepared {
    fn eq(&self, other: &Prepared) -> bool {
        self.data == other.data
            && self.train_rows == other.train_rows
            && self.validation_rows == other.validation_rows
            && self.transform == other.transform
            && self.workflow == other.workflow
            && self.x_train == other.x_train
            && self.x_validation == other.x_validation
    }
}

/// A [`Prepared`] taken apart, to be put together again exactly elsewhere (the page's
/// worker prepares the rows of a file it read; the page's rows go to the worker to
/// train on): the data set, which rows are in which part, the fitted transform, and
/// the rows it made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Parts {
    pub data: Dataset,
    pub train_rows: Vec<usize>,
    pub validation_rows: Vec<usize>,
    pub transform: Transform,
    pub workflow: Workflow,
    pub x_train: Matrix,
    pub x_validation: Matrix,
}

/// What the charts need of every row, made with the rows (see [`Prepared::summaries`]).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Summaries {
    pub training_means: Option<Vec<f64>>,
    pub ranges: Option<Vec<(f64, f64)>>,
}

/// Each column's mean over N rows, `add(sums, divisor)` adding every row's values /
/// divisor to `sums` in the rows' order (from -0.0, as Rust's sum starts); where the
/// plain sum overflows (values near 1e308), the sum of the values / N.
fn means(n: usize, d: usize, add: impl Fn(&mut [f64], f64)) -> Vec<f64> {
    let sums = |divisor: f64| {
        let mut sums = vec![-0.0; d];
        add(&mut sums, divisor);
        sums
    };
    let n = n.max(1) as f64;
    let plain: Vec<f64> = sums(1.0).iter().map(|s| s / n).collect();
    if plain.iter().all(|m| m.is_finite()) {
        return plain;
    }
    plain.into_iter().zip(sums(n)).map(|(plain, small)| if plain.is_finite() { plain } else { small }).collect()
}

/// A new [`Prepared::id`].
fn next_id() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

impl Prepared {
    pub fn new(data: Dataset, workflow: &Workflow) -> Result<Prepared> {
        let n = data.rows();
        let mut order: Vec<usize> = (0..n).collect();
        if workflow.shuffle {
            order.shuffle(&mut rng(workflow.seed, SHUFFLE_STREAM));
        }
        // ceil(2/3 N), with a little slack so that 0.07 * 100 (6.0000000000000009) is 7.
        let n_train = ((workflow.train_fraction * n as f64 - 1e-9).ceil() as usize).min(n);
        if n_train < 2 {
            return Err(Error::TooFewRows { part: "training", rows: n_train });
        }
        if workflow.train_fraction < 1.0 && n_train == n {
            return Err(Error::TooFewRows { part: "validation", rows: 0 });
        }
        // The order cut in two where it lies (a million indices are not copied).
        let validation_rows = order.split_off(n_train);
        order.shrink_to_fit();
        let train_rows = order;
        let (derived, raw) = (workflow.features, data.x.cols());
        derived.check(raw)?;
        let columns = derived.columns(raw);
        if !derived.is_none() && n.saturating_mul(columns) > super::derived::MAX_NUMBERS {
            return Err(Error::TransformsTooLarge { rows: n, columns, max: super::derived::MAX_NUMBERS });
        }
        let (mut x_train, mut x_validation) = (
            Transform::gather(&data.x, &train_rows, workflow.bias, derived),
            Transform::gather(&data.x, &validation_rows, workflow.bias, derived),
        );
        let (width, from) = (x_train.cols(), usize::from(workflow.bias));
        if !derived.is_none() {
            Transform::derive_in_place(&mut x_train, raw, from, derived)?;
            Transform::derive_in_place(&mut x_validation, raw, from, derived)?;
        }
        let columns = Columns { values: x_train.as_slice(), width, from, to: width };
        let names = derived.feature_names(&data.feature_names);
        let mut transform = Transform::fit_on(&columns, &names, workflow.standardize, workflow.bias);
        transform.derived = derived;
        // What the charts need of every raw feature, while the rows are at hand in order
        // (the same sums as Prepared::training_means adds: the training rows' order).
        let features = Columns { to: from + raw, ..columns };
        let training_means = means(train_rows.len(), features.count(), |sums, divisor| {
            for block in features.blocks() {
                features.add_divided(block, divisor, sums);
            }
        });
        let mut ranges = vec![(f64::INFINITY, f64::NEG_INFINITY); features.count()];
        for part in [features, Columns { values: x_validation.as_slice(), width, from, to: from + raw }] {
            for block in part.blocks() {
                super::widen(&mut ranges, part.rows(block));
            }
        }
        transform.apply_in_place(&mut x_train);
        transform.apply_in_place(&mut x_validation);
        let prepared = Prepared::from_parts(Parts {
            x_train,
            x_validation,
            train_rows,
            validation_rows,
            transform,
            data,
            workflow: workflow.clone(),
        })?;
        prepared.keep_summaries(Summaries { training_means: Some(training_means), ranges: Some(ranges) });
        Ok(prepared)
    }

    /// The rows of `parts`, as they were taken apart (see [`Prepared::parts`]); refused
    /// when the parts do not fit together (a row index beyond the data set, matrices
    /// of another shape than the split and the transform say).
    pub fn from_parts(parts: Parts) -> Result<Prepared> {
        let Parts { data, train_rows, validation_rows, transform, workflow, x_train, x_validation } = parts;
        let d = transform.parameters();
        let fits = train_rows.iter().chain(&validation_rows).all(|&i| i < data.rows())
            && transform.raw_features() == Some(data.x.cols())
            && transform.means.len() == transform.feature_names.len()
            && (x_train.rows(), x_train.cols()) == (train_rows.len(), d)
            && (x_validation.rows(), x_validation.cols()) == (validation_rows.len(), d);
        if !fits {
            return Err(Error::RowsDoNotFit);
        }
        Ok(Prepared {
            id: next_id(),
            x_train,
            labels_train: train_rows.iter().map(|&i| data.labels[i]).collect(),
            x_validation,
            labels_validation: validation_rows.iter().map(|&i| data.labels[i]).collect(),
            train_rows,
            validation_rows,
            transform,
            data,
            targets: Default::default(),
            shown: Default::default(),
            training_means: Default::default(),
            ranges: Default::default(),
            workflow,
        })
    }

    /// These rows taken apart (a copy): see [`Prepared::from_parts`].
    pub fn parts(&self) -> Parts {
        self.clone().into_parts()
    }

    /// These rows taken apart.
    pub fn into_parts(self) -> Parts {
        Parts {
            data: self.data,
            train_rows: self.train_rows,
            validation_rows: self.validation_rows,
            transform: self.transform,
            workflow: self.workflow,
            x_train: self.x_train,
            x_validation: self.x_validation,
        }
    }

    /// The workflow the rows were prepared with.
    pub fn workflow(&self) -> &Workflow {
        &self.workflow
    }

    /// Which rows these are: a number no other rows prepared by this program have had,
    /// new whenever a row is added or removed (so a worker tells whether it has them).
    pub fn id(&self) -> u64 {
        self.id
    }

    /// The rows of `part` a chart shows, as indices among the part's rows, ascending:
    /// all of them when the data set has at most [`SHOWN_ROWS`] rows; otherwise the
    /// part's share of [`SHOWN_ROWS`], drawn from the seed and stratified by class
    /// (each class its share, and at least one row), the same on every call.
    pub fn shown(&self, part: Part) -> &[usize] {
        self.shown[usize::from(part == Part::Validation)].get_or_init(|| {
            let labels = self.labels(part);
            let total = self.train_rows.len() + self.validation_rows.len();
            if total <= SHOWN_ROWS {
                return (0..labels.len()).collect();
            }
            let budget = (SHOWN_ROWS as f64 * labels.len() as f64 / total as f64).round() as usize;
            let mut by_class: Vec<Vec<usize>> = vec![Vec::new(); self.data.classes()];
            for (i, &label) in labels.iter().enumerate() {
                by_class[label].push(i);
            }
            let mut rng = rng(self.workflow.seed, SHOWN_STREAM);
            let mut shown = Vec::with_capacity(budget + by_class.len());
            for rows in by_class.iter_mut().filter(|rows| !rows.is_empty()) {
                let share = (budget as f64 * rows.len() as f64 / labels.len() as f64).round() as usize;
                let take = share.clamp(1, rows.len());
                shown.extend_from_slice(rows.partial_shuffle(&mut rng, take).0);
            }
            crate::order::sorted_by(&shown, usize::cmp)
        })
    }

    /// How many rows the charts show, of how many: `(shown, all)` over both parts.
    pub fn shown_of(&self) -> (usize, usize) {
        let all = self.train_rows.len() + self.validation_rows.len();
        (self.shown(Part::Train).len() + self.shown(Part::Validation).len(), all)
    }

    /// The training mean of each raw feature, whatever the standardize switch says
    /// (where the plain sum overflows, values near 1e308, the sum of the values / N).
    pub fn training_means(&self) -> &[f64] {
        self.training_means.get_or_init(|| {
            let (x, train) = (&self.data.x, &self.train_rows);
            means(train.len(), x.cols(), |sums, divisor| {
                for rows in train.chunks(BLOCK_ROWS) {
                    add_rows(sums, x, rows, divisor);
                }
            })
        })
    }

    /// The least and greatest value of each raw feature over every row (what a chart's
    /// axes cover; the values are finite, see [`Dataset::from_csv`]).
    pub fn ranges(&self) -> &[(f64, f64)] {
        self.ranges.get_or_init(|| super::column_ranges(&self.data.x))
    }

    /// [`Prepared::training_means`] and [`Prepared::ranges`], those made so far (to go
    /// with the rows to another thread, which then need not make them again).
    pub fn summaries(&self) -> Summaries {
        Summaries { training_means: self.training_means.get().cloned(), ranges: self.ranges.get().cloned() }
    }

    /// Takes `summaries` made for these rows (see [`Prepared::summaries`]); any that
    /// do not fit the features (forged) are left to be made again.
    pub fn keep_summaries(&self, summaries: Summaries) {
        let d = self.data.feature_names.len();
        if let Some(means) = summaries.training_means.filter(|m| m.len() == d && m.iter().all(|v| v.is_finite())) {
            let _ = self.training_means.set(means);
        }
        let fits = |r: &Vec<(f64, f64)>| r.len() == d && r.iter().all(|(lo, hi)| lo <= hi && (hi - lo).is_finite());
        if let Some(ranges) = summaries.ranges.filter(fits) {
            let _ = self.ranges.set(ranges);
        }
    }

    /// The data set: the rows as loaded, and those added by hand.
    pub fn data(&self) -> &Dataset {
        &self.data
    }

    /// What was learnt from the training rows, applied to every row.
    pub fn transform(&self) -> &Transform {
        &self.transform
    }

    /// Y of `part` for a neuron of `outputs` outputs (see [`targets`]).
    pub fn targets(&self, part: Part, outputs: usize) -> &Matrix {
        let slot = &self.targets[usize::from(part == Part::Validation)][usize::from(outputs != 1)];
        slot.get_or_init(|| targets(self.labels(part), outputs))
    }

    pub fn x(&self, part: Part) -> &Matrix {
        match part {
            Part::Train => &self.x_train,
            Part::Validation => &self.x_validation,
        }
    }

    pub fn labels(&self, part: Part) -> &[usize] {
        match part {
            Part::Train => &self.labels_train,
            Part::Validation => &self.labels_validation,
        }
    }

    /// For each row of `part`, its index in the data set.
    pub fn data_rows(&self, part: Part) -> &[usize] {
        match part {
            Part::Train => &self.train_rows,
            Part::Validation => &self.validation_rows,
        }
    }

    /// Where data-set row `data_row` is: its part and its index among that part's rows.
    pub fn locate(&self, data_row: usize) -> Option<(Part, usize)> {
        [Part::Train, Part::Validation]
            .into_iter()
            .find_map(|part| self.data_rows(part).iter().position(|&r| r == data_row).map(|i| (part, i)))
    }

    /// Adds a training row (raw feature values and its class), scaled with the fitted
    /// transform (which stays as it was: the new row does not move the mean).
    pub fn add_row(&mut self, raw: &[f64], label: usize) -> Result<()> {
        let features = self.data.feature_names.len();
        if raw.len() != features {
            return Err(Error::PointShape { expected: features, found: raw.len() });
        }
        if label >= self.data.classes() {
            return Err(Error::NoSuchClass { class: label, classes: self.data.classes() });
        }
        if let Some(bad) = raw.iter().find(|v| !v.is_finite()) {
            return Err(Error::PointNotFinite { value: bad.to_string() });
        }
        let mut scaled = vec![0.0; self.transform.parameters()];
        self.transform.apply_row(raw, &mut scaled);
        if !scaled.iter().all(|v| v.is_finite()) {
            let what = if self.transform.derived.is_none() {
                "the point, standardized"
            } else {
                "the point, derived and standardized"
            };
            return Err(Error::TooLarge { what });
        }
        self.data.x.push_row(raw);
        self.data.labels.push(label);
        self.train_rows.push(self.data.rows() - 1);
        self.x_train.push_row(&scaled);
        self.labels_train.push(label);
        self.targets = Default::default();
        self.shown = Default::default();
        self.training_means = Default::default();
        self.ranges = Default::default();
        self.id = next_id();
        Ok(())
    }

    /// Removes data-set row `data_row` from its part and from the data set (later rows
    /// move up one). The last two training rows stay: a neuron needs them.
    pub fn remove_row(&mut self, data_row: usize) -> Result<()> {
        match self.locate(data_row) {
            Some((Part::Train, _)) if self.train_rows.len() <= 2 => return Err(Error::LastTrainingRows),
            Some((Part::Train, i)) => {
                self.train_rows.remove(i);
                self.x_train.remove_row(i);
                self.labels_train.remove(i);
            }
            Some((Part::Validation, i)) => {
                self.validation_rows.remove(i);
                self.x_validation.remove_row(i);
                self.labels_validation.remove(i);
            }
            None => return Err(Error::NoSuchRow { row: data_row, rows: self.data.rows() }),
        }
        self.data.x.remove_row(data_row);
        self.data.labels.remove(data_row);
        for r in self.train_rows.iter_mut().chain(self.validation_rows.iter_mut()) {
            if *r > data_row {
                *r -= 1;
            }
        }
        self.targets = Default::default();
        self.shown = Default::default();
        self.training_means = Default::default();
        self.ranges = Default::default();
        self.id = next_id();
        Ok(())
    }
}
