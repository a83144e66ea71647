//! The pass over the rows that every neuron's objective and gradient share.

use super::{Neuron, OneOutput};
use crate::data::BLOCK_ROWS;
use crate::math::{scaled_dot, z_row, Matrix};
use std::ops::Range;

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

/// Rows a block of [`fold_blocks`]: its rows (17 values each, at most 64 x 17 x 8 bytes)
/// stay in the first-level cache between the block's three steps. On x86-64, short
/// blocks keep the reads from memory going evenly between the terms' computation: on a
/// million rows the pass took 1.6 to 1.8 times the plain pass with 16 rows, 2.1 to 2.4
/// with 32 or 64 (with and without [`prefetch`]). In the page's WebAssembly, which has
/// no prefetch, 64: with 16 its step took 5.5 ns per row-feature against 3.6.
#[cfg(target_arch = "x86_64")]
const BLOCK: usize = 16;
#[cfg(not(target_arch = "x86_64"))]
const BLOCK: usize = 64;

// The pass's parts (see `fold_part`) are whole blocks, on every target: the same bits.
const _: () = assert!(BLOCK_ROWS % 16 == 0 && BLOCK_ROWS % 64 == 0);

/// [`fold_rows`] for a neuron with one output (theta a column), a block of rows at a
/// time: first `z_i = x_i theta` for the block, then [`OneOutput::terms`] for the block
/// (plain loops over numbers, which the compiler vectorizes when the term has no branch
/// or call), then the block's `x_i c_i` added to the gradient.
pub fn fold_blocks<N: OneOutput>(
    neuron: &Neuron,
    theta: &Matrix,
    x: &Matrix,
    y: &Matrix,
    with_gradient: bool,
) -> (f64, Matrix) {
    let pass = Pass::new(neuron, theta, x, y, with_gradient);
    #[cfg(target_arch = "x86_64")]
    if std::is_x86_feature_detected!("avx2") {
        // SAFETY: the one requirement of calling a `#[target_feature]` function is that
        // the processor has those features, and it was just asked.
        return unsafe { fold_blocks_avx2::<N>(&pass) };
    }
    fold_blocks_body::<N, BLOCK>(&pass)
}

/// [`fold_blocks`]'s body compiled for AVX2: the same operations in the same order,
/// four doubles to an instruction rather than two, so the same bits.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn fold_blocks_avx2<N: OneOutput>(pass: &Pass) -> (f64, Matrix) {
    fold_blocks_body::<N, BLOCK>(pass)
}

/// The pass itself, inlined into [`fold_blocks`] (the portable build: SSE2 on x86-64,
/// simd128 in the page) and into [`fold_blocks_avx2`], `ROWS` rows a block ([`BLOCK`];
/// a parameter so that a test can compare the blocks of x86-64 and of WebAssembly).
#[inline(always)]
fn fold_blocks_body<N: OneOutput, const ROWS: usize>(pass: &Pass) -> (f64, Matrix) {
    let (n, d) = (pass.y.len(), pass.theta.len());
    let mut gradient = vec![0.0; d];
    let mut sums = [0.0; 4];
    // A part of BLOCK_ROWS rows (a multiple of ROWS: the same blocks) per call in the page.
    let mut start = 0;
    while start < n {
        let end = (start + BLOCK_ROWS).min(n);
        fold_part::<N, ROWS>(pass, start..end, &mut gradient, &mut sums);
        start = end;
    }
    let scale = if n == 0 { 0.0 } else { 1.0 / n as f64 };
    gradient.iter_mut().for_each(|g| *g *= scale);
    let total = (sums[0] + sums[1]) + (sums[2] + sums[3]);
    (total * scale, Matrix::from_vec(d, 1, gradient))
}

/// What a pass reads: the neuron, theta (a column), the rows and their targets.
struct Pass<'a> {
    neuron: &'a Neuron,
    theta: &'a [f64],
    x: &'a [f64],
    y: &'a [f64],
    with_gradient: bool,
}

impl<'a> Pass<'a> {
    fn new(neuron: &'a Neuron, theta: &'a Matrix, x: &'a Matrix, y: &'a Matrix, with_gradient: bool) -> Pass<'a> {
        debug_assert_eq!(theta.cols(), 1);
        Pass { neuron, theta: theta.as_slice(), x: x.as_slice(), y: y.as_slice(), with_gradient }
    }
}

