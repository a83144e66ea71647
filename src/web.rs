//! The wasm boundary: a `Lab` handle the page holds, over the core's [`Session`].
//! Each method parses its arguments into the core's types (a part, a chart, a
//! threshold, a view), forwards to the session and converts its result
//! (serde-wasm-bindgen) or its error (a JS `Error` with the core's message).
//! It holds no state of its own. The data set lives in Rust; JS only ever gets
//! small snapshots.

use crate::canvas::{CanvasBackdrop, MeasuredCanvas};
use crate::chart::{boundary, ChartError, Style};
use crate::data::prep::Part;
use crate::session::{BoundaryView, Catalogue, Chart, Compared, Session, SurfaceView};
use crate::settings::{Settings, Threshold};
use crate::Error;
use plotters::prelude::IntoDrawingArea;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::{Clamped, JsCast};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData};

pub(crate) fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).map_err(|e| JsError::new(&e.to_string()))
}

pub(crate) fn from_js<T: serde::de::DeserializeOwned>(value: JsValue) -> Result<T, JsError> {
    serde_wasm_bindgen::from_value(value).map_err(|e| JsError::new(&e.to_string()))
}

/// The core's error as a JS `Error` with its message.
pub(crate) fn js_error(e: Error) -> JsError {
    JsError::new(&e.to_string())
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
}

