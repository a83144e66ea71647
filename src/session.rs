//! A lab session: what the page holds between clicks. The data (built-in or an
//! uploaded CSV waiting for its columns), the settings, the trainer and, when
//! comparing, a second trainer on the same rows and split that steps with it,
//! and the selected row. The wasm boundary (`web.rs`) only forwards to this.

use crate::data::{builtin, parse_number, Columns, Dataset, Table};
use crate::error::{Error, Result};
use crate::model::{Goal, NeuronKind};
use crate::persist::{Classified, Model};
use crate::settings::{Init, Settings};
use crate::theta::{ThetaTable, TrueTheta};
use crate::train::{Snapshot, Trainer};
use serde::Serialize;

/// What an uploaded file looks like, and which columns look like target and ids.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Preview {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub row_count: usize,
    pub delimiter: String,
    /// A column named like a target (`Buy`, `class`, `y`, ...), else the last.
    pub suggested_target: String,
    /// Columns that look like row ids (`Obs No.`, `id`).
    pub suggested_drop: Vec<String>,
    /// Per column, how many distinct values it has, counted up to [`DISTINCT_CAP`]
    /// (a target with many is more likely a number than a class).
    pub distinct: Vec<usize>,
    /// Per column, whether every cell is a number (a feature must be).
    pub numeric: Vec<bool>,
}

/// Distinct values are counted up to this many: 1001 reads "more than 1000".
pub const DISTINCT_CAP: usize = 1001;

/// What is loaded, for the page's header and menus.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    pub source: String,
    pub rows: usize,
    pub features: Vec<String>,
    /// How many distinct values each feature has, counted up to 3 (binary columns show 2).
    pub feature_levels: Vec<usize>,
    pub target: String,
    pub classes: Vec<String>,
    pub train_rows: usize,
    pub validation_rows: usize,
    pub constant_columns: Vec<String>,
    pub parameter_names: Vec<String>,
    pub neuron: &'static str,
    pub activation: &'static str,
    pub objective: &'static str,
    /// What the objective chart plots: the objective as it is, e.g. "cross-entropy".
    pub objective_label: String,
    /// Which way the objective is better: "higher" (ascent) or "lower" (descent).
    pub better: &'static str,
    pub ascent: bool,
    pub settings: Settings,
    pub notice: Option<String>,
    pub compare: Option<CompareSummary>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CompareSummary {
    pub neuron: &'static str,
    pub objective: &'static str,
    /// "higher" or "lower", as in [`Summary::better`].
    pub better: &'static str,
    pub ascent: bool,
}

/// Theta typed by hand at step `t`, for a link to replay.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThetaEdit {
    pub t: usize,
    pub theta: Vec<f64>,
}

pub struct Session {
    source: String,
    pending: Option<(Table, String)>,
    settings: Settings,
    /// The trainer, and a second one when comparing two neurons on the same rows.
    trainers: Vec<Trainer>,
    notice: Option<String>,
    /// The selected training row (an index among the training rows).
    selected: Option<usize>,
    /// The model a built-in set was drawn from, while its rows are as drawn.
    truth: Option<TrueTheta>,
}

impl Session {
    /// A session on the built-in `separable` set with the lecture's logistic neuron.
    pub fn new() -> Result<Session> {
        let settings = Settings::default();
        let set = builtin::generate("separable", settings.seed, 0)?;
        let truth = TrueTheta::of(&set);
        let trainer = Trainer::new(set.data, settings.clone().check()?)?;
        Ok(Session {
            source: "separable".into(),
            pending: None,
            settings,
            trainers: vec![trainer],
            notice: None,
            selected: None,
            truth,
        })
    }

    pub fn trainer(&self, which: usize) -> Result<&Trainer> {
        self.trainers.get(which).ok_or(Error::NoComparison)
    }

    /// The trainer whose data, settings and history the page follows.
    pub fn main(&self) -> &Trainer {
        &self.trainers[0]
    }

    pub fn data(&self) -> &Dataset {
        self.main().data()
    }

    pub fn selected(&self) -> Option<usize> {
        self.selected
    }

    /// Selects a training row by its index among the training rows (or none).
    pub fn select(&mut self, train_row: Option<usize>) {
        self.selected = train_row.filter(|&i| i < self.main().prepared().train_rows.len());
    }

