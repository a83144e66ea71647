//! A dense row-major matrix: just enough linear algebra to write the
//! slides' `X theta` and `X^T (Y - Y_hat)` as plain loops over rows.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Matrix {
    rows: usize,
    cols: usize,
    data: Vec<f64>,
}

impl Matrix {
    pub fn zeros(rows: usize, cols: usize) -> Self {
        Matrix { rows, cols, data: vec![0.0; rows * cols] }
    }

    /// Panics if `data.len() != rows * cols`: a programming error, never user input.
    pub fn from_vec(rows: usize, cols: usize, data: Vec<f64>) -> Self {
        assert_eq!(data.len(), rows * cols, "matrix data does not fit {rows} x {cols}");
        Matrix { rows, cols, data }
    }

    pub fn rows(&self) -> usize {
        self.rows
    }

    pub fn cols(&self) -> usize {
        self.cols
    }

    pub fn as_slice(&self) -> &[f64] {
        &self.data
    }

    pub fn as_mut_slice(&mut self) -> &mut [f64] {
        &mut self.data
    }

    pub fn into_vec(self) -> Vec<f64> {
        self.data
    }

    pub fn row(&self, i: usize) -> &[f64] {
        &self.data[i * self.cols..(i + 1) * self.cols]
    }

    pub fn row_mut(&mut self, i: usize) -> &mut [f64] {
        &mut self.data[i * self.cols..(i + 1) * self.cols]
    }

    pub fn iter_rows(&self) -> std::slice::ChunksExact<'_, f64> {
        // chunks_exact panics on a zero size; a matrix with no columns has no rows to visit.
        self.data.chunks_exact(self.cols.max(1))
    }

    pub fn get(&self, i: usize, j: usize) -> f64 {
        self.data[i * self.cols + j]
    }

    pub fn set(&mut self, i: usize, j: usize, value: f64) {
        self.data[i * self.cols + j] = value;
    }

    /// Appends a row; `row.len()` must be the number of columns.
    pub fn push_row(&mut self, row: &[f64]) {
        assert_eq!(row.len(), self.cols, "a row of {} values for {} columns", row.len(), self.cols);
        self.data.extend_from_slice(row);
        self.rows += 1;
    }

    /// Removes row `i`.
    pub fn remove_row(&mut self, i: usize) {
        self.data.drain(i * self.cols..(i + 1) * self.cols);
        self.rows -= 1;
    }

    /// The rows at `indices`, in that order.
    pub fn select_rows(&self, indices: &[usize]) -> Matrix {
        let mut data = Vec::with_capacity(indices.len() * self.cols);
        for &i in indices {
            data.extend_from_slice(self.row(i));
        }
        Matrix { rows: indices.len(), cols: self.cols, data }
    }

    /// The Euclidean (Frobenius) norm of all entries, finite for any finite values
    /// whose norm is (the plain sum of squares overflows for entries above 1e154).
    pub fn norm(&self) -> f64 {
        let values = &self.data;
        let plain = values.iter().map(|v| v * v).sum::<f64>().sqrt();
        if plain.is_finite() {
            return plain;
        }
        let largest = values.iter().fold(0.0f64, |m, v| m.max(v.abs()));
        if largest == 0.0 || !largest.is_finite() {
            return largest;
        }
        largest * values.iter().map(|v| (v / largest).powi(2)).sum::<f64>().sqrt()
    }

    /// `self += factor * other`, entry by entry.
    pub fn add_scaled(&mut self, factor: f64, other: &Matrix) {
        debug_assert_eq!((self.rows, self.cols), (other.rows, other.cols));
        for (a, b) in self.data.iter_mut().zip(&other.data) {
            *a += factor * b;
        }
    }
}

/// `x_i theta_k` for every output k of one row: z_k = sum_j x_ij theta_jk.
/// `theta` is D x K row-major, so this walks it once.
#[inline]
pub fn row_times(x_i: &[f64], theta: &Matrix, z: &mut [f64]) {
    z.fill(0.0);
    for (&x_ij, theta_j) in x_i.iter().zip(theta.iter_rows()) {
        for (z_k, &t) in z.iter_mut().zip(theta_j) {
            *z_k += x_ij * t;
        }
    }
}

