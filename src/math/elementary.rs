//! `exp` and `ln_1p` written in Rust, without a branch or a table: a loop over a block
//! of them vectorizes (libm's are calls, one value at a time), and they give the same
//! bits natively and in WebAssembly. Both are within a few ulp of std's (tests below).

// fdlibm's constants are written as it publishes them, to be checked against it.
#![allow(clippy::excessive_precision)]

use std::f64::consts::{LOG2_E, SQRT_2};

/// ln 2 in two parts (fdlibm's): `n * LN2_HI` is exact for |n| < 2^20.
const LN2_HI: f64 = 6.931_471_803_691_238_164_90e-1;
const LN2_LO: f64 = 1.908_214_929_270_587_700_02e-10;

/// 1.5 * 2^52: `v + SHIFT` rounds v to an integer (to nearest), kept in the low bits.
const SHIFT: f64 = 6_755_399_441_055_744.0;

/// `1/k!` for k = 2 to 13: Taylor's series of `e^r`, whose remainder `r^14/14!` is
/// below 2^-60 on `|r| <= ln 2 / 2`.
const EXP_TAYLOR: [f64; 12] = [
    1.0 / 2.0,
    1.0 / 6.0,
    1.0 / 24.0,
    1.0 / 120.0,
    1.0 / 720.0,
    1.0 / 5_040.0,
    1.0 / 40_320.0,
    1.0 / 362_880.0,
    1.0 / 3_628_800.0,
    1.0 / 39_916_800.0,
    1.0 / 479_001_600.0,
    1.0 / 6_227_020_800.0,
];

/// `e^x` for every x: 0 below -745.2, infinite above 709.8, NaN for NaN.
///
/// `x = n ln 2 + r` with n an integer and `|r| <= ln 2 / 2`, so `e^x = 2^n e^r`;
/// `e^r` by its Taylor series, `2^n` by writing the exponent bits (in two halves,
/// so that results below the smallest normal double need no special case).
///
/// The series is summed by Estrin's scheme: pairs `c_k + c_k+1 r`, then pairs of those
/// with `r^2`, then with `r^4` and `r^8`; a tree four products deep rather than Horner's
/// twelve one after another, so that a loop over a block of rows does not wait on each
/// step in turn (the pass over the rows spent most of its time waiting there). Its
/// rounding differs from Horner's by at most an ulp of the result (tests below).
#[inline]
pub fn exp(x: f64) -> f64 {
    // Beyond these e^x is 0 or infinite anyway; clamping keeps n small (NaN stays NaN).
    let x = x.clamp(-750.0, 710.0);
    let shifted = x * LOG2_E + SHIFT;
    let n = shifted - SHIFT;
    let r = (x - n * LN2_HI) - n * LN2_LO;
    let c = &EXP_TAYLOR;
    let (r2, pair) = (r * r, |k: usize| c[k] + c[k + 1] * r);
    let (r4, quad) = (r2 * r2, |k: usize| pair(k) + pair(k + 2) * r2);
    let series = (quad(0) + quad(4) * r4) + quad(8) * (r4 * r4);
    let e_r = series * r2 + r + 1.0;
    let n = (shifted.to_bits() as i64).wrapping_sub(SHIFT.to_bits() as i64);
    let half = n >> 1;
    e_r * two_to(half) * two_to(n - half)
}

/// `2^n` for -1022 <= n <= 1023, from its exponent bits.
#[inline]
fn two_to(n: i64) -> f64 {
    f64::from_bits(((n + 1023) as u64) << 52)
}

/// fdlibm's `Lp1..Lp7`: `ln(1+f) = 2s + s R(s^2)` with `s = f / (2 + f)`, R within
/// 2^-58.45 on `|s| <= 0.1716` (its `s_log1p.c`).
const LOG_POLY: [f64; 7] = [
    6.666_666_666_666_735_130e-1,
    3.999_999_999_940_941_908e-1,
    2.857_142_874_366_239_149e-1,
    2.222_219_843_214_978_396e-1,
    1.818_357_216_161_805_012e-1,
    1.531_383_769_920_937_332e-1,
    1.479_819_860_511_658_591e-1,
];