    /// Loads a built-in set drawn from `seed` (`points` rows; 0 for the default).
    pub fn load_builtin(&mut self, name: &str, seed: u64, points: usize) -> Result<()> {
        let set = builtin::generate(name, seed, points)?;
        let truth = TrueTheta::of(&set);
        self.replace_data(set.data, name.to_string(), truth)
    }

    /// Reads an uploaded file and keeps it aside until its columns are chosen;
    /// the loaded data stays in place, whatever happens.
    pub fn preview_csv(&mut self, bytes: &[u8], name: &str) -> Result<Preview> {
        // A file that cannot be read replaces any file waiting for its columns.
        self.pending = None;
        let table = Table::parse_bytes(bytes)?;
        let is_id = |h: &String| {
            let l = h.to_lowercase();
            l == "id" || l.starts_with("obs") || l == "index" || l == "row"
        };
        // The most target-like name wins, whatever its place in the header (x, y, label: label).
        let target_like = ["buy", "class", "label", "target", "outcome", "species", "y"];
        let suggested_target = target_like
            .iter()
            .find_map(|name| table.headers.iter().find(|h| h.to_lowercase() == *name))
            .or(table.headers.last())
            .cloned()
            .unwrap_or_default();
        let preview = Preview {
            headers: table.headers.clone(),
            rows: table.rows.iter().take(6).cloned().collect(),
            row_count: table.rows.len(),
            delimiter: match table.delimiter {
                '\t' => "tab".into(),
                d => d.to_string(),
            },
            suggested_target,
            suggested_drop: table.headers.iter().filter(|h| is_id(h)).cloned().collect(),
            distinct: (0..table.headers.len()).map(|j| distinct(&table, j)).collect(),
            numeric: (0..table.headers.len()).map(|j| numeric(&table, j)).collect(),
        };
        self.pending = Some((table, name.to_string()));
        Ok(preview)
    }

    /// Builds the data set from the previewed file with these columns.
    pub fn use_csv(&mut self, columns: &Columns) -> Result<()> {
        let (table, name) = self.pending.as_ref().ok_or(Error::NoCsvWaiting)?;
        let data = Dataset::from_table(table, columns)?;
        let name = name.clone();
        self.replace_data(data, name, None)
    }

    /// New data with the current settings; a binary neuron meeting more than two
    /// classes gives way to softmax (and a binary comparison ends), with a notice saying so.
    fn replace_data(&mut self, data: Dataset, source: String, truth: Option<TrueTheta>) -> Result<()> {
        let mut settings = self.settings.clone();
        let mut compare = self.compare_kind();
        let mut notices = Vec::new();
        if data.classes() > 2 && !settings.neuron.is_multiclass() {
            notices.push(format!(
                "The target has {} classes, so the neuron is now softmax (the {} neuron separates two).",
                data.classes(),
                settings.neuron.name()
            ));
            settings.neuron = NeuronKind::Softmax;
        }
        if let Some(kind) = compare.filter(|k| data.classes() > 2 && !k.is_multiclass()) {
            notices.push(format!("The comparison with {} ended: it separates two classes.", kind.name()));
            compare = None;
        }
        let trainers = build(data, &settings, compare)?;
        self.notice = (!notices.is_empty()).then(|| notices.join(" "));
        self.source = source;
        self.settings = settings;
        self.trainers = trainers;
        self.selected = None;
        self.truth = truth;
        Ok(())
    }

    /// New settings: training restarts on the current rows (also those added by hand).
    pub fn configure(&mut self, settings: Settings) -> Result<()> {
        self.trainers = build(self.data().clone(), &settings, self.compare_kind())?;
        self.settings = settings;
        self.notice = None;
        self.selected = None;
        Ok(())
    }

    fn compare_kind(&self) -> Option<NeuronKind> {
        self.trainers.get(1).map(|t| t.neuron().kind)
    }

    /// Trains a second neuron beside the first (`None` to stop comparing) on the same
    /// rows, split and starting theta; it joins at the first one's step.
    pub fn set_compare(&mut self, kind: Option<NeuronKind>) -> Result<()> {
        let second = kind.map(|kind| sibling(&self.trainers[0], &self.settings, kind)).transpose()?;
        self.trainers.truncate(1);
        if let Some(mut second) = second {
            second.run(self.trainers[0].iteration());
            self.trainers.push(second);
        }
        Ok(())
    }

