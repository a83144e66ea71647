//! Metrics against examples worked by hand.

use neuron_lab::metrics::{class_priors, f_measure, roc, Binary, ConfusionMatrix, Evaluation};

fn classes(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| s.to_string()).collect()
}

#[test]
fn binary_counts_and_rates_by_hand() {
    // actual:  1 1 1 0 0 0 0 1     scores vs threshold 0.5
    let actual = [1, 1, 1, 0, 0, 0, 0, 1];
    let scores = [0.9, 0.8, 0.3, 0.6, 0.2, 0.1, 0.4, 0.7];
    let b = Binary::new(&actual, &scores, 0.5);
    assert_eq!((b.true_positives, b.false_positives, b.false_negatives, b.true_negatives), (3, 1, 1, 3));
    assert_eq!(b.precision, Some(0.75));
    assert_eq!(b.recall, Some(0.75));
    assert_eq!(b.f_measure, Some(0.75));
    assert_eq!(b.fpr, Some(0.25));
    // At 0.65: TP 3 (0.9, 0.8, 0.7), FP 0, FN 1, TN 4.
    let strict = Binary::new(&actual, &scores, 0.65);
    assert_eq!((strict.precision, strict.recall, strict.fpr), (Some(1.0), Some(0.75), Some(0.0)));
    assert!((strict.f_measure.unwrap() - 6.0 / 7.0).abs() < 1e-15);
}

#[test]
fn undefined_ratios_are_none_never_nan() {
    let nothing_predicted_positive = Binary::new(&[1, 0, 0], &[0.1, 0.2, 0.3], 0.5);
    assert_eq!(nothing_predicted_positive.precision, None);
    assert_eq!(nothing_predicted_positive.recall, Some(0.0));
    assert_eq!(nothing_predicted_positive.f_measure, None);
    let no_positives = Binary::new(&[0, 0], &[0.9, 0.1], 0.5);
    assert_eq!((no_positives.recall, no_positives.tpr), (None, None));
    assert_eq!(no_positives.fpr, Some(0.5));
    assert_eq!(f_measure(Some(0.0), Some(0.0)), None);
    assert_eq!(roc(&[0, 0], &[0.9, 0.1]).auc, None);
    let empty = ConfusionMatrix::new(&classes(&["a", "b"]), &[], &[]);
    assert_eq!(empty.accuracy, None);
    assert_eq!(empty.precision, [None, None]);
}

#[test]
fn confusion_matrix_is_predicted_by_actual_with_margins() {
    // actual:    a a a b b c
    // predicted: a a b b c c
    let m = ConfusionMatrix::new(&classes(&["a", "b", "c"]), &[0, 0, 0, 1, 1, 2], &[0, 0, 1, 1, 2, 2]);
    assert_eq!(m.counts, [[2, 0, 0], [1, 1, 0], [0, 1, 1]]);
    assert_eq!(m.precision, [Some(1.0), Some(0.5), Some(0.5)]);
    assert_eq!(m.recall, [Some(2.0 / 3.0), Some(0.5), Some(1.0)]);
    assert_eq!(m.accuracy, Some(4.0 / 6.0));
    assert!((m.f_measure[0].unwrap() - 0.8).abs() < 1e-15);
    // F per class: a 0.8, b 0.5, c 2/3.
    assert!((m.mean_f_measure.unwrap() - (0.8 + 0.5 + 2.0 / 3.0) / 3.0).abs() < 1e-15);
    let never_c = ConfusionMatrix::new(&classes(&["a", "b", "c"]), &[0, 1, 2], &[0, 1, 1]);
    assert_eq!(never_c.mean_f_measure, None, "c is never predicted: its precision, so its F, is undefined");
}

#[test]
fn roc_and_auc_by_hand_with_ties_counting_half() {
    let r = roc(&[1, 0, 1, 0], &[0.9, 0.8, 0.7, 0.1]);
    let points: Vec<(f64, f64)> = r.points.iter().map(|p| (p.fpr, p.tpr)).collect();
    assert_eq!(points, [(0.0, 0.0), (0.0, 0.5), (0.5, 0.5), (0.5, 1.0), (1.0, 1.0)]);
    assert_eq!(r.auc, Some(0.75));
    let tied = roc(&[1, 0], &[0.5, 0.5]);
    assert_eq!(tied.auc, Some(0.5));
}

#[test]
fn baseline_is_the_training_majority_class() {
    assert_eq!(class_priors(&[0, 1, 1, 1], 2), [0.25, 0.75]);
    let priors = class_priors(&[0, 0, 0, 1], 2);
    let e = Evaluation::new(&classes(&["0", "1"]), priors, &[1, 1, 0], vec![1, 1, 1], &[0.9, 0.8, 0.7], 0.5);
    assert_eq!(e.baseline_class, 0);
    assert_eq!(e.baseline_accuracy, Some(1.0 / 3.0));
    assert_eq!(e.accuracy, Some(2.0 / 3.0));
}

/// A million rows' ROC curve keeps points a ten-thousandth apart (and the ends); its
/// area is the area of every point's curve, and a part of fewer rows keeps every point.
#[test]
fn a_long_roc_curve_keeps_its_area_and_fewer_points() {
    let n = 1_000_000;
    let actual: Vec<usize> = (0..n).map(|i| usize::from(i % 3 == 0)).collect();
    let scores: Vec<f64> =
        (0..n).map(|i| ((i * 7919) % 100_003) as f64 / 100_003.0 + 0.1 * f64::from(u8::from(i % 3 == 0))).collect();
    let curve = roc(&actual, &scores);
    assert!(curve.points.len() < 25_000, "{} points", curve.points.len());
    assert_eq!((curve.points[0].fpr, curve.points[0].tpr), (0.0, 0.0));
    let last = curve.points.last().unwrap();
    assert_eq!((last.fpr, last.tpr), (1.0, 1.0));
    // The area by counting pairs: P(score of a positive > score of a negative), ties half.
    let mut negatives: Vec<f64> = (0..n).filter(|&i| actual[i] == 0).map(|i| scores[i]).collect();
    negatives.sort_by(f64::total_cmp);
    let (mut below, mut ties) = (0.0, 0.0);
    for i in (0..n).filter(|&i| actual[i] == 1) {
        let lower = negatives.partition_point(|&v| v < scores[i]);
        let upper = negatives.partition_point(|&v| v <= scores[i]);
        below += lower as f64;
        ties += (upper - lower) as f64;
    }
    let pairs = negatives.len() as f64 * (n - negatives.len()) as f64;
    let expected = (below + ties / 2.0) / pairs;
    assert!((curve.auc.unwrap() - expected).abs() < 1e-9, "{} against {expected}", curve.auc.unwrap());

    let small: Vec<f64> = scores[..5000].to_vec();
    let distinct: std::collections::HashSet<u64> = small.iter().map(|v| v.to_bits()).collect();
    assert_eq!(roc(&actual[..5000], &small).points.len(), distinct.len() + 1, "every point of a small part");
}