/// `ln(1 + x)` for `0 <= x <= 1` (all that `log_sigmoid` asks: `x = e^-|z|`), and NaN for NaN.
///
/// fdlibm's `log1p` on this range: `1 + x = 2^k (1 + f)` with k = 0 or 1 and
/// `sqrt(2)/2 <= 1 + f <= sqrt(2)`; `ln(1 + x) = k ln 2 + ln(1 + f)`, plus the part of x
/// that the rounding of `1 + x` lost, `c / (1 + x)`.
#[inline]
pub fn ln_1p(x: f64) -> f64 {
    debug_assert!((0.0..=1.0).contains(&x) || x.is_nan(), "ln_1p is written for 0 <= x <= 1, not {x}");
    let w = 1.0 + x;
    let c = (x - (w - 1.0)) / w;
    let high = w > SQRT_2;
    let k = if high { 1.0 } else { 0.0 };
    let f = if high { 0.5 * w - 1.0 } else { w - 1.0 };
    let s = f / (2.0 + f);
    let z = s * s;
    // R by Estrin's scheme, as in exp: three products deep rather than seven.
    let lp = &LOG_POLY;
    let (z2, pair) = (z * z, |k: usize| lp[k] + lp[k + 1] * z);
    let r = z * ((pair(0) + pair(2) * z2) + (pair(4) + lp[6] * z2) * (z2 * z2));
    let half_f_squared = 0.5 * f * f;
    k * LN2_HI - ((half_f_squared - (s * (half_f_squared + r) + (k * LN2_LO + c))) - f)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};

    /// How many doubles lie between a and b (0 when equal, also for two NaNs or infinities).
    fn ulps(a: f64, b: f64) -> u64 {
        if a == b || (a.is_nan() && b.is_nan()) {
            return 0;
        }
        let ordered = |v: f64| {
            let bits = v.to_bits() as i64;
            if bits < 0 {
                i64::MIN - bits
            } else {
                bits
            }
        };
        ordered(a).abs_diff(ordered(b))
    }

    fn worst(f: impl Fn(f64) -> f64, reference: impl Fn(f64) -> f64, values: impl Iterator<Item = f64>) -> (u64, f64) {
        values.map(|v| (ulps(f(v), reference(v)), v)).fold((0, 0.0), |a, b| if b.0 > a.0 { b } else { a })
    }

    fn uniform(low: f64, high: f64, count: usize) -> impl Iterator<Item = f64> {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        (0..count).map(move |_| rng.gen_range(low..high))
    }

    #[test]
    fn exp_is_within_two_ulp_of_std_over_its_whole_range() {
        let values = uniform(-746.0, 710.0, 400_000)
            .chain(uniform(-1.0, 1.0, 200_000))
            .chain(uniform(-40.0, 0.0, 200_000))
            .chain((-2000..=2000).map(|i| i as f64 * 0.5 * std::f64::consts::LN_2));
        let (ulp, at) = worst(exp, f64::exp, values);
        assert!(ulp <= 2, "exp({at}) = {} is {ulp} ulp from std's {}", exp(at), at.exp());
    }

    #[test]
    fn exp_at_its_extremes_is_what_std_gives() {
        for x in [0.0, -0.0, 1e-300, -1e-300, 709.78, 709.79, 710.0, 1e4, -1e4, -745.1, -745.2, -708.5, -740.0] {
            assert_eq!(ulps(exp(x), x.exp()), 0, "exp({x})");
        }
        assert_eq!(exp(f64::INFINITY), f64::INFINITY);
        assert_eq!(exp(f64::NEG_INFINITY), 0.0);
        assert!(exp(f64::NAN).is_nan());
        assert_eq!(exp(f64::MAX), f64::INFINITY);
        assert_eq!(exp(f64::MIN), 0.0);
    }

    #[test]
    fn ln_1p_is_within_two_ulp_of_std_on_zero_to_one() {
        let values = uniform(0.0, 1.0, 400_000)
            .chain((0..=1074).map(|e| 2f64.powi(-e)))
            .chain(uniform(0.40, 0.43, 100_000))
            .chain([0.0, 1.0, SQRT_2 - 1.0, f64::MIN_POSITIVE, 5e-324, 1e-17, 1.1e-16, 2.3e-16]);
        let (ulp, at) = worst(ln_1p, f64::ln_1p, values);
        assert!(ulp <= 2, "ln_1p({at}) = {} is {ulp} ulp from std's {}", ln_1p(at), at.ln_1p());
        assert!(ln_1p(f64::NAN).is_nan());
    }
}
