//! The wasm boundary: a `Lab` handle the page holds, over the core's Trainer.
//! No math here: each method forwards to the core and converts its result
//! (serde-wasm-bindgen) or its error (a JS `Error` with the core's message).
//! The data set lives in Rust; JS only ever gets small snapshots.

use crate::chart::{activation, boundary, objective, roc, ChartError, PlotArea, Style};
use crate::data::{builtin, Columns, Dataset, Table};
use crate::model::{NeuronKind, ALL};
use crate::persist::Model;
use crate::settings::{Init, Settings};
use crate::train::{Part, Trainer};
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::{Clamped, JsCast};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData};

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).map_err(|e| JsError::new(&e.to_string()))
}

fn js_error(e: impl std::fmt::Display) -> JsError {
    JsError::new(&e.to_string())
}

/// What is loaded, for the page's header and menus.
#[derive(Serialize)]
struct Summary {
    source: String,
    rows: usize,
    features: Vec<String>,
    /// How many distinct values each feature has, counted up to 3 (binary columns show 2).
    feature_levels: Vec<usize>,
    target: String,
    classes: Vec<String>,
    train_rows: usize,
    validation_rows: usize,
    constant_columns: Vec<String>,
    parameter_names: Vec<String>,
    neuron: &'static str,
    activation: &'static str,
    objective: &'static str,
    objective_label: String,
    ascent: bool,
    settings: Settings,
    notice: Option<String>,
    compare: Option<CompareSummary>,
}

#[derive(Serialize)]
struct CompareSummary {
    neuron: &'static str,
    objective_label: String,
    ascent: bool,
}

#[derive(Serialize)]
struct Preview {
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
    row_count: usize,
    delimiter: String,
    /// A column named like a target (`Buy`, `class`, `y`, ...), else the last.
    suggested_target: String,
    /// Columns that look like row ids (`Obs No.`, `id`).
    suggested_drop: Vec<String>,
}

#[derive(Serialize)]
struct ThetaTable {
    names: Vec<String>,
    /// Column headings: the class of each output (one column for a binary neuron).
    outputs: Vec<String>,
    standardized: Vec<Vec<f64>>,
    original: Vec<Vec<f64>>,
}

#[derive(Serialize)]
struct Classification {
    predictions: Vec<crate::persist::Prediction>,
    errors: Vec<String>,
    csv: String,
    evaluation: Option<crate::metrics::Evaluation>,
    target: String,
}

#[derive(Serialize)]
struct Picked {
    /// The training row picked (its index among the training rows), if one was.
    train_row: Option<usize>,
    /// True when the nearest row is a validation row, which the gradient never sees.
    validation: bool,
}

#[wasm_bindgen]
pub struct Lab {
    data: Dataset,
    source: String,
    pending: Option<(Table, String)>,
    settings: Settings,
    /// The trainer, and a second one when comparing two neurons on the same data.
    trainers: Vec<Trainer>,
    compare_with: Option<NeuronKind>,
    notice: Option<String>,
    /// The selected training row (an index among the training rows).
    selected: Option<usize>,
    /// Where the last activation and boundary charts put their plots, for clicks.
    activation_area: Option<(PlotArea, usize)>,
    boundary_area: Option<(PlotArea, boundary::View)>,
}

/// Reports a panic in the page as well as in the console: the page reads
/// `window.neuronLabPanic` when a call fails.
fn report_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            console_error_panic_hook::hook(info);
            if let Some(window) = web_sys::window() {
                let _ = js_sys::Reflect::set(&window, &"neuronLabPanic".into(), &info.to_string().into());
            }
        }));
    });
}