/// The dot product, with four running sums so the compiler can vectorize it.
#[inline(always)]
pub fn dot(a: &[f64], b: &[f64]) -> f64 {
    let mut sums = [0.0; 4];
    let (a4, a_rest) = a.split_at(a.len() - a.len() % 4);
    let (b4, b_rest) = b.split_at(a4.len());
    for (ca, cb) in a4.chunks_exact(4).zip(b4.chunks_exact(4)) {
        for k in 0..4 {
            sums[k] += ca[k] * cb[k];
        }
    }
    let mut total = (sums[0] + sums[1]) + (sums[2] + sums[3]);
    for (x, y) in a_rest.iter().zip(b_rest) {
        total += x * y;
    }
    total
}

/// `z = x_i theta` for one row: K values, `z_k = sum_j x_ij theta_jk`. For a finite row
/// and a finite theta, never NaN: where the plain sum is not finite (terms near 1e308 of
/// both signs give `inf - inf`), output k is recomputed with the row and theta's column
/// scaled by their largest entries, so z is its true value or, beyond the largest
/// double, infinite with its sign.
#[inline]
pub fn z_row(x_i: &[f64], theta: &Matrix, z: &mut [f64]) {
    // One output: the training pass's sums (model::fold), so a row's z is the same there.
    if let [z_0] = z {
        *z_0 = dot(x_i, theta.as_slice());
    } else {
        row_times(x_i, theta, z);
    }
    for (k, z_k) in z.iter_mut().enumerate() {
        if !z_k.is_finite() {
            *z_k = scaled_dot(x_i.iter().copied().zip(theta.iter_rows().map(|theta_j| theta_j[k])));
        }
    }
}

/// `sum_j a_j b_j` for finite pairs whose plain sum overflows: with `s = max |a_j|` and
/// `t = max |b_j|`, `s t sum_j (a_j / s)(b_j / t)`; each term is at most 1, so the sum is
/// finite, and the product with `s t` is finite or infinite with its sign, never NaN.
/// A NaN or infinite entry gives NaN or infinity, as the plain sum does.
pub fn scaled_dot(pairs: impl Iterator<Item = (f64, f64)> + Clone) -> f64 {
    let largest = |values: &mut dyn Iterator<Item = f64>| values.fold(0.0f64, |m, v| m.max(v.abs()));
    let s = largest(&mut pairs.clone().map(|p| p.0));
    let t = largest(&mut pairs.clone().map(|p| p.1));
    if !(s.is_finite() && t.is_finite()) {
        return pairs.map(|(a, b)| a * b).sum();
    }
    if s == 0.0 || t == 0.0 {
        return 0.0;
    }
    let sum: f64 = pairs.map(|(a, b)| (a / s) * (b / t)).sum();
    if sum == 0.0 {
        return 0.0;
    }
    // s t may overflow where sum s t does not (sum < 1): then multiply one at a time.
    // An order that stays finite is the true value; if none does, z overflows.
    let orders = [sum * (s * t), (sum * s) * t, (sum * t) * s];
    orders.into_iter().find(|v| v.is_finite()).unwrap_or(orders[0])
}

/// Y for a neuron: N x 1 of 0/1 (1 = the positive class) for a binary neuron,
/// N x K one-hot rows for K outputs.
pub fn targets(labels: &[usize], outputs: usize) -> Matrix {
    let mut y = Matrix::zeros(labels.len(), outputs);
    for (i, &label) in labels.iter().enumerate() {
        if outputs == 1 {
            y.set(i, 0, label as f64);
        } else {
            y.set(i, label, 1.0);
        }
    }
    y
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_matches_the_plain_sum_for_every_remainder() {
        for n in 0..11 {
            let a: Vec<f64> = (0..n).map(|i| i as f64 + 0.5).collect();
            let b: Vec<f64> = (0..n).map(|i| 2.0 - i as f64).collect();
            let plain: f64 = a.iter().zip(&b).map(|(x, y)| x * y).sum();
            assert!((dot(&a, &b) - plain).abs() < 1e-12, "n = {n}");
        }
    }

    #[test]
    fn row_times_is_x_theta() {
        let theta = Matrix::from_vec(3, 2, vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
        let mut z = [0.0; 2];
        row_times(&[1.0, 0.5, -1.0], &theta, &mut z);
        assert_eq!(z, [1.0 + 1.5 - 5.0, 2.0 + 2.0 - 6.0]);
    }
}
