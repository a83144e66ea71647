//! A data set's feature values as loaded, kept in half the memory where the file wrote
//! them as short decimals (most data sets do: `3`, `-0.25`, `41.075`).
//!
//! A million rows of 16 features are 128 MB as doubles, and the prepared rows (split,
//! standardized, with the bias) as many again: with both, a file of decimals took more
//! than twice its size in memory. Written as `digits / 10^places` with the digits in an
//! `i32` and `places` per column, a value is 4 bytes, and it reads back as exactly the
//! double it was: the digits and the power of ten are exact doubles, so the one
//! rounding of their quotient is the decimal's correctly rounded value, the double the
//! file's text parses to (Clinger's fast path, as in [`super::parse_number`]).

use super::{Decimal, Number};
use crate::math::Matrix;
use serde::{Deserialize, Serialize};

/// `10^k` for the places a column may have: at most 9, as `i32` holds 9 digits.
const POWERS: [f64; 10] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];
const MAX_PLACES: usize = POWERS.len() - 1;

/// N x D feature values, row by row, as decimals where every value is one.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(from = "Matrix", into = "Matrix")]
pub struct Features {
    rows: usize,
    cols: usize,
    store: Store,
}

#[derive(Debug, Clone)]
enum Store {
    /// Value `(i, j)` is `digits[i * cols + j] / 10^places[j]`.
    Decimals { digits: Vec<i32>, places: Vec<u8> },
    /// Value `(i, j)` is `values[i * cols + j]`: some value is not such a decimal.
    Numbers(Vec<f64>),
}

/// How [`Features`] keeps its values: see [`Features::stored`].
pub enum Stored<'a> {
    /// Value `(i, j)` is `digits[i * cols + j] / 10^places[j]`.
    Decimals { digits: &'a [i32], places: &'a [u8] },
    /// Value `(i, j)` is `values[i * cols + j]`.
    Numbers(&'a [f64]),
}

/// The digits that stand for -0.0 (`"-0.00"`, as number formatting often writes values
/// just below zero): no value's digits, which stay within +-(2^31 - 1).
const NEGATIVE_ZERO: i32 = i32::MIN;

/// The digits of a decimal read from a file with `places` places: its own digits
/// with as many zeros added as it has fewer places (`1.5` with 3 places is 1500), or
/// `None` when it has more places, or too many digits for an `i32`.
fn digits_of_decimal(d: Decimal, places: usize) -> Option<i32> {
    let factor = 10_u64.pow(places.checked_sub(d.places)? as u32);
    let digits = i32::try_from(d.digits.checked_mul(factor)?).ok()?;
    Some(match (d.negative, digits) {
        (true, 0) => NEGATIVE_ZERO,
        (true, _) => -digits,
        (false, _) => digits,
    })
}

/// The digits of `value` with `places` places, when it is exactly such a decimal:
/// `digits / 10^places` gives back its very bits (so not 1e-12, nor 0.1 + 0.2).
fn digits_of(value: f64, places: usize) -> Option<i32> {
    if value == 0.0 && value.is_sign_negative() {
        return Some(NEGATIVE_ZERO);
    }
    let scaled = (value * POWERS[places]).round();
    let digits = (scaled.abs() <= f64::from(i32::MAX)).then_some(scaled as i32)?;
    (decimal(digits, places).to_bits() == value.to_bits()).then_some(digits)
}

fn decimal(digits: i32, places: usize) -> f64 {
    if digits == NEGATIVE_ZERO {
        -0.0
    } else {
        f64::from(digits) / POWERS[places]
    }
}

impl Features {
    /// `rows x cols` values, row by row; kept as decimals when every one is.
    /// Panics if `values.len() != rows * cols`: a programming error, never user input.
    pub fn new(rows: usize, cols: usize, values: Vec<f64>) -> Features {
        assert_eq!(values.len(), rows * cols, "features do not fit {rows} x {cols}");
        let mut features = Features::with_capacity(cols, rows);
        for row in values.chunks_exact(cols.max(1)) {
            features.push_row(row);
        }
        features.rows = rows;
        features
    }

    /// No rows yet, room for `rows` of them (as decimals).
    pub fn with_capacity(cols: usize, rows: usize) -> Features {
        let store = Store::Decimals { digits: Vec::with_capacity(rows * cols), places: vec![0; cols] };
        Features { rows: 0, cols, store }
    }

