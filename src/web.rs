//! The wasm boundary: a `Lab` handle the page holds, over the core's Trainer.
//! No math here: each method forwards to the core and converts its result
//! (serde-wasm-bindgen) or its error (a JS `Error` with the core's message).
//! The data set lives in Rust; JS only ever gets small snapshots.

use crate::chart::{activation, boundary, objective, ChartError, Style};
use crate::data::{builtin, Columns, Dataset, Table};
use crate::model::{NeuronKind, ALL};
use crate::persist::Model;
use crate::settings::Settings;
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

#[wasm_bindgen]
pub struct Lab {
    data: Dataset,
    source: String,
    pending: Option<(Table, String)>,
    settings: Settings,
    trainer: Trainer,
    notice: Option<String>,
}

#[wasm_bindgen]
impl Lab {
    /// A lab with the built-in `separable` set and the lecture's logistic neuron.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Result<Lab, JsError> {
        console_error_panic_hook::set_once();
        let settings = Settings::default();
        let data = builtin::generate("separable", settings.seed, 0).map_err(js_error)?.data;
        let trainer = Trainer::new(data.clone(), settings.clone().check().map_err(js_error)?).map_err(js_error)?;
        Ok(Lab { data, source: "separable".into(), pending: None, settings, trainer, notice: None })
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

    fn replace_data(&mut self, data: Dataset, source: String) -> Result<(), JsError> {
        let mut settings = self.settings.clone();
        self.notice = None;
        if data.classes() > 2 && !settings.neuron.is_multiclass() {
            self.notice = Some(format!(
                "The target has {} classes, so the neuron is now softmax (the {} neuron separates two).",
                data.classes(),
                settings.neuron.name()
            ));
            settings.neuron = NeuronKind::Softmax;
        }
        let trainer = Trainer::new(data.clone(), settings.clone().check().map_err(js_error)?).map_err(js_error)?;
        self.data = data;
        self.source = source;
        self.settings = settings;
        self.trainer = trainer;
        Ok(())
    }

    /// Applies new settings (a plain object with Settings' fields) and restarts training.
    pub fn configure(&mut self, settings: JsValue) -> Result<JsValue, JsError> {
        let settings: Settings = serde_wasm_bindgen::from_value(settings).map_err(js_error)?;
        let trainer = Trainer::new(self.data.clone(), settings.clone().check().map_err(js_error)?).map_err(js_error)?;
        self.settings = settings;
        self.trainer = trainer;
        self.notice = None;
        self.summary()
    }

    /// Restarts from step 0: the same seed gives the same split and the same theta.
    pub fn reset(&mut self) -> Result<JsValue, JsError> {
        self.trainer.rewind(0).map_err(js_error)?;
        self.snapshot()
    }

    /// Up to `n` gradient steps (fewer if training stops); returns the last snapshot.
    pub fn step(&mut self, n: usize) -> Result<JsValue, JsError> {
        to_js(&self.trainer.run(n))
    }

    pub fn rewind(&mut self, t: usize) -> Result<JsValue, JsError> {
        to_js(&self.trainer.rewind(t).map_err(js_error)?)
    }

    /// The last step computed so far: the history slider's end.
    #[wasm_bindgen(js_name = stepsTaken)]
    pub fn steps_taken(&self) -> usize {
        self.trainer.steps_taken()
    }

    pub fn snapshot(&self) -> Result<JsValue, JsError> {
        to_js(&self.trainer.snapshot())
    }

    pub fn summary(&self) -> Result<JsValue, JsError> {
        let kind = self.trainer.neuron().kind;
        let prepared = self.trainer.prepared();
        to_js(&Summary {
            source: self.source.clone(),
            rows: self.data.rows(),
            features: self.data.feature_names.clone(),
            target: self.data.target.clone(),
            classes: self.data.class_names.clone(),
            train_rows: prepared.train_rows.len(),
            validation_rows: prepared.validation_rows.len(),
            constant_columns: prepared.transform.constant_columns.clone(),
            parameter_names: prepared.transform.parameter_names(),
            neuron: kind.name(),
            activation: kind.activation(),
            objective: kind.objective_name(),
            objective_label: objective::label(&self.trainer),
            ascent: kind.goal() == crate::model::Goal::Maximize,
            settings: self.settings.clone(),
            notice: self.notice.clone(),
        })
    }

