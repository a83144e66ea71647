//! How good is the classifier: accuracy against the class-prior baseline, the
//! confusion matrix, precision, recall, F-measure, TPR/FPR, ROC and AUC.
//!
//! A ratio whose denominator is zero (the precision of a class never predicted)
//! is `None`, "undefined", never NaN.

use crate::data::{in_blocks, repeat_while, BLOCK_ROWS};
use serde::{Deserialize, Serialize};

/// `numerator / denominator`, or `None` when the denominator is zero.
pub fn ratio(numerator: usize, denominator: usize) -> Option<f64> {
    (denominator > 0).then(|| numerator as f64 / denominator as f64)
}

/// The harmonic mean `2 P R / (P + R)`; undefined when either is, or both are zero.
pub fn f_measure(precision: Option<f64>, recall: Option<f64>) -> Option<f64> {
    let (p, r) = (precision?, recall?);
    (p + r > 0.0).then(|| 2.0 * p * r / (p + r))
}

/// The share of each class among `labels`.
pub fn class_priors(labels: &[usize], classes: usize) -> Vec<f64> {
    let mut counts = vec![0usize; classes];
    for &l in labels {
        counts[l] += 1;
    }
    counts.iter().map(|&c| ratio(c, labels.len()).unwrap_or(0.0)).collect()
}

/// Above this many classes the confusion matrix keeps no K x K tables (`counts` and
/// `percent` are empty): a thousand classes would make a million cells that no page or
/// terminal can show. Precision, recall and F per class are always there.
pub const MATRIX_CLASSES: usize = 12;

/// The confusion matrix as the lecture lays it out: a row per *predicted*
/// class, a column per *actual* class; each row's precision on its right,
/// each column's recall below it, the overall accuracy in the corner.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConfusionMatrix {
    pub classes: Vec<String>,
    /// `counts[predicted][actual]`; empty above [`MATRIX_CLASSES`] classes.
    pub counts: Vec<Vec<usize>>,
    /// Each count as a percentage of all rows (0 when there are none); empty above
    /// [`MATRIX_CLASSES`] classes.
    pub percent: Vec<Vec<f64>>,
    pub total: usize,
    /// Per class: how many rows were predicted as it (the matrix's row sums)...
    pub predicted_counts: Vec<usize>,
    /// ...how many rows are of it (the column sums)...
    pub actual_counts: Vec<usize>,
    /// ...and how many of those were predicted right (the diagonal).
    pub correct_counts: Vec<usize>,
    pub precision: Vec<Option<f64>>,
    pub recall: Vec<Option<f64>>,
    pub f_measure: Vec<Option<f64>>,
    /// The mean of the per-class F-measures (undefined if any is).
    pub mean_f_measure: Option<f64>,
    pub accuracy: Option<f64>,
}

impl ConfusionMatrix {
    /// In one pass over the rows and O(K) per class, so a thousand classes cost
    /// no more than their rows; the K x K tables only up to [`MATRIX_CLASSES`] classes.
    pub fn new(classes: &[String], actual: &[usize], predicted: &[usize]) -> ConfusionMatrix {
        let k = classes.len();
        let table = k <= MATRIX_CLASSES;
        let mut counts = if table { vec![vec![0usize; k]; k] } else { Vec::new() };
        let (mut predicted_counts, mut actual_counts, mut correct_counts) = (vec![0; k], vec![0; k], vec![0; k]);
        in_blocks(actual.len().min(predicted.len()), |rows| {
            for (&a, &p) in actual[rows.clone()].iter().zip(&predicted[rows]) {
                if table {
                    counts[p][a] += 1;
                }
                predicted_counts[p] += 1;
                actual_counts[a] += 1;
                if a == p {
                    correct_counts[a] += 1;
                }
            }
        });
        let precision: Vec<_> = (0..k).map(|c| ratio(correct_counts[c], predicted_counts[c])).collect();
        let recall: Vec<_> = (0..k).map(|c| ratio(correct_counts[c], actual_counts[c])).collect();
        let f_measure: Vec<Option<f64>> = precision.iter().zip(&recall).map(|(&p, &r)| f_measure(p, r)).collect();
        let mean_f_measure = f_measure.iter().copied().sum::<Option<f64>>().map(|total| total / k as f64);
        let correct = correct_counts.iter().sum();
        let percent = counts
            .iter()
            .map(|row| row.iter().map(|&c| 100.0 * ratio(c, actual.len()).unwrap_or(0.0)).collect())
            .collect();
        ConfusionMatrix {
            classes: classes.to_vec(),
            percent,
            total: actual.len(),
            accuracy: ratio(correct, actual.len()),
            counts,
            predicted_counts,
            actual_counts,
            correct_counts,
            precision,
            recall,
            f_measure,
            mean_f_measure,
        }
    }
}

