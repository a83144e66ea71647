//! Hostile data (issue 8, items 7 to 10 and 13 to 15): the corpus of bad CSV files in
//! tests/bad/ (written by tests/bad/generate.py, listed with the error each must give
//! in tests/bad/expected.tsv) through the CLI and the library, and each item's
//! reproduction. Nothing may hang, panic or print NaN; a bad file gets one line
//! naming where it is bad.

mod common;

use neuron_lab::data::prep::Part;
use neuron_lab::data::prep::{mean_and_std, Transform};
use neuron_lab::data::{Columns, Dataset, Table};
use neuron_lab::math::Matrix;
use neuron_lab::persist::Model;
use neuron_lab::session::Session;
use neuron_lab::settings::Settings;
use neuron_lab::settings::Threshold;
use neuron_lab::train::Trainer;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How long one run may take before it counts as a hang (the slowest takes well under a second).
const HANG: Duration = Duration::from_secs(60);

/// The bound for work on one huge input that takes a tenth of a second in release: the
/// quadratic code this replaced took 35 to 50 s on this machine, so the bound tells a
/// hang from a busy machine without timing anything.
const BLOCKED: Duration = Duration::from_secs(10);

// ---- Helpers --------------------------------------------------------------------------------

struct Case {
    file: String,
    target: String,
    /// A piece of the one-line error, or `ok`: trains to finite numbers.
    expected: String,
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad")
}

fn corpus() -> Vec<Case> {
    let table = std::fs::read_to_string(corpus_dir().join("expected.tsv")).expect("tests/bad/expected.tsv");
    table
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            assert_eq!(fields.len(), 3, "expected.tsv: {line}");
            Case { file: fields[0].into(), target: fields[1].into(), expected: fields[2].into() }
        })
        .collect()
}

/// Runs `work` on its own thread; a run longer than `bound` fails the test instead of blocking it.
fn within<T: Send + 'static>(bound: Duration, what: &str, work: impl FnOnce() -> T + Send + 'static) -> T {
    let (done, result) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = done.send(work());
    });
    match result.recv_timeout(bound) {
        Ok(value) => value,
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("{what}: still running after {bound:?}"),
        Err(mpsc::RecvTimeoutError::Disconnected) => panic!("{what}: panicked"),
    }
}

