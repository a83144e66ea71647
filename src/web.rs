//! The wasm boundary: a `Lab` handle the page holds, over the core's [`Session`].
//! Each method forwards to the core and converts its result (serde-wasm-bindgen)
//! or its error (a JS `Error` with the core's message). The only state of its own
//! is where the last charts put their plots, to map clicks back to rows.
//! The data set lives in Rust; JS only ever gets small snapshots.

use crate::canvas::MeasuredCanvas;
use crate::chart::{activation, boundary, objective, roc, ChartError, PlotArea, Style};
use crate::data::{builtin, Columns};
use crate::explain::explain;
use crate::model::{NeuronKind, ALL};
use crate::session::{check_threshold, Session};
use crate::settings::Settings;
use crate::train::Part;
use plotters::prelude::*;
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

#[derive(Serialize)]
struct Picked {
    /// The training row picked (its index among the training rows), if one was.
    train_row: Option<usize>,
    /// True when the nearest row is a validation row, which the gradient never sees.
    validation: bool,
}

#[derive(Serialize)]
struct Classification {
    predictions: Vec<crate::persist::Prediction>,
    errors: Vec<String>,
    csv: String,
    evaluation: Option<crate::metrics::Evaluation>,
    target: String,
    probability_heading: String,
}

#[wasm_bindgen]
pub struct Lab {
    session: Session,
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

fn part_named(part: &str) -> Part {
    if part == "train" {
        Part::Train
    } else {
        Part::Validation
    }
}

#[wasm_bindgen]
impl Lab {
    /// A lab with the built-in `separable` set and the lecture's logistic neuron.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Result<Lab, JsError> {
        report_panics();
        Ok(Lab { session: Session::new().map_err(js_error)?, activation_area: None, boundary_area: None })
    }

