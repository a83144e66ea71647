//! A lab session: what the page holds between clicks. The rows (built-in or an
//! uploaded CSV, and a file waiting for its columns), the settings, the trainer
//! and, when comparing, a second trainer on the same rows that steps with it, the
//! selected row, and where the charts put their plots, to map clicks back to rows.
//! The wasm boundary (`web.rs`) only forwards to this.

use crate::chart::{activation, boundary, objective, roc, ChartResult, PlotArea, Style};
use crate::data::builtin::{self, MAX_POINTS};
use crate::data::prep::{Part, Prepared};
use crate::data::{parse_number, Columns, Dataset, Table};
use crate::error::{Error, Result};
use crate::metrics::Evaluation;
use crate::model::{Goal, NeuronKind};
use crate::persist::{Classified, Model};
use crate::settings::{Init, Settings, Threshold};
use crate::theta::{ThetaTable, TrueTheta};
use crate::train::{Snapshot, Trainer};
use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

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
    /// True for a neuron with K outputs (one per class): no threshold, no ROC.
    pub multiclass: bool,
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

/// A chart the page draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Chart {
    Activation,
    Boundary,
    Objective,
    Roc,
}

impl Chart {
    pub fn parse(name: &str) -> Result<Chart> {
        match name {
            "activation" => Ok(Chart::Activation),
            "boundary" => Ok(Chart::Boundary),
            "objective" => Ok(Chart::Objective),
            "roc" => Ok(Chart::Roc),
            _ => Err(Error::UnknownChart(name.to_string())),
        }
    }
}

/// How to draw the decision boundary: the plane of two features (or one), the
/// threshold, which neuron (0, or 1 when comparing), and whether clicks on this
/// drawing select and add rows.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
pub struct BoundaryView {
    pub x_feature: usize,
    /// `None` plots the rows of a one-feature set spread by class.
    pub y_feature: Option<usize>,
    pub threshold: Threshold,
    #[serde(default)]
    pub neuron: usize,
    #[serde(default)]
    pub clickable: bool,
}

/// What a click on a chart picked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Picked {
    /// The training row picked (its index among the training rows), if one was.
    pub train_row: Option<usize>,
    /// True when the nearest row is a validation row, which the gradient never sees.
    pub validation: bool,
}

/// The outcome of training, as the command line reports it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub source: String,
    pub neuron: &'static str,
    pub activation: &'static str,
    pub objective: &'static str,
    /// "gradient ascent" or "gradient descent".
    pub direction: String,
    pub target: String,
    pub classes: Vec<String>,
    pub constant_columns: Vec<String>,
    pub train_rows: usize,
    pub validation_rows: usize,
    pub iterations: usize,
    pub stopped: &'static str,
    pub objective_train: f64,
    pub objective_validation: Option<f64>,
    /// Theta, and for a built-in set drawn from a known model its true theta.
    pub theta: ThetaTable,
    pub train: Evaluation,
    pub validation: Option<Evaluation>,
}

pub struct Session {
    source: String,
    pending: Option<(Table, String)>,
    settings: Settings,
    /// The rows, once: every trainer shares them.
    rows: Arc<Prepared>,
    /// The trainer, and a second one when comparing two neurons on the same rows.
    trainers: Vec<Trainer>,
    notice: Option<String>,
    /// The selected training row (an index among the training rows).
    selected: Option<usize>,
    /// The model a built-in set was drawn from, while its rows are as drawn.
    truth: Option<TrueTheta>,
    /// Where the last activation chart put its plot, and for which output.
    activation_plot: Option<(PlotArea, usize)>,
    /// Where the last clickable decision-boundary chart put its plot, and its view.
    boundary_plot: Option<(PlotArea, boundary::View)>,
}

impl Session {
    /// A session on the built-in `separable` set with the lecture's logistic neuron.
    pub fn new() -> Result<Session> {
        let set = builtin::generate("separable", Settings::default().seed, 0)?;
        let truth = TrueTheta::of(&set);
        Session::on(set.data, "separable".into(), truth, Settings::default())
    }

