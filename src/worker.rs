//! The wasm boundary of the page's worker (www/worker.js), which reads uploaded files
//! and runs "Run to convergence" off the main thread with the same core, and the
//! moves of rows between the two: numbers in typed arrays (one copy each way, never
//! JSON), names and settings in a small object.

use crate::data::features::Stored;
use crate::data::prep::{Part, Parts, Prepared, Summaries, Transform, Workflow};
use crate::data::{Columns, Dataset, Features};
use crate::math::Matrix;
use crate::session::{Handoff, Preview, Runner};
use crate::settings::Settings;
use crate::Error;
use js_sys::{Float64Array, Int32Array, Object, Reflect, Uint32Array, Uint8Array};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use wasm_bindgen::prelude::*;

use crate::web::{from_js, js_error, to_js};

/// A data set's names: what travels beside its numbers.
#[derive(Serialize, Deserialize)]
struct Names {
    feature_names: Vec<String>,
    class_names: Vec<String>,
    target: String,
}

/// What travels beside the numbers of prepared rows.
#[derive(Serialize, Deserialize)]
struct PartsMeta {
    names: Names,
    transform: Transform,
    workflow: Workflow,
    /// The charts' summaries of every row, made by the sender (see [`Prepared::summaries`]).
    #[serde(default)]
    summaries: Summaries,
}

fn set(object: &Object, key: &str, value: &JsValue) -> Result<(), JsError> {
    Reflect::set(object, &key.into(), value).map(|_| ()).map_err(|_| JsError::new("cannot build the message"))
}

fn get(object: &JsValue, key: &str) -> Result<JsValue, JsError> {
    Reflect::get(object, &key.into()).map_err(|_| JsError::new(&format!("the message has no '{key}'")))
}

fn indices(values: &[usize]) -> Uint32Array {
    let values: Vec<u32> = values.iter().map(|&v| u32::try_from(v).unwrap_or(u32::MAX)).collect();
    Uint32Array::from(values.as_slice())
}

fn usizes(array: JsValue) -> Result<Vec<usize>, JsError> {
    let array = array.dyn_into::<Uint32Array>().map_err(|_| js_error(Error::RowsDoNotFit))?;
    Ok(array.to_vec().into_iter().map(|v| v as usize).collect())
}

fn numbers(array: JsValue) -> Result<Vec<f64>, JsError> {
    Ok(array.dyn_into::<Float64Array>().map_err(|_| js_error(Error::RowsDoNotFit))?.to_vec())
}

/// A rows x cols matrix from a Float64Array, or an error when the numbers do not fill it.
fn matrix(values: Vec<f64>, rows: usize, cols: usize) -> Result<Matrix, JsError> {
    if rows.checked_mul(cols) != Some(values.len()) {
        return Err(js_error(Error::RowsDoNotFit));
    }
    Ok(Matrix::from_vec(rows, cols, values))
}

/// Prepared rows taken apart, for the other thread: the data set's numbers (`x`, row
/// by row, as doubles or, with each column's `x_places`, as decimals; and `labels`), the split (`train_rows`, `validation_rows`) and the rows
/// made (`x_train`, `x_validation`) as typed arrays; names, transform and workflow in `meta`.
pub fn parts_to_js(rows: &Prepared) -> Result<JsValue, JsError> {
    let object = Object::new();
    let data = rows.data();
    let names = Names {
        feature_names: data.feature_names.clone(),
        class_names: data.class_names.clone(),
        target: data.target.clone(),
    };
    let meta = PartsMeta {
        names,
        transform: rows.transform().clone(),
        workflow: rows.workflow().clone(),
        summaries: rows.summaries(),
    };
    set(&object, "meta", &to_js(&meta)?)?;
    match data.x.stored() {
        Stored::Decimals { digits, places } => {
            set(&object, "x", &Int32Array::from(digits).into())?;
            set(&object, "x_places", &Uint8Array::from(places).into())?;
        }
        Stored::Numbers(values) => set(&object, "x", &Float64Array::from(values).into())?,
    }
    set(&object, "labels", &indices(&data.labels).into())?;
    set(&object, "train_rows", &indices(rows.data_rows(Part::Train)).into())?;
    set(&object, "validation_rows", &indices(rows.data_rows(Part::Validation)).into())?;
    set(&object, "x_train", &Float64Array::from(rows.x(Part::Train).as_slice()).into())?;
    set(&object, "x_validation", &Float64Array::from(rows.x(Part::Validation).as_slice()).into())?;
    Ok(object.into())
}

/// The prepared rows of [`parts_to_js`]'s object, checked to fit together.
pub fn rows_from_js(object: &JsValue) -> Result<Prepared, JsError> {
    Rows::new(object.clone())?.into_prepared()
}