    /// `[name, description]` of the built-in sets, and `[name, activation, objective,
    /// description]` of the neurons (the description a menu line, e.g.
    /// "logistic: sigmoid, log-likelihood (ascent)").
    pub fn catalogue() -> Result<JsValue, JsError> {
        #[derive(Serialize)]
        struct Catalogue {
            datasets: Vec<(&'static str, &'static str)>,
            neurons: Vec<(&'static str, &'static str, &'static str, String)>,
        }
        let neurons = ALL.iter().map(|k| (k.name(), k.activation(), k.objective_name(), k.description())).collect();
        to_js(&Catalogue { datasets: builtin::CATALOGUE.to_vec(), neurons })
    }

    /// The rows or their layout changed: old plot positions no longer map clicks.
    fn forget_plots(&mut self) {
        self.activation_area = None;
        self.boundary_area = None;
    }

    /// Loads a built-in set drawn from `seed` (`points` rows; 0 for the default).
    #[wasm_bindgen(js_name = loadBuiltin)]
    pub fn load_builtin(&mut self, name: &str, seed: u64, points: usize) -> Result<JsValue, JsError> {
        self.session.load_builtin(name, seed, points).map_err(js_error)?;
        self.forget_plots();
        self.summary()
    }

    /// Reads an uploaded file and keeps it until its columns are chosen; the loaded data stays.
    #[wasm_bindgen(js_name = previewCsv)]
    pub fn preview_csv(&mut self, bytes: &[u8], name: &str) -> Result<JsValue, JsError> {
        to_js(&self.session.preview_csv(bytes, name).map_err(js_error)?)
    }

    /// Builds the data set from the previewed file with these columns.
    #[wasm_bindgen(js_name = useCsv)]
    pub fn use_csv(&mut self, target: &str, drop: Vec<String>, positive: Option<String>) -> Result<JsValue, JsError> {
        let columns = Columns { target: target.to_string(), drop, positive: positive.filter(|p| !p.is_empty()) };
        self.session.use_csv(&columns).map_err(js_error)?;
        self.forget_plots();
        self.summary()
    }

    /// Applies new settings (a plain object with Settings' fields) and restarts training.
    pub fn configure(&mut self, settings: JsValue) -> Result<JsValue, JsError> {
        let settings: Settings = serde_wasm_bindgen::from_value(settings).map_err(js_error)?;
        self.session.configure(settings).map_err(js_error)?;
        self.forget_plots();
        self.summary()
    }

    /// Trains a second neuron beside the first (none to stop comparing).
    #[wasm_bindgen(js_name = setCompare)]
    pub fn set_compare(&mut self, neuron: Option<String>) -> Result<JsValue, JsError> {
        let kind = neuron.filter(|n| !n.is_empty()).map(|n| NeuronKind::parse(&n)).transpose().map_err(js_error)?;
        self.session.set_compare(kind).map_err(js_error)?;
        self.summary()
    }

    pub fn summary(&self) -> Result<JsValue, JsError> {
        to_js(&self.session.summary())
    }

    /// Back to step 0: the same seed gives the same split and the same theta.
    pub fn reset(&mut self) -> Result<JsValue, JsError> {
        self.session.reset().map_err(js_error)?;
        self.snapshot(0)
    }

    /// Up to `n` gradient steps, the compared neurons in lockstep; the first's snapshot.
    pub fn step(&mut self, n: usize) -> Result<JsValue, JsError> {
        self.session.step(n);
        self.snapshot(0)
    }

    /// True when every neuron has stopped (so Play and Run can end).
    #[wasm_bindgen(js_name = allStopped)]
    pub fn all_stopped(&self) -> bool {
        self.session.all_stopped()
    }

    pub fn rewind(&mut self, t: usize) -> Result<JsValue, JsError> {
        self.session.rewind(t).map_err(js_error)?;
        self.snapshot(0)
    }

    /// The last step computed so far: the history slider's end.
    #[wasm_bindgen(js_name = stepsTaken)]
    pub fn steps_taken(&self) -> usize {
        self.session.main().steps_taken()
    }

    /// The current snapshot of neuron `which` (0, or 1 when comparing).
    pub fn snapshot(&self, which: usize) -> Result<JsValue, JsError> {
        to_js(&self.session.trainer(which).map_err(js_error)?.snapshot())
    }

    /// Snapshots `from..to` of the first neuron (the step table), also those ahead
    /// of the current step after a rewind.
    pub fn history(&self, from: usize, to: usize) -> Result<JsValue, JsError> {
        let trainer = self.session.main();
        let rows: Vec<_> = (from..to.min(trainer.steps_taken() + 1)).filter_map(|t| trainer.snapshot_at(t)).collect();
        to_js(&rows)
    }

    #[wasm_bindgen(js_name = historyCsv)]
    pub fn history_csv(&self) -> String {
        self.session.main().history_csv()
    }

    /// The steps where theta was set by hand: `[{t, theta}]`, for a link to replay.
    #[wasm_bindgen(js_name = thetaEdits)]
    pub fn theta_edits(&self) -> Result<JsValue, JsError> {
        to_js(&self.session.theta_edits())
    }

    /// Metrics of neuron `which` on "train" or "validation" rows.
    pub fn evaluate(&self, part: &str, threshold: f64, which: usize) -> Result<JsValue, JsError> {
        let threshold = check_threshold(threshold).map_err(js_error)?;
        to_js(&self.session.trainer(which).map_err(js_error)?.evaluate(part_named(part), threshold))
    }

    /// Theta of neuron `which` by parameter name, standardized and on the original scale;
    /// `true_theta` (one value per parameter, or null) for a built-in set drawn from a known model.
    #[wasm_bindgen(js_name = thetaTable)]
    pub fn theta_table(&self, which: usize) -> Result<JsValue, JsError> {
        to_js(&self.session.theta_table(which).map_err(js_error)?)
    }

    #[wasm_bindgen(js_name = thetaJson)]
    pub fn theta_json(&self) -> String {
        self.session.main_theta_table().to_json()
    }

    #[wasm_bindgen(js_name = thetaCsv)]
    pub fn theta_csv(&self) -> String {
        self.session.main_theta_table().to_csv()
    }

    #[wasm_bindgen(js_name = drawActivation)]
    pub fn draw_activation(&mut self, canvas: HtmlCanvasElement, scale: f64, output: usize) -> Result<(), JsError> {
        let root = backend(canvas)?.into_drawing_area();
        let selected = self.session.selected();
        let area =
            activation::draw(&root, self.session.main(), output, selected, Style::new(scale)).map_err(js_error)?;
        self.activation_area = Some((area, output));
        Ok(())
    }

    /// `y_feature` < 0 plots the rows by class (for one-feature sets). `which` picks the
    /// neuron; the chart whose clicks select and add rows is drawn with `clickable`.
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
        let trainer = self.session.trainer(which).map_err(js_error)?;
        let n = trainer.data().feature_names.len();
        if x_feature >= n || y_feature >= n as i32 {
            return Err(JsError::new(&format!("feature index out of range: the data has {n} features")));
        }
        let selected = self.session.selected().and_then(|i| trainer.prepared().train_rows.get(i).copied());
        let view = boundary::View {
            x_feature,
            y_feature: usize::try_from(y_feature).ok().filter(|&y| y != x_feature),
            threshold: check_threshold(threshold).map_err(js_error)?,
            selected,
        };
        let context = context(&canvas)?;
        let root = backend(canvas)?.into_drawing_area();
        let mut put = |image: boundary::Image| {
            let data = ImageData::new_with_u8_clamped_array_and_sh(Clamped(&image.rgba), image.width, image.height)
                .map_err(|e| ChartError(format!("{e:?}")))?;
            context.put_image_data(&data, image.x as f64, image.y as f64).map_err(|e| ChartError(format!("{e:?}")))
        };
        let area = boundary::draw(&root, trainer, view, Style::new(scale), &mut put).map_err(js_error)?;
        if clickable {
            self.boundary_area = Some((area, view));
        }
        Ok(())
    }

