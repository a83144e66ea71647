//! Feature transforms: derived columns added to the raw features before
//! standardization, so that a single neuron can draw a curved boundary in the
//! raw features (TensorFlow Playground's "feature crosses").
//!
//! With raw features `x_1 .. x_D`, the neuron's features are, in this order:
//! the raw ones, then the squares `x_j^2`, the pairwise products `x_i x_j` (i < j)
//! and, for sets of at most two features, `sin(x_j)`.

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};

/// Which derived columns are added (none: the lecture's neuron on the raw features).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct Derived {
    /// `x_j^2` for every raw feature j, named `x_j^2`.
    pub square: bool,
    /// `x_i x_j` for every pair i < j, named `x_i*x_j`.
    pub product: bool,
    /// `sin(x_j)` for every raw feature j (sets of one or two features), named `sin(x_j)`.
    pub sin: bool,
}

/// The most columns (raw and derived) the transforms may make: 300 raw features'
/// products would be 45,000 columns a row.
pub const MAX_COLUMNS: usize = 1000;

/// The most numbers (rows times columns) the rows with derived columns may take: 400 MB,
/// a million rows of 50 columns (a million rows of 16 features with their products,
/// 136 columns, would take 1.1 GB, beyond what a page can hold twice).
pub const MAX_NUMBERS: usize = 50_000_000;

/// The most raw features `sin(x_j)` is offered for: it is meant for the plane of two.
pub const SIN_FEATURES: usize = 2;

impl Derived {
    pub const NONE: Derived = Derived { square: false, product: false, sin: false };

    /// The names the command line and the link use, in column order.
    pub const NAMES: [&'static str; 3] = ["square", "product", "sin"];

    /// `square,product,sin` (any subset, any order; empty or `none` for none).
    pub fn parse(text: &str) -> Result<Derived> {
        let mut derived = Derived::NONE;
        for name in text.split(',').map(str::trim).filter(|n| !n.is_empty() && *n != "none") {
            match name {
                "square" | "squares" => derived.square = true,
                "product" | "products" => derived.product = true,
                "sin" => derived.sin = true,
                _ => {
                    return Err(Error::UnknownTransform {
                        name: crate::error::excerpt(name),
                        known: Derived::NAMES.to_vec(),
                    })
                }
            }
        }
        Ok(derived)
    }

    /// The names of the transforms chosen, as [`Derived::parse`] reads them.
    pub fn names(&self) -> Vec<&'static str> {
        let on = [self.square, self.product, self.sin];
        Derived::NAMES.into_iter().zip(on).filter_map(|(name, on)| on.then_some(name)).collect()
    }

    pub fn is_none(&self) -> bool {
        *self == Derived::NONE
    }

    /// How many columns `d` raw features become: `d + d (squares) + d (d - 1) / 2
    /// (products) + d (sin)`.
    pub fn columns(&self, d: usize) -> usize {
        let pairs = d * d.saturating_sub(1) / 2;
        d + usize::from(self.square) * d + usize::from(self.product) * pairs + usize::from(self.sin) * d
    }

    /// The raw feature count that makes `columns` columns, if any (as a model file says
    /// only the columns' names).
    pub fn raw_features(&self, columns: usize) -> Option<usize> {
        (0..=columns).find(|&d| self.columns(d) >= columns).filter(|&d| self.columns(d) == columns)
    }

    /// Refuses transforms that do not fit `d` raw features: sin beyond two features,
    /// more than [`MAX_COLUMNS`] columns.
    pub fn check(&self, d: usize) -> Result<()> {
        if self.sin && d > SIN_FEATURES {
            return Err(Error::SinNeedsTwoFeatures { features: d });
        }
        let columns = self.columns(d);
        if columns > MAX_COLUMNS && !self.is_none() {
            return Err(Error::TooManyColumns { features: d, columns, max: MAX_COLUMNS });
        }
        Ok(())
    }

