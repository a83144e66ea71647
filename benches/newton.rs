//! Newton's method on KidCreative, all rows standardized with the bias: the time to fit
//! to a gradient norm below 1e-8, printed (`cargo bench --bench newton`). Beside it,
//! `benches/sklearn_kidcreative.py` times scikit-learn's LogisticRegression on the
//! same standardized rows.
//!
//! Two figures, each the median (and the fastest) of 200 fits: from the prepared rows
//! (the fit alone, as scikit-learn's `fit` on a standardized matrix), and from the
//! CSV's rows in memory (splitting and standardizing too).

use neuron_lab::data::prep::Prepared;
use neuron_lab::data::{Columns, Dataset};
use neuron_lab::settings::{Optimizer, Settings};
use neuron_lab::train::{Snapshot, Trainer};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

const FITS: usize = 200;

fn kid_creative() -> Dataset {
    let dir = std::env::var("NEURON_LAB_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data"));
    let path = dir.join("KidCreative.csv");
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e} (set NEURON_LAB_DATA)", path.display()));
    let columns = Columns { target: "Buy".into(), drop: vec!["Obs No.".into()], positive: None };
    Dataset::from_csv(&bytes, &columns, &mut |_| {}).expect("KidCreative.csv has Buy and Obs No.")
}

/// Steps until the gradient norm is below 1e-8 (at most 50 steps).
fn fit(mut trainer: Trainer) -> Snapshot {
    let mut last = trainer.snapshot();
    while last.gradient_norm >= 1e-8 && last.iteration < 50 {
        last = trainer.step();
    }
    assert!(last.gradient_norm < 1e-8, "{last:?}");
    last
}

fn report(what: &str, mut times: Vec<f64>, last: &Snapshot) {
    times.sort_by(f64::total_cmp);
    println!(
        "Newton, KidCreative (673 rows x 17), {what}: median {:.3} ms, fastest {:.3} ms over {FITS} fits; \
         {} steps, gradient norm {:.1e}, log-likelihood {:.10}",
        times[FITS / 2] * 1e3,
        times[0] * 1e3,
        last.iteration,
        last.gradient_norm,
        last.objective_train
    );
}

fn main() {
    let data = kid_creative();
    let settings = Settings { optimizer: Optimizer::Newton, train_fraction: 1.0, epsilon: 0.0, ..Settings::default() };
    let checked = settings.clone().check().expect("valid settings");
    let rows = Arc::new(Prepared::new(data.clone(), &settings.workflow()).expect("prepared rows"));

    let (mut from_rows, mut from_data) = (Vec::new(), Vec::new());
    let mut last = None;
    for _ in 0..FITS {
        let start = Instant::now();
        last = Some(fit(Trainer::on(rows.clone(), checked.clone()).expect("a trainer")));
        from_rows.push(start.elapsed().as_secs_f64());
        let start = Instant::now();
        fit(Trainer::new(data.clone(), checked.clone()).expect("a trainer"));
        from_data.push(start.elapsed().as_secs_f64());
    }
    let last = last.expect("fits ran");
    report("from the prepared rows", from_rows, &last);
    report("from the rows in memory (standardizing too)", from_data, &last);
}