/// The counts and rates of a binary classifier at one threshold (1 = positive).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Binary {
    pub threshold: f64,
    pub true_positives: usize,
    pub false_positives: usize,
    pub false_negatives: usize,
    pub true_negatives: usize,
    pub precision: Option<f64>,
    /// Recall is the true positive rate.
    pub recall: Option<f64>,
    pub f_measure: Option<f64>,
    pub tpr: Option<f64>,
    pub fpr: Option<f64>,
}

impl Binary {
    /// Rows with `score >= threshold` are called positive.
    pub fn new(actual: &[usize], scores: &[f64], threshold: f64) -> Binary {
        let (mut tp, mut fp, mut fn_, mut tn) = (0, 0, 0, 0);
        in_blocks(actual.len().min(scores.len()), |rows| {
            for (&a, &s) in actual[rows.clone()].iter().zip(&scores[rows]) {
                match (a == 1, s >= threshold) {
                    (true, true) => tp += 1,
                    (false, true) => fp += 1,
                    (true, false) => fn_ += 1,
                    (false, false) => tn += 1,
                }
            }
        });
        let precision = ratio(tp, tp + fp);
        let recall = ratio(tp, tp + fn_);
        Binary {
            threshold,
            true_positives: tp,
            false_positives: fp,
            false_negatives: fn_,
            true_negatives: tn,
            precision,
            recall,
            f_measure: f_measure(precision, recall),
            tpr: recall,
            fpr: ratio(fp, fp + tn),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RocPoint {
    /// Positive when `score >= threshold`; `None` for the first point, above every score.
    pub threshold: Option<f64>,
    pub fpr: f64,
    pub tpr: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Roc {
    pub points: Vec<RocPoint>,
    /// Area under the curve (trapezoids, so tied scores count half); undefined
    /// without both classes.
    pub auc: Option<f64>,
}

/// The least move (in either rate) between two points an ROC curve keeps: a part with
/// fewer than 10,000 rows of each class keeps every point; one of a million rows,
/// a curve of at most about 20,000 (the area is always that of every point).
pub const ROC_STEP: f64 = 1e-4;

/// The ROC curve over every threshold: a point per distinct score (see [`ROC_STEP`]),
/// from (0, 0) to (1, 1), and the area under it.
///
/// Total over any scores: a NaN score (an output that could not be computed) ranks
/// below every number, as `score >= threshold` never calls it positive, and all NaNs
/// tie with `-inf`; scores are grouped by value, so each group ends the inner loop.
pub fn roc(actual: &[usize], scores: &[f64]) -> Roc {
    let rank = |score: f64| if score.is_nan() { f64::NEG_INFINITY } else { score };
    // Each class's scores as sort keys, highest score first: 8 bytes a row, and scratch
    // for one class at a time (a key beside its score and class was 24 bytes, twice).
    let class_keys = |positive: bool| {
        let mut keys = Vec::new();
        in_blocks(actual.len().min(scores.len()), |rows| {
            let rows = scores[rows.clone()].iter().zip(&actual[rows]).filter(|&(_, &a)| (a == 1) == positive);
            keys.extend(rows.map(|(&s, _)| key(rank(s))));
        });
        highest_first(keys)
    };
    let (positive_keys, negative_keys) = (class_keys(true), class_keys(false));
    let (positives, negatives) = (positive_keys.len(), negative_keys.len());
    let rate = |count, of| ratio(count, of).unwrap_or(0.0);
    let start = RocPoint { threshold: None, fpr: 0.0, tpr: 0.0 };
    let mut points = vec![start];
    // The area is summed over every point; the curve keeps those ROC_STEP apart, and the last.
    let (mut area, mut previous, mut skipped) = (0.0, start, None);
    // Both classes' keys walked together, a group of equal scores at a time (counted
    // whole, so the order within it does not matter).
    let (mut tp, mut fp) = (0, 0);
    // A block of groups per call (see BLOCK_ROWS).
    repeat_while(|| {
        for _ in 0..BLOCK_ROWS {
            if tp == positives && fp == negatives {
                return false;
            }
            let next = positive_keys.get(tp).into_iter().chain(negative_keys.get(fp)).min().copied().unwrap_or(0);
            tp += positive_keys[tp..].iter().take_while(|&&k| k == next).count();
            fp += negative_keys[fp..].iter().take_while(|&&k| k == next).count();
            let point = RocPoint { threshold: Some(score(next)), fpr: rate(fp, negatives), tpr: rate(tp, positives) };
            area += (point.fpr - previous.fpr) * (point.tpr + previous.tpr) / 2.0;
            previous = point;
            let kept = points.last().unwrap_or(&start);
            if (point.fpr - kept.fpr).abs() < ROC_STEP && (point.tpr - kept.tpr).abs() < ROC_STEP {
                skipped = Some(point);
            } else {
                points.push(point);
                skipped = None;
            }
        }
        true
    });
    points.extend(skipped);
    Roc { points, auc: (positives > 0 && negatives > 0).then_some(area) }
}

/// From this many rows on, [`highest_first`] sorts by radix rather than by comparison.
const RADIX_ROWS: usize = 16_384;

/// The bits of a score a pass of [`highest_first`] sorts by (16 measured faster than 11
/// in Chromium on a million rows: fewer passes over them).
const DIGIT_BITS: usize = 16;

/// The bits of a double, flipped so that they order as `f64::total_cmp` orders the
/// doubles, then inverted: the highest score has the least key.
fn key(score: f64) -> u64 {
    let bits = score.to_bits();
    let ordered = if bits >> 63 == 1 { !bits } else { bits | 1 << 63 };
    !ordered
}

/// The score of a [`key`].
fn score(key: u64) -> f64 {
    let ordered = !key;
    f64::from_bits(if ordered >> 63 == 1 { ordered & !(1 << 63) } else { !ordered })
}

/// Scores' [`key`]s in order: highest score first, as `f64::total_cmp` orders them. A
/// radix sort on the keys' bits, [`DIGIT_BITS`] at a time (a pass skipped where every
/// key has the same digit): a part of a million rows sorts in a few passes over it
/// rather than twenty.
fn highest_first(mut keys: Vec<u64>) -> Vec<u64> {
    // A few thousand keys sort faster by comparison than by passes over 65,536 buckets.
    if keys.len() < RADIX_ROWS {
        // The standard sort of numbers, its comparison inlined: this runs on every frame
        // of play, where `order::sorted_by`'s comparisons through a reference showed.
        keys.sort_unstable();
        return keys;
    }
    let mut other = vec![0; keys.len()];
    let mut counts = vec![0usize; 1 << DIGIT_BITS];
    for shift in (0..64).step_by(DIGIT_BITS) {
        counts.fill(0);
        for block in keys.chunks(BLOCK_ROWS) {
            count_digits(block, shift, &mut counts);
        }
        if counts.contains(&keys.len()) {
            continue;
        }
        let mut start = 0;
        for count in counts.iter_mut() {
            (*count, start) = (start, start + *count);
        }
        for block in keys.chunks(BLOCK_ROWS) {
            scatter(block, shift, &mut counts, &mut other);
        }
        std::mem::swap(&mut keys, &mut other);
    }
    keys
}

/// The digit of key `k` at `shift`.
fn digit(k: u64, shift: usize) -> usize {
    ((k >> shift) & ((1 << DIGIT_BITS) - 1)) as usize
}

/// Counts each digit of a block's keys at `shift`.
#[inline(never)]
fn count_digits(block: &[u64], shift: usize, counts: &mut [usize]) {
    for &k in block {
        counts[digit(k, shift)] += 1;
    }
}

/// Puts a block's entries where their digit's next slot is (`slots`), in order.
#[inline(never)]
fn scatter(block: &[u64], shift: usize, slots: &mut [usize], into: &mut [u64]) {
    for &k in block {
        let slot = &mut slots[digit(k, shift)];
        into[*slot] = k;
        *slot += 1;
    }
}

/// Everything the page and the CLI show about one part (training or validation).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    pub rows: usize,
    pub accuracy: Option<f64>,
    /// Class shares in the *training* rows, which the baseline learns from.
    pub class_priors: Vec<f64>,
    /// The majority class of the training rows...
    pub baseline_class: usize,
    /// ...and the accuracy of always predicting it here.
    pub baseline_accuracy: Option<f64>,
    pub confusion: ConfusionMatrix,
    /// For binary problems: the counts and rates at the threshold, and the ROC curve.
    pub binary: Option<Binary>,
    pub roc: Option<Roc>,
}

impl Evaluation {
    /// The same evaluation without the ROC curve's points (its area stays): for a
    /// table, which has no use for the curve.
    pub fn without_curve(&self) -> Evaluation {
        Evaluation {
            rows: self.rows,
            accuracy: self.accuracy,
            class_priors: self.class_priors.clone(),
            baseline_class: self.baseline_class,
            baseline_accuracy: self.baseline_accuracy,
            confusion: self.confusion.clone(),
            binary: self.binary.clone(),
            roc: self.roc.as_ref().map(|roc| Roc { points: Vec::new(), auc: roc.auc }),
        }
    }

    /// `class_priors` are the training rows' class shares (see [`class_priors`]);
    /// `scores` are the positive-class outputs for a binary neuron (else empty).
    /// `predicted` is taken, and let go once counted: a million rows' worth of it need
    /// not wait beside the ROC's sort.
    pub fn new(
        classes: &[String],
        class_priors: Vec<f64>,
        actual: &[usize],
        predicted: Vec<usize>,
        scores: &[f64],
        threshold: f64,
    ) -> Evaluation {
        let baseline_class = crate::math::argmax(&class_priors);
        let confusion = ConfusionMatrix::new(classes, actual, &predicted);
        drop(predicted);
        let baseline_hits = actual.iter().filter(|&&a| a == baseline_class).count();
        let binary =
            (classes.len() == 2 && scores.len() == actual.len()).then(|| Binary::new(actual, scores, threshold));
        Evaluation {
            rows: actual.len(),
            accuracy: confusion.accuracy,
            class_priors,
            baseline_class,
            baseline_accuracy: ratio(baseline_hits, actual.len()),
            roc: binary.as_ref().map(|_| roc(actual, scores)),
            binary,
            confusion,
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn scores_sort_highest_first_as_total_cmp_orders_them() {
        let mut scores = vec![0.5, -0.0, 0.0, 1.0, f64::NEG_INFINITY, 1e-300, -1e-300, 0.25, 0.5, f64::INFINITY, -2.0];
        scores.extend((0..40_000).map(|i| ((i * 7919) % 1009) as f64 / 1009.0 - 0.3));
        for n in [11, scores.len()] {
            let sorted: Vec<f64> = super::highest_first(scores[..n].iter().map(|&s| super::key(s)).collect())
                .into_iter()
                .map(super::score)
                .collect();
            let mut expected = scores[..n].to_vec();
            expected.sort_by(|a, b| b.total_cmp(a));
            let bits = |scores: &[f64]| scores.iter().map(|s| s.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&sorted), bits(&expected), "{n} scores");
        }
    }
}