/// [`fold_blocks_body`] over rows `rows`, adding to `gradient` and `sums`. Inlined into
/// the pass natively (into the AVX2 copy too); a function of its own in WebAssembly, so
/// that a pass over a million rows runs the browser's optimized code from its second
/// part on (see [`BLOCK_ROWS`]): the first pass over an uploaded file's rows, when the
/// page takes them, ran whole in the browser's first, slow code.
#[cfg_attr(target_arch = "wasm32", inline(never))]
#[cfg_attr(not(target_arch = "wasm32"), inline(always))]
fn fold_part<N: OneOutput, const ROWS: usize>(
    pass: &Pass,
    rows: Range<usize>,
    gradient: &mut [f64],
    sums: &mut [f64; 4],
) {
    let d = pass.theta.len();
    let (x, y) = (&pass.x[rows.start * d..rows.end * d], &pass.y[rows.clone()]);
    let (mut z, mut objective, mut factor) = ([0.0; ROWS], [0.0; ROWS], [0.0; ROWS]);
    // The rows from this part's start to the pass's end, for the prefetch to look ahead.
    let (x_ahead, y_ahead) = (&pass.x[rows.start * d..], &pass.y[rows.start..]);
    for (b, (x_block, y_block)) in x.chunks(ROWS * d.max(1)).zip(y.chunks(ROWS)).enumerate() {
        prefetch(x_ahead.chunks(ROWS * d.max(1)).nth(b + AHEAD).unwrap_or(&[]));
        prefetch(y_ahead.chunks(ROWS).nth(b + AHEAD).unwrap_or(&[]));
        let rows = y_block.len();
        let (z, objective, factor) = (&mut z[..rows], &mut objective[..rows], &mut factor[..rows]);
        block_times::<ROWS>(x_block, pass.theta, z);
        for (z_i, x_i) in z.iter_mut().zip(x_block.chunks_exact(d.max(1))) {
            if !z_i.is_finite() {
                *z_i = scaled_dot(x_i.iter().copied().zip(pass.theta.iter().copied()));
            }
        }
        N::terms(pass.neuron, z, y_block, objective, factor);
        if pass.with_gradient {
            add_block_scaled(gradient, x_block, factor);
        }
        add_to_sums(sums, objective);
    }
}

/// Blocks ahead of the one being folded whose rows [`prefetch`] asks for: 128 rows
/// (17 KB), fetched while this block is computed.
const AHEAD: usize = 8;