    /// Decimals as [`Features::stored`] gives them (from the page's worker); `None`
    /// when they do not fit `rows x cols`, or a column has more places than a decimal may.
    pub fn from_decimals(rows: usize, cols: usize, digits: Vec<i32>, places: Vec<u8>) -> Option<Features> {
        let fits = rows.checked_mul(cols) == Some(digits.len())
            && places.len() == cols
            && places.iter().all(|&p| usize::from(p) <= MAX_PLACES);
        fits.then_some(Features { rows, cols, store: Store::Decimals { digits, places } })
    }

    /// Doubles as [`Features::stored`] gives them (kept as they are, not looked at for
    /// decimals); `None` when they do not fit `rows x cols`.
    pub fn from_numbers(rows: usize, cols: usize, values: Vec<f64>) -> Option<Features> {
        (rows.checked_mul(cols) == Some(values.len())).then_some(Features { rows, cols, store: Store::Numbers(values) })
    }

    /// How the values are kept, to be sent elsewhere.
    pub fn stored(&self) -> Stored<'_> {
        match &self.store {
            Store::Decimals { digits, places } => Stored::Decimals { digits, places },
            Store::Numbers(values) => Stored::Numbers(values),
        }
    }

    pub fn rows(&self) -> usize {
        self.rows
    }

    pub fn cols(&self) -> usize {
        self.cols
    }

    pub fn get(&self, i: usize, j: usize) -> f64 {
        assert!(i < self.rows && j < self.cols, "({i}, {j}) is outside {} x {}", self.rows, self.cols);
        match &self.store {
            Store::Decimals { digits, places } => decimal(digits[i * self.cols + j], usize::from(places[j])),
            Store::Numbers(values) => values[i * self.cols + j],
        }
    }

    /// Row `i` written into `out` (`cols` values).
    pub fn copy_row(&self, i: usize, out: &mut [f64]) {
        assert!(i < self.rows, "row {i} of {}", self.rows);
        let at = i * self.cols..(i + 1) * self.cols;
        match &self.store {
            Store::Decimals { digits, places } => {
                for ((v, &d), &p) in out.iter_mut().zip(&digits[at]).zip(places) {
                    *v = decimal(d, usize::from(p));
                }
            }
            Store::Numbers(values) => out.copy_from_slice(&values[at]),
        }
    }

    pub fn row(&self, i: usize) -> Vec<f64> {
        let mut row = vec![0.0; self.cols];
        self.copy_row(i, &mut row);
        row
    }

    /// Rows `from..to`, row by row: borrowed when kept as doubles, else written into `buffer`.
    pub fn block<'a>(&'a self, from: usize, to: usize, buffer: &'a mut Vec<f64>) -> &'a [f64] {
        let at = from * self.cols..to * self.cols;
        match &self.store {
            Store::Decimals { digits, places } => {
                buffer.clear();
                buffer.extend(digits[at].iter().zip(places.iter().cycle()).map(|(&d, &p)| decimal(d, usize::from(p))));
                buffer
            }
            Store::Numbers(values) => &values[at],
        }
    }

    pub fn push_row(&mut self, row: &[f64]) {
        assert_eq!(row.len(), self.cols, "a row of {} values for {} columns", row.len(), self.cols);
        if !self.push_decimals(row) {
            if let Store::Decimals { .. } = self.store {
                self.store = Store::Numbers(self.to_numbers());
            }
            if let Store::Numbers(values) = &mut self.store {
                values.extend_from_slice(row);
            }
        }
        self.rows += 1;
    }

    /// Adds a row of numbers as read from a file: a decimal's digits are kept as
    /// they are, without a division (see [`Features::push_row`] for the rest).
    pub fn push_numbers(&mut self, row: &[Number]) {
        assert_eq!(row.len(), self.cols, "a row of {} values for {} columns", row.len(), self.cols);
        if let Store::Decimals { digits, places } = &mut self.store {
            let start = digits.len();
            for (number, &p) in row.iter().zip(places.iter()) {
                let fitted = match *number {
                    Number::Decimal(d) => digits_of_decimal(d, usize::from(p)),
                    Number::Double(v) => digits_of(v, usize::from(p)),
                };
                let Some(d) = fitted else {
                    digits.truncate(start);
                    let values: Vec<f64> = row.iter().map(|n| n.value()).collect();
                    return self.push_row(&values);
                };
                digits.push(d);
            }
            self.rows += 1;
        } else {
            let values: Vec<f64> = row.iter().map(|n| n.value()).collect();
            self.push_row(&values);
        }
    }

    /// Adds `row` as decimals, giving columns more places if they need them; false
    /// (nothing added) when some value is no decimal, or the values are kept as doubles.
    fn push_decimals(&mut self, row: &[f64]) -> bool {
        let Store::Decimals { digits, places } = &mut self.store else {
            return false;
        };
        let start = digits.len();
        for (&v, &p) in row.iter().zip(places.iter()) {
            match digits_of(v, usize::from(p)) {
                Some(d) => digits.push(d),
                None => {
                    digits.truncate(start);
                    let fitted = row.iter().enumerate().all(|(j, &v)| self.fit_column(j, v));
                    return fitted && self.push_decimals(row);
                }
            }
        }
        true
    }

    /// Whether column `j` can hold `value` as a decimal, after giving it more places
    /// if it needs them (the rows so far written again with the new places: exactly
    /// the same values, `d / 10^p = 10 d / 10^(p + 1)`); false when no places will do.
    fn fit_column(&mut self, j: usize, value: f64) -> bool {
        let Store::Decimals { digits, places } = &mut self.store else {
            return false;
        };
        let now = usize::from(places[j]);
        if digits_of(value, now).is_some() {
            return true;
        }
        let Some(needed) = (now + 1..=MAX_PLACES).find(|&p| digits_of(value, p).is_some()) else {
            return false;
        };
        let factor = 10_i64.pow((needed - now) as u32);
        let column = digits.iter_mut().skip(j).step_by(self.cols);
        let rescaled: Option<Vec<i32>> = column
            .map(|&mut d| if d == NEGATIVE_ZERO { Some(d) } else { i32::try_from(i64::from(d) * factor).ok() })
            .collect();
        let Some(rescaled) = rescaled else {
            return false;
        };
        for (d, r) in digits.iter_mut().skip(j).step_by(self.cols).zip(rescaled) {
            *d = r;
        }
        places[j] = needed as u8;
        true
    }

    /// Every value as a double, row by row.
    fn to_numbers(&self) -> Vec<f64> {
        let mut buffer = Vec::new();
        self.block(0, self.rows, &mut buffer).to_vec()
    }

    pub fn remove_row(&mut self, i: usize) {
        assert!(i < self.rows, "row {i} of {}", self.rows);
        let at = i * self.cols..(i + 1) * self.cols;
        match &mut self.store {
            Store::Decimals { digits, .. } => drop(digits.drain(at)),
            Store::Numbers(values) => drop(values.drain(at)),
        }
        self.rows -= 1;
    }

    pub fn to_matrix(&self) -> Matrix {
        Matrix::from_vec(self.rows, self.cols, self.to_numbers())
    }
}

