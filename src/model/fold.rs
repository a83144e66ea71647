//! The pass over the rows that every neuron's objective and gradient share.

use super::Term;
use crate::math::{dot, scaled_dot, z_row, Matrix};

/// One pass over the rows: for each row, `z = x_i theta`, then `per_row(z, y_i, c_i)`
/// returns the row's objective term and writes its gradient factor `c_i`.
/// Returns the mean objective and, when `with_gradient`, `(1/N) sum_i x_i^T c_i`.
pub fn fold_rows(
    theta: &Matrix,
    x: &Matrix,
    y: &Matrix,
    with_gradient: bool,
    mut per_row: impl FnMut(&[f64], &[f64], &mut [f64]) -> f64,
) -> (f64, Matrix) {
    let (n, d, k) = (x.rows(), theta.rows(), theta.cols());
    let mut gradient = Matrix::zeros(d, k);
    let mut total = 0.0;
    let mut z = vec![0.0; k];
    let mut c = vec![0.0; k];
    for (x_i, y_i) in x.iter_rows().zip(y.iter_rows()) {
        z_row(x_i, theta, &mut z);
        total += per_row(&z, y_i, &mut c);
        if with_gradient {
            for (&x_ij, g_j) in x_i.iter().zip(gradient.as_mut_slice().chunks_exact_mut(k)) {
                for (g, &c_k) in g_j.iter_mut().zip(&c) {
                    *g += x_ij * c_k;
                }
            }
        }
    }
    let scale = if n == 0 { 0.0 } else { 1.0 / n as f64 };
    gradient.as_mut_slice().iter_mut().for_each(|g| *g *= scale);
    (total * scale, gradient)
}

/// Rows a block of [`fold_blocks`]: its rows (17 values each, 64 x 17 x 8 bytes) stay
/// in the first-level cache between the block's three loops.
const BLOCK: usize = 64;

/// [`fold_rows`] for a neuron with one output (theta a column), a block of rows at a
/// time: first `z_i = x_i theta` for the block, then `term(z_i, y_i)` for the block
/// (a plain loop over numbers, which the compiler vectorizes when the term has no
/// branch or call), then the block's `x_i c_i` added to the gradient.
pub fn fold_blocks(
    theta: &Matrix,
    x: &Matrix,
    y: &Matrix,
    with_gradient: bool,
    term: impl Fn(f64, f64) -> Term,
) -> (f64, Matrix) {
    #[cfg(target_arch = "x86_64")]
    if std::is_x86_feature_detected!("avx2") {
        // SAFETY: the one requirement of calling a `#[target_feature]` function is that
        // the processor has those features, and it was just asked.
        return unsafe { fold_blocks_avx2(theta, x, y, with_gradient, term) };
    }
    fold_blocks_body(theta, x, y, with_gradient, term)
}

/// [`fold_blocks`]'s body compiled for AVX2: the same operations in the same order,
/// four doubles to an instruction rather than two, so the same bits.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn fold_blocks_avx2(
    theta: &Matrix,
    x: &Matrix,
    y: &Matrix,
    with_gradient: bool,
    term: impl Fn(f64, f64) -> Term,
) -> (f64, Matrix) {
    fold_blocks_body(theta, x, y, with_gradient, term)
}

