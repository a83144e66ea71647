//! CSV parsing, labels and classes, the workflow, and every bad input's message.

mod common;

use neuron_lab::data::prep::Part;
use neuron_lab::data::prep::{Prepared, Summaries, Transform, Workflow};
use neuron_lab::data::{builtin, Columns, Dataset, Table};
use neuron_lab::math::Matrix;
use neuron_lab::Error;

fn load(text: &str, target: &str) -> Result<Dataset, Error> {
    let table = Table::parse(text)?;
    Dataset::from_table(&table, &Columns { target: target.into(), ..Columns::default() })
}

fn message(text: &str, target: &str) -> String {
    load(text, target).unwrap_err().to_string()
}

#[test]
fn reads_comma_semicolon_and_tab_with_bom_crlf_and_quotes() {
    for text in [
        "\u{feff}a,b,y\r\n1,2,0\r\n3,4,1\r\n",
        "a;b;y\n1;2;0\n3;4;1\n",
        "a\tb\ty\n1\t2\t0\n3\t4\t1",
        "\"a\",\"b\",\"y\"\n\"1\",2,\"0\"\n3,\"4\",1\n",
    ] {
        let data = load(text, "y").unwrap();
        assert_eq!(data.feature_names, ["a", "b"]);
        assert_eq!(data.x.to_matrix(), Matrix::from_vec(2, 2, vec![1.0, 2.0, 3.0, 4.0]));
        assert_eq!(data.labels, [0, 1]);
    }
    let quoted = Table::parse("name,\"x, in cm\",y\n\"Smith, J\",1.5,yes\nLee,2,no\n").unwrap();
    assert_eq!(quoted.headers[1], "x, in cm");
    assert_eq!(&quoted.row(0)[0], "Smith, J");
}

#[test]
fn kid_creative_loads_with_its_17_parameters() {
    let data = common::kid_creative();
    assert_eq!(data.rows(), 673);
    assert_eq!(data.feature_names.len(), 16);
    assert_eq!(data.labels.iter().filter(|&&l| l == 1).count(), 125);
    assert_eq!(data.class_names, ["0", "1"]);
}

#[test]
fn classes_sort_numerically_or_as_text_and_the_positive_class_goes_second() {
    let labels = |text: &str, positive: Option<&str>| {
        let table = Table::parse(text).unwrap();
        let columns = Columns { target: "y".into(), drop: vec![], positive: positive.map(String::from) };
        Dataset::from_table(&table, &columns).unwrap().class_names
    };
    assert_eq!(labels("x,y\n1,10\n2,9\n3,2\n", None), ["2", "9", "10"]);
    assert_eq!(labels("x,y\n1,yes\n2,no\n", None), ["no", "yes"]);
    assert_eq!(labels("x,y\n1,True\n2,false\n", None), ["false", "True"]);
    assert_eq!(labels("x,y\n1,1\n2,0\n", None), ["0", "1"]);
    assert_eq!(labels("x,y\n1,cat\n2,dog\n", None), ["cat", "dog"]);
    assert_eq!(labels("x,y\n1,cat\n2,dog\n", Some("cat")), ["dog", "cat"]);
    assert_eq!(labels("x,y\n1,setosa\n2,virginica\n3,versicolor\n", None), ["setosa", "versicolor", "virginica"]);
}

#[test]
fn dropped_columns_are_left_out() {
    let table = Table::parse("id,x,y\n1,5,0\n2,6,1\n").unwrap();
    let columns = Columns { target: "y".into(), drop: vec!["id".into()], positive: None };
    assert_eq!(Dataset::from_table(&table, &columns).unwrap().feature_names, ["x"]);
}

