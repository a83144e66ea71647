//! Feature transforms: derived columns (squares, products, sin) added to the raw
//! features before standardizing, named in theta and in the model file, and applied
//! the same way to every row that reaches the neuron.

mod common;

use neuron_lab::data::builtin;
use neuron_lab::data::derived::Derived;
use neuron_lab::data::prep::{mean_and_std, Part, Prepared};
use neuron_lab::data::{Dataset, Table};
use neuron_lab::error::Error;
use neuron_lab::persist::Model;
use neuron_lab::session::Session;
use neuron_lab::settings::{Settings, Threshold};

const PRODUCT: Derived = Derived { square: false, product: true, sin: false };
/// A derived column's value from a raw row.
type Column = fn(&[f64]) -> f64;

const ALL: Derived = Derived { square: true, product: true, sin: true };

/// The built-in xor set drawn from `seed`, and settings with that seed.
fn xor(seed: u64, features: Derived) -> (Dataset, Settings) {
    let data = builtin::generate("xor", seed, 0).unwrap().data;
    (data, Settings { seed, features, ..Settings::default() })
}

#[test]
fn xor_with_the_product_feature_reaches_full_training_accuracy() {
    // The xor blobs sit at (+-2, +-2) with spread 0.6: 3.3 standard deviations from the
    // axes, so at the designed noise no point strays into another quadrant (at +-1.5, seed
    // 0 drew two that did, where x1 x2 has the wrong sign). Every seed the page starts from.
    for seed in 0..8 {
        let (data, settings) = xor(seed, PRODUCT);
        let mut t = common::trainer(data.clone(), settings.clone());
        t.run(usize::MAX);
        let accuracy = t.evaluate(Part::Train, Threshold::HALF).accuracy.unwrap();
        assert_eq!(accuracy, 1.0, "seed {seed}: x1 x2 separates the quadrants");
        // Without it, one line cannot: the same rows, the same steps, far from 100%.
        let mut plain = common::trainer(data, Settings { features: Derived::NONE, ..settings });
        plain.run(usize::MAX);
        assert!(plain.evaluate(Part::Train, Threshold::HALF).accuracy.unwrap() < 0.8, "seed {seed}");
    }
}

#[test]
fn derived_columns_are_named_in_theta_and_the_model_file() {
    let (data, settings) = xor(2, ALL);
    let t = common::trainer(data, settings);
    let names = ["bias", "x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"];
    assert_eq!(t.prepared().transform().parameter_names(), names);
    assert_eq!(t.theta().rows(), names.len());
    let json = Model::from_trainer(&t, Threshold::HALF).to_json();
    for name in names {
        assert!(json.contains(&format!("\"{name}\"")), "{name} in the model file");
    }
    let model = Model::from_json(&json).unwrap();
    assert_eq!(model.transform.derived, ALL);
    assert_eq!(model.transform.raw_names(), ["x1", "x2"]);
}