    #[wasm_bindgen(js_name = drawObjective)]
    pub fn draw_objective(&self, canvas: HtmlCanvasElement, scale: f64, which: usize) -> Result<(), JsError> {
        let root = backend(canvas)?.into_drawing_area();
        objective::draw(&root, self.session.trainer(which).map_err(js_error)?, Style::new(scale)).map_err(js_error)
    }

    /// The ROC curve on "train" or "validation" rows, the threshold's point marked.
    #[wasm_bindgen(js_name = drawRoc)]
    pub fn draw_roc(&self, canvas: HtmlCanvasElement, scale: f64, part: &str, threshold: f64) -> Result<(), JsError> {
        let threshold = check_threshold(threshold).map_err(js_error)?;
        let evaluation = self.session.main().evaluate(part_named(part), threshold);
        let root = backend(canvas)?.into_drawing_area();
        let name = if part == "train" { "training" } else { "validation" };
        roc::draw(&root, &evaluation, name, Style::new(scale)).map_err(js_error)
    }

    /// Selects the training row drawn nearest to a click on the activation ("activation")
    /// or decision-boundary ("boundary") chart, at canvas pixel (x, y).
    #[wasm_bindgen(js_name = pickRow)]
    pub fn pick_row(&mut self, chart: &str, x: f64, y: f64, reach: f64) -> Result<JsValue, JsError> {
        let trainer = self.session.main();
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
            self.session.select(picked.train_row);
        }
        to_js(&picked)
    }

    /// Where training row `train_row` is drawn on the last "activation" or "boundary"
    /// chart, in canvas pixels `[x, y]`.
    #[wasm_bindgen(js_name = rowPosition)]
    pub fn row_position(&self, chart: &str, train_row: usize) -> Option<Vec<f64>> {
        let trainer = self.session.main();
        let (x, y) = if chart == "activation" {
            let (area, output) = self.activation_area.as_ref()?;
            activation::row_pixel(trainer, *output, area, train_row)?
        } else {
            let (area, view) = self.boundary_area.as_ref()?;
            let &row = trainer.prepared().train_rows.get(train_row)?;
            area.to_pixel(boundary::drawn_at(trainer, view, area, row))
        };
        Some(vec![x, y])
    }

    /// Selects a training row by its index among the training rows (or none).
    #[wasm_bindgen(js_name = selectRow)]
    pub fn select_row(&mut self, train_row: Option<usize>) {
        self.session.select(train_row);
    }

    /// The gradient of output `output` with the numbers plugged in, for the selected row.
    pub fn explain(&self, output: usize) -> Result<JsValue, JsError> {
        to_js(&explain(self.session.main(), self.session.selected(), output))
    }

    /// Adds a training row of class `class` where the decision-boundary chart was
    /// clicked (canvas pixel x, y); for data sets of two features.
    #[wasm_bindgen(js_name = addPoint)]
    pub fn add_point(&mut self, x: f64, y: f64, class: usize) -> Result<JsValue, JsError> {
        let (area, view) = self.boundary_area.ok_or_else(|| JsError::new("draw the decision boundary first"))?;
        let at = area.from_pixel((x, y)).ok_or_else(|| JsError::new("click inside the plot to add a point"))?;
        let y_feature = view.y_feature.ok_or_else(|| js_error(crate::Error::PointsNeedTwoFeatures))?;
        self.session.add_point(at, view.x_feature, y_feature, class).map_err(js_error)?;
        self.snapshot(0)
    }

    /// Removes the row drawn nearest to a click on the decision-boundary chart.
    #[wasm_bindgen(js_name = removePoint)]
    pub fn remove_point(&mut self, x: f64, y: f64, reach: f64) -> Result<JsValue, JsError> {
        let (area, view) = self.boundary_area.ok_or_else(|| JsError::new("draw the decision boundary first"))?;
        let row = boundary::nearest(self.session.main(), &view, &area, (x, y), reach)
            .ok_or_else(|| JsError::new("no point there to remove"))?;
        self.session.remove_row(row).map_err(js_error)?;
        self.forget_plots();
        self.snapshot(0)
    }

    /// Sets theta by hand (D x K values, row-major, bias first) and goes on from there.
    #[wasm_bindgen(js_name = setTheta)]
    pub fn set_theta(&mut self, values: Vec<f64>) -> Result<JsValue, JsError> {
        to_js(&self.session.set_theta(&values).map_err(js_error)?)
    }

    /// Classifies uploaded rows with the current theta; rows with bad values are
    /// listed with their reason, the others classified. An error about the whole
    /// file starts with `name`, the file's name, when it is given.
    #[wasm_bindgen(js_name = classifyCsv)]
    pub fn classify_csv(&self, bytes: &[u8], threshold: f64, name: Option<String>) -> Result<JsValue, JsError> {
        check_threshold(threshold).map_err(js_error)?;
        let about_file = |e: crate::Error| match &name {
            Some(name) => e.in_file(name),
            None => e,
        };
        let (classified, csv) = self.session.classify(bytes, threshold).map_err(|e| js_error(about_file(e)))?;
        to_js(&Classification {
            predictions: classified.predictions,
            errors: classified.errors,
            csv,
            evaluation: classified.evaluation,
            target: self.session.data().target.clone(),
            probability_heading: classified.probability_heading,
        })
    }

    /// The model file `neuron-lab predict --model` reads.
    #[wasm_bindgen(js_name = modelJson)]
    pub fn model_json(&self, threshold: f64) -> Result<String, JsError> {
        Ok(self.session.model(threshold).map_err(js_error)?.to_json())
    }
}

fn backend(canvas: HtmlCanvasElement) -> Result<MeasuredCanvas, JsError> {
    MeasuredCanvas::new(canvas).ok_or_else(|| JsError::new("the canvas has no 2-D context"))
}

fn context(canvas: &HtmlCanvasElement) -> Result<CanvasRenderingContext2d, JsError> {
    canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
        .ok_or_else(|| JsError::new("the canvas has no 2-D context"))
}