#[test]
fn every_bad_input_names_where_it_is() {
    assert_eq!(message("", "y"), "the file is empty: expected a header row and data rows");
    assert_eq!(message("a,y\n", "y"), "the file has a header row but no data rows");
    assert_eq!(message("a,y\n1,0\n2,1,5\n", "y"), "line 3: expected 2 fields like the header, found 3");
    assert_eq!(
        message("a,b,y\n1,2,0\n3,abc,1\n", "y"),
        "line 3, column 2 ('b'): 'abc' is not a number (drop the column if it is not a feature)"
    );
    assert_eq!(message("a,b,y\n1,,0\n3,4,1\n", "y"), "line 2, column 2 ('b'): empty cell, expected a number");
    assert_eq!(message("a,b,y\n1,NaN,0\n3,4,1\n", "y"), "line 2, column 2 ('b'): 'NaN' is not a finite number");
    assert_eq!(message("a,b,y\n1,2,0\n3,inf,1\n", "y"), "line 3, column 2 ('b'): 'inf' is not a finite number");
    assert_eq!(
        message("a,y\n1,0\n2,0\n", "y"),
        "the target 'y' has only one class ('0'): a classifier needs at least two"
    );
    assert_eq!(message("a,y\n1,0\n2,1\n", "Buy"), "no column named 'Buy'; the columns are: 'a', 'y'");
    assert_eq!(message("a,y\n1,\n2,1\n", "y"), "line 2, column 2 ('y'): empty label: every row needs its class");
    assert_eq!(message("a,a,y\n1,2,0\n", "y"), "line 1, column 2: the column name 'a' appears twice");
    assert_eq!(message("y\n0\n1\n", "y"), "no feature columns are left after the target and the dropped columns");

    let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR";
    assert_eq!(
        Table::parse_bytes(png).unwrap_err().to_string(),
        "line 1, column 1: the file is not UTF-8 text (is it a CSV file?)"
    );
    let latin1 = b"name,y\nab,0\nJos\xe9,1\n";
    assert_eq!(
        Table::parse_bytes(latin1).unwrap_err().to_string(),
        "line 3, column 1: the file is not UTF-8 text (is it a CSV file?)"
    );
    let unknown_drop = Table::parse("a,y\n1,0\n2,1\n").unwrap();
    let columns = Columns { target: "y".into(), drop: vec!["Obs No.".into()], positive: None };
    assert!(Dataset::from_table(&unknown_drop, &columns).unwrap_err().to_string().contains("'Obs No.'"));
}

#[test]
fn split_is_two_thirds_and_standardizes_with_training_statistics() {
    let data = builtin::generate("overlapping", 2, 300).unwrap().data;
    let workflow = Workflow {
        shuffle: true,
        seed: 9,
        train_fraction: 2.0 / 3.0,
        standardize: true,
        bias: true,
        features: Default::default(),
    };
    let p = Prepared::new(data.clone(), &workflow).unwrap();
    assert_eq!((p.x(Part::Train).rows(), p.x(Part::Validation).rows()), (200, 100));
    assert!(p.x(Part::Train).iter_rows().all(|r| r[0] == 1.0), "bias column first");
    for j in 1..3 {
        let column: Vec<f64> = p.x(Part::Train).iter_rows().map(|r| r[j]).collect();
        let mean = column.iter().sum::<f64>() / 200.0;
        let var = column.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / 199.0;
        assert!(mean.abs() < 1e-12 && (var - 1.0).abs() < 1e-12);
    }
    let mut all: Vec<usize> = p.data_rows(Part::Train).iter().chain(p.data_rows(Part::Validation)).copied().collect();
    all.sort();
    assert_eq!(all, (0..300).collect::<Vec<_>>(), "every row once");
    let again = Prepared::new(data.clone(), &workflow).unwrap();
    assert_eq!(again, p, "the same seed splits the same way");
}

#[test]
fn constant_column_is_reported_and_never_divides_by_zero() {
    let x = Matrix::from_vec(3, 2, vec![1.0, 7.0, 2.0, 7.0, 3.0, 7.0]);
    let t = Transform::fit(&x, &["a".into(), "c".into()], true, true);
    assert_eq!(t.constant_columns, ["c"]);
    let applied = t.apply(&x);
    assert!(applied.as_slice().iter().all(|v| v.is_finite()));
    assert_eq!(applied.get(0, 2), 0.0);
}

#[test]
fn original_scale_theta_gives_the_same_scores_on_raw_rows() {
    let x = Matrix::from_vec(3, 2, vec![10.0, 0.5, 20.0, 0.1, 40.0, 0.9]);
    let t = Transform::fit(&x, &["a".into(), "b".into()], true, true);
    let theta = Matrix::from_vec(3, 2, vec![0.3, -0.2, 1.5, 0.7, -2.0, 0.4]);
    let raw_theta = t.theta_original_scale(&theta).unwrap();
    let scaled = t.apply(&x);
    for i in 0..3 {
        for k in 0..2 {
            let z_scaled: f64 = (0..3).map(|j| scaled.get(i, j) * theta.get(j, k)).sum();
            let z_raw = raw_theta.get(0, k) + (0..2).map(|j| x.get(i, j) * raw_theta.get(j + 1, k)).sum::<f64>();
            assert!((z_scaled - z_raw).abs() < 1e-12);
        }
    }
}