    /// Metrics of the current theta on "train" or "validation".
    pub fn evaluate(&self, part: &str, threshold: f64) -> Result<JsValue, JsError> {
        let part = if part == "train" { Part::Train } else { Part::Validation };
        to_js(&self.trainer.evaluate(part, threshold))
    }

    #[wasm_bindgen(js_name = thetaTable)]
    pub fn theta_table(&self) -> Result<JsValue, JsError> {
        let theta = self.trainer.theta();
        let original = self.trainer.prepared().transform.theta_original_scale(theta);
        let outputs = if theta.cols() == 1 {
            vec![format!("θ (class {} is positive)", self.data.class_names[1])]
        } else {
            self.data.class_names.iter().map(|c| format!("θ for '{c}'")).collect()
        };
        to_js(&ThetaTable {
            names: self.trainer.prepared().transform.parameter_names(),
            outputs,
            standardized: theta.iter_rows().map(<[f64]>::to_vec).collect(),
            original: original.iter_rows().map(<[f64]>::to_vec).collect(),
        })
    }

    #[wasm_bindgen(js_name = drawActivation)]
    pub fn draw_activation(&self, canvas: HtmlCanvasElement, scale: f64, output: usize) -> Result<(), JsError> {
        let root = backend(canvas)?.into_drawing_area();
        activation::draw(&root, &self.trainer, output, Style { scale }).map_err(js_error)
    }

    /// `y_feature` < 0 plots the rows by class (for one-feature sets).
    #[wasm_bindgen(js_name = drawBoundary)]
    pub fn draw_boundary(
        &self,
        canvas: HtmlCanvasElement,
        scale: f64,
        x_feature: usize,
        y_feature: i32,
        threshold: f64,
    ) -> Result<(), JsError> {
        let n = self.data.feature_names.len();
        if x_feature >= n || y_feature >= n as i32 {
            return Err(JsError::new(&format!("feature index out of range: the data has {n} features")));
        }
        let context = context(&canvas)?;
        let root = backend(canvas)?.into_drawing_area();
        let view = boundary::View {
            x_feature,
            y_feature: usize::try_from(y_feature).ok().filter(|&y| y != x_feature),
            threshold,
        };
        let mut put = |image: boundary::Image| {
            let data = ImageData::new_with_u8_clamped_array_and_sh(Clamped(&image.rgba), image.width, image.height)
                .map_err(|e| ChartError(format!("{e:?}")))?;
            context.put_image_data(&data, image.x as f64, image.y as f64).map_err(|e| ChartError(format!("{e:?}")))
        };
        boundary::draw(&root, &self.trainer, view, Style { scale }, &mut put).map_err(js_error)
    }

    #[wasm_bindgen(js_name = drawObjective)]
    pub fn draw_objective(&self, canvas: HtmlCanvasElement, scale: f64) -> Result<(), JsError> {
        let root = backend(canvas)?.into_drawing_area();
        objective::draw(&root, &self.trainer, Style { scale }).map_err(js_error)
    }

    /// Classifies uploaded rows with the current theta; rows with bad values are
    /// listed with their reason, the others classified.
    #[wasm_bindgen(js_name = classifyCsv)]
    pub fn classify_csv(&self, bytes: &[u8], threshold: f64) -> Result<JsValue, JsError> {
        let table = Table::parse_bytes(bytes).map_err(js_error)?;
        let model = Model::from_trainer(&self.trainer, threshold);
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
        Model::from_trainer(&self.trainer, threshold).to_json()
    }
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