/// Prepared rows come over from the worker, held in the page's wasm until a `Lab` takes
/// them. Their names, labels and split are read at once (and refused if they do not fit
/// together); their numbers (hundreds of megabytes for a million rows) a part at a time
/// with [`Rows::take`], a task each, so the page is never held for long.
#[wasm_bindgen]
pub struct Rows {
    object: JsValue,
    meta: PartsMeta,
    labels: Vec<usize>,
    train_rows: Vec<usize>,
    validation_rows: Vec<usize>,
    /// The numbers copied in so far (see [`Rows::take`]).
    x: Option<Features>,
    x_train: Vec<f64>,
    x_validation: Vec<f64>,
}

/// The most numbers one call of [`Rows::take`] copies of a matrix: 32 MB, a few tens of
/// milliseconds (a million rows' training matrix at once took 75 ms).
const TAKEN_AT_ONCE: usize = 4 << 20;

#[wasm_bindgen]
impl Rows {
    /// The rows of `readCsv`'s object (sent by the worker).
    #[wasm_bindgen(constructor)]
    pub fn new(object: JsValue) -> Result<Rows, JsError> {
        let meta: PartsMeta = from_js(get(&object, "meta")?)?;
        let labels = usizes(get(&object, "labels")?)?;
        let (train_rows, validation_rows) =
            (usizes(get(&object, "train_rows")?)?, usizes(get(&object, "validation_rows")?)?);
        if labels.iter().any(|&l| l >= meta.names.class_names.len()) {
            return Err(js_error(Error::RowsDoNotFit));
        }
        let (x_train, x_validation) = (Vec::new(), Vec::new());
        Ok(Rows { object, meta, labels, train_rows, validation_rows, x: None, x_train, x_validation })
    }

    /// Copies the next part of the numbers in: the data set's, then the training and
    /// validation rows' (at most [`TAKEN_AT_ONCE`] of them a call); true once all are in.
    pub fn take(&mut self) -> Result<bool, JsError> {
        if self.x.is_none() {
            self.x = Some(self.features()?);
            return Ok(false);
        }
        let parameters = self.meta.transform.parameters();
        let len = |rows: usize| rows.checked_mul(parameters).ok_or_else(|| js_error(Error::RowsDoNotFit));
        let (train, validation) = (len(self.train_rows.len())?, len(self.validation_rows.len())?);
        let (key, values, len) = if self.x_train.len() < train {
            ("x_train", &mut self.x_train, train)
        } else if self.x_validation.len() < validation {
            ("x_validation", &mut self.x_validation, validation)
        } else {
            return Ok(true);
        };
        let array = get(&self.object, key)?.dyn_into::<Float64Array>().ok();
        let array = array.filter(|a| a.length() as usize == len).ok_or_else(|| js_error(Error::RowsDoNotFit))?;
        values.reserve_exact(len - values.len());
        let (at, end) = (values.len(), (values.len() + TAKEN_AT_ONCE).min(len));
        values.resize(end, 0.0);
        array.subarray(at as u32, end as u32).copy_to(&mut values[at..]);
        Ok(self.x_train.len() == train && self.x_validation.len() == validation)
    }
}

impl Rows {
    /// The data set's numbers: decimals (an Int32Array and its `x_places`) or doubles.
    fn features(&self) -> Result<Features, JsError> {
        let (rows, cols) = (self.labels.len(), self.meta.names.feature_names.len());
        let x = get(&self.object, "x")?;
        let places = get(&self.object, "x_places")?;
        let features = if places.is_undefined() {
            Features::from_numbers(rows, cols, numbers(x)?)
        } else {
            let digits = x.dyn_into::<Int32Array>().map_err(|_| js_error(Error::RowsDoNotFit))?.to_vec();
            let places = places.dyn_into::<Uint8Array>().map_err(|_| js_error(Error::RowsDoNotFit))?.to_vec();
            Features::from_decimals(rows, cols, digits, places)
        };
        features.ok_or_else(|| js_error(Error::RowsDoNotFit))
    }

    /// The rows, the matrices not yet taken copied in first; refused when they do not fit together.
    pub fn into_prepared(mut self) -> Result<Prepared, JsError> {
        while !self.take()? {}
        let Rows { meta, labels, train_rows, validation_rows, x, x_train, x_validation, .. } = self;
        let Some(x) = x else {
            return Err(js_error(Error::RowsDoNotFit));
        };
        let parameters = meta.transform.parameters();
        let x_train = matrix(x_train, train_rows.len(), parameters)?;
        let x_validation = matrix(x_validation, validation_rows.len(), parameters)?;
        let data = Dataset {
            x,
            labels,
            feature_names: meta.names.feature_names,
            class_names: meta.names.class_names,
            target: meta.names.target,
        };
        let parts = Parts {
            x_train,
            x_validation,
            data,
            train_rows,
            validation_rows,
            transform: meta.transform,
            workflow: meta.workflow,
        };
        let prepared = Prepared::from_parts(parts).map_err(js_error)?;
        prepared.keep_summaries(meta.summaries);
        Ok(prepared)
    }
}