#[test]
fn tiny_or_all_training_splits_are_refused_or_allowed_as_asked() {
    let data = load("a,y\n1,0\n2,1\n3,0\n", "y").unwrap();
    let workflow = |train_fraction| Workflow {
        shuffle: false,
        seed: 0,
        train_fraction,
        standardize: true,
        bias: true,
        features: Default::default(),
    };
    assert!(Prepared::new(data.clone(), &workflow(0.1))
        .unwrap_err()
        .to_string()
        .contains("training set would have 1 rows"));
    assert!(Prepared::new(data.clone(), &workflow(0.99))
        .unwrap_err()
        .to_string()
        .contains("validation set would have 0 rows"));
    assert_eq!(Prepared::new(data.clone(), &workflow(1.0)).unwrap().x(Part::Validation).rows(), 0);
}

#[test]
fn built_in_sets_are_drawn_from_the_seed() {
    for name in builtin::names() {
        let a = builtin::generate(name, 4, 0).unwrap();
        assert_eq!(a.data, builtin::generate(name, 4, 0).unwrap().data, "{name}");
        assert_ne!(a.data, builtin::generate(name, 5, 0).unwrap().data, "{name}");
        assert!(a.data.x.to_matrix().as_slice().iter().all(|v| v.is_finite()));
        let csv = neuron_lab::export::dataset(&a.data);
        let back = load(&csv, &a.data.target).unwrap();
        assert_eq!(back.rows(), a.data.rows());
    }
    assert!(matches!(builtin::generate("nope", 0, 0), Err(neuron_lab::Error::UnknownDataset(name)) if name == "nope"));
}

#[test]
fn no_original_scale_theta_without_a_bias_to_absorb_the_shift() {
    let x = Matrix::from_vec(3, 1, vec![10.0, 20.0, 40.0]);
    let theta = Matrix::from_vec(1, 1, vec![0.5]);
    assert_eq!(Transform::fit(&x, &["a".into()], true, false).theta_original_scale(&theta), None);
    let plain = Transform::fit(&x, &["a".into()], false, false).theta_original_scale(&theta).unwrap();
    assert_eq!(plain, theta, "unscaled features: theta is already on the original scale");
}

#[test]
fn the_summaries_made_with_the_rows_are_those_made_later_bit_for_bit() {
    let huge = "a,b,y\n1e308,-1e308,0\n1.5e308,2,1\n-0.0,1e-310,0\n1.7e308,-3,1\n2,4,0\n1e308,5,1\n";
    let sets =
        [common::kid_creative(), load(huge, "y").unwrap(), builtin::generate("overlapping", 3, 500).unwrap().data];
    for data in sets {
        for standardize in [true, false] {
            let workflow = Workflow {
                shuffle: true,
                seed: 7,
                train_fraction: 2.0 / 3.0,
                standardize,
                bias: true,
                features: Default::default(),
            };
            let made = Prepared::new(data.clone(), &workflow).unwrap();
            // The same rows without them: made when first asked for.
            let later = Prepared::from_parts(made.parts()).unwrap();
            assert_eq!(later.summaries(), Summaries::default());
            let bits = |values: &[f64]| values.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(made.training_means()), bits(later.training_means()), "{}", data.target);
            assert_eq!(made.ranges(), later.ranges(), "{}", data.target);
            // Summaries that do not fit the features (forged) are made again.
            let again = Prepared::from_parts(made.parts()).unwrap();
            let d = data.feature_names.len();
            again.keep_summaries(Summaries {
                training_means: Some(vec![1.0; d + 1]),
                ranges: Some(vec![(1.0, 0.0); d]),
            });
            assert_eq!(again.summaries(), Summaries::default());
            again.keep_summaries(made.summaries());
            assert_eq!(again.summaries(), made.summaries());
        }
    }
}

#[test]
fn split_sizes_are_the_ceiling_of_the_fraction_without_rounding_noise() {
    let data = builtin::generate("overlapping", 1, 100).unwrap().data;
    for (fraction, expected) in [(0.07, 7), (2.0 / 3.0, 67), (0.5, 50)] {
        let workflow = Workflow {
            shuffle: false,
            seed: 0,
            train_fraction: fraction,
            standardize: true,
            bias: true,
            features: Default::default(),
        };
        assert_eq!(Prepared::new(data.clone(), &workflow).unwrap().x(Part::Train).rows(), expected, "{fraction}");
    }
    let data50 = builtin::generate("overlapping", 1, 50).unwrap().data;
    let workflow = Workflow {
        shuffle: false,
        seed: 0,
        train_fraction: 0.14,
        standardize: true,
        bias: true,
        features: Default::default(),
    };
    assert_eq!(Prepared::new(data50.clone(), &workflow).unwrap().x(Part::Train).rows(), 7);
}