/// The pass itself, inlined into [`fold_blocks`] (the portable build: SSE2 on x86-64,
/// simd128 in the page) and into [`fold_blocks_avx2`].
#[inline(always)]
fn fold_blocks_body(
    theta: &Matrix,
    x: &Matrix,
    y: &Matrix,
    with_gradient: bool,
    term: impl Fn(f64, f64) -> Term,
) -> (f64, Matrix) {
    let (n, d) = (x.rows(), theta.rows());
    debug_assert_eq!(theta.cols(), 1);
    let theta = theta.as_slice();
    let mut gradient = vec![0.0; d];
    let mut total = 0.0;
    let (mut z, mut objective, mut factor) = ([0.0; BLOCK], [0.0; BLOCK], [0.0; BLOCK]);
    for (x_block, y_block) in x.as_slice().chunks(BLOCK * d.max(1)).zip(y.as_slice().chunks(BLOCK)) {
        let rows = y_block.len();
        for (z_i, x_i) in z.iter_mut().zip(x_block.chunks_exact(d.max(1))) {
            *z_i = dot(x_i, theta);
            if !z_i.is_finite() {
                *z_i = scaled_dot(x_i.iter().copied().zip(theta.iter().copied()));
            }
        }
        let (z, objective) = (&z[..rows], &mut objective[..rows]);
        if with_gradient {
            let factor = &mut factor[..rows];
            for (((o_i, c_i), &z_i), &y_i) in objective.iter_mut().zip(factor.iter_mut()).zip(z).zip(y_block) {
                let row = term(z_i, y_i);
                (*o_i, *c_i) = (row.objective, row.factor);
            }
            for (x_i, &c_i) in x_block.chunks_exact(d.max(1)).zip(&*factor) {
                for (g_j, &x_ij) in gradient.iter_mut().zip(x_i) {
                    *g_j += c_i * x_ij;
                }
            }
        } else {
            // The factor unused, its computation drops out of this loop.
            for ((o_i, &z_i), &y_i) in objective.iter_mut().zip(z).zip(y_block) {
                *o_i = term(z_i, y_i).objective;
            }
        }
        total += sum(objective);
    }
    let scale = if n == 0 { 0.0 } else { 1.0 / n as f64 };
    gradient.iter_mut().for_each(|g| *g *= scale);
    (total * scale, Matrix::from_vec(d, 1, gradient))
}

/// The sum of a block's terms, with four running sums (a single one would wait on each add).
fn sum(values: &[f64]) -> f64 {
    let mut sums = [0.0; 4];
    let quads = values.chunks_exact(4);
    let rest: f64 = quads.remainder().iter().sum();
    for quad in quads {
        for (s, &v) in sums.iter_mut().zip(quad) {
            *s += v;
        }
    }
    (sums[0] + sums[1]) + (sums[2] + sums[3]) + rest
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{logistic::Logistic, Neuron, NeuronKind, OneOutput};
    use rand::{Rng, SeedableRng};

    /// Rows of 17 values in [-3, 3], and every 37th row with entries near 1e300 of both
    /// signs, whose plain z is `inf - inf` (the `scaled_dot` fallback).
    fn rows(n: usize, seed: u64) -> (Matrix, Matrix, Matrix) {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
        let d = 17;
        let x: Vec<f64> = (0..n * d)
            .map(|k| {
                let v: f64 = rng.gen_range(-3.0..3.0);
                if (k / d) % 37 == 5 && k % 3 == 0 {
                    v.signum() * 1e300
                } else {
                    v
                }
            })
            .collect();
        let y: Vec<f64> = (0..n).map(|_| f64::from(u8::from(rng.gen_bool(0.4)))).collect();
        let theta: Vec<f64> = (0..d).map(|_| rng.gen_range(-2.0..2.0)).collect();
        (Matrix::from_vec(d, 1, theta), Matrix::from_vec(n, d, x), Matrix::from_vec(n, 1, y))
    }

    #[test]
    fn the_dispatched_pass_gives_the_portable_pass_bits() {
        let neuron = Neuron::new(NeuronKind::LOGISTIC);
        let term = |z, y| Logistic::term(&neuron, z, y);
        // Row counts around the block (64) and the vectors' widths.
        for (seed, n) in [0, 1, 3, 4, 5, 63, 64, 65, 130, 1000, 4099].into_iter().enumerate() {
            let (theta, x, y) = rows(n, seed as u64);
            for with_gradient in [true, false] {
                let (objective, gradient) = fold_blocks(&theta, &x, &y, with_gradient, term);
                let (portable, portable_gradient) = fold_blocks_body(&theta, &x, &y, with_gradient, term);
                assert_eq!(objective.to_bits(), portable.to_bits(), "objective, {n} rows");
                let bits = |g: &Matrix| g.as_slice().iter().map(|v| v.to_bits()).collect::<Vec<_>>();
                assert_eq!(bits(&gradient), bits(&portable_gradient), "gradient, {n} rows");
                if n > 5 {
                    assert!(objective.is_finite() && objective < 0.0, "{objective} on {n} rows");
                }
            }
        }
    }
}
