//! The gradient with the numbers plugged in: one training row's part in it,
//! the batch gradient, eta, and the change the next step makes to theta.
//!
//! Every neuron's gradient is the mean of per-row terms `x_i^T c_i`
//! (see `model::fold_rows`): for the logistic neuron `c_i = y_i - y_hat_i`, for
//! softmax `c_i = y_hat_i - y_i`, for squared error `-2 (y_i - y_hat_i) ...`.

use crate::data::prep::Part;
use crate::math::z_row;
use crate::newton::NewtonInfo;
use crate::settings::Optimizer;
use crate::train::Trainer;
use serde::{Deserialize, Serialize};

/// One training row, as the gradient sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RowTerm {
    /// Its index among the training rows, and in the data set as loaded.
    pub train_row: usize,
    pub data_row: usize,
    /// Feature values as loaded.
    pub raw: Vec<f64>,
    /// The row the neuron sees: bias first, standardized features.
    pub x: Vec<f64>,
    /// Target: one value (0 or 1) for a binary neuron, one-hot over K classes otherwise.
    pub y: Vec<f64>,
    pub z: Vec<f64>,
    pub y_hat: Vec<f64>,
    /// `c_i`, K values.
    pub factor: Vec<f64>,
    /// Whether `z > 0` (the step neuron's active side, where the slide's gradient lives).
    pub active: bool,
    /// This row's term of the gradient for the chosen output k, `x_ij c_ik`: D values.
    pub term: Vec<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Explanation {
    pub row: Option<RowTerm>,
    /// The output (column of theta) the vectors below belong to.
    pub output: usize,
    /// The batch gradient `(1/N) sum_i x_ij c_ik` for output k, with the penalty's part: D values.
    pub gradient: Vec<f64>,
    /// The penalty's part of each `gradient_j` (see [`crate::model::Penalty`]): D values,
    /// zero without a penalty and for the bias.
    pub penalty: Vec<f64>,
    /// The rows the gradient is over: every training row, or a batch of B.
    pub rows: usize,
    /// Whether `gradient` is of the next step's mini-batch rather than of every training row.
    pub mini_batch: bool,
    /// Eta for the next step.
    pub learning_rate: f64,
    /// `theta_next - theta = +eta * gradient` (ascent) or `-eta * gradient` (descent): D values;
    /// with Newton's method, the Newton step `+-A^-1 gradient` (before any halving).
    pub delta: Vec<f64>,
    pub ascent: bool,
    /// Newton's method: the curvature behind the next step.
    pub newton: Option<NewtonView>,
}

/// The Hessian behind the next Newton step, as the gradient panel shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewtonView {
    /// Its size, condition number and whether a ridge was added.
    pub info: NewtonInfo,
    /// The curvature `A = (1/N) X^T W X` (the Hessian of the objective to minimize;
    /// the log-likelihood's is `-A`), row-major, parameter `(j, k)` at `j K + k`:
    /// given when it has at most [`HESSIAN_SHOWN`] rows.
    pub hessian: Option<Vec<f64>>,
}

/// The largest Hessian the panel shows as a table; a larger one by its size and condition.
pub const HESSIAN_SHOWN: usize = 8;

/// Explains the current gradient of output `output` (0 for a binary neuron), with
/// `train_row` (an index among the training rows) in detail.
pub fn explain(trainer: &Trainer, train_row: Option<usize>, output: usize) -> Explanation {
    let theta = trainer.theta();
    let neuron = trainer.neuron();
    let prepared = trainer.prepared();
    let k = theta.cols();
    let output = output.min(k - 1);
    let row = train_row.filter(|&i| i < prepared.x(Part::Train).rows()).map(|i| {
        let x = prepared.x(Part::Train).row(i).to_vec();
        let y = crate::model::targets(&prepared.labels(Part::Train)[i..=i], k).into_vec();
        let mut z = vec![0.0; k];
        z_row(&x, theta, &mut z);
        let mut y_hat = vec![0.0; k];
        neuron.y_hat(theta, &x, &mut y_hat);
        let mut factor = vec![0.0; k];
        neuron.row(&z, &y, &mut factor);
        let term = x.iter().map(|&x_j| x_j * factor[output]).collect();
        let data_row = prepared.data_rows(Part::Train)[i];
        let raw = trainer.data().x.row(data_row);
        RowTerm { train_row: i, data_row, raw, x, y, active: z[0] > 0.0, z, y_hat, factor, term }
    });
    let gradient: Vec<f64> = trainer.gradient().iter_rows().map(|g_j| g_j[output]).collect();
    let mut penalty = crate::math::Matrix::zeros(theta.rows(), k);
    let first = usize::from(prepared.transform().bias);
    trainer.settings().penalty().add_gradient(theta, first, neuron.kind.goal(), &mut penalty);
    let learning_rate = trainer.next_learning_rate();
    let sign = neuron.kind.goal().sign();
    let newton = (trainer.settings().optimizer == Optimizer::Newton).then(|| trainer.newton_step()).flatten();
    let delta = match &newton {
        Some((step, _)) => step.iter_rows().map(|s_j| s_j[output]).collect(),
        None => gradient.iter().map(|g| sign * learning_rate * g).collect(),
    };
    let newton = newton.map(|(_, info)| NewtonView {
        info,
        hessian: (info.size <= HESSIAN_SHOWN).then(|| trainer.newton_curvature().into_vec()),
    });
    Explanation {
        row,
        output,
        newton,
        delta,
        gradient,
        penalty: penalty.iter_rows().map(|p_j| p_j[output]).collect(),
        rows: trainer.batch_rows(),
        mini_batch: trainer.steps_per_epoch() > 1,
        learning_rate,
        ascent: neuron.kind.ascent(),
    }
}
