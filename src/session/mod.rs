//! A lab session: what the page holds between clicks. The rows (built-in or an
//! uploaded CSV), the settings, the trainer and, when comparing, a second trainer on
//! the same rows that steps with it, the selected row, and where the charts put their
//! plots, to map clicks back to rows. The wasm boundaries (`web.rs`, `worker.rs`)
//! only forward to this.
//!
//! One file per part of the page's work: [`upload`] (a file's preview, rows read
//! elsewhere), [`report`] (what is loaded and trained, for the page's header and
//! the command line), [`charts`] (drawing, and clicks mapped back to rows),
//! [`background`] (training in the page's worker: the handoff, the Runner, the steps
//! adopted), [`mirror`] (a projector window following the lab window).

mod background;
mod charts;
mod mirror;
mod report;
mod upload;

pub use background::{Handoff, Resume, Runner};
pub use charts::{BoundaryView, Chart, Picked, SurfaceComponents, SurfaceView};
pub use mirror::Mirror;
pub use report::{Catalogue, NeuronInfo, PointsRange, Report, Summary};
pub use upload::{Preview, DISTINCT_CAP};

use crate::chart::boundary;
use crate::chart::PlotArea;
use crate::data::builtin::{self, MAX_POINTS};
use crate::data::prep::{Part, Prepared};
use crate::data::{Dataset, Table};
use crate::error::{Error, Result};
use crate::explain::{explain, Explanation};
use crate::export;
use crate::metrics::Evaluation;
use crate::model::{Neuron, NeuronKind};
use crate::persist::{Classified, Model};
use crate::settings::{Init, Optimizer, Settings, Threshold};
use crate::theta::{ThetaTable, TrueTheta};
use crate::train::{Snapshot, State, Trainer};
use serde::Serialize;
use std::cell::RefCell;
use std::sync::Arc;

/// Theta typed by hand at step `t`, for a link to replay.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThetaEdit {
    pub t: usize,
    pub theta: Vec<f64>,
}

/// The second trainer of a comparison: a neuron, and its optimizer when it is not the
/// main neuron's (to compare gradient steps with Newton's on one neuron, from one start).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Compared {
    pub kind: NeuronKind,
    pub optimizer: Option<Optimizer>,
}

impl Compared {
    /// "logistic" (the main neuron's optimizer), or "logistic.newton", "logistic.gradient".
    pub fn parse(text: &str) -> Result<Compared> {
        let (name, optimizer) = match text.split_once('.') {
            Some((name, optimizer)) => (name, Some(Optimizer::parse(optimizer)?)),
            None => (text, None),
        };
        Ok(Compared { kind: NeuronKind::parse(name)?, optimizer })
    }

    /// The name [`Compared::parse`] reads.
    pub fn name(&self) -> String {
        match self.optimizer {
            Some(optimizer) => format!("{}.{}", self.kind.name(), optimizer.name()),
            None => self.kind.name().to_string(),
        }
    }
}

impl From<NeuronKind> for Compared {
    fn from(kind: NeuronKind) -> Compared {
        Compared { kind, optimizer: None }
    }
}

pub struct Session {
    source: String,
    settings: Settings,
    /// The rows, once: every trainer shares them.
    rows: Arc<Prepared>,
    /// The trainer, and a second one when comparing two neurons on the same rows.
    trainers: Vec<Trainer>,
    /// What the second trainer is, when comparing.
    compared: Option<Compared>,
    notice: Option<String>,
    /// The selected training row (an index among the training rows).
    selected: Option<usize>,
    /// The model a built-in set was drawn from, while its rows are as drawn.
    truth: Option<TrueTheta>,
    /// Where the last activation chart put its plot, and for which output.
    activation_plot: Option<(PlotArea, usize)>,
    /// Where the last clickable decision-boundary chart put its plot, and its view.
    boundary_plot: Option<(PlotArea, boundary::View)>,
    /// The latest evaluations and what they were computed from: a frame asks for each
    /// part's metrics (the confusion matrix) and its ROC curve, and gets one evaluation.
    evaluations: RefCell<Vec<(Evaluated, Arc<Evaluation>)>>,
    /// The objective surface's last grid and the rows it was computed on (a weak
    /// reference: it keeps no rows alive, and no other rows can take its place).
    surface: Option<(std::sync::Weak<Prepared>, crate::chart::surface::Grid)>,
}

/// What an evaluation depends on: the neuron, the part, the threshold and theta (the
/// kept evaluations are dropped when the rows change).
#[derive(Debug, Clone, PartialEq)]
struct Evaluated {
    which: usize,
    neuron: Neuron,
    part: Part,
    threshold: Threshold,
    theta: Vec<f64>,
}