/// Equal when the values are: decimals with other places, or doubles, may be equal.
impl PartialEq for Features {
    fn eq(&self, other: &Features) -> bool {
        (self.rows, self.cols) == (other.rows, other.cols) && self.to_numbers() == other.to_numbers()
    }
}

impl From<Matrix> for Features {
    fn from(m: Matrix) -> Features {
        let (rows, cols) = (m.rows(), m.cols());
        Features::new(rows, cols, m.into_vec())
    }
}

impl From<Features> for Matrix {
    fn from(f: Features) -> Matrix {
        f.to_matrix()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each column's places, when the values are kept as decimals.
    fn places(features: &Features) -> Option<&[u8]> {
        match features.stored() {
            Stored::Decimals { places, .. } => Some(places),
            Stored::Numbers(_) => None,
        }
    }

    fn bits(values: &[f64]) -> Vec<u64> {
        values.iter().map(|v| v.to_bits()).collect()
    }

    #[test]
    fn decimals_read_back_as_the_doubles_they_were() {
        let values = vec![3.0, -0.25, 41.075, 0.0, 1.5, -0.0, 999_999.999, 0.001, -7.0];
        let features = Features::new(3, 3, values.clone());
        assert_eq!(places(&features), Some(&[3, 3, 3][..]), "kept as decimals, each column's places");
        assert_eq!(bits(features.to_matrix().as_slice()), bits(&values));
        assert_eq!(features.get(2, 0), 999_999.999);
        assert_eq!(bits(&features.row(1)), bits(&[0.0, 1.5, -0.0]), "-0.0 too");
    }

    #[test]
    fn a_value_that_is_no_short_decimal_keeps_doubles() {
        for odd in [0.1 + 0.2, 1e-12, 1e300, 2_147_483_648.0, 12.345_678_9, f64::MIN_POSITIVE] {
            let values = vec![1.0, 2.5, odd, 4.0];
            let features = Features::new(2, 2, values.clone());
            assert_eq!(bits(features.to_matrix().as_slice()), bits(&values), "{odd:e}");
            if places(&features).is_some() {
                // Only values that are decimals of at most 9 digits.
                assert!((0..=MAX_PLACES).any(|p| digits_of(odd, p).is_some()), "{odd:e}");
            }
        }
        assert_eq!(places(&Features::new(1, 1, vec![0.1 + 0.2])), None);
    }

    #[test]
    fn a_column_given_more_places_keeps_its_earlier_values() {
        let mut features = Features::with_capacity(2, 4);
        for row in [[1.0, -0.0], [2.5, 8.0], [-3.125, 9.0], [4.0, 10.5]] {
            features.push_row(&row);
        }
        assert_eq!(places(&features), Some(&[3, 1][..]));
        let values = [1.0, -0.0, 2.5, 8.0, -3.125, 9.0, 4.0, 10.5];
        assert_eq!(bits(features.to_matrix().as_slice()), bits(&values));
        // Past i32's nine digits: doubles, the same values.
        features.push_row(&[0.123_456_789, 1.0]);
        assert_eq!(places(&features), None);
        assert_eq!(features.get(2, 0), -3.125);
        assert_eq!(features.get(4, 0), 0.123_456_789);
        features.remove_row(0);
        assert_eq!((features.rows(), features.get(0, 0)), (4, 2.5));
    }

    #[test]
    fn decimals_as_read_give_the_values_they_write() {
        let decimal = |negative, digits, places| Number::Decimal(Decimal { negative, digits, places });
        let rows = [
            [decimal(false, 15, 1), decimal(true, 0, 2), Number::Double(1e-3)],
            [decimal(true, 12_345, 3), decimal(false, 7, 0), decimal(false, 25, 4)],
            [decimal(false, 999_999, 0), decimal(true, 1, 6), Number::Double(-2.0)],
        ];
        let mut features = Features::with_capacity(3, 3);
        for row in &rows {
            features.push_numbers(row);
        }
        assert_eq!(places(&features), Some(&[3, 6, 4][..]));
        let expected: Vec<f64> = rows.iter().flatten().map(|n| n.value()).collect();
        assert_eq!(bits(features.to_matrix().as_slice()), bits(&expected));
        // Ten digits: doubles from then on, the same values.
        features.push_numbers(&[decimal(false, 1_234_567_891, 0), decimal(false, 1, 0), decimal(false, 2, 0)]);
        assert_eq!(places(&features), None);
        assert_eq!(features.get(3, 0), 1_234_567_891.0);
        assert_eq!(features.get(1, 0), -12.345);
    }

    #[test]
    fn blocks_borrow_doubles_and_write_decimals() {
        let decimals = Features::new(3, 2, vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.5]);
        let numbers = Features::new(3, 2, vec![1.0, 2.0, 3.0, 4.0, 5.0, 1e-20]);
        let mut buffer = Vec::new();
        assert_eq!(decimals.block(1, 3, &mut buffer), &[3.0, 4.0, 5.0, 6.5]);
        assert_eq!(numbers.block(1, 3, &mut buffer), &[3.0, 4.0, 5.0, 1e-20]);
        assert_eq!(decimals, Features::from(decimals.to_matrix()));
        assert_ne!(decimals, numbers);
    }

    #[test]
    fn decimals_from_the_worker_are_checked() {
        assert!(Features::from_decimals(2, 2, vec![1, 2, 3, 4], vec![0, 9]).is_some());
        assert!(Features::from_decimals(2, 2, vec![1, 2, 3], vec![0, 0]).is_none(), "short");
        assert!(Features::from_decimals(2, 2, vec![1, 2, 3, 4], vec![0]).is_none(), "places short");
        assert!(Features::from_decimals(2, 2, vec![1, 2, 3, 4], vec![0, 10]).is_none(), "10 places");
        assert!(Features::from_decimals(usize::MAX, 2, vec![], vec![0, 0]).is_none(), "overflow");
        assert!(Features::from_numbers(2, 1, vec![0.5, 1e-20]).is_some());
        assert!(Features::from_numbers(2, 2, vec![0.5, 1e-20]).is_none());
    }
}