    /// A session on `data` (named `source`) with these settings.
    pub fn on(data: Dataset, source: String, truth: Option<TrueTheta>, settings: Settings) -> Result<Session> {
        let checked = settings.clone().check()?;
        let rows = Arc::new(Prepared::new(data, &checked.get().workflow())?);
        let trainer = Trainer::on(rows.clone(), checked)?;
        Ok(Session {
            source,
            pending: None,
            settings,
            rows,
            trainers: vec![trainer],
            notice: None,
            selected: None,
            truth,
            activation_plot: None,
            boundary_plot: None,
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
        &self.rows.data
    }

    pub fn rows(&self) -> &Prepared {
        &self.rows
    }

    pub fn selected(&self) -> Option<usize> {
        self.selected
    }

    /// Selects a training row by its index among the training rows (or none).
    pub fn select(&mut self, train_row: Option<usize>) {
        self.selected = train_row.filter(|&i| i < self.rows.train_rows.len());
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
            settings.neuron = NeuronKind::SOFTMAX;
        }
        if let Some(kind) = compare.filter(|k| data.classes() > 2 && !k.is_multiclass()) {
            notices.push(format!("The comparison with {} ended: it separates two classes.", kind.name()));
            compare = None;
        }
        let mut next = Session::on(data, source, truth, settings)?;
        next.set_compare(compare)?;
        next.notice = (!notices.is_empty()).then(|| notices.join(" "));
        next.pending = self.pending.take();
        *self = next;
        Ok(())
    }

    /// New settings: training restarts on the current rows (also those added by hand).
    pub fn configure(&mut self, settings: Settings) -> Result<()> {
        let compare = self.compare_kind();
        let mut next = Session::on(self.data().clone(), self.source.clone(), None, settings)?;
        next.set_compare(compare)?;
        next.truth = self.truth.clone();
        next.pending = self.pending.take();
        *self = next;
        Ok(())
    }

    fn compare_kind(&self) -> Option<NeuronKind> {
        self.trainers.get(1).map(|t| t.neuron().kind)
    }

    /// Trains a second neuron beside the first (`None` to stop comparing) on the same
    /// rows and split, from the first one's starting theta when the shapes agree; it
    /// joins at the first one's step.
    pub fn set_compare(&mut self, kind: Option<NeuronKind>) -> Result<()> {
        let second = match kind {
            Some(kind) => {
                let mut settings = Settings { neuron: kind, ..self.settings.clone() };
                let first = self.main();
                if kind.outputs(self.rows.data.classes()) == first.theta().cols() {
                    settings.init = Init::Given(first.snapshot_at(0).map(|s| s.theta).unwrap_or_default());
                }
                let mut second = Trainer::on(self.rows.clone(), settings.check()?)?;
                second.run(first.iteration());
                Some(second)
            }
            None => None,
        };
        self.trainers.truncate(1);
        self.trainers.extend(second);
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

    /// Snapshots `from..to` of the first neuron (the step table), also those ahead
    /// of the current step after a rewind.
    pub fn history(&self, from: usize, to: usize) -> Vec<Snapshot> {
        let trainer = self.main();
        (from..to.min(trainer.steps_taken() + 1)).filter_map(|t| trainer.snapshot_at(t)).collect()
    }

    /// Adds a training row of class `class` at `(u, v)` in the plane of features
    /// `x_feature` and `y_feature`; for data sets of two features, up to [`MAX_POINTS`] rows.
    pub fn add_point(&mut self, (u, v): (f64, f64), x_feature: usize, y_feature: usize, class: usize) -> Result<()> {
        if self.data().feature_names.len() != 2 || x_feature == y_feature || x_feature > 1 || y_feature > 1 {
            return Err(Error::PointsNeedTwoFeatures);
        }
        if self.data().rows() >= MAX_POINTS {
            return Err(Error::TooManyPoints { max: MAX_POINTS });
        }
        let mut raw = [0.0; 2];
        raw[x_feature] = u;
        raw[y_feature] = v;
        let mut rows = Prepared::clone(&self.rows);
        rows.add_row(&raw, class)?;
        self.move_to(rows)
    }

    /// Removes the data set's row `data_row` (training or validation) from the rows
    /// every trainer shares.
    pub fn remove_row(&mut self, data_row: usize) -> Result<()> {
        let mut rows = Prepared::clone(&self.rows);
        rows.remove_row(data_row)?;
        self.move_to(rows)
    }

    /// Every trainer moves onto the edited rows, each keeping its theta; a refusal by
    /// any (an objective too large to compute) leaves all as they were.
    fn move_to(&mut self, rows: Prepared) -> Result<()> {
        let rows = Arc::new(rows);
        let trainers = self.trainers.iter().map(|t| t.moved_to(rows.clone())).collect::<Result<Vec<_>>>()?;
        self.rows = rows;
        self.trainers = trainers;
        // Rows added or removed by hand were not drawn from the model.
        self.truth = None;
        self.selected = None;
        self.forget_plots();
        Ok(())
    }

    /// Sets the first neuron's theta by hand; a compared neuron of the same shape takes
    /// the same values, one of another shape keeps its own, so both stay at the same step.
    pub fn set_theta(&mut self, values: &[f64]) -> Result<Snapshot> {
        // Every neuron's edit is computed first, so a refusal (values too large) changes none.
        let edits = self
            .trainers
            .iter()
            .enumerate()
            .map(|(which, t)| {
                let same_shape = which == 0 || t.theta().as_slice().len() == values.len();
                let own = t.theta().as_slice().to_vec();
                t.edit_theta(if same_shape { values } else { &own })
            })
            .collect::<Result<Vec<_>>>()?;
        for (trainer, edit) in self.trainers.iter_mut().zip(edits) {
            trainer.take_edit(edit);
        }
        Ok(self.main().snapshot())
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
        let data = self.data();
        let kind = self.main().neuron().kind;
        let rows = &self.rows;
        Summary {
            source: self.source.clone(),
            rows: data.rows(),
            features: data.feature_names.clone(),
            feature_levels: (0..data.feature_names.len()).map(|j| levels(data, j)).collect(),
            target: data.target.clone(),
            classes: data.class_names.clone(),
            train_rows: rows.train_rows.len(),
            validation_rows: rows.validation_rows.len(),
            constant_columns: rows.transform.constant_columns.clone(),
            parameter_names: rows.transform.parameter_names(),
            neuron: kind.name(),
            activation: kind.activation().name(),
            objective: kind.objective_name(),
            objective_label: kind.objective_name().to_string(),
            better: kind.goal().better(),
            ascent: kind.goal() == Goal::Maximize,
            multiclass: kind.is_multiclass(),
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

    /// Trains the main neuron until it stops, and reports the outcome (the command line's train).
    pub fn train_to_end(&mut self) -> Result<Report> {
        let last = self.trainers[0].run(usize::MAX);
        // The trainer keeps every step finite; a report of NaN or infinity is never made.
        if !(last.objective_train.is_finite() && last.objective_validation.is_none_or(f64::is_finite)) {
            return Err(Error::TooLarge { what: "the final objective" });
        }
        Ok(self.report())
    }

    /// The main neuron's state as the command line reports it, at the settings' threshold.
    pub fn report(&self) -> Report {
        let summary = self.summary();
        let trainer = self.main();
        let last = trainer.snapshot();
        let threshold = self.settings.threshold;
        Report {
            source: summary.source,
            neuron: summary.neuron,
            activation: summary.activation,
            objective: summary.objective,
            direction: format!("gradient {}", trainer.neuron().kind.goal().direction()),
            target: summary.target,
            classes: summary.classes,
            constant_columns: summary.constant_columns,
            train_rows: summary.train_rows,
            validation_rows: summary.validation_rows,
            iterations: last.iteration,
            stopped: last.stop.map_or("not stopped", |s| s.describe()),
            objective_train: last.objective_train,
            objective_validation: last.objective_validation,
            theta: self.main_theta_table(),
            train: trainer.evaluate(Part::Train, threshold),
            validation: (summary.validation_rows > 0).then(|| trainer.evaluate(Part::Validation, threshold)),
        }
    }

    /// Metrics of neuron `which` on `part`; without the ROC curve's points, which only
    /// the ROC chart draws (the area under it stays).
    pub fn evaluate(&self, which: usize, part: Part, threshold: Threshold) -> Result<Evaluation> {
        let mut evaluation = self.trainer(which)?.evaluate(part, threshold);
        if let Some(roc) = &mut evaluation.roc {
            roc.points.clear();
        }
        Ok(evaluation)
    }

    /// The model file of the main neuron at this threshold.
    pub fn model(&self, threshold: Threshold) -> Model {
        Model::from_trainer(self.main(), threshold)
    }

    /// Classifies an uploaded file with the main neuron; also returns its predictions CSV.
    /// Rows that cannot be classified, ragged ones too, are listed with their reason.
    pub fn classify(&self, bytes: &[u8], threshold: Threshold) -> Result<(Classified, String)> {
        let table = Table::parse_bytes_lenient(bytes)?;
        let model = self.model(threshold);
        let classified = model.classify(&table)?;
        let csv = crate::export::predictions(&model, &table, &classified);
        Ok((classified, csv))
    }

    // ---------- the charts, and clicks on them ----------

    /// The rows or their layout changed: old plot positions no longer map clicks.
    fn forget_plots(&mut self) {
        self.activation_plot = None;
        self.boundary_plot = None;
    }

    /// Draws the activation chart of output `output`, remembering where its plot is.
    pub fn draw_activation<DB: DrawingBackend>(
        &mut self,
        root: &DrawingArea<DB, Shift>,
        output: usize,
        style: Style,
    ) -> Result<()> {
        let area = activation::draw(root, self.main(), output, self.selected, style)?;
        self.activation_plot = Some((area, output));
        Ok(())
    }

    /// Draws the decision boundary as `view` says; `put_image` puts the heatmap.
    pub fn draw_boundary<DB: DrawingBackend>(
        &mut self,
        root: &DrawingArea<DB, Shift>,
        view: BoundaryView,
        style: Style,
        put_image: &mut dyn FnMut(boundary::Image) -> ChartResult<()>,
    ) -> Result<()> {
        let trainer = self.trainer(view.neuron)?;
        let features = trainer.data().feature_names.len();
        if let Some(bad) = [Some(view.x_feature), view.y_feature].into_iter().flatten().find(|&j| j >= features) {
            return Err(Error::NoSuchFeature { index: bad, features });
        }
        let plane = boundary::View {
            x_feature: view.x_feature,
            y_feature: view.y_feature.filter(|&y| y != view.x_feature),
            threshold: view.threshold.get(),
            selected: self.selected.and_then(|i| self.rows.train_rows.get(i).copied()),
        };
        let area = boundary::draw(root, trainer, plane, style, put_image)?;
        if view.clickable {
            self.boundary_plot = Some((area, plane));
        }
        Ok(())
    }

    /// Draws the objective over the steps of neuron `which`.
    pub fn draw_objective<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        which: usize,
        style: Style,
    ) -> Result<()> {
        Ok(objective::draw(root, self.trainer(which)?, style)?)
    }

    /// Draws the ROC curve of the main neuron on `part`, the threshold's point marked.
    pub fn draw_roc<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        part: Part,
        threshold: Threshold,
        style: Style,
    ) -> Result<()> {
        let evaluation = self.main().evaluate(part, threshold);
        Ok(roc::draw(root, &evaluation, part.describe(), style)?)
    }

    /// Selects the training row drawn nearest to canvas pixel `pixel` on the last
    /// activation or decision-boundary chart, within `reach` pixels.
    pub fn pick(&mut self, chart: Chart, pixel: (f64, f64), reach: f64) -> Picked {
        let trainer = self.main();
        let mut picked = Picked { train_row: None, validation: false };
        match (chart, &self.activation_plot, &self.boundary_plot) {
            (Chart::Activation, Some((area, output)), _) => {
                picked.train_row = activation::nearest(trainer, *output, area, pixel, reach);
            }
            (Chart::Boundary, _, Some((area, view))) => {
                if let Some(row) = boundary::nearest(trainer, view, area, pixel, reach) {
                    picked.train_row = self.rows.locate(row).filter(|l| l.0 == Part::Train).map(|l| l.1);
                    picked.validation = picked.train_row.is_none();
                }
            }
            _ => {}
        }
        if picked.train_row.is_some() {
            self.select(picked.train_row);
        }
        picked
    }

    /// Where training row `train_row` is drawn on the last activation or decision-boundary
    /// chart, in canvas pixels.
    pub fn row_position(&self, chart: Chart, train_row: usize) -> Option<(f64, f64)> {
        let trainer = self.main();
        match chart {
            Chart::Activation => {
                let (area, output) = self.activation_plot.as_ref()?;
                activation::row_pixel(trainer, *output, area, train_row)
            }
            Chart::Boundary => {
                let (area, view) = self.boundary_plot.as_ref()?;
                let &row = self.rows.train_rows.get(train_row)?;
                Some(area.to_pixel(boundary::drawn_at(trainer, view, area, row)))
            }
            Chart::Objective | Chart::Roc => None,
        }
    }

    /// Adds a training row of class `class` where the decision-boundary chart was
    /// clicked (canvas pixel); for data sets of two features.
    pub fn add_point_at(&mut self, pixel: (f64, f64), class: usize) -> Result<()> {
        let (area, view) = self.boundary_plot.ok_or(Error::NoPlot)?;
        let at = area.from_pixel(pixel).ok_or(Error::OutsidePlot)?;
        let y_feature = view.y_feature.ok_or(Error::PointsNeedTwoFeatures)?;
        self.add_point(at, view.x_feature, y_feature, class)
    }

    /// Removes the row drawn nearest to a click on the decision-boundary chart.
    pub fn remove_point_at(&mut self, pixel: (f64, f64), reach: f64) -> Result<()> {
        let (area, view) = self.boundary_plot.ok_or(Error::NoPlot)?;
        let row = boundary::nearest(self.main(), &view, &area, pixel, reach).ok_or(Error::NoPointThere)?;
        self.remove_row(row)
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