#[test]
fn derived_columns_are_the_raw_values_multiplied_then_standardized() {
    let (data, settings) = xor(3, ALL);
    let t = common::trainer(data.clone(), settings);
    let p = t.prepared();
    // Each derived column of the training rows, computed here from the raw rows with
    // the textbook formulas (the data set as loaded is untouched).
    assert_eq!(p.data(), &data);
    let raw: Vec<Vec<f64>> = p.data_rows(Part::Train).iter().map(|&i| data.x.row(i)).collect();
    let derived: [(usize, Column); 5] =
        [(3, |r| r[0] * r[0]), (4, |r| r[1] * r[1]), (5, |r| r[0] * r[1]), (6, |r| r[0].sin()), (7, |r| r[1].sin())];
    for (column, f) in derived {
        let values: Vec<f64> = raw.iter().map(|r| f(r)).collect();
        let n = values.len() as f64;
        let mean = values.iter().sum::<f64>() / n;
        let std = (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
        for (i, v) in values.iter().enumerate() {
            let x = p.x(Part::Train).get(i, column);
            assert!((x - (v - mean) / std).abs() < 1e-12, "column {column}, row {i}: {x}");
        }
        assert!((mean_and_std(&values).0 - mean).abs() < 1e-12);
    }
    // Validation rows with the training mean and deviation: one apply_row.
    let transform = p.transform();
    for (i, &r) in p.data_rows(Part::Validation).iter().enumerate() {
        let mut x = vec![0.0; transform.parameters()];
        transform.apply_row(&data.x.row(r), &mut x);
        assert_eq!(p.x(Part::Validation).row(i), x.as_slice());
    }
}

#[test]
fn a_new_seed_or_split_prepares_the_raw_rows_again_exactly() {
    let (data, settings) = xor(4, PRODUCT);
    let workflow = settings.clone().check().unwrap().get().workflow();
    let a = Prepared::new(data.clone(), &workflow).unwrap();
    let b = Prepared::new(data.clone(), &workflow).unwrap();
    assert_eq!(a, b);
    // Taken apart and put together (as the page's worker sends them), the same rows.
    assert_eq!(Prepared::from_parts(a.parts()).unwrap(), a);
    // A session's new settings re-prepare from the raw rows: off and on again is the start.
    let mut s = Session::on(data.clone(), "xor".into(), None, settings.clone()).unwrap();
    s.configure(Settings { features: Derived::NONE, ..settings.clone() }).unwrap();
    assert_eq!(s.rows().transform().parameters(), 3);
    s.configure(settings).unwrap();
    assert_eq!(s.rows(), &a);
}

#[test]
fn rows_added_by_hand_and_rows_to_classify_go_through_the_transform() {
    let (data, settings) = xor(2, PRODUCT);
    let mut s = Session::on(data, "xor".into(), None, settings).unwrap();
    s.add_point((1.25, -0.5), 0, 1, 1).unwrap();
    let p = s.rows();
    let t = p.transform();
    let last = p.x(Part::Train).row(p.x(Part::Train).rows() - 1);
    // By hand: bias, then (x - mean) / std for x1 = 1.25, x2 = -0.5, x1 x2 = -0.625.
    let expected: Vec<f64> =
        [1.25, -0.5, -0.625].iter().enumerate().map(|(j, v)| (v - t.means[j]) / t.stds[j]).collect();
    assert_eq!(last[0], 1.0);
    assert_eq!(&last[1..], expected.as_slice());
    // The gradient panel's row shows the raw values and the row the neuron sees.
    let i = p.x(Part::Train).rows() - 1;
    let explained = neuron_lab::explain::explain(s.main(), Some(i), 0).row.unwrap();
    assert_eq!(explained.raw, [1.25, -0.5]);
    assert_eq!(explained.x, last);

    // A model file classifies from the raw columns alone, as the trainer does.
    let model = Model::from_trainer(s.main(), Threshold::HALF);
    let table = Table::parse("x2,x1\n-0.5,1.25\n").unwrap();
    let classified = model.classify(&table).unwrap();
    let mut y_hat = [0.0];
    s.main().neuron().y_hat(s.main().theta(), last, &mut y_hat);
    assert_eq!(classified.predictions[0].probability, y_hat[0]);
}

#[test]
fn derived_values_beyond_the_largest_double_are_an_error_not_nan() {
    let mut data = builtin::generate("separable", 1, 0).unwrap().data;
    let mut row = data.x.row(0);
    row[0] = 1e200;
    data.x.remove_row(0);
    data.x.push_row(&row);
    let settings = Settings { features: Derived { square: true, ..Derived::NONE }, ..Settings::default() };
    let e = Prepared::new(data.clone(), &settings.workflow()).unwrap_err();
    assert!(matches!(e, Error::TooLarge { .. }), "{e:?}");
    assert!(e.to_string().contains("derived feature"), "{e}");
    // Products of two large values of opposite signs: each finite, their span is not.
    let product = Settings { features: PRODUCT, ..Settings::default() };
    let mut wide = builtin::generate("separable", 1, 0).unwrap().data;
    wide.x = neuron_lab::math::Matrix::from_vec(4, 2, vec![1e154, 1e154, -1e154, 1e154, 1.0, 2.0, 3.0, 4.0]).into();
    wide.labels = vec![0, 1, 0, 1];
    let e = Prepared::new(wide, &Settings { train_fraction: 1.0, ..product.clone() }.workflow()).unwrap_err();
    assert!(matches!(e, Error::TooLarge { .. }), "{e:?}");

    // A point added by hand, and a row to classify, of 1e200: refused with a reason.
    let (data, settings) = xor(2, PRODUCT);
    let mut s = Session::on(data, "xor".into(), None, settings).unwrap();
    let e = s.add_point((1e200, 1e200), 0, 1, 0).unwrap_err();
    assert!(matches!(e, Error::TooLarge { .. }), "{e:?}");
    let model = Model::from_trainer(s.main(), Threshold::HALF);
    let classified = model.classify(&Table::parse("x1,x2\n1e200,1e200\n1,1\n").unwrap()).unwrap();
    assert_eq!(classified.predictions.len(), 1);
    assert!(classified.errors[0].contains("line 2"), "{:?}", classified.errors);
    assert!(classified.predictions.iter().all(|p| p.probability.is_finite()));
}

#[test]
fn transforms_that_do_not_fit_the_data_are_refused_by_name() {
    let customers = builtin::generate("customers", 1, 0).unwrap().data;
    let sin = Settings { features: Derived { sin: true, ..Derived::NONE }, ..Settings::default() };
    let e = Prepared::new(customers, &sin.workflow()).unwrap_err();
    assert_eq!(e, Error::SinNeedsTwoFeatures { features: 3 });
    assert!(e.to_string().contains("one or two features"));
    // 61,000 rows of 40 features and their 780 products: 50,020,000 numbers, beyond
    // MAX_NUMBERS; refused before any is made.
    let (n, d) = (61_000, 40);
    let wide = Dataset {
        feature_names: (0..d).map(|j| format!("f{j}")).collect(),
        x: neuron_lab::math::Matrix::from_vec(n, d, vec![0.5; n * d]).into(),
        labels: (0..n).map(|i| i % 2).collect(),
        class_names: vec!["0".into(), "1".into()],
        target: "y".into(),
    };
    let products = Settings { features: PRODUCT, ..Settings::default() };
    let e = Prepared::new(wide, &products.workflow()).unwrap_err();
    assert_eq!(e, Error::TransformsTooLarge { rows: n, columns: 820, max: 50_000_000 });
    let e = Derived::parse("square,cubes").unwrap_err();
    assert!(e.to_string().contains("unknown feature transform 'cubes'"), "{e}");
}

#[test]
fn a_model_file_from_before_transforms_still_loads_and_a_forged_one_is_refused() {
    let t = common::trainer(common::builtin("separable"), Settings::default());
    let json = Model::from_trainer(&t, Threshold::HALF).to_json();
    let mut value: serde_json::Value = serde_json::from_str(&json).unwrap();
    value["transform"].as_object_mut().unwrap().remove("derived");
    let old = Model::from_json(&value.to_string()).unwrap();
    assert_eq!(old, Model::from_json(&json).unwrap());
    assert!(old.transform.derived.is_none());
    // Names that do not follow the transforms (x1*x2 claimed, three columns named).
    value["transform"]["derived"] = serde_json::json!({ "product": true });
    let e = Model::from_json(&value.to_string()).unwrap_err();
    assert!(e.to_string().contains("do not fit the feature transforms (product)"), "{e}");
}