/// Cells are read by a fast path for short decimals: every string it takes must come
/// out as the double `str::parse` gives (bit for bit), and every other string must be
/// refused or read exactly as `str::parse` reads it.
#[test]
fn numbers_read_as_str_parse_reads_them() {
    use neuron_lab::data::parse_number;
    use neuron_lab::error::Cell;
    use rand::{Rng, SeedableRng};
    let cell = || Cell { line: 2, column: 1, name: "x".to_string() };
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
    let alphabet = b"0123456789000999.-+e";
    let mut texts: Vec<String> = [
        "0",
        "-0",
        "+0",
        "-0.0",
        ".5",
        "5.",
        "-.5",
        "+.5",
        ".",
        "-",
        "+",
        "",
        "1.2.3",
        "--1",
        "0.1",
        "0.3",
        "2.675",
        "123456789012345",
        "1234567890123456",
        "12345678901234.5",
        "0.000000000000001",
        "9007199254740993",
        "999999999999999",
        "-999999999999999.",
        "1e5",
        "inf",
        "NaN",
        " 1",
        "1 ",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for _ in 0..200_000 {
        let len = rng.gen_range(1..=19);
        texts.push((0..len).map(|_| char::from(alphabet[rng.gen_range(0..alphabet.len())])).collect());
        // And numbers as files write them: up to 17 significant digits, a sign, a point anywhere.
        let digits: String = (0..rng.gen_range(1..=17)).map(|_| char::from(b'0' + rng.gen_range(0..10u8))).collect();
        let point = rng.gen_range(0..=digits.len());
        let sign = ["", "-", "+"][rng.gen_range(0..3)];
        texts.push(format!("{sign}{}.{}", &digits[..point], &digits[point..]));
    }
    for text in &texts {
        match (parse_number(text, cell), text.parse::<f64>()) {
            (Ok(fast), Ok(std)) => assert_eq!(fast.to_bits(), std.to_bits(), "{text:?}"),
            (Err(_), Ok(std)) => assert!(!std.is_finite(), "{text:?} refused, but is {std}"),
            (Ok(fast), Err(_)) => panic!("{text:?} read as {fast}, but is no number"),
            (Err(_), Err(_)) => {}
        }
    }
}

#[test]
fn noise_scales_the_blobs_spread_and_the_model_labels_chance() {
    for name in builtin::names() {
        assert_eq!(
            builtin::generate_with_noise(name, 4, 0, 1.0).unwrap().data,
            builtin::generate(name, 4, 0).unwrap().data,
            "{name}: noise 1 draws the set as designed"
        );
    }
    // Every blob point is centre + spread * draw, the same draws at every noise level:
    // its distance from its centre scales with the noise.
    let at = |noise| builtin::generate_with_noise("separable", 4, 0, noise).unwrap().data.x.to_matrix();
    let (one, half) = (at(1.0), at(0.5));
    let centres = [(-3.0, -2.0), (3.0, 2.0)];
    for i in 0..one.rows() {
        let (cx, cy) = centres[i % 2];
        assert!(((half.get(i, 0) - cx) - 0.5 * (one.get(i, 0) - cx)).abs() < 1e-12, "row {i}");
        assert!(((half.get(i, 1) - cy) - 0.5 * (one.get(i, 1) - cy)).abs() < 1e-12, "row {i}");
    }
    // Without noise, the customers' labels are the true model's side of its boundary:
    // theta = (-6, 0.06, 0.03, 0.8) on income, age and purchases.
    let customers = builtin::generate_with_noise("customers", 4, 0, 0.0).unwrap().data;
    let x = customers.x.to_matrix();
    for (i, &label) in customers.labels.iter().enumerate() {
        let z = -6.0 + 0.06 * x.get(i, 0) + 0.03 * x.get(i, 1) + 0.8 * x.get(i, 2);
        assert_eq!(label, usize::from(z > 0.0), "row {i}, z = {z}");
    }
    for bad in [-0.5, 3.5, f64::NAN, f64::INFINITY] {
        let error = builtin::generate_with_noise("xor", 0, 0, bad).unwrap_err().to_string();
        assert!(error.contains("noise") && error.contains("from 0 to 3"), "{error}");
    }
}
