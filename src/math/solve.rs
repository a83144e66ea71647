//! A small dense solver for Newton's step: `A x = b` for a symmetric positive
//! (semi-)definite `A` of a few hundred rows, by Cholesky, `A = L L^T`, then
//! `L y = b` and `L^T x = y`. When `A` is singular or nearly so, a small ridge
//! `mu I` is added first, and the answer says so.

use super::Matrix;

/// The condition number above which `A` counts as ill-conditioned and gets a ridge:
/// beyond it the step's digits would be mostly rounding error.
pub const MAX_CONDITION: f64 = 1e12;

/// The first ridge, as a fraction of `A`'s largest diagonal entry; it grows 100 times
/// per retry while the factorization still fails.
const FIRST_RIDGE: f64 = 1e-10;

/// `A x = b` solved, with what it took.
#[derive(Debug, Clone, PartialEq)]
pub struct Solved {
    pub x: Vec<f64>,
    /// The ridge `mu` added to the diagonal, if one was needed.
    pub ridge: Option<f64>,
    /// `lambda_max / lambda_min` of the matrix solved (with the ridge), estimated by
    /// power iteration on it and on its inverse.
    pub condition: f64,
}

/// The lower-triangular Cholesky factor `L` of `A` (`A = L L^T`), or `None` when a
/// pivot is not above `tolerance` (`A` is not positive definite to working precision).
pub fn cholesky(a: &Matrix, tolerance: f64) -> Option<Matrix> {
    let n = a.rows();
    let mut l = Matrix::zeros(n, n);
    for j in 0..n {
        let pivot = a.get(j, j) - (0..j).map(|k| l.get(j, k).powi(2)).sum::<f64>();
        // Not above the tolerance, or NaN: not positive definite to working precision.
        if pivot.is_nan() || pivot <= tolerance {
            return None;
        }
        let l_jj = pivot.sqrt();
        l.set(j, j, l_jj);
        for i in j + 1..n {
            let s = a.get(i, j) - (0..j).map(|k| l.get(i, k) * l.get(j, k)).sum::<f64>();
            l.set(i, j, s / l_jj);
        }
    }
    Some(l)
}

/// `x` with `L L^T x = b`: forward substitution, then back substitution.
pub fn cholesky_solve(l: &Matrix, b: &[f64]) -> Vec<f64> {
    let n = l.rows();
    let mut y = b.to_vec();
    for i in 0..n {
        let s: f64 = (0..i).map(|k| l.get(i, k) * y[k]).sum();
        y[i] = (y[i] - s) / l.get(i, i);
    }
    for i in (0..n).rev() {
        let s: f64 = (i + 1..n).map(|k| l.get(k, i) * y[k]).sum();
        y[i] = (y[i] - s) / l.get(i, i);
    }
    y
}

/// Solves `A x = b` for a symmetric positive semi-definite `A`: by Cholesky when `A`
/// is well conditioned, else with the smallest ridge `mu I` (from 1e-10 of the largest
/// diagonal entry, growing 100 times) that makes it so. `None` only when `A` is not
/// finite or not positive semi-definite even with the largest ridge tried.
pub fn solve_spd(a: &Matrix, b: &[f64]) -> Option<Solved> {
    let n = a.rows();
    let scale = (0..n).map(|i| a.get(i, i)).fold(0.0f64, f64::max);
    if !scale.is_finite() || a.as_slice().iter().any(|v| !v.is_finite()) {
        return None;
    }
    if n == 0 {
        return Some(Solved { x: Vec::new(), ridge: None, condition: 1.0 });
    }
    let scale = if scale > 0.0 { scale } else { 1.0 };
    let tolerance = scale * f64::EPSILON * n as f64;
    let mut ridge = None;
    for _ in 0..6 {
        let mut with_ridge = a.clone();
        for i in 0..n {
            with_ridge.set(i, i, a.get(i, i) + ridge.unwrap_or(0.0));
        }
        if let Some(l) = cholesky(&with_ridge, tolerance) {
            let condition = condition(&with_ridge, &l);
            if condition <= MAX_CONDITION {
                return Some(Solved { x: cholesky_solve(&l, b), ridge, condition });
            }
        }
        ridge = Some(ridge.map_or(FIRST_RIDGE * scale, |mu| mu * 100.0));
    }
    None
}

/// `lambda_max / lambda_min` of a symmetric positive definite `A` with Cholesky factor
/// `L`: power iteration on `A` for the largest eigenvalue, on `A^-1` (through `L`) for
/// the smallest. An estimate (good to a few digits), as a condition number needs.
pub fn condition(a: &Matrix, l: &Matrix) -> f64 {
    let largest = power_iteration(a.rows(), |v| times(a, v));
    let smallest_of_inverse = power_iteration(a.rows(), |v| cholesky_solve(l, v));
    largest * smallest_of_inverse
}

/// The largest eigenvalue of a symmetric positive semi-definite operator, by repeated
/// application from a fixed start with no special direction.
fn power_iteration(n: usize, apply: impl Fn(&[f64]) -> Vec<f64>) -> f64 {
    let mut v: Vec<f64> = (0..n).map(|i| 1.0 + (i as f64 * 0.754_877_666).fract()).collect();
    let mut lambda = 0.0;
    for _ in 0..100 {
        let norm = v.iter().map(|x| x * x).sum::<f64>().sqrt();
        if !(norm > 0.0 && norm.is_finite()) {
            return lambda;
        }
        v.iter_mut().for_each(|x| *x /= norm);
        let w = apply(&v);
        let next: f64 = v.iter().zip(&w).map(|(a, b)| a * b).sum();
        v = w;
        let settled = (next - lambda).abs() <= 1e-7 * next.abs();
        lambda = next;
        if settled {
            break;
        }
    }
    lambda
}

/// `A v`.
fn times(a: &Matrix, v: &[f64]) -> Vec<f64> {
    a.iter_rows().map(|row| row.iter().zip(v).map(|(x, y)| x * y).sum()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cholesky_factor_of_a_known_matrix() {
        // A = L L^T with L = [[2, 0, 0], [6, 1, 0], [-8, 5, 3]] (the textbook example).
        let a = Matrix::from_vec(3, 3, vec![4.0, 12.0, -16.0, 12.0, 37.0, -43.0, -16.0, -43.0, 98.0]);
        let l = cholesky(&a, 0.0).expect("positive definite");
        let expected = [2.0, 0.0, 0.0, 6.0, 1.0, 0.0, -8.0, 5.0, 3.0];
        for (got, want) in l.as_slice().iter().zip(expected) {
            assert!((got - want).abs() < 1e-12, "{got} != {want}");
        }
    }
}