    /// Back to step 0: the same seed gives the same split and the same theta.
    pub fn reset(&mut self) -> Result<()> {
        for trainer in &mut self.trainers {
            trainer.rewind(0)?;
        }
        Ok(())
    }

    /// Up to `n` gradient steps, every trainer in lockstep (one that has stopped waits).
    pub fn step(&mut self, n: usize) {
        for _ in 0..n {
            let mut moved = false;
            for trainer in self.trainers.iter_mut().filter(|t| t.stop().is_none()) {
                trainer.step();
                moved = true;
            }
            if !moved {
                break;
            }
        }
    }

    /// True when every trainer has stopped.
    pub fn all_stopped(&self) -> bool {
        self.trainers.iter().all(|t| t.stop().is_some())
    }

    pub fn rewind(&mut self, t: usize) -> Result<()> {
        self.trainers[0].rewind(t)?;
        for trainer in &mut self.trainers[1..] {
            trainer.rewind(t.min(trainer.steps_taken()))?;
        }
        Ok(())
    }

    /// Adds a training row of class `class` at `(u, v)` in the plane of features
    /// `x_feature` and `y_feature`; for data sets of two features.
    pub fn add_point(&mut self, (u, v): (f64, f64), x_feature: usize, y_feature: usize, class: usize) -> Result<()> {
        if self.data().feature_names.len() != 2 || x_feature == y_feature || x_feature > 1 || y_feature > 1 {
            return Err(Error::PointsNeedTwoFeatures);
        }
        let mut raw = [0.0; 2];
        raw[x_feature] = u;
        raw[y_feature] = v;
        // On copies: a point refused by one neuron (values too large) is added to none.
        let mut trainers = self.trainers.clone();
        for trainer in &mut trainers {
            trainer.add_row(&raw, class)?;
        }
        self.trainers = trainers;
        // Rows added by hand were not drawn from the model.
        self.truth = None;
        self.selected = None;
        Ok(())
    }

    /// Removes the data set's row `data_row` from every trainer (they share the rows).
    pub fn remove_row(&mut self, data_row: usize) -> Result<()> {
        // Check on the main trainer first, so a refusal leaves both as they were.
        let mut first = self.trainers[0].clone();
        first.remove_row(data_row)?;
        for trainer in &mut self.trainers[1..] {
            trainer.remove_row(data_row)?;
        }
        self.trainers[0] = first;
        self.truth = None;
        self.selected = None;
        Ok(())
    }

    /// Sets the first neuron's theta by hand; a compared neuron of the same shape takes
    /// the same values, one of another shape keeps its own, so both stay at the same step.
    pub fn set_theta(&mut self, values: &[f64]) -> Result<Snapshot> {
        // Checked on every neuron first, so a refusal (values too large) changes none.
        self.trainers[0].check_theta(values)?;
        for trainer in &self.trainers[1..] {
            if trainer.theta().as_slice().len() == values.len() {
                trainer.check_theta(values)?;
            }
        }
        let snapshot = self.trainers[0].set_theta(values)?;
        for trainer in &mut self.trainers[1..] {
            let same_shape = trainer.theta().as_slice().len() == values.len();
            let own = trainer.theta().as_slice().to_vec();
            trainer.set_theta(if same_shape { values } else { &own })?;
        }
        Ok(snapshot)
    }

    /// Theta of neuron `which` by parameter name, beside the true theta when the rows
    /// are a built-in set as drawn from a known model.
    pub fn theta_table(&self, which: usize) -> Result<ThetaTable> {
        Ok(ThetaTable::of(self.trainer(which)?, self.truth.as_ref()))
    }

    /// The theta table of the main neuron: what the exports write.
    pub fn main_theta_table(&self) -> ThetaTable {
        ThetaTable::of(self.main(), self.truth.as_ref())
    }

    /// The steps up to the current one where theta was set by hand.
    pub fn theta_edits(&self) -> Vec<ThetaEdit> {
        self.main()
            .history()
            .filter(|s| s.edited && s.iteration > 0)
            .map(|s| ThetaEdit { t: s.iteration, theta: s.theta })
            .collect()
    }