/// A reader's progress (the fraction read, 0 to 1) told to the JS function `progress`.
fn telling(progress: &js_sys::Function) -> impl FnMut(f64) + '_ {
    move |fraction| {
        let _ = progress.call1(&JsValue::NULL, &fraction.into());
    }
}

/// What an uploaded file looks like (its columns, first rows, which look like the target);
/// `progress` is called with the fraction read (0 to 1) as it reads.
#[wasm_bindgen(js_name = previewCsv)]
pub fn preview_csv(bytes: &[u8], progress: &js_sys::Function) -> Result<JsValue, JsError> {
    crate::web::report_panics();
    to_js(&Preview::with_progress(bytes, &mut telling(progress)).map_err(js_error)?)
}

/// The rows of an uploaded file with these columns, prepared by the page's `settings`
/// (their workflow: shuffle, split, standardize), as [`parts_to_js`] sends them for
/// `Lab.useRows`; `progress` is called with the fraction read (0 to 1) as it reads.
#[wasm_bindgen(js_name = readCsv)]
pub fn read_csv(
    bytes: &[u8],
    target: &str,
    drop: Vec<String>,
    positive: Option<String>,
    settings: JsValue,
    progress: &js_sys::Function,
) -> Result<JsValue, JsError> {
    crate::web::report_panics();
    let settings: Settings = from_js(settings)?;
    let workflow = settings.check().map_err(js_error)?.get().workflow();
    let columns = Columns { target: target.to_string(), drop, positive: positive.filter(|p| !p.is_empty()) };
    let data = Dataset::from_csv(bytes, &columns, &mut telling(progress)).map_err(js_error)?;
    parts_to_js(&Prepared::new(data, &workflow).map_err(js_error)?)
}

/// The worker's side of "Run to convergence": the rows it has (kept between runs)
/// and the trainers it steps.
#[wasm_bindgen]
#[derive(Default)]
pub struct Background {
    rows: Option<(u64, Arc<Prepared>)>,
    runner: Option<Runner>,
}

#[wasm_bindgen]
impl Background {
    #[wasm_bindgen(constructor)]
    pub fn new() -> Background {
        crate::web::report_panics();
        Background::default()
    }

    /// Whether the worker has the rows of this id (else send them with `setRows`).
    #[wasm_bindgen(js_name = hasRows)]
    pub fn has_rows(&self, id: u64) -> bool {
        self.rows.as_ref().is_some_and(|(have, _)| *have == id)
    }

    /// Puts the rows of the main thread's `Lab.rowsParts()` together here, under `id`.
    #[wasm_bindgen(js_name = setRows)]
    pub fn set_rows(&mut self, id: u64, parts: JsValue) -> Result<(), JsError> {
        // The old rows let go first (a run holds them too): never two sets at once.
        self.rows = None;
        self.runner = None;
        self.rows = Some((id, Arc::new(rows_from_js(&parts)?)));
        Ok(())
    }

    /// Starts from the main thread's `Lab.handoff()`, on the rows it names.
    pub fn start(&mut self, handoff: JsValue) -> Result<(), JsError> {
        let handoff: Handoff = from_js(handoff)?;
        let rows = match &self.rows {
            Some((id, rows)) if *id == handoff.rows => rows.clone(),
            _ => return Err(js_error(Error::StaleSteps)),
        };
        self.runner = Some(Runner::new(rows, &handoff).map_err(js_error)?);
        Ok(())
    }

    /// Up to `n` steps of every trainer, in lockstep; true when all have stopped.
    pub fn step(&mut self, n: usize) -> Result<bool, JsError> {
        let runner = self.runner.as_mut().ok_or_else(|| JsError::new("no run started"))?;
        runner.step(n);
        Ok(runner.all_stopped())
    }

    /// `[step, objective]` of the first trainer.
    pub fn progress(&self) -> Vec<f64> {
        self.runner.as_ref().and_then(Runner::progress).map_or_else(Vec::new, |(t, o)| vec![t as f64, o])
    }

    /// The steps since the last call, per trainer: what `Lab.adopt` takes.
    #[wasm_bindgen(js_name = takeSteps)]
    pub fn take_steps(&mut self) -> Result<JsValue, JsError> {
        let runner = self.runner.as_mut().ok_or_else(|| JsError::new("no run started"))?;
        to_js(&runner.take_steps())
    }
}