/// Runs the CLI; kills it and fails the test if it runs longer than [`HANG`].
fn neuron_lab(args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_neuron-lab"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("neuron-lab starts");
    // Read both pipes while waiting, so that a long report cannot fill a pipe and stall.
    let drain = |pipe: Option<Box<dyn std::io::Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            bytes
        })
    };
    let stdout = drain(child.stdout.take().map(|p| Box::new(p) as Box<dyn std::io::Read + Send>));
    let stderr = drain(child.stderr.take().map(|p| Box::new(p) as Box<dyn std::io::Read + Send>));
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("waiting for neuron-lab") {
            break status;
        }
        if start.elapsed() > HANG {
            let _ = child.kill();
            let _ = child.wait();
            panic!("neuron-lab {args:?}: still running after {HANG:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    Output { status, stdout: stdout.join().unwrap_or_default(), stderr: stderr.join().unwrap_or_default() }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Whether a report shows a number that is not one: `NaN`, `inf`, `-inf`, `Infinity`.
fn shows_non_finite(report: &str) -> bool {
    report.split(|c: char| !(c.is_alphanumeric() || c == '-')).any(|word| {
        let word = word.trim_start_matches('-').to_lowercase();
        word == "nan" || word == "inf" || word == "infinity"
    })
}

fn columns(target: &str) -> Columns {
    Columns { target: target.into(), ..Columns::default() }
}

/// The library's path from bytes to a trained neuron, as `neuron-lab train` takes it.
fn train(bytes: &[u8], target: &str, settings: Settings) -> Result<Trainer, String> {
    let data = Dataset::from_csv(bytes, &columns(target), &mut |_| {}).map_err(|e| e.to_string())?;
    let mut trainer = Trainer::new(data, settings.check().map_err(|e| e.to_string())?).map_err(|e| e.to_string())?;
    trainer.run(usize::MAX);
    Ok(trainer)
}

fn load(text: &str, target: &str) -> Result<Dataset, String> {
    let table = Table::parse(text).map_err(|e| e.to_string())?;
    Dataset::from_table(&table, &columns(target)).map_err(|e| e.to_string())
}

fn message(text: &str, target: &str) -> String {
    load(text, target).expect_err("the data is refused")
}

fn scratch(name: &str) -> common::Scratch {
    common::Scratch::new(&format!("hostile-data-{name}"))
}

/// A model trained on the built-in `separable` set (features x1, x2; target class).
fn separable_model(dir: &Path) -> PathBuf {
    let model = dir.join("model.json");
    let o = neuron_lab(&["train", "--builtin", "separable", "--save-model", model.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    model
}

// ---- The corpus -----------------------------------------------------------------------------

#[test]
fn the_corpus_has_sixty_bad_files_and_each_is_listed() {
    let cases = corpus();
    assert!(cases.iter().filter(|c| c.expected != "ok").count() >= 60, "at least 60 bad files");
    for case in &cases {
        assert!(corpus_dir().join(&case.file).is_file(), "{} is listed but missing", case.file);
    }
}

/// The one-pass reader (numbers as it reads) against the reference reading (a table of
/// text, then numbers): the same data set, bit for bit, or the same error, on every
/// file of the corpus and on KidCreative, with its target, with a column dropped, and
/// with a target that is not there.
#[test]
fn numbers_read_in_one_pass_equal_those_read_as_text_first_on_every_file() {
    let mut files: Vec<(PathBuf, String)> =
        corpus().into_iter().map(|case| (corpus_dir().join(&case.file), case.target)).collect();
    files.push((common::kid_creative_path(), "Buy".into()));
    let mut compared = 0;
    for (path, target) in files {
        let bytes = std::fs::read(&path).unwrap();
        let dropped = Table::parse_bytes(&bytes).ok().and_then(|t| t.headers.iter().find(|h| **h != target).cloned());
        let choices = [
            columns(&target),
            Columns { target: target.clone(), drop: dropped.into_iter().collect(), positive: None },
            columns("no such column"),
        ];
        for columns in choices {
            let text_first = Table::parse_bytes(&bytes).and_then(|t| Dataset::from_table(&t, &columns));
            let one_pass = Dataset::from_csv(&bytes, &columns, &mut |_| {});
            let what = format!("{} with {columns:?}", path.display());
            match (one_pass, text_first) {
                (Ok(a), Ok(b)) => {
                    let bits = |d: &Dataset| d.x.to_matrix().as_slice().iter().map(|v| v.to_bits()).collect::<Vec<_>>();
                    assert_eq!(bits(&a), bits(&b), "{what}: the numbers");
                    assert_eq!(a, b, "{what}");
                    compared += 1;
                }
                (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "{what}"),
                (a, b) => panic!("{what}: one pass gives {a:?}, text first {b:?}"),
            }
        }
    }
    assert!(compared >= 20, "only {compared} files were read to a data set");
}

#[test]
fn every_bad_file_is_refused_by_the_cli_with_one_line_and_exit_code_2() {
    for case in corpus().into_iter().filter(|c| c.expected != "ok") {
        let path = corpus_dir().join(&case.file);
        let o = neuron_lab(&["train", path.to_str().unwrap(), "--target", &case.target]);
        let err = text(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{}: exit {:?}, stderr {err}", case.file, o.status.code());
        assert_eq!(err.lines().count(), 1, "{}: one line on stderr: {err}", case.file);
        assert!(err.starts_with("neuron-lab: error: "), "{}: {err}", case.file);
        assert!(err.contains(&case.expected), "{}:\n  expected {}\n  got      {err}", case.file, case.expected);
        assert!(err.chars().count() < 400, "{}: a short message, not {} characters", case.file, err.chars().count());
        assert!(o.stdout.is_empty(), "{}: nothing on stdout", case.file);
    }
}

#[test]
fn every_bad_file_is_refused_by_the_library_with_the_same_message() {
    for case in corpus().into_iter().filter(|c| c.expected != "ok") {
        let bytes = std::fs::read(corpus_dir().join(&case.file)).unwrap();
        let (target, file) = (case.target.clone(), case.file.clone());
        let outcome = within(HANG, &case.file, move || train(&bytes, &target, Settings::default()).map(|_| ()));
        let Err(err) = outcome else { panic!("{file} is accepted") };
        assert!(err.contains(&case.expected), "{}:\n  expected {}\n  got      {err}", case.file, case.expected);
        assert!(!err.contains('\n'), "{}: one line: {err}", case.file);
    }
}

#[test]
fn every_hostile_but_valid_file_trains_to_finite_numbers() {
    for case in corpus().into_iter().filter(|c| c.expected == "ok") {
        let path = corpus_dir().join(&case.file);
        let o = neuron_lab(&["train", path.to_str().unwrap(), "--target", &case.target]);
        let report = text(&o.stdout);
        assert!(o.status.success(), "{}: {}", case.file, text(&o.stderr));
        assert!(!shows_non_finite(&report), "{}: the report shows a non-finite number:\n{report}", case.file);

        let bytes = std::fs::read(&path).unwrap();
        let target = case.target.clone();
        let trainer = within(HANG, &case.file, move || train(&bytes, &target, Settings::default())).unwrap();
        let last = trainer.snapshot();
        assert!(last.objective_train.is_finite(), "{}: {last:?}", case.file);
        assert!(last.objective_validation.is_none_or(f64::is_finite), "{}: {last:?}", case.file);
        assert!(trainer.prepared().x(Part::Train).as_slice().iter().all(|v| v.is_finite()), "{}", case.file);
        let e = trainer.evaluate(Part::Validation, Threshold::HALF);
        assert!(e.accuracy.is_none_or(f64::is_finite), "{}", case.file);
    }
}

#[test]
fn train_never_prints_a_non_finite_objective_with_exit_0() {
    // The data's part: extreme but valid values, standardized, with every neuron.
    // (Unscaled extremes are the trainer's part: tests/hostile.rs.)
    for case in corpus().into_iter().filter(|c| c.expected == "ok") {
        let path = corpus_dir().join(&case.file);
        for neuron in ["linear", "perceptron", "logistic-se", "logistic", "multi-logistic", "softmax"] {
            let args =
                ["train", path.to_str().unwrap(), "--target", &case.target, "--neuron", neuron, "--max-iters", "300"];
            let o = neuron_lab(&args);
            match o.status.code() {
                Some(0) => {
                    let report = text(&o.stdout);
                    assert!(!shows_non_finite(&report), "{args:?} shows a non-finite number:\n{report}");
                }
                Some(2) => assert_eq!(text(&o.stderr).lines().count(), 1, "{args:?}"),
                code => panic!("{args:?}: exit {code:?}: {}", text(&o.stderr)),
            }
        }
    }
}

// ---- 7. Overflowing statistics, constancy, non-finite cells ---------------------------------

#[test]
fn mean_and_deviation_of_a_column_at_1e308_are_finite_and_right() {
    // Computed by hand: the mean of 1e308 and 1.5e308 is 1.25e308, their deviations
    // from it are +-0.25e308, so the sample deviation is 0.25e308 * sqrt(2).
    let (mean, std) = mean_and_std(&[1e308, 1.5e308]);
    assert!((mean - 1.25e308).abs() <= 1e-15 * 1.25e308, "{mean}");
    assert!((std - 0.25e308 * 2f64.sqrt()).abs() <= 1e-15 * std, "{std}");
    // Ordinary columns: exactly the textbook formulas' results.
    let values = [0.1, 0.7, 2.5, -3.25, 11.0];
    let mean_plain = values.iter().sum::<f64>() / 5.0;
    let std_plain = (values.iter().map(|v| (v - mean_plain).powi(2)).sum::<f64>() / 4.0).sqrt();
    assert_eq!(mean_and_std(&values), (mean_plain, std_plain));
}

#[test]
fn a_column_whose_sum_overflows_is_standardized_not_turned_into_nan() {
    // Issue 8, item 3: 1e308,0,no and 1.5e308,1,yes repeated.
    let data = load(&format!("a,b,class\n{}", "1e308,0,no\n1.5e308,1,yes\n".repeat(5)), "class").unwrap();
    let t = Transform::fit(&data.x.to_matrix(), &data.feature_names, true, true);
    assert!(t.means[0].is_finite() && t.stds[0].is_finite() && t.stds[0] > 0.0, "{t:?}");
    let x = t.apply(&data.x.to_matrix());
    // Ten rows, five at each value: deviations +-0.25e308, sample deviation
    // 0.25e308 * sqrt(10/9), so each row standardizes to +-sqrt(9/10) = +-0.9486832980505138.
    for i in 0..10 {
        let expected = if i % 2 == 0 { -0.9486832980505138 } else { 0.9486832980505138 };
        assert!((x.get(i, 1) - expected).abs() < 1e-12, "row {i}: {}", x.get(i, 1));
    }
    assert!(t.constant_columns.is_empty());
}

#[test]
fn a_feature_in_units_of_1e_13_is_not_constant() {
    let x = Matrix::from_vec(4, 1, vec![1e-13, 2e-13, 3e-13, 4e-13]);
    let t = Transform::fit(&x, &["tiny".into()], true, true);
    assert!(t.constant_columns.is_empty(), "{:?}", t.constant_columns);
    let scaled: Vec<f64> = t.apply(&x).iter_rows().map(|r| r[1]).collect();
    let (mean, std) = mean_and_std(&scaled);
    assert!(mean.abs() < 1e-12 && (std - 1.0).abs() < 1e-12, "{scaled:?}");
    // The same value in every row is constant at any scale.
    for v in [7.0, 1e-13, 1e308, -1e-320] {
        let t = Transform::fit(&Matrix::from_vec(3, 1, vec![v; 3]), &["c".into()], true, true);
        assert_eq!(t.constant_columns, ["c"], "{v}");
    }
}

#[test]
fn a_1e200_feature_is_standardized_not_zeroed() {
    let x = Matrix::from_vec(4, 1, vec![1e200, 2e200, 3e200, 4e200]);
    let t = Transform::fit(&x, &["huge".into()], true, true);
    let scaled: Vec<f64> = t.apply(&x).iter_rows().map(|r| r[1]).collect();
    // 1..4 standardized: (v - 2.5) / sqrt(5/3).
    for (v, s) in [1.0, 2.0, 3.0, 4.0].iter().zip(&scaled) {
        assert!(((v - 2.5) / (5.0f64 / 3.0).sqrt() - s).abs() < 1e-12, "{scaled:?}");
    }
}

#[test]
fn values_spanning_more_than_the_largest_double_are_refused_naming_the_column() {
    let e = message("a,b,class\n1,-1.7e308,no\n2,1.7e308,yes\n3,0,no\n", "class");
    assert_eq!(
        e,
        "column 2 ('b'): its values run from -1.7e308 to 1.7e308, a span too large to compute with \
         (above 1.8e308): rescale the column"
    );
    assert!(load("a,b,class\n1,-8e307,no\n2,8e307,yes\n", "class").is_ok(), "a span of 1.6e308 is fine");
}

#[test]
fn non_finite_cells_are_refused_with_line_and_column() {
    for (cell, line) in [("inf", 2), ("-inf", 2), ("NaN", 3), ("1e999", 3), ("-1e999", 2), ("infinity", 3)] {
        let csv = if line == 2 { format!("a,b,y\n1,{cell},0\n3,4,1\n") } else { format!("a,b,y\n1,2,0\n3,{cell},1\n") };
        assert_eq!(message(&csv, "y"), format!("line {line}, column 2 ('b'): '{cell}' is not a finite number"));
    }
}

// ---- 8. Line numbers whatever the line ends -------------------------------------------------

#[test]
fn crlf_and_cr_line_ends_number_lines_as_lf_does() {
    let lf = "a,b,y\n1,x,0\n3,4,1\n";
    let later = "a,b,y\n1,2,0\n3,4,1\n\n5,6,0\n7,?,1\n";
    for ending in ["\n", "\r\n", "\r"] {
        let with = |text: &str| text.replace('\n', ending);
        assert_eq!(
            message(&with(lf), "y"),
            "line 2, column 2 ('b'): 'x' is not a number (drop the column if it is not a feature)",
            "{ending:?}: a bad first row is not blamed on the header"
        );
        assert!(message(&with(later), "y").starts_with("line 6, column 2 ('b'): '?'"), "{ending:?}");
        let table = Table::parse(&with("a,y\n1,0\n\n2,1\n3,0")).unwrap();
        assert_eq!(table.lines, [2, 4, 5], "{ending:?}");
    }
    // A quoted line break counts as a line too.
    let table = Table::parse("a,y\r\n1,\"two\r\nlines\"\r\n2,1\r\n").unwrap();
    assert_eq!(table.lines, [2, 4]);
    assert_eq!(&table.row(0)[1], "two\r\nlines");
}

// ---- 9. Unterminated quotes -----------------------------------------------------------------

#[test]
fn an_unterminated_quote_is_refused_at_the_line_where_it_opens() {
    let e = message("a,b,class\n1,2,no\n3,4,\"yes\n5,6,no\n7,8,yes\n", "class");
    assert_eq!(
        e,
        "line 3, column 3: a quote opens here and never closes, so every row after it would be one cell: \
         close it or remove it"
    );
    let header = Table::parse("\"a,b,class\n1,2,no\n").unwrap_err().to_string();
    assert!(header.starts_with("line 1, column 1: a quote opens here"), "{header}");
    // A closed quote may hold delimiters, doubled quotes and line breaks.
    let table = Table::parse("name,y\n\"Smith, \"\"J\"\"\nsenior\",1\nLee,0\n").unwrap();
    assert_eq!(&table.row(0)[0], "Smith, \"J\"\nsenior");
    assert_eq!(table.lines, [2, 4]);
}

// ---- 10. Lines of delimiters and empty labels -----------------------------------------------

#[test]
fn a_line_of_only_delimiters_is_skipped_and_an_empty_label_is_named() {
    for tail in [",,\n", ",,", " , , \n", ",,\n,,\n", "\n\n"] {
        let data = load(&format!("a,b,y\n1,2,0\n3,4,1\n{tail}"), "y").unwrap();
        assert_eq!(data.rows(), 2, "{tail:?}");
    }
    let data = load("a,b,y\n1,2,0\n,,\n3,4,1\n", "y").unwrap();
    assert_eq!(data.rows(), 2, "a line of delimiters between rows is no data either");
    assert_eq!(message("a,b,y\n1,2,0\n3,4,\n", "y"), "line 3, column 3 ('y'): empty label: every row needs its class");
    assert_eq!(message("a,b,y\n1,2,0\n3,,1\n", "y"), "line 3, column 2 ('b'): empty cell, expected a number");
}

// ---- 13. Short messages ---------------------------------------------------------------------

#[test]
fn messages_quote_at_most_80_characters_of_a_cell_and_5_items_of_a_list() {
    let cell = "z".repeat(10_000);
    let e = message(&format!("a,y\n{cell},0\n1,1\n"), "y");
    assert_eq!(
        e,
        format!("line 2, column 1 ('a'): '{}…' is not a number (drop the column if it is not a feature)", &cell[..80])
    );

    let header: Vec<String> = (0..100).map(|j| format!("c{j}")).collect();
    let e = message(&format!("{}\n{}\n", header.join(","), ["1"; 100].join(",")), "Buy");
    assert_eq!(e, "no column named 'Buy'; the columns are: 'c0', 'c1', 'c2', 'c3', 'c4' and 95 more");

    let e = message(&format!("{},y\n1,0\n2,1\n", "h".repeat(500)), "missing");
    assert_eq!(e, format!("no column named 'missing'; the columns are: '{}…', 'y'", "h".repeat(80)));

    let table = Table::parse("a,y\n1,p\n2,q\n").unwrap();
    let positive = Columns { target: "y".into(), drop: vec![], positive: Some("w".repeat(300)) };
    let e = Dataset::from_table(&table, &positive).unwrap_err().to_string();
    assert_eq!(e, format!("'{}…' is not a class of the target 'y'; its classes are: 'p', 'q'", "w".repeat(80)));

    // A cell with a line break or other control characters is quoted on one line.
    let e = message("a,y\n\"1\n2\u{7}\",0\n1,1\n", "y");
    assert_eq!(e, "line 2, column 1 ('a'): '1\\n2\\u{7}' is not a number (drop the column if it is not a feature)");
}

// ---- 14. Classifying a file with a ragged row -----------------------------------------------

const TO_CLASSIFY: &str = "x1,x2,class\n-3,-2,0\n3,2,1\n1,2,3,4\n-3\n2.5,abc,1\n\n4,3,1\n";

#[test]
fn classify_lists_a_ragged_row_and_classifies_the_rest() {
    let trainer = Trainer::new(
        neuron_lab::data::builtin::generate("separable", 0, 0).unwrap().data,
        Settings::default().check().unwrap(),
    )
    .unwrap();
    let model = Model::from_trainer(&trainer, Threshold::HALF);
    let table = Table::parse_bytes_lenient(TO_CLASSIFY.as_bytes()).unwrap();
    let classified = model.classify(&table).unwrap();
    assert_eq!(classified.predictions.iter().map(|p| p.line).collect::<Vec<_>>(), [2, 3, 8]);
    assert_eq!(classified.predictions.iter().map(|p| p.class.as_str()).collect::<Vec<_>>(), ["0", "1", "1"]);
    assert_eq!(
        classified.errors,
        [
            "line 4: expected 3 fields like the header, found 4",
            "line 5: expected 3 fields like the header, found 1",
            "line 6, column 2 ('x2'): 'abc' is not a number (drop the column if it is not a feature)",
        ]
    );
    assert_eq!(classified.evaluation.as_ref().map(|e| e.rows), Some(3));
    // The page's path, through the session, says the same.
    let session = Session::new().unwrap();
    let (classified, csv) = session.classify(TO_CLASSIFY.as_bytes(), Threshold::HALF).unwrap();
    assert_eq!(classified.errors.len(), 3);
    assert_eq!(csv.lines().count(), 1 + classified.predictions.len());
    // Training still needs every row whole.
    assert!(Table::parse(TO_CLASSIFY).unwrap_err().to_string().starts_with("line 4: expected 3 fields"));
}

#[test]
fn classify_skips_a_row_too_far_out_to_standardize_instead_of_scoring_nan() {
    // Trained on values 0.1 to 0.6 (deviation 0.19): 1.7e308 / 0.19 is beyond the largest double.
    let data = load("a,class\n0.1,no\n0.2,yes\n0.3,no\n0.4,yes\n0.5,no\n0.6,yes\n", "class").unwrap();
    let trainer = Trainer::new(data, Settings::default().check().unwrap()).unwrap();
    let model = Model::from_trainer(&trainer, Threshold::HALF);
    let table = Table::parse_bytes_lenient(b"a,class\n1.7e308,yes\n0.25,no\n").unwrap();
    let classified = model.classify(&table).unwrap();
    assert_eq!(classified.predictions.iter().map(|p| p.line).collect::<Vec<_>>(), [3]);
    assert_eq!(
        classified.errors,
        ["line 2, column 1 ('a'): '1.7e308' is too far from the training values to be standardized"]
    );
}

#[test]
fn predict_lists_a_ragged_row_on_stderr_and_classifies_the_rest() {
    let dir = scratch("ragged");
    let model = separable_model(dir.path());
    let rows = dir.join("rows.csv");
    std::fs::write(&rows, TO_CLASSIFY).unwrap();
    let o = neuron_lab(&["predict", "--model", model.to_str().unwrap(), rows.to_str().unwrap()]);
    let err = text(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert_eq!(text(&o.stdout).lines().count(), 4, "the header and three rows: {}", text(&o.stdout));
    let skipped: Vec<&str> = err.lines().filter(|l| l.starts_with("neuron-lab: skipped ")).collect();
    assert_eq!(
        skipped,
        [
            "neuron-lab: skipped line 4: expected 3 fields like the header, found 4",
            "neuron-lab: skipped line 5: expected 3 fields like the header, found 1",
            "neuron-lab: skipped line 6, column 2 ('x2'): 'abc' is not a number (drop the column if it is not a feature)",
        ]
    );
}

#[test]
fn predict_names_the_file_a_whole_file_error_is_about() {
    let dir = scratch("whole-file");
    let model = separable_model(dir.path());
    let model = model.to_str().unwrap();
    let no_x2 = dir.join("no-x2.csv");
    std::fs::write(&no_x2, "x1,class\n1,0\n").unwrap();
    let quote = dir.join("quote.csv");
    std::fs::write(&quote, "x1,x2\n1,\"2\n3,4\n").unwrap();
    let bad_model = dir.join("bad-model.json");
    std::fs::write(&bad_model, "{\"format\": 1}").unwrap();
    for (args, expected) in [
        ([model, no_x2.to_str().unwrap()], format!("{}: no column named 'x2'", no_x2.display())),
        ([model, quote.to_str().unwrap()], format!("{}: line 2, column 2: a quote opens here", quote.display())),
        (
            [bad_model.to_str().unwrap(), no_x2.to_str().unwrap()],
            format!("{}: not a Neuron Lab model file", bad_model.display()),
        ),
    ] {
        let o = neuron_lab(&["predict", "--model", args[0], args[1]]);
        let err = text(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.starts_with(&format!("neuron-lab: error: {expected}")), "{err}");
    }
}

// ---- 15. Many columns, many classes, huge cells ---------------------------------------------

#[test]
fn two_hundred_thousand_columns_are_checked_for_duplicates_in_one_pass() {
    let mut header: Vec<String> = (0..200_000).map(|j| format!("c{j}")).collect();
    header.push("c7".into());
    let csv = format!("{}\n{}\n", header.join(","), vec!["1"; header.len()].join(","));
    let e = within(BLOCKED, "200,000 columns", move || Table::parse(&csv).unwrap_err().to_string());
    assert_eq!(e, "line 1, column 200001: the column name 'c7' appears twice");
}

#[test]
fn a_hundred_thousand_distinct_labels_are_ordered_in_one_pass() {
    let mut csv = String::from("x,label\n");
    for i in 0..100_000 {
        csv.push_str(&format!("{i},class {i}\n"));
    }
    let data = within(BLOCKED, "100,000 labels", move || load(&csv, "label").unwrap());
    assert_eq!(data.classes(), 100_000);
    assert_eq!(data.class_names[..3], ["class 0", "class 1", "class 10"]);
    assert_eq!(data.class_names[data.labels[99_999]], "class 99999");
}

#[test]
fn a_10_mb_label_is_refused_at_once_and_a_10_mb_cell_elsewhere_read_at_once() {
    let huge = "x".repeat(10_000_000);
    let label = format!("a,b,class\n1,2,no\n3,4,{huge}\n5,6,{huge}\n");
    let e = within(BLOCKED, "a 10 MB label", move || message(&label, "class"));
    assert_eq!(
        e,
        format!(
            "line 3, column 3 ('class'): the label '{}…' has 10000000 characters: a class label may have at most 1000",
            &huge[..80]
        )
    );
    let cell = format!("note,a,class\n\"{huge}\",1,no\n,2,yes\n");
    let data = within(BLOCKED, "a 10 MB cell in a dropped column", move || {
        let table = Table::parse(&cell).unwrap();
        Dataset::from_table(&table, &Columns { target: "class".into(), drop: vec!["note".into()], positive: None })
            .unwrap()
    });
    assert_eq!(data.rows(), 2);
    let name = format!("{huge},a,class\n1,2,no\n");
    let e = within(BLOCKED, "a 10 MB column name", move || Table::parse(&name).unwrap_err().to_string());
    assert!(e.starts_with("line 1, column 1: the column name 'xxx") && e.len() < 200, "{}", &e[..e.len().min(300)]);
    // Through the CLI too: one short line, exit 2.
    let dir = scratch("huge");
    let path = dir.join("label.csv");
    std::fs::write(&path, format!("a,b,class\n1,2,no\n3,4,{huge}\n")).unwrap();
    let o = neuron_lab(&["train", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("has 10000000 characters") && o.stderr.len() < 300);
}