    pub fn summary(&self) -> Summary {
        let trainer = self.main();
        let data = trainer.data();
        let kind = trainer.neuron().kind;
        let prepared = trainer.prepared();
        Summary {
            source: self.source.clone(),
            rows: data.rows(),
            features: data.feature_names.clone(),
            feature_levels: (0..data.feature_names.len()).map(|j| levels(data, j)).collect(),
            target: data.target.clone(),
            classes: data.class_names.clone(),
            train_rows: prepared.train_rows.len(),
            validation_rows: prepared.validation_rows.len(),
            constant_columns: prepared.transform.constant_columns.clone(),
            parameter_names: prepared.transform.parameter_names(),
            neuron: kind.name(),
            activation: kind.activation(),
            objective: kind.objective_name(),
            objective_label: kind.objective_name().to_string(),
            better: kind.goal().better(),
            ascent: kind.goal() == Goal::Maximize,
            settings: self.settings.clone(),
            notice: self.notice.clone(),
            compare: self.trainers.get(1).map(|t| CompareSummary {
                neuron: t.neuron().kind.name(),
                objective: t.neuron().kind.objective_name(),
                better: t.neuron().kind.goal().better(),
                ascent: t.neuron().kind.goal() == Goal::Maximize,
            }),
        }
    }

    /// The model file of the main neuron at this threshold.
    pub fn model(&self, threshold: f64) -> Result<Model> {
        Ok(Model::from_trainer(self.main(), check_threshold(threshold)?))
    }

    /// Classifies an uploaded file with the main neuron; also returns its predictions CSV.
    /// Rows that cannot be classified, ragged ones too, are listed with their reason.
    pub fn classify(&self, bytes: &[u8], threshold: f64) -> Result<(Classified, String)> {
        let table = Table::parse_bytes_lenient(bytes)?;
        let model = self.model(threshold)?;
        let classified = model.classify(&table)?;
        let csv = model.predictions_csv(&table, &classified);
        Ok((classified, csv))
    }
}

/// A threshold is a probability: between 0 and 1.
pub fn check_threshold(threshold: f64) -> Result<f64> {
    if (0.0..=1.0).contains(&threshold) {
        Ok(threshold)
    } else {
        Err(Error::InvalidSetting { name: "threshold", value: threshold.to_string(), expected: "a number from 0 to 1" })
    }
}

/// How many distinct values column `j` of the table has, as class labels are told
/// apart (by their text), counted up to [`DISTINCT_CAP`].
fn distinct(table: &Table, j: usize) -> usize {
    let mut seen = std::collections::BTreeSet::new();
    for row in &table.rows {
        if seen.insert(row[j].as_str()) && seen.len() == DISTINCT_CAP {
            break;
        }
    }
    seen.len()
}

/// Whether every cell of column `j` is a number, as a feature's cells must be.
fn numeric(table: &Table, j: usize) -> bool {
    table.rows.iter().zip(&table.lines).all(|(row, &line)| parse_number(&row[j], || table.cell(line, j)).is_ok())
}

/// How many distinct values feature `j` takes, counted up to 3.
fn levels(data: &Dataset, j: usize) -> usize {
    let mut seen: Vec<f64> = Vec::new();
    for i in 0..data.rows() {
        let v = data.x.get(i, j);
        if !seen.contains(&v) {
            seen.push(v);
            if seen.len() == 3 {
                break;
            }
        }
    }
    seen.len()
}

/// The trainer for `settings`, and one for `compare` beside it.
fn build(data: Dataset, settings: &Settings, compare: Option<NeuronKind>) -> Result<Vec<Trainer>> {
    let first = Trainer::new(data, settings.clone().check()?)?;
    let second = compare.map(|kind| sibling(&first, settings, kind)).transpose()?;
    Ok(std::iter::once(first).chain(second).collect())
}

/// A trainer of neuron `kind` on `first`'s rows and split, starting from `first`'s
/// starting theta when the shapes agree (K outputs against one).
fn sibling(first: &Trainer, settings: &Settings, kind: NeuronKind) -> Result<Trainer> {
    let mut other = Settings { neuron: kind, ..settings.clone() };
    let start = first.snapshot_at(0).map(|s| s.theta).unwrap_or_default();
    if kind.outputs(first.data().classes()) == first.theta().cols() {
        other.init = Init::Given(start);
    }
    first.sibling(other.check()?)
}
