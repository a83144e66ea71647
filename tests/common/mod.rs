//! Shared by the native test files.
#![allow(dead_code)]

use neuron_lab::data::{builtin, Columns, Dataset};
use neuron_lab::settings::Settings;
use neuron_lab::train::Trainer;
use std::path::PathBuf;

/// The lecture's data set, from the shared folder beside the project
/// (override with NEURON_LAB_DATA=/path/to/data).
pub fn kid_creative_path() -> PathBuf {
    let dir = std::env::var("NEURON_LAB_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data"));
    dir.join("KidCreative.csv")
}

pub fn kid_creative() -> Dataset {
    let path = kid_creative_path();
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e} (set NEURON_LAB_DATA)", path.display()));
    let columns = Columns { target: "Buy".into(), drop: vec!["Obs No.".into()], positive: None };
    Dataset::from_csv(&bytes, &columns, &mut |_| {}).expect("KidCreative.csv has Buy and Obs No.")
}

pub fn builtin(name: &str) -> Dataset {
    builtin::generate(name, 1, 0).expect("a built-in set").data
}

pub fn trainer(data: Dataset, settings: Settings) -> Trainer {
    Trainer::new(data, settings.check().expect("valid settings")).expect("a trainer")
}

/// A folder of its own under the system's temporary folder, removed when dropped
/// (when the test ends, passed or failed).
pub struct Scratch(PathBuf);

impl Scratch {
    pub fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("neuron-lab-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("a temporary folder");
        Scratch(dir)
    }

    pub fn path(&self) -> &std::path::Path {
        &self.0
    }

    pub fn join(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