#[wasm_bindgen]
impl Lab {
    /// A lab with the built-in `separable` set and the lecture's logistic neuron.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Result<Lab, JsError> {
        report_panics();
        let settings = Settings::default();
        let data = builtin::generate("separable", settings.seed, 0).map_err(js_error)?.data;
        let trainer = Trainer::new(data.clone(), settings.clone().check().map_err(js_error)?).map_err(js_error)?;
        Ok(Lab {
            data,
            source: "separable".into(),
            pending: None,
            settings,
            trainers: vec![trainer],
            compare_with: None,
            notice: None,
            selected: None,
            activation_area: None,
            boundary_area: None,
        })
    }

    /// `[{name, description}]` of the built-in sets, and the neurons.
    pub fn catalogue() -> Result<JsValue, JsError> {
        #[derive(Serialize)]
        struct Catalogue {
            datasets: Vec<(&'static str, &'static str)>,
            neurons: Vec<(&'static str, &'static str, &'static str)>,
        }
        let neurons = ALL.iter().map(|k| (k.name(), k.activation(), k.objective_name())).collect();
        to_js(&Catalogue { datasets: builtin::CATALOGUE.to_vec(), neurons })
    }

    /// Loads a built-in set drawn from `seed` (`points` rows; 0 for the default).
    #[wasm_bindgen(js_name = loadBuiltin)]
    pub fn load_builtin(&mut self, name: &str, seed: u64, points: usize) -> Result<JsValue, JsError> {
        let data = builtin::generate(name, seed, points).map_err(js_error)?.data;
        self.replace_data(data, name.to_string())?;
        self.summary()
    }

    /// Parses an uploaded CSV file and keeps it aside until its columns are chosen;
    /// the loaded data stays in place, whatever happens.
    #[wasm_bindgen(js_name = previewCsv)]
    pub fn preview_csv(&mut self, bytes: &[u8], name: &str) -> Result<JsValue, JsError> {
        // A file that cannot be read replaces any file waiting for its columns.
        self.pending = None;
        let table = Table::parse_bytes(bytes).map_err(js_error)?;
        let is_id = |h: &String| {
            let l = h.to_lowercase();
            l == "id" || l.starts_with("obs") || l == "index" || l == "row"
        };
        let target_like = ["buy", "class", "label", "target", "y", "species", "outcome"];
        let suggested_target = table
            .headers
            .iter()
            .find(|h| target_like.contains(&h.to_lowercase().as_str()))
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
        };
        self.pending = Some((table, name.to_string()));
        to_js(&preview)
    }

    /// Builds the data set from the previewed CSV with these columns.
    #[wasm_bindgen(js_name = useCsv)]
    pub fn use_csv(&mut self, target: &str, drop: Vec<String>, positive: Option<String>) -> Result<JsValue, JsError> {
        let (table, name) = self.pending.as_ref().ok_or_else(|| JsError::new("no CSV file is waiting to be used"))?;
        let columns = Columns { target: target.to_string(), drop, positive: positive.filter(|p| !p.is_empty()) };
        let data = Dataset::from_table(table, &columns).map_err(js_error)?;
        let name = name.clone();
        self.replace_data(data, name)?;
        self.summary()
    }

    /// Loads new data with the current settings; a binary neuron meeting more than two
    /// classes gives way to softmax (and a binary comparison ends), with a notice saying so.
    fn replace_data(&mut self, data: Dataset, source: String) -> Result<(), JsError> {
        let mut settings = self.settings.clone();
        let mut compare = self.compare_with;
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
        let trainers = build_trainers(&data, &settings, compare)?;
        self.notice = (!notices.is_empty()).then(|| notices.join(" "));
        self.compare_with = compare;
        self.data = data;
        self.source = source;
        self.settings = settings;
        self.trainers = trainers;
        self.selected = None;
        Ok(())
    }

    /// Applies new settings (a plain object with Settings' fields) and restarts training.
    pub fn configure(&mut self, settings: JsValue) -> Result<JsValue, JsError> {
        let settings: Settings = serde_wasm_bindgen::from_value(settings).map_err(js_error)?;
        let trainers = build_trainers(&self.data, &settings, self.compare_with)?;
        self.settings = settings;
        self.trainers = trainers;
        self.notice = None;
        self.selected = None;
        self.summary()
    }

    /// Trains a second neuron beside the first (`None` to stop comparing), on the
    /// same data, split and starting theta, brought to the first's step.
    #[wasm_bindgen(js_name = setCompare)]
    pub fn set_compare(&mut self, neuron: Option<String>) -> Result<JsValue, JsError> {
        let kind = neuron.filter(|n| !n.is_empty()).map(|n| NeuronKind::parse(&n)).transpose().map_err(js_error)?;
        self.trainers.truncate(1);
        self.compare_with = None;
        if let Some(kind) = kind {
            let first = &self.trainers[0];
            let mut second = compare_trainer(first.data(), &self.settings, kind, first)?;
            second.run(first.iteration());
            self.trainers.push(second);
            self.compare_with = Some(kind);
        }
        self.summary()
    }

    /// Restarts from step 0: the same seed gives the same split and the same theta.
    pub fn reset(&mut self) -> Result<JsValue, JsError> {
        for trainer in &mut self.trainers {
            trainer.rewind(0).map_err(js_error)?;
        }
        self.snapshot(0)
    }

    /// Up to `n` gradient steps, every trainer in lockstep (one that has stopped waits);
    /// returns the first's snapshot.
    pub fn step(&mut self, n: usize) -> Result<JsValue, JsError> {
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
        self.snapshot(0)
    }

    /// True when every trainer has stopped (so Play and Run can end).
    #[wasm_bindgen(js_name = allStopped)]
    pub fn all_stopped(&self) -> bool {
        self.trainers.iter().all(|t| t.stop().is_some())
    }

    /// The steps up to the current one where theta was set by hand: `[{t, theta}]`,
    /// so that a link can replay them.
    #[wasm_bindgen(js_name = thetaEdits)]
    pub fn theta_edits(&self) -> Result<JsValue, JsError> {
        #[derive(Serialize)]
        struct Edit {
            t: usize,
            theta: Vec<f64>,
        }
        let edits: Vec<Edit> = self.trainers[0]
            .history()
            .filter(|s| s.edited && s.iteration > 0)
            .map(|s| Edit { t: s.iteration, theta: s.theta })
            .collect();
        to_js(&edits)
    }

    pub fn rewind(&mut self, t: usize) -> Result<JsValue, JsError> {
        self.trainers[0].rewind(t).map_err(js_error)?;
        for trainer in &mut self.trainers[1..] {
            trainer.rewind(t.min(trainer.steps_taken())).map_err(js_error)?;
        }
        self.snapshot(0)
    }

    /// The last step computed so far: the history slider's end.
    #[wasm_bindgen(js_name = stepsTaken)]
    pub fn steps_taken(&self) -> usize {
        self.trainers[0].steps_taken()
    }

    /// The current snapshot of trainer `which` (0, or 1 when comparing).
    pub fn snapshot(&self, which: usize) -> Result<JsValue, JsError> {
        to_js(&self.trainer(which)?.snapshot())
    }

    /// The snapshot at step `t` (for the step table), if that step was taken.
    #[wasm_bindgen(js_name = snapshotAt)]
    pub fn snapshot_at(&self, t: usize) -> Result<JsValue, JsError> {
        to_js(&self.trainers[0].snapshot_at(t))
    }

    /// Snapshots `from..to` of the first trainer, up to the current step.
    pub fn history(&self, from: usize, to: usize) -> Result<JsValue, JsError> {
        let trainer = &self.trainers[0];
        let rows: Vec<_> = (from..to.min(trainer.iteration() + 1)).filter_map(|t| trainer.snapshot_at(t)).collect();
        to_js(&rows)
    }

    #[wasm_bindgen(js_name = historyCsv)]
    pub fn history_csv(&self) -> String {
        self.trainers[0].history_csv()
    }

    fn levels(&self, j: usize) -> usize {
        let mut seen: Vec<f64> = Vec::new();
        for i in 0..self.data.rows() {
            let v = self.data.x.get(i, j);
            if !seen.contains(&v) {
                seen.push(v);
                if seen.len() == 3 {
                    break;
                }
            }
        }
        seen.len()
    }

    fn trainer(&self, which: usize) -> Result<&Trainer, JsError> {
        self.trainers.get(which).ok_or_else(|| JsError::new("no second neuron to compare with"))
    }

    pub fn summary(&self) -> Result<JsValue, JsError> {
        let trainer = &self.trainers[0];
        let kind = trainer.neuron().kind;
        let prepared = trainer.prepared();
        to_js(&Summary {
            source: self.source.clone(),
            rows: prepared.train_rows.len() + prepared.validation_rows.len(),
            features: self.data.feature_names.clone(),
            feature_levels: (0..self.data.feature_names.len()).map(|j| self.levels(j)).collect(),
            target: self.data.target.clone(),
            classes: self.data.class_names.clone(),
            train_rows: prepared.train_rows.len(),
            validation_rows: prepared.validation_rows.len(),
            constant_columns: prepared.transform.constant_columns.clone(),
            parameter_names: prepared.transform.parameter_names(),
            neuron: kind.name(),
            activation: kind.activation(),
            objective: kind.objective_name(),
            objective_label: objective::label(trainer),
            compare: self.trainers.get(1).map(|t| CompareSummary {
                neuron: t.neuron().kind.name(),
                objective_label: objective::label(t),
                ascent: t.neuron().kind.goal() == crate::model::Goal::Maximize,
            }),
            ascent: kind.goal() == crate::model::Goal::Maximize,
            settings: self.settings.clone(),
            notice: self.notice.clone(),
        })
    }

    /// Metrics of the current theta on "train" or "validation".
    pub fn evaluate(&self, part: &str, threshold: f64, which: usize) -> Result<JsValue, JsError> {
        to_js(&self.trainer(which)?.evaluate(part_named(part), threshold))
    }

    #[wasm_bindgen(js_name = thetaTable)]
    pub fn theta_table(&self, which: usize) -> Result<JsValue, JsError> {
        let trainer = self.trainer(which)?;
        let theta = trainer.theta();
        let original = trainer.prepared().transform.theta_original_scale(theta);
        let outputs = if theta.cols() == 1 {
            vec![format!("θ (class {} is positive)", self.data.class_names[1])]
        } else {
            self.data.class_names.iter().map(|c| format!("θ for '{c}'")).collect()
        };
        to_js(&ThetaTable {
            names: trainer.prepared().transform.parameter_names(),
            outputs,
            standardized: theta.iter_rows().map(<[f64]>::to_vec).collect(),
            original: original.iter_rows().map(<[f64]>::to_vec).collect(),
        })
    }

    #[wasm_bindgen(js_name = drawActivation)]
    pub fn draw_activation(&mut self, canvas: HtmlCanvasElement, scale: f64, output: usize) -> Result<(), JsError> {
        let root = backend(canvas)?.into_drawing_area();
        let area =
            activation::draw(&root, &self.trainers[0], output, self.selected, Style { scale }).map_err(js_error)?;
        self.activation_area = Some((area, output));
        Ok(())
    }

    /// `y_feature` < 0 plots the rows by class (for one-feature sets). `which` picks the
    /// trainer; the chart whose clicks select and add rows is drawn with `clickable`.
    #[wasm_bindgen(js_name = drawBoundary)]
    #[allow(clippy::too_many_arguments)]
    pub fn draw_boundary(
        &mut self,
        canvas: HtmlCanvasElement,
        scale: f64,
        x_feature: usize,
        y_feature: i32,
        threshold: f64,
        which: usize,
        clickable: bool,
    ) -> Result<(), JsError> {
        let n = self.data.feature_names.len();
        if x_feature >= n || y_feature >= n as i32 {
            return Err(JsError::new(&format!("feature index out of range: the data has {n} features")));
        }
        let trainer = self.trainer(which)?;
        let selected = self.selected.and_then(|i| trainer.prepared().train_rows.get(i).copied());
        let view = boundary::View {
            x_feature,
            y_feature: usize::try_from(y_feature).ok().filter(|&y| y != x_feature),
            threshold,
            selected,
        };
        let context = context(&canvas)?;
        let root = backend(canvas)?.into_drawing_area();
        let mut put = |image: boundary::Image| {
            let data = ImageData::new_with_u8_clamped_array_and_sh(Clamped(&image.rgba), image.width, image.height)
                .map_err(|e| ChartError(format!("{e:?}")))?;
            context.put_image_data(&data, image.x as f64, image.y as f64).map_err(|e| ChartError(format!("{e:?}")))
        };
        let area = boundary::draw(&root, trainer, view, Style { scale }, &mut put).map_err(js_error)?;
        if clickable {
            self.boundary_area = Some((area, view));
        }
        Ok(())
    }

    #[wasm_bindgen(js_name = drawObjective)]
    pub fn draw_objective(&self, canvas: HtmlCanvasElement, scale: f64, which: usize) -> Result<(), JsError> {
        let root = backend(canvas)?.into_drawing_area();
        objective::draw(&root, self.trainer(which)?, Style { scale }).map_err(js_error)
    }

    /// The ROC curve on "train" or "validation" rows, the threshold's point marked.
    #[wasm_bindgen(js_name = drawRoc)]
    pub fn draw_roc(&self, canvas: HtmlCanvasElement, scale: f64, part: &str, threshold: f64) -> Result<(), JsError> {
        let evaluation = self.trainers[0].evaluate(part_named(part), threshold);
        let root = backend(canvas)?.into_drawing_area();
        let name = if part == "train" { "training" } else { "validation" };
        roc::draw(&root, &evaluation, name, Style { scale }).map_err(js_error)
    }

    /// Selects the training row drawn nearest to a click on the activation ("activation")
    /// or decision-boundary ("boundary") chart, at canvas pixel (x, y).
    #[wasm_bindgen(js_name = pickRow)]
    pub fn pick_row(&mut self, chart: &str, x: f64, y: f64, reach: f64) -> Result<JsValue, JsError> {
        let trainer = &self.trainers[0];
        let mut picked = Picked { train_row: None, validation: false };
        if chart == "activation" {
            if let Some((area, output)) = &self.activation_area {
                picked.train_row = activation::nearest(trainer, *output, area, (x, y), reach);
            }
        } else if let Some((area, view)) = &self.boundary_area {
            if let Some(row) = boundary::nearest(trainer, view, area, (x, y), reach) {
                picked.train_row = trainer.prepared().train_rows.iter().position(|&r| r == row);
                picked.validation = picked.train_row.is_none();
            }
        }
        if picked.train_row.is_some() {
            self.selected = picked.train_row;
        }
        to_js(&picked)
    }

    /// Where training row `train_row` is drawn on the last "activation" or "boundary"
    /// chart, in canvas pixels `[x, y]`.
    #[wasm_bindgen(js_name = rowPosition)]
    pub fn row_position(&self, chart: &str, train_row: usize) -> Option<Vec<f64>> {
        let trainer = &self.trainers[0];
        let (x, y) = if chart == "activation" {
            let (area, output) = self.activation_area.as_ref()?;
            let &(z, y, _) = activation::points(trainer, *output).get(train_row)?;
            area.to_pixel((z.clamp(area.x.0, area.x.1), activation::height(train_row, y)))
        } else {
            let (area, view) = self.boundary_area.as_ref()?;
            let &row = trainer.prepared().train_rows.get(train_row)?;
            area.to_pixel(boundary::position(trainer, view, row))
        };
        Some(vec![x, y])
    }

    /// Selects a training row by its index among the training rows (or none).
    #[wasm_bindgen(js_name = selectRow)]
    pub fn select_row(&mut self, train_row: Option<usize>) {
        self.selected = train_row.filter(|&i| i < self.trainers[0].prepared().train_rows.len());
    }

    /// The gradient with the numbers plugged in, for the selected row.
    pub fn explain(&self) -> Result<JsValue, JsError> {
        to_js(&crate::explain::explain(&self.trainers[0], self.selected))
    }

    /// Adds a training row of class `class` where the decision-boundary chart was
    /// clicked (canvas pixel x, y); for data sets of two features.
    #[wasm_bindgen(js_name = addPoint)]
    pub fn add_point(&mut self, x: f64, y: f64, class: usize) -> Result<JsValue, JsError> {
        let Some((area, view)) = &self.boundary_area else {
            return Err(JsError::new("draw the decision boundary first"));
        };
        if self.data.feature_names.len() != 2 || view.y_feature.is_none() {
            return Err(JsError::new("points can be added to data sets of two features, shown as x and y"));
        }
        let (u, v) = area.from_pixel((x, y)).ok_or_else(|| JsError::new("click inside the plot to add a point"))?;
        let mut raw = vec![0.0; 2];
        raw[view.x_feature] = u;
        raw[view.y_feature.unwrap_or(1)] = v;
        for trainer in &mut self.trainers {
            trainer.add_row(&raw, class).map_err(js_error)?;
        }
        self.data = self.trainers[0].data().clone();
        self.selected = None;
        self.snapshot(0)
    }

    /// Removes the row drawn nearest to a click on the decision-boundary chart.
    #[wasm_bindgen(js_name = removePoint)]
    pub fn remove_point(&mut self, x: f64, y: f64, reach: f64) -> Result<JsValue, JsError> {
        let Some((area, view)) = &self.boundary_area else {
            return Err(JsError::new("draw the decision boundary first"));
        };
        let row = boundary::nearest(&self.trainers[0], view, area, (x, y), reach)
            .ok_or_else(|| JsError::new("no point there to remove"))?;
        for trainer in &mut self.trainers {
            trainer.remove_row(row).map_err(js_error)?;
        }
        // The data set for a later restart loses the row too (the trainers keep their
        // copies' row numbers, which their charts index by).
        self.data.x.remove_row(row);
        self.data.labels.remove(row);
        self.selected = None;
        self.snapshot(0)
    }

    /// Sets theta by hand (D x K values, row-major, bias first) and goes on from there.
    #[wasm_bindgen(js_name = setTheta)]
    pub fn set_theta(&mut self, values: Vec<f64>) -> Result<JsValue, JsError> {
        to_js(&self.trainers[0].set_theta(&values).map_err(js_error)?)
    }

    /// Theta as JSON: parameter names, classes, standardized and original-scale values.
    #[wasm_bindgen(js_name = thetaJson)]
    pub fn theta_json(&self) -> String {
        let trainer = &self.trainers[0];
        let theta = trainer.theta();
        let original = trainer.prepared().transform.theta_original_scale(theta);
        let rows = |m: &crate::matrix::Matrix| m.iter_rows().map(<[f64]>::to_vec).collect::<Vec<_>>();
        serde_json::to_string_pretty(&serde_json::json!({
            "neuron": trainer.neuron().kind.name(),
            "step": trainer.iteration(),
            "parameters": trainer.prepared().transform.parameter_names(),
            "outputs": if theta.cols() == 1 { vec![self.data.class_names[1].clone()] } else { self.data.class_names.clone() },
            "standardized": rows(theta),
            "original_scale": rows(&original),
        }))
        .unwrap_or_default()
    }

    /// Theta as CSV: a row per parameter, a column per output (standardized, original scale).
    #[wasm_bindgen(js_name = thetaCsv)]
    pub fn theta_csv(&self) -> String {
        let trainer = &self.trainers[0];
        let theta = trainer.theta();
        let original = trainer.prepared().transform.theta_original_scale(theta);
        let outputs: Vec<String> =
            if theta.cols() == 1 { vec![self.data.class_names[1].clone()] } else { self.data.class_names.clone() };
        let mut header = vec!["parameter".to_string()];
        for o in &outputs {
            header.push(format!("theta {o} (standardized)"));
            header.push(format!("theta {o} (original scale)"));
        }
        let mut out = header.iter().map(|h| crate::data::csv_field(h)).collect::<Vec<_>>().join(",") + "\n";
        for (j, name) in trainer.prepared().transform.parameter_names().iter().enumerate() {
            let mut fields = vec![crate::data::csv_field(name)];
            for k in 0..theta.cols() {
                fields.push(theta.get(j, k).to_string());
                fields.push(original.get(j, k).to_string());
            }
            out.push_str(&fields.join(","));
            out.push('\n');
        }
        out
    }

    /// Classifies uploaded rows with the current theta; rows with bad values are
    /// listed with their reason, the others classified.
    #[wasm_bindgen(js_name = classifyCsv)]
    pub fn classify_csv(&self, bytes: &[u8], threshold: f64) -> Result<JsValue, JsError> {
        let table = Table::parse_bytes(bytes).map_err(js_error)?;
        let model = Model::from_trainer(&self.trainers[0], threshold);
        let classified = model.classify(&table).map_err(js_error)?;
        let csv = model.predictions_csv(&table, &classified);
        to_js(&Classification {
            predictions: classified.predictions,
            errors: classified.errors,
            csv,
            evaluation: classified.evaluation,
            target: model.target,
        })
    }

    /// The model file `neuron-lab predict --model` reads.
    #[wasm_bindgen(js_name = modelJson)]
    pub fn model_json(&self, threshold: f64) -> String {
        Model::from_trainer(&self.trainers[0], threshold).to_json()
    }
}