    /// The columns' names: the raw names, then `x1^2`, `x1*x2`, `sin(x1)`.
    pub fn feature_names(&self, raw: &[String]) -> Vec<String> {
        let mut names = raw.to_vec();
        if self.square {
            names.extend(raw.iter().map(|n| format!("{n}^2")));
        }
        if self.product {
            for (i, a) in raw.iter().enumerate() {
                names.extend(raw[i + 1..].iter().map(|b| format!("{a}*{b}")));
            }
        }
        if self.sin {
            names.extend(raw.iter().map(|n| format!("sin({n})")));
        }
        names
    }

    /// Fills `row[d..]` with the derived columns of the raw values `row[..d]`
    /// (`row` is [`Derived::columns`] long).
    #[inline]
    pub fn extend_row(&self, row: &mut [f64], d: usize) {
        let (raw, derived) = row.split_at_mut(d);
        let mut out = derived.iter_mut();
        if self.square {
            // The raw values lead each zip: the first iterator's item is taken even when
            // the second has run out, and a slot of `out` would be lost.
            for (&v, o) in raw.iter().zip(out.by_ref()) {
                *o = v * v;
            }
        }
        if self.product {
            for (i, &a) in raw.iter().enumerate() {
                for (&b, o) in raw[i + 1..].iter().zip(out.by_ref()) {
                    *o = a * b;
                }
            }
        }
        if self.sin {
            for (&v, o) in raw.iter().zip(out) {
                *o = v.sin();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_values_line_up() {
        let all = Derived { square: true, product: true, sin: true };
        let names = all.feature_names(&["a".into(), "b".into()]);
        assert_eq!(names, ["a", "b", "a^2", "b^2", "a*b", "sin(a)", "sin(b)"]);
        let mut row = [3.0, -2.0, 0.0, 0.0, 0.0, 0.0, 0.0];
        all.extend_row(&mut row, 2);
        // By hand: 3^2, (-2)^2, 3 (-2), sin 3, sin(-2).
        assert_eq!(row, [3.0, -2.0, 9.0, 4.0, -6.0, 3.0_f64.sin(), (-2.0_f64).sin()]);
        let products = Derived { product: true, ..Derived::NONE };
        let names = products.feature_names(&["a".into(), "b".into(), "c".into()]);
        assert_eq!(names, ["a", "b", "c", "a*b", "a*c", "b*c"]);
        let mut row = [2.0, 3.0, 5.0, 0.0, 0.0, 0.0];
        products.extend_row(&mut row, 3);
        assert_eq!(row, [2.0, 3.0, 5.0, 6.0, 10.0, 15.0]);
    }

    #[test]
    fn columns_count_and_invert() {
        let all = Derived { square: true, product: true, sin: true };
        for d in 0..40 {
            assert_eq!(all.columns(d), all.feature_names(&vec![String::new(); d]).len());
            assert_eq!(all.raw_features(all.columns(d)), Some(d));
            assert_eq!(Derived::NONE.raw_features(d), Some(d));
        }
        // 3 + 3 + 3 = 9 columns for 3 features with squares and products; 8 fits no count.
        let both = Derived { square: true, product: true, sin: false };
        assert_eq!(both.raw_features(9), Some(3));
        assert_eq!(both.raw_features(8), None);
    }

    #[test]
    fn parse_reads_the_command_line_names() {
        assert_eq!(Derived::parse("square,product").unwrap(), Derived { square: true, product: true, sin: false });
        assert_eq!(Derived::parse(" sin ").unwrap().names(), ["sin"]);
        assert_eq!(Derived::parse("").unwrap(), Derived::NONE);
        assert_eq!(Derived::parse("none").unwrap(), Derived::NONE);
        let e = Derived::parse("square,cube").unwrap_err().to_string();
        assert!(e.contains("'cube'") && e.contains("square, product, sin"), "{e}");
        assert!(Derived { sin: true, ..Derived::NONE }.check(3).is_err());
        assert!(Derived { sin: true, ..Derived::NONE }.check(2).is_ok());
        assert!(Derived { product: true, ..Derived::NONE }.check(100).is_err());
        assert!(Derived::NONE.check(5000).is_ok());
    }
}
