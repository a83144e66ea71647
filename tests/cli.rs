//! The `neuron-lab` command line, run as a user would.

mod common;

use std::process::{Command, Output};

fn neuron_lab(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_neuron-lab")).args(args).output().expect("neuron-lab runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn train_on_kid_creative_prints_theta_by_name_and_validation_metrics() {
    let data = common::kid_creative_path();
    let o = neuron_lab(&["train", data.to_str().unwrap(), "--target", "Buy", "--drop", "Obs No."]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    for expected in
        ["Prev Child Mag", "original scale", "converged", "Validation (224 rows)", "precision", "baseline", "recall"]
    {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
}

#[test]
fn json_report_and_saved_model_predict_the_same_classes() {
    let dir = common::Scratch::new("cli");
    let model = dir.join("model.json");
    let data = common::kid_creative_path();
    let o = neuron_lab(&[
        "train",
        data.to_str().unwrap(),
        "--target",
        "Buy",
        "--drop",
        "Obs No.",
        "--train-fraction",
        "1",
        "--json",
        "--save-model",
        model.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let report: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(report["theta"]["parameters"].as_array().unwrap().len(), 17);
    assert!(report["validation"].is_null());
    let train_accuracy = report["train"]["accuracy"].as_f64().unwrap();

    let out = dir.join("predictions.csv");
    let p = neuron_lab(&[
        "predict",
        "--model",
        model.to_str().unwrap(),
        data.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(p.status.success(), "{}", stderr(&p));
    let predictions = std::fs::read_to_string(&out).unwrap();
    let lines: Vec<&str> = predictions.lines().collect();
    assert_eq!(lines.len(), 674, "a header and one prediction per row");
    assert!(lines[0].ends_with("predicted Buy,P(Buy = 1)"), "{}", lines[0]);
    let correct = lines[1..]
        .iter()
        .filter(|l| {
            let f: Vec<&str> = l.split(',').collect();
            f[1] == f[f.len() - 2]
        })
        .count();
    assert!((correct as f64 / 673.0 - train_accuracy).abs() < 1e-12, "the model file classifies as the trainer did");
    assert!(stderr(&p).contains("accuracy"), "the target column is evaluated");
}

#[test]
fn predict_skips_bad_rows_with_their_reason() {
    let dir = common::Scratch::new("cli-bad");
    let model = dir.join("m.json");
    let o = neuron_lab(&["train", "--builtin", "separable", "--save-model", model.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let new_rows = dir.join("new.csv");
    std::fs::write(&new_rows, "x1,x2\n-3,-2\nabc,1\n3,2\n").unwrap();
    let p = neuron_lab(&["predict", "--model", model.to_str().unwrap(), new_rows.to_str().unwrap()]);
    assert!(p.status.success());
    assert_eq!(stdout(&p).lines().count(), 3);
    assert!(stderr(&p).contains("line 3, column 1 ('x1'): 'abc' is not a number"), "{}", stderr(&p));
}

#[test]
fn errors_are_one_line_with_exit_code_2() {
    let dir = common::Scratch::new("cli-err");
    let bad = dir.join("bad.csv");
    std::fs::write(&bad, "a,b,y\n1,2,0\n3,x,1\n").unwrap();
    for (args, expected) in [
        (vec!["train", bad.to_str().unwrap(), "--target", "y"], "line 3, column 2 ('b'): 'x' is not a number"),
        (vec!["train", bad.to_str().unwrap(), "--target", "Buy"], "no column named 'Buy'"),
        (vec!["train", "/no/such/file.csv", "--target", "y"], "/no/such/file.csv: "),
        (vec!["train", "--builtin", "blobs3", "--neuron", "logistic"], "choose multi-logistic"),
        (vec!["train", "--builtin", "separable", "--learning-rate", "-1"], "learning rate = -1 is not allowed"),
        (vec!["predict", "--model", bad.to_str().unwrap(), bad.to_str().unwrap()], "not a Neuron Lab model file"),
    ] {
        let o = neuron_lab(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = stderr(&o);
        assert_eq!(err.lines().count(), 1, "one line: {err}");
        assert!(err.starts_with("neuron-lab: error: ") && err.contains(expected), "{args:?}: {err}");
    }
}

#[test]
fn datasets_lists_and_writes_every_built_in_set() {
    let dir = common::Scratch::new("sets");
    let o = neuron_lab(&["datasets", "--write", dir.path().to_str().unwrap()]);
    assert!(o.status.success());
    for name in neuron_lab::data::builtin::names() {
        assert!(stdout(&o).contains(name));
        assert!(dir.join(&format!("{name}.csv")).exists());
    }
}

#[test]
fn a_damaged_model_file_is_an_error_not_a_panic() {
    let dir = common::Scratch::new("cli-model");
    let model = dir.join("model.json");
    assert!(neuron_lab(&["train", "--builtin", "separable", "--save-model", model.to_str().unwrap()]).status.success());
    let good: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&model).unwrap()).unwrap();
    let rows = dir.join("rows.csv");
    std::fs::write(&rows, "x1,x2,class\n1,2,0\n").unwrap();
    for (field, value, expected) in [
        ("class_names", serde_json::json!(["only"]), "1 classes"),
        ("class_priors", serde_json::json!([1.0]), "priors"),
        ("threshold", serde_json::json!(7.0), "threshold = 7"),
    ] {
        let mut damaged = good.clone();
        damaged[field] = value;
        std::fs::write(&model, damaged.to_string()).unwrap();
        let o = neuron_lab(&["predict", "--model", model.to_str().unwrap(), rows.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2), "{field}: {}", stderr(&o));
        assert!(stderr(&o).contains(expected), "{field}: {}", stderr(&o));
    }
    let mut zero_std = good.clone();
    zero_std["transform"]["stds"] = serde_json::json!([0.0, 1.0]);
    std::fs::write(&model, zero_std.to_string()).unwrap();
    let o = neuron_lab(&["predict", "--model", model.to_str().unwrap(), rows.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("deviations above 0"));
}

#[test]
fn without_a_bias_theta_has_no_original_scale_and_the_true_theta_lines_up() {
    let o = neuron_lab(&["train", "--builtin", "customers", "--target", "Buy", "--no-bias"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    let income = text.lines().find(|l| l.trim_start().starts_with("Income (k)")).unwrap();
    assert!(income.contains("n/a"), "no original scale without a bias: {income}");
    assert!(income.trim_end().ends_with("0.060000"), "the true theta of Income, not of the bias: {income}");
    assert!(!text.contains("  bias "), "no bias row");
}

#[test]
fn penalties_and_the_epsilon_reading_are_flags_and_reported() {
    let plain = neuron_lab(&["train", "--builtin", "overlapping", "--json"]);
    let penalized = neuron_lab(&["train", "--builtin", "overlapping", "--l2", "0.5", "--l1", "0.01", "--json"]);
    assert!(plain.status.success() && penalized.status.success(), "{}", stderr(&penalized));
    let json = |o: &Output| serde_json::from_slice::<serde_json::Value>(&o.stdout).expect("a JSON report");
    let (plain, penalized) = (json(&plain), json(&penalized));
    let weights = |r: &serde_json::Value| -> f64 {
        r["theta"]["standardized"].as_array().unwrap()[1..].iter().map(|v| v[0].as_f64().unwrap().powi(2)).sum()
    };
    assert!(weights(&penalized) < 0.5 * weights(&plain), "{} vs {}", weights(&penalized), weights(&plain));
    assert!(penalized["penalty"].as_str().unwrap().contains("λ₂ = 0.5"));
    assert!(plain["penalty"].is_null());
    assert!(penalized["objective_train"].as_f64() < penalized["data_train"].as_f64());

    let sum = neuron_lab(&["train", "--builtin", "overlapping", "--epsilon-on", "sum"]);
    assert!(stdout(&sum).contains("epsilon on the change in the objective's sum"), "{}", stdout(&sum));
    let bad = neuron_lab(&["train", "--builtin", "overlapping", "--l1", "-0.5"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("L1 rate lambda = -0.5"), "{}", stderr(&bad));
}

#[test]
fn a_model_trained_with_the_product_feature_predicts_with_it() {
    let dir = common::Scratch::new("cli-features");
    let model = dir.join("xor.json");
    // Seed 2 draws an xor set that x1 x2 separates, as every seed does (see tests/transforms.rs).
    let args = ["train", "--builtin", "xor", "--seed", "2", "--train-fraction", "1", "--features", "product"];
    let o = neuron_lab(&[&args[..], &["--save-model", model.to_str().unwrap()]].concat());
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("Feature transforms: product") && text.contains("x1*x2"), "{text}");
    assert!(text.contains("Training (200 rows): accuracy 1.0000"), "{text}");
    let saved = std::fs::read_to_string(&model).unwrap();
    assert!(saved.contains("\"x1*x2\"") && saved.contains("\"product\": true"), "{saved}");

    // The same 200 rows (datasets --seed 2), classified from x1 and x2 alone: every one
    // right, which a model without its product column (a line) cannot do on xor.
    let o = neuron_lab(&["datasets", "--write", dir.path().to_str().unwrap(), "--seed", "2"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let p = neuron_lab(&["predict", "--model", model.to_str().unwrap(), dir.join("xor.csv").to_str().unwrap()]);
    assert!(p.status.success(), "{}", stderr(&p));
    assert_eq!(stdout(&p).lines().count(), 201, "a header and a prediction per row");
    assert!(stderr(&p).contains("accuracy 1.0000"), "{}", stderr(&p));

    for (features, expected) in [
        ("cube", "invalid value 'cube' for '--features"),
        ("sin", "sin(x) is offered for data sets of one or two features (this one has 3)"),
    ] {
        let o = neuron_lab(&["train", "--builtin", "customers", "--features", features]);
        assert_eq!(o.status.code(), Some(2));
        assert!(stderr(&o).contains(expected), "{}", stderr(&o));
    }
}

#[test]
fn newton_fits_kid_creative_in_a_few_iterations_and_is_refused_for_the_perceptron() {
    let data = common::kid_creative_path();
    let args = ["train", data.to_str().unwrap(), "--target", "Buy", "--drop", "Obs No.", "--train-fraction", "1"];
    let o = neuron_lab(&[&args[..], &["--optimizer", "newton", "--epsilon", "1e-12"]].concat());
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("Newton's method, ascent") && text.contains("Hessian 17 x 17"), "{text}");
    let iterations: usize = text
        .lines()
        .find_map(|l| l.strip_prefix("Iterations: "))
        .and_then(|l| l.split(' ').next())
        .and_then(|n| n.parse().ok())
        .expect("an iterations line");
    // The gradient norm falls below 1e-8 at step 10 from this start; the change in the
    // log-likelihood below 1e-12 one step later.
    assert!((2..=12).contains(&iterations), "{iterations} iterations\n{text}");
    let norm: f64 = text
        .split("gradient norm ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next()?.parse().ok())
        .expect("the gradient norm on the Newton line");
    assert!(norm < 1e-8, "{text}");

    let o = neuron_lab(&[&args[..], &["--optimizer", "newton", "--neuron", "perceptron"]].concat());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("Newton's method is not offered for the perceptron neuron"), "{}", stderr(&o));
    let o = neuron_lab(&[&args[..], &["--optimizer", "adam"]].concat());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("gradient or newton"), "{}", stderr(&o));
}