/// Evaluations kept: both parts of two neurons.
const EVALUATIONS_KEPT: usize = 4;

/// Up to `n` gradient steps of every trainer in lockstep (one that has stopped waits):
/// how a session steps, here or in a worker.
fn lockstep(trainers: &mut [Trainer], n: usize) {
    for _ in 0..n {
        let mut moved = false;
        for trainer in trainers.iter_mut().filter(|t| t.stop().is_none()) {
            trainer.step();
            moved = true;
        }
        if !moved {
            break;
        }
    }
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
        let rows = Prepared::new(data, &settings.clone().check()?.get().workflow())?;
        Session::on_rows(rows, source, truth, settings)
    }

    /// A session on rows already prepared with these settings' workflow.
    fn on_rows(rows: Prepared, source: String, truth: Option<TrueTheta>, settings: Settings) -> Result<Session> {
        let checked = settings.clone().check()?;
        let rows = Arc::new(rows);
        let trainer = Trainer::on(rows.clone(), checked)?;
        Ok(Session::with_trainer(rows, source, truth, settings, trainer))
    }

    /// A session of one trainer on its rows.
    fn with_trainer(
        rows: Arc<Prepared>,
        source: String,
        truth: Option<TrueTheta>,
        settings: Settings,
        trainer: Trainer,
    ) -> Session {
        Session {
            source,
            settings,
            rows,
            trainers: vec![trainer],
            compared: None,
            notice: None,
            selected: None,
            truth,
            activation_plot: None,
            evaluations: RefCell::new(Vec::new()),
            boundary_plot: None,
            surface: None,
        }
    }

    pub fn trainer(&self, which: usize) -> Result<&Trainer> {
        self.trainers.get(which).ok_or(Error::NoComparison)
    }

    /// The trainer whose data, settings and history the page follows.
    pub fn main(&self) -> &Trainer {
        &self.trainers[0]
    }

    pub fn data(&self) -> &Dataset {
        self.rows.data()
    }

    pub fn rows(&self) -> &Prepared {
        &self.rows
    }

    pub fn selected(&self) -> Option<usize> {
        self.selected
    }

    /// Selects a training row by its index among the training rows (or none).
    pub fn select(&mut self, train_row: Option<usize>) {
        self.selected = train_row.filter(|&i| i < self.rows.data_rows(Part::Train).len());
    }

    /// Loads a built-in set drawn from `seed` (`points` rows; 0 for the default) with
    /// `noise` times its designed noise (see [`builtin::generate_with_noise`]).
    pub fn load_builtin(&mut self, name: &str, seed: u64, points: usize, noise: f64) -> Result<()> {
        let set = builtin::generate_with_noise(name, seed, points, noise)?;
        let truth = TrueTheta::of(&set);
        self.replace_data(set.data, name.to_string(), truth)
    }

    /// New data with the current settings; a binary neuron meeting more than two
    /// classes gives way to softmax (and a binary comparison ends), with a notice saying so.
    fn replace_data(&mut self, data: Dataset, source: String, truth: Option<TrueTheta>) -> Result<()> {
        let rows = Prepared::new(data, &self.settings.clone().check()?.get().workflow())?;
        self.replace_rows(rows, source, truth)
    }

    /// New rows, prepared with the current settings' workflow: see [`Session::replace_data`].
    fn replace_rows(&mut self, rows: Prepared, source: String, truth: Option<TrueTheta>) -> Result<()> {
        let data = rows.data();
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
        if let Some(Compared { kind, .. }) = compare.filter(|c| data.classes() > 2 && !c.kind.is_multiclass()) {
            notices.push(format!("The comparison with {} ended: it separates two classes.", kind.name()));
            compare = None;
        }
        let mut next = Session::on_rows(rows, source, truth, settings)?;
        next.set_compared(compare)?;
        next.notice = (!notices.is_empty()).then(|| notices.join(" "));
        *self = next;
        Ok(())
    }

    /// New settings: training restarts on the current rows (also those added by hand).
    pub fn configure(&mut self, settings: Settings) -> Result<()> {
        let compare = self.compare_kind();
        let mut next = Session::on(self.data().clone(), self.source.clone(), None, settings)?;
        next.set_compared(compare)?;
        next.truth = self.truth.clone();
        *self = next;
        Ok(())
    }

    fn compare_kind(&self) -> Option<Compared> {
        self.compared
    }

    /// What the second trainer is, when comparing.
    pub fn compared(&self) -> Option<Compared> {
        self.compared
    }

    /// Trains a second neuron beside the first (`None` to stop comparing), with the
    /// first one's optimizer: see [`Session::set_compared`].
    pub fn set_compare(&mut self, kind: Option<NeuronKind>) -> Result<()> {
        self.set_compared(kind.map(Compared::from))
    }

    /// Trains a second neuron beside the first (`None` to stop comparing) on the same
    /// rows and split, from the first one's starting theta when the shapes agree, with
    /// its own optimizer if given; it joins at the first one's step.
    pub fn set_compared(&mut self, compared: Option<Compared>) -> Result<()> {
        let second = match compared {
            Some(Compared { kind, optimizer }) => {
                let optimizer = optimizer.unwrap_or(self.settings.optimizer);
                let mut settings = Settings { neuron: kind, optimizer, ..self.settings.clone() };
                let first = self.main();
                if kind.outputs(self.rows.data().classes()) == first.theta().cols() {
                    settings.init = Init::Given(first.snapshot_at(0).map(|s| s.theta).unwrap_or_default());
                }
                let mut second = Trainer::on(self.rows.clone(), settings.check()?)?;
                second.run(first.iteration());
                Some(second)
            }
            None => None,
        };
        self.trainers.truncate(1);
        self.compared = second.is_some().then_some(compared).flatten();
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
        lockstep(&mut self.trainers, n);
    }

    /// What a worker needs to train on from here exactly as this session would: the
    /// rows' id, and each trainer's settings, current state and step. The rows
    /// themselves ([`Prepared::parts`]) only when the worker has other rows.
    pub fn handoff(&self) -> Handoff {
        Handoff {
            rows: self.rows.id(),
            trainers: self
                .trainers
                .iter()
                .map(|t| Resume { settings: t.settings().clone(), state: t.current_state(), iteration: t.iteration() })
                .collect(),
        }
    }

    /// Takes the steps a worker computed from [`Session::handoff`] as each trainer's
    /// next steps; refused, changing nothing, when the rows or the trainers changed since.
    pub fn adopt(&mut self, handoff: &Handoff, steps: Vec<Vec<State>>) -> Result<()> {
        let now = self.handoff();
        if now.rows != handoff.rows || now.trainers != handoff.trainers || steps.len() != self.trainers.len() {
            return Err(Error::StaleSteps);
        }
        for (trainer, steps) in self.trainers.iter().zip(&steps) {
            trainer.check_steps(steps)?;
        }
        for (trainer, steps) in self.trainers.iter_mut().zip(steps) {
            trainer.adopt(steps)?;
        }
        Ok(())
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
        self.evaluations.borrow_mut().clear();
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

    /// The last step computed so far (beyond the current one after a rewind).
    pub fn steps_taken(&self) -> usize {
        self.main().steps_taken()
    }

    /// The current snapshot of neuron `which` (0, or 1 when comparing).
    pub fn snapshot(&self, which: usize) -> Result<Snapshot> {
        Ok(self.trainer(which)?.snapshot())
    }

    /// The main neuron's gradient of output `output`, the selected row's term in detail.
    pub fn explain(&self, output: usize) -> Explanation {
        explain(self.main(), self.selected, output)
    }

    /// The main neuron's steps up to the current one, as CSV.
    pub fn history_csv(&self) -> String {
        export::history(self.main())
    }

    /// The main neuron's theta table as CSV.
    pub fn theta_csv(&self) -> String {
        export::theta(&self.main_theta_table())
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

    /// Metrics of neuron `which` on `part`; without the ROC curve's points, which only
    /// the ROC chart draws (the area under it stays).
    pub fn evaluate(&self, which: usize, part: Part, threshold: Threshold) -> Result<Evaluation> {
        Ok(self.evaluation(which, part, threshold)?.without_curve())
    }

    /// The evaluation of neuron `which` on `part`, computed once for the rows and theta
    /// of now (the confusion matrix, the metrics and the ROC chart share it).
    pub(super) fn evaluation(&self, which: usize, part: Part, threshold: Threshold) -> Result<Arc<Evaluation>> {
        let trainer = self.trainer(which)?;
        let key =
            Evaluated { which, neuron: trainer.neuron(), part, threshold, theta: trainer.theta().as_slice().to_vec() };
        let mut kept = self.evaluations.borrow_mut();
        if let Some((_, evaluation)) = kept.iter().find(|(k, _)| *k == key) {
            return Ok(evaluation.clone());
        }
        let evaluation = Arc::new(trainer.evaluate(part, threshold));
        if kept.len() == EVALUATIONS_KEPT {
            kept.remove(0);
        }
        kept.push((key, Arc::clone(&evaluation)));
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
        let mut classified = model.classify(&table)?;
        let csv = export::predictions(&model, &table, &classified);
        classified.evaluation = classified.evaluation.map(|e| e.without_curve());
        Ok((classified, csv))
    }
}