/// Asks the processor to bring `values` into its caches without waiting for them.
/// Fetching the rows only when a block reached them left the memory idle while the
/// block's terms were computed, and the computation idle while the next block came in
/// (x86-64 only; WebAssembly has no such instruction, and the bits do not depend on it).
#[inline(always)]
fn prefetch(values: &[f64]) {
    #[cfg(target_arch = "x86_64")]
    for line in values.chunks(8) {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        // SAFETY: SSE, which the prefetch instruction needs, is part of every x86-64
        // processor, and a prefetch reads nothing: it only hints at an address.
        unsafe { _mm_prefetch::<_MM_HINT_T0>(line.as_ptr().cast()) };
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = values;
}

/// `z_i = x_i theta` for each row of a block, with [`crate::math::dot`]'s sums (the same
/// bits): four running sums over the columns, `(s_0 + s_1) + (s_2 + s_3)`, then the last
/// `d % 4` columns one at a time. Four columns at a time for every row of the block,
/// rather than a row at a time: each step is then one vector operation on independent
/// sums, with no loop per row (a row's dot product of 17 took about 30 cycles).
#[inline(always)]
fn block_times<const ROWS: usize>(x_block: &[f64], theta: &[f64], z: &mut [f64]) {
    let d = theta.len();
    if d == 0 {
        z.fill(0.0);
        return;
    }
    let split = d - d % 4;
    let mut sums = [[0.0; 4]; ROWS];
    let sums = &mut sums[..z.len()];
    for (q, theta_q) in theta[..split].chunks_exact(4).enumerate() {
        let theta_q: &[f64; 4] = theta_q.try_into().expect("chunks of 4");
        for (s_i, x_i) in sums.iter_mut().zip(x_block.chunks_exact(d)) {
            let x_q: &[f64; 4] = x_i[4 * q..4 * q + 4].try_into().expect("4 columns");
            for k in 0..4 {
                s_i[k] += x_q[k] * theta_q[k];
            }
        }
    }
    for ((z_i, s), x_i) in z.iter_mut().zip(&*sums).zip(x_block.chunks_exact(d)) {
        let mut total = (s[0] + s[1]) + (s[2] + s[3]);
        for (&x_ij, &theta_j) in x_i[split..].iter().zip(&theta[split..]) {
            total += x_ij * theta_j;
        }
        *z_i = total;
    }
}

/// `g += sum_i c_i x_i` over a block, four rows at a time: each `g_j` still adds the
/// rows one after another (the same bits as a row at a time), but is read and written
/// once for the four rather than waiting on its own last write for each row.
#[inline(always)]
fn add_block_scaled(g: &mut [f64], x_block: &[f64], c: &[f64]) {
    let d = g.len();
    if d == 0 {
        return;
    }
    let quads = x_block.chunks_exact(4 * d).zip(c.chunks_exact(4));
    let done = quads.len();
    for (x, c) in quads {
        let (x_0, x) = x.split_at(d);
        let (x_1, x) = x.split_at(d);
        let (x_2, x_3) = x.split_at(d);
        for ((((g_j, a), b), e), f) in g.iter_mut().zip(x_0).zip(x_1).zip(x_2).zip(x_3) {
            *g_j = *g_j + c[0] * a + c[1] * b + c[2] * e + c[3] * f;
        }
    }
    for (x_i, &c_i) in x_block[4 * d * done..].chunks_exact(d).zip(&c[4 * done..]) {
        for (g_j, &x_ij) in g.iter_mut().zip(x_i) {
            *g_j += c_i * x_ij;
        }
    }
}

/// Adds a block's terms to four running sums (a single one would wait on each add),
/// term i to sum `i % 4` whatever the block's length (a multiple of 4, but for the last
/// block): so the total has the same bits with the 16-row blocks of x86-64 and the
/// 64-row blocks of WebAssembly.
fn add_to_sums(sums: &mut [f64; 4], values: &[f64]) {
    let quads = values.chunks_exact(4);
    let rest = quads.remainder();
    for quad in quads {
        for (s, &v) in sums.iter_mut().zip(quad) {
            *s += v;
        }
    }
    for (s, &v) in sums.iter_mut().zip(rest) {
        *s += v;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{logistic::Logistic, NeuronKind};
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
    fn block_times_gives_dot_bits_for_every_width() {
        for d in 0..=11 {
            let (theta, x, _) = rows(BLOCK, d as u64);
            let (x, theta) = (&x.as_slice()[..BLOCK * d], &theta.as_slice()[..d]);
            let mut z = [0.0; BLOCK];
            for rows in [1, 5, BLOCK] {
                block_times::<BLOCK>(&x[..rows * d], theta, &mut z[..rows]);
                for (i, &z_i) in z[..rows].iter().enumerate() {
                    let row = &x[i * d..(i + 1) * d];
                    assert_eq!(z_i.to_bits(), crate::math::dot(row, theta).to_bits(), "row {i} of {rows}, width {d}");
                }
            }
        }
    }

    #[test]
    fn the_pass_has_the_same_bits_with_the_blocks_of_x86_64_and_of_webassembly() {
        let neuron = Neuron::new(NeuronKind::LOGISTIC);
        for (seed, n) in [1, 5, 17, 64, 65, 130, 1001].into_iter().enumerate() {
            let (theta, x, y) = rows(n, seed as u64 + 50);
            let (o16, g16) = fold_blocks_body::<Logistic, 16>(&Pass::new(&neuron, &theta, &x, &y, true));
            let (o64, g64) = fold_blocks_body::<Logistic, 64>(&Pass::new(&neuron, &theta, &x, &y, true));
            assert_eq!(o16.to_bits(), o64.to_bits(), "objective, {n} rows");
            let bits = |g: &Matrix| g.as_slice().iter().map(|v| v.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&g16), bits(&g64), "gradient, {n} rows");
        }
    }

    #[test]
    fn the_dispatched_pass_gives_the_portable_pass_bits() {
        let neuron = Neuron::new(NeuronKind::LOGISTIC);
        // Row counts around the block (16), the gradient's four rows and the vectors' widths.
        for (seed, n) in [0, 1, 3, 4, 5, 15, 16, 17, 63, 64, 65, 130, 1000, 4099].into_iter().enumerate() {
            let (theta, x, y) = rows(n, seed as u64);
            for with_gradient in [true, false] {
                let (objective, gradient) = fold_blocks::<Logistic>(&neuron, &theta, &x, &y, with_gradient);
                let (portable, portable_gradient) =
                    fold_blocks_body::<Logistic, BLOCK>(&Pass::new(&neuron, &theta, &x, &y, with_gradient));
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