/// Reports a panic in the page as well as in the console: the page reads
/// `window.neuronLabPanic` when a call fails.
pub(crate) fn report_panics() {
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
        Ok(Lab { session: Session::new().map_err(js_error)? })
    }

    /// What the page offers: the built-in sets, the neuron table and the points range.
    pub fn catalogue() -> Result<JsValue, JsError> {
        to_js(&Catalogue::get())
    }

    /// Loads a built-in set drawn from `seed` (`points` rows; 0 for the default), with
    /// `noise` times its designed noise (1 as designed).
    #[wasm_bindgen(js_name = loadBuiltin)]
    pub fn load_builtin(&mut self, name: &str, seed: u64, points: usize, noise: f64) -> Result<JsValue, JsError> {
        self.session.load_builtin(name, seed, points, noise).map_err(js_error)?;
        self.summary()
    }

    /// Trains on the rows the worker read from the file `name` and prepared with this
    /// lab's settings (`new Rows(readCsv's object)`); the rows are used up.
    #[wasm_bindgen(js_name = useRows)]
    pub fn use_rows(&mut self, rows: crate::worker::Rows, name: &str) -> Result<JsValue, JsError> {
        self.session.use_rows(rows.into_prepared()?, name.to_string()).map_err(js_error)?;
        self.summary()
    }

    /// Where training stands, for the worker to go on from (`Background.start`).
    pub fn handoff(&self) -> Result<JsValue, JsError> {
        to_js(&self.session.handoff())
    }

    /// The rows, taken apart for the worker (`Background.setRows`) when it lacks them.
    #[wasm_bindgen(js_name = rowsParts)]
    pub fn rows_parts(&self) -> Result<JsValue, JsError> {
        crate::worker::parts_to_js(self.session.rows())
    }

    /// Takes the steps the worker computed from `handoff` (`Background.takeSteps`)
    /// as the neurons' next steps; refused, changing nothing, when anything changed since.
    pub fn adopt(&mut self, handoff: JsValue, steps: JsValue) -> Result<JsValue, JsError> {
        let handoff = from_js(handoff)?;
        let steps = from_js(steps)?;
        self.session.adopt(&handoff, steps).map_err(js_error)?;
        self.snapshot(0)
    }

    /// The first neuron's steps from `from` on, and what they were computed on, for a
    /// projector window's `follow`.
    pub fn mirror(&self, from: usize) -> Result<JsValue, JsError> {
        to_js(&self.session.mirror(from))
    }

    /// Shows what the lab window's `mirror` shows, on `rows` (its `rowsParts()`) when
    /// they are new here (else null); returns the summary.
    pub fn follow(&mut self, mirror: JsValue, rows: JsValue) -> Result<JsValue, JsError> {
        let mirror = from_js(mirror)?;
        let rows = if rows.is_null() || rows.is_undefined() { None } else { Some(crate::worker::rows_from_js(&rows)?) };
        self.session.follow(mirror, rows).map_err(js_error)?;
        self.summary()
    }

    /// Applies new settings (a plain object with Settings' fields) and restarts training.
    pub fn configure(&mut self, settings: JsValue) -> Result<JsValue, JsError> {
        let settings: Settings = from_js(settings)?;
        self.session.configure(settings).map_err(js_error)?;
        self.summary()
    }

    /// Trains a second neuron beside the first (none to stop comparing): "logistic", or
    /// "logistic.newton" / "logistic.gradient" for that neuron with that optimizer.
    #[wasm_bindgen(js_name = setCompare)]
    pub fn set_compare(&mut self, neuron: Option<String>) -> Result<JsValue, JsError> {
        let compared = neuron.filter(|n| !n.is_empty()).map(|n| Compared::parse(&n)).transpose().map_err(js_error)?;
        self.session.set_compared(compared).map_err(js_error)?;
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
        self.session.steps_taken()
    }

    /// The current snapshot of neuron `which` (0, or 1 when comparing).
    pub fn snapshot(&self, which: usize) -> Result<JsValue, JsError> {
        to_js(&self.session.snapshot(which).map_err(js_error)?)
    }

    /// Snapshots `from..to` of the first neuron (the step table), also those ahead
    /// of the current step after a rewind.
    pub fn history(&self, from: usize, to: usize) -> Result<JsValue, JsError> {
        to_js(&self.session.history(from, to))
    }

    #[wasm_bindgen(js_name = historyCsv)]
    pub fn history_csv(&self) -> String {
        self.session.history_csv()
    }

    /// The steps where theta was set by hand: `[{t, theta}]`, for a link to replay.
    #[wasm_bindgen(js_name = thetaEdits)]
    pub fn theta_edits(&self) -> Result<JsValue, JsError> {
        to_js(&self.session.theta_edits())
    }

    /// Metrics of neuron `which` on "train" or "validation" rows (the ROC curve's
    /// points are left out: only its chart draws them).
    pub fn evaluate(&self, part: &str, threshold: f64, which: usize) -> Result<JsValue, JsError> {
        let part = Part::parse(part).map_err(js_error)?;
        let threshold = Threshold::new(threshold).map_err(js_error)?;
        to_js(&self.session.evaluate(which, part, threshold).map_err(js_error)?)
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
        self.session.theta_csv()
    }

    #[wasm_bindgen(js_name = drawActivation)]
    pub fn draw_activation(&mut self, canvas: HtmlCanvasElement, scale: f64, output: usize) -> Result<(), JsError> {
        let mut backdrop = layer(&canvas)?;
        let root = backend(canvas)?.into_drawing_area();
        self.session.draw_activation(&root, output, Style::new(scale), &mut backdrop).map_err(js_error)
    }

    /// Draws the decision boundary; `view` is `{x_feature, y_feature (null for one
    /// feature), threshold, neuron (0 or 1), clickable}`. Clicks select and add rows on
    /// the drawing made with `clickable`.
    #[wasm_bindgen(js_name = drawBoundary)]
    pub fn draw_boundary(&mut self, canvas: HtmlCanvasElement, scale: f64, view: JsValue) -> Result<(), JsError> {
        let view: BoundaryView = from_js(view)?;
        let context = context(&canvas)?;
        let mut backdrop = layer(&canvas)?;
        let root = backend(canvas)?.into_drawing_area();
        let mut put = |image: boundary::Image| put_image(&context, image);
        self.session.draw_boundary(&root, view, Style::new(scale), &mut put, &mut backdrop).map_err(js_error)
    }

    /// The components of theta the objective surface offers: `{names, x, y}`, named as
    /// theta's table names them, `x` and `y` the two shown by default.
    #[wasm_bindgen(js_name = surfaceComponents)]
    pub fn surface_components(&self) -> Result<JsValue, JsError> {
        to_js(&self.session.surface_components())
    }

    /// Draws the objective surface; `view` is `{x, y, fine}`: two components of theta
    /// (indices into its values, row-major) and a fine grid (paused) or a coarse one.
    #[wasm_bindgen(js_name = drawSurface)]
    pub fn draw_surface(&mut self, canvas: HtmlCanvasElement, scale: f64, view: JsValue) -> Result<(), JsError> {
        let view: SurfaceView = from_js(view)?;
        let context = context(&canvas)?;
        let mut backdrop = layer(&canvas)?;
        let root = backend(canvas)?.into_drawing_area();
        let mut put = |image: boundary::Image| put_image(&context, image);
        self.session.draw_surface(&root, view, Style::new(scale), &mut put, &mut backdrop).map_err(js_error)
    }

    #[wasm_bindgen(js_name = drawObjective)]
    pub fn draw_objective(&self, canvas: HtmlCanvasElement, scale: f64, which: usize) -> Result<(), JsError> {
        let mut backdrop = layer(&canvas)?;
        let root = backend(canvas)?.into_drawing_area();
        self.session.draw_objective(&root, which, Style::new(scale), &mut backdrop).map_err(js_error)
    }

    /// The ROC curve on "train" or "validation" rows, the threshold's point marked.
    #[wasm_bindgen(js_name = drawRoc)]
    pub fn draw_roc(&self, canvas: HtmlCanvasElement, scale: f64, part: &str, threshold: f64) -> Result<(), JsError> {
        let part = Part::parse(part).map_err(js_error)?;
        let threshold = Threshold::new(threshold).map_err(js_error)?;
        let mut backdrop = layer(&canvas)?;
        let root = backend(canvas)?.into_drawing_area();
        self.session.draw_roc(&root, part, threshold, Style::new(scale), &mut backdrop).map_err(js_error)
    }

    /// Selects the training row drawn nearest to a click on the "activation" or
    /// "boundary" chart, at canvas pixel (x, y): `{train_row, validation}`.
    #[wasm_bindgen(js_name = pickRow)]
    pub fn pick_row(&mut self, chart: &str, x: f64, y: f64, reach: f64) -> Result<JsValue, JsError> {
        let chart = Chart::parse(chart).map_err(js_error)?;
        to_js(&self.session.pick(chart, (x, y), reach))
    }

    /// The training row selected (its gradient term shown), if any: a projector window
    /// highlights it too.
    pub fn selected(&self) -> Option<usize> {
        self.session.selected()
    }

    /// Selects training row `train_row` (none: `undefined`), as a click on it does.
    pub fn select(&mut self, train_row: Option<usize>) {
        self.session.select(train_row);
    }

    /// Where training row `train_row` is drawn on the last "activation" or "boundary"
    /// chart, in canvas pixels `[x, y]`.
    #[wasm_bindgen(js_name = rowPosition)]
    pub fn row_position(&self, chart: &str, train_row: usize) -> Result<Option<Vec<f64>>, JsError> {
        let chart = Chart::parse(chart).map_err(js_error)?;
        Ok(self.session.row_position(chart, train_row).map(|(x, y)| vec![x, y]))
    }

    /// The gradient of output `output` with the numbers plugged in, for the selected row.
    pub fn explain(&self, output: usize) -> Result<JsValue, JsError> {
        to_js(&self.session.explain(output))
    }

    /// Adds a training row of class `class` where the decision-boundary chart was
    /// clicked (canvas pixel x, y); for data sets of two features.
    #[wasm_bindgen(js_name = addPoint)]
    pub fn add_point(&mut self, x: f64, y: f64, class: usize) -> Result<JsValue, JsError> {
        self.session.add_point_at((x, y), class).map_err(js_error)?;
        self.snapshot(0)
    }

    /// Removes the row drawn nearest to a click on the decision-boundary chart.
    #[wasm_bindgen(js_name = removePoint)]
    pub fn remove_point(&mut self, x: f64, y: f64, reach: f64) -> Result<JsValue, JsError> {
        self.session.remove_point_at((x, y), reach).map_err(js_error)?;
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
        let threshold = Threshold::new(threshold).map_err(js_error)?;
        let about_file = |e: Error| match &name {
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
        let threshold = Threshold::new(threshold).map_err(js_error)?;
        Ok(self.session.model(threshold).to_json())
    }
}

/// Puts a chart's image (a heatmap) on the canvas with one `putImageData`.
fn put_image(context: &CanvasRenderingContext2d, image: boundary::Image) -> Result<(), ChartError> {
    let data = ImageData::new_with_u8_clamped_array_and_sh(Clamped(&image.rgba), image.width, image.height)
        .map_err(|e| ChartError(format!("{e:?}")))?;
    context.put_image_data(&data, image.x as f64, image.y as f64).map_err(|e| ChartError(format!("{e:?}")))
}

fn backend(canvas: HtmlCanvasElement) -> Result<MeasuredCanvas, JsError> {
    MeasuredCanvas::new(canvas).ok_or_else(|| js_error(Error::NoCanvas))
}

/// The canvas's static layer, kept between drawings.
fn layer(canvas: &HtmlCanvasElement) -> Result<CanvasBackdrop, JsError> {
    CanvasBackdrop::new(canvas.clone()).ok_or_else(|| js_error(Error::NoCanvas))
}

fn context(canvas: &HtmlCanvasElement) -> Result<CanvasRenderingContext2d, JsError> {
    canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
        .ok_or_else(|| js_error(Error::NoCanvas))
}