fn part_named(part: &str) -> Part {
    if part == "train" {
        Part::Train
    } else {
        Part::Validation
    }
}

/// The trainer for `settings`, and one for `compare` beside it.
fn build_trainers(data: &Dataset, settings: &Settings, compare: Option<NeuronKind>) -> Result<Vec<Trainer>, JsError> {
    let first = Trainer::new(data.clone(), settings.clone().check().map_err(js_error)?).map_err(js_error)?;
    let second = compare.map(|kind| compare_trainer(data, settings, kind, &first)).transpose()?;
    Ok(std::iter::once(first).chain(second).collect())
}

/// A trainer of neuron `kind` on the same data and split as `first`, starting from
/// `first`'s starting theta when the shapes agree (K outputs against one).
fn compare_trainer(data: &Dataset, settings: &Settings, kind: NeuronKind, first: &Trainer) -> Result<Trainer, JsError> {
    kind.check_classes(&data.target, &data.class_names).map_err(js_error)?;
    let mut other = Settings { neuron: kind, ..settings.clone() };
    let start = first.snapshot_at(0).map(|s| s.theta).unwrap_or_default();
    if kind.outputs(data.classes()) == first.theta().cols() {
        other.init = Init::Given(start);
    }
    Trainer::new(data.clone(), other.check().map_err(js_error)?).map_err(js_error)
}

fn backend(canvas: HtmlCanvasElement) -> Result<CanvasBackend, JsError> {
    CanvasBackend::with_canvas_object(canvas).ok_or_else(|| JsError::new("the canvas has no 2-D context"))
}

fn context(canvas: &HtmlCanvasElement) -> Result<CanvasRenderingContext2d, JsError> {
    canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
        .ok_or_else(|| JsError::new("the canvas has no 2-D context"))
}
