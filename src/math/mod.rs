//! Plain math on the ground floor: the matrix and the functions the slides name
//! (sigmoid, log_sigmoid, step, log_sum_exp, softmax, argmax), and the `exp` and
//! `ln_1p` they are computed with. Data, metrics, neurons and charts import from
//! here, never from each other.

pub mod activation;
pub mod elementary;
pub mod matrix;
pub mod solve;

pub use activation::{argmax, log_sigmoid, log_sum_exp, sigmoid, softmax, step, Activation};
pub use matrix::{dot, row_times, scaled_dot, targets, z_row, Matrix};
