//! The wasm boundary in headless Chromium (wasm-bindgen-test): the Lab API,
//! and each chart drawing onto a real canvas.
#![cfg(target_arch = "wasm32")]

use neuron_lab::train::Snapshot;
use neuron_lab::web::Lab;
use neuron_lab::worker::{preview_csv, read_csv, Background, Rows};
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

wasm_bindgen_test_configure!(run_in_browser);

fn ok<T>(result: Result<T, wasm_bindgen::JsError>) -> T {
    result.map_err(JsValue::from).expect("the call succeeds")
}

/// The worker's preview of CSV bytes.
fn preview(bytes: &[u8]) -> Result<JsValue, wasm_bindgen::JsError> {
    preview_csv(bytes, &js_sys::Function::new_no_args(""))
}

/// The worker's reading of CSV bytes with these columns.
fn read(
    bytes: &[u8],
    target: &str,
    drop: Vec<String>,
    positive: Option<String>,
) -> Result<JsValue, wasm_bindgen::JsError> {
    let settings = ok(Lab::new()).summary().map(|s| js_sys::Reflect::get(&s, &"settings".into()).unwrap());
    read_csv(bytes, target, drop, positive, ok(settings), &js_sys::Function::new_no_args(""))
}

/// A new lab asked to pick a row on chart `chart`.
fn lab_picks(chart: &str) -> Result<JsValue, wasm_bindgen::JsError> {
    ok(Lab::new()).pick_row(chart, 0.0, 0.0, 3.0)
}

/// The message of a call that returns nothing when it succeeds.
fn message_of(result: Result<(), wasm_bindgen::JsError>) -> String {
    message(result.map(|()| JsValue::UNDEFINED))
}

fn message(result: Result<JsValue, wasm_bindgen::JsError>) -> String {
    let error: JsValue = result.expect_err("the call fails").into();
    js_sys::Reflect::get(&error, &"message".into()).unwrap().as_string().unwrap()
}

fn snapshot(value: JsValue) -> Snapshot {
    serde_wasm_bindgen::from_value(value).expect("a snapshot")
}

fn field(value: &JsValue, name: &str) -> JsValue {
    js_sys::Reflect::get(value, &name.into()).unwrap()
}

/// The decision boundary's view as the page passes it: features 0 and `y`, threshold 0.5,
/// the first neuron, clickable.
fn plane(x: usize, y: Option<usize>) -> JsValue {
    let view = serde_json::json!({ "x_feature": x, "y_feature": y, "threshold": 0.5, "neuron": 0, "clickable": true });
    view.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).unwrap()
}

fn canvas() -> HtmlCanvasElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let canvas: HtmlCanvasElement = document.create_element("canvas").unwrap().dyn_into().unwrap();
    canvas.set_width(640);
    canvas.set_height(400);
    document.body().unwrap().append_child(&canvas).unwrap();
    canvas
}

/// How many pixels are not white: a drawn chart has many.
fn inked(canvas: &HtmlCanvasElement) -> usize {
    let context: CanvasRenderingContext2d = canvas.get_context("2d").unwrap().unwrap().dyn_into().unwrap();
    let data = context.get_image_data(0.0, 0.0, 640.0, 400.0).unwrap().data();
    data.chunks(4).filter(|p| p[0] < 250 || p[1] < 250 || p[2] < 250).count()
}

#[wasm_bindgen_test]
fn steps_rewinds_and_resets_to_the_same_theta() {
    let mut lab = ok(Lab::new());
    let start = snapshot(ok(lab.snapshot(0)));
    let ten = snapshot(ok(lab.step(10)));
    assert_eq!(ten.iteration, 10);
    assert!(ten.objective_train > start.objective_train, "log-likelihood rises");
    assert_eq!(lab.steps_taken(), 10);
    assert_eq!(snapshot(ok(lab.rewind(3))).iteration, 3);
    assert_eq!(snapshot(ok(lab.reset())).theta, start.theta);
    assert!(message(lab.rewind(99)).contains("cannot rewind to step 99"));
}

#[wasm_bindgen_test]
fn history_after_a_rewind_keeps_the_steps_ahead() {
    let mut lab = ok(Lab::new());
    ok(lab.step(10));
    ok(lab.rewind(4));
    let rows: Vec<Snapshot> = serde_wasm_bindgen::from_value(ok(lab.history(0, 100))).expect("snapshots");
    assert_eq!(rows.iter().map(|r| r.iteration).collect::<Vec<_>>(), (0..=10).collect::<Vec<_>>());
}

#[wasm_bindgen_test]
fn each_chart_draws_onto_a_canvas() {
    let mut lab = ok(Lab::new());
    ok(lab.step(5));
    let (a, b, c) = (canvas(), canvas(), canvas());
    ok(lab.draw_activation(a.clone(), 1.0, 0));
    ok(lab.draw_boundary(b.clone(), 1.0, plane(0, Some(1))));
    ok(lab.draw_objective(c.clone(), 1.0, 0));
    for (name, canvas) in [("activation", &a), ("boundary", &b), ("objective", &c)] {
        assert!(inked(canvas) > 2_000, "{name} chart drew only {} pixels", inked(canvas));
    }
    // The heatmap fills the plot area: most of the boundary chart is coloured.
    assert!(inked(&b) > 640 * 400 / 2, "heatmap put with putImageData");
    assert!(
        message_of(lab.draw_boundary(b, 1.0, plane(7, Some(1)))).contains("feature 7 does not exist"),
        "an out-of-range feature is an error, not a panic"
    );
}

/// The objective surface's view as the page passes it.
fn surface_view(x: usize, y: usize, fine: bool) -> JsValue {
    let view = serde_json::json!({ "x": x, "y": y, "fine": fine });
    view.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).unwrap()
}

#[wasm_bindgen_test]
fn the_objective_surface_draws_onto_a_canvas_and_refuses_bad_components() {
    let mut lab = ok(Lab::new());
    ok(lab.step(8));
    let components = ok(lab.surface_components());
    assert_eq!(field(&components, "x").as_f64(), Some(1.0), "the first feature by default");
    assert_eq!(field(&components, "y").as_f64(), Some(2.0));
    let surface = canvas();
    for fine in [false, true] {
        ok(lab.draw_surface(surface.clone(), 1.0, surface_view(1, 2, fine)));
        // The heatmap (put with putImageData) fills most of the plot.
        assert!(inked(&surface) > 640 * 400 / 3, "the surface drew only {} pixels", inked(&surface));
    }
    assert!(message_of(lab.draw_surface(surface.clone(), 1.0, surface_view(1, 3, true))).contains("component 3 of θ"));
    assert!(message_of(lab.draw_surface(surface, 1.0, surface_view(2, 2, true))).contains("two different components"));
}

#[wasm_bindgen_test]
fn a_bad_csv_is_refused_and_the_loaded_data_stays() {
    let mut lab = ok(Lab::new());
    ok(lab.step(4));
    assert_eq!(message(preview(b"a,b,y\n1,2,0\n3,4\n")), "line 3: expected 3 fields like the header, found 2");
    assert_eq!(
        message(preview(b"\x89PNG\r\n\x1a\n")),
        "line 1, column 1: the file is not UTF-8 text (is it a CSV file?)"
    );
    ok(preview(b"a,b,y\n1,2,0\n3,x,1\n"));
    assert!(message(read(b"a,b,y\n1,2,0\n3,x,1\n", "y", vec![], None)).contains("line 3, column 2 ('b')"));
    let forged = js_sys::Object::new();
    js_sys::Reflect::set(&forged, &"names".into(), &JsValue::NULL).unwrap();
    assert!(Rows::new(forged.into()).is_err(), "rows that are not a data set are refused");
    assert_eq!(field(&ok(lab.summary()), "source").as_string().unwrap(), "separable");
    assert_eq!(snapshot(ok(lab.snapshot(0))).iteration, 4);
}

#[wasm_bindgen_test]
fn uploaded_csv_trains_and_classifies_new_rows() {
    let mut lab = ok(Lab::new());
    let csv = b"Obs No.,x,colour\n1,0.1,red\n2,0.9,blue\n3,0.2,red\n4,0.8,blue\n5,0.3,red\n6,0.7,blue\n";
    let preview = ok(preview(csv));
    let drop: Vec<String> = serde_wasm_bindgen::from_value(field(&preview, "suggested_drop")).unwrap();
    assert_eq!(drop, ["Obs No."]);
    let data = ok(read(csv, "colour", vec!["Obs No.".into()], Some("red".into())));
    // Forged messages: a label beyond the classes is refused at once; a matrix one
    // number short when it is taken in (the page takes them a task each), nothing used.
    let forged = |key: &str, value: JsValue| {
        let copy = js_sys::Object::assign(&js_sys::Object::new(), data.unchecked_ref());
        js_sys::Reflect::set(&copy, &key.into(), &value).unwrap();
        JsValue::from(copy)
    };
    let labels = js_sys::Uint32Array::from(&[0u32, 1, 0, 1, 0, 7][..]);
    assert!(Rows::new(forged("labels", labels.into())).is_err(), "a label beyond the classes is refused");
    assert!(field(&data, "x").is_instance_of::<js_sys::Int32Array>(), "decimals sent as such");
    let short = js_sys::Int32Array::from(&[1, 9, 2, 8, 3][..]);
    let mut rows = ok(Rows::new(forged("x", short.into())));
    assert!(rows.take().is_err(), "a data set one number short is refused as it is taken in");
    let doubles = js_sys::Float64Array::from(&[0.1, 0.9, 0.2, 0.8, 0.3, 0.7][..]);
    let mut rows = ok(Rows::new(forged("x", doubles.into())));
    assert!(rows.take().is_err(), "doubles where decimals were said are refused");
    assert!(lab.use_rows(ok(Rows::new(forged("x_validation", JsValue::NULL))), "c.csv").is_err());
    assert_eq!(field(&ok(lab.summary()), "source").as_string().unwrap(), "separable", "nothing was used");
    // Taken a matrix at a time, or all at once by useRows: the same rows.
    let mut rows = ok(Rows::new(data.clone()));
    assert!(!ok(rows.take()) && !ok(rows.take()) && ok(rows.take()), "three matrices, one per call");
    let summary = ok(lab.use_rows(rows, "c.csv"));
    assert_eq!(field(&summary, "rows").as_f64(), Some(6.0));
    let classes: Vec<String> = serde_wasm_bindgen::from_value(field(&summary, "classes")).unwrap();
    assert_eq!(classes, ["blue", "red"], "the chosen positive class goes second");
    ok(lab.step(50));
    let result = ok(lab.classify_csv(b"x\n0.15\n0.85\nnope\n", 0.5, None));
    let csv = field(&result, "csv").as_string().unwrap();
    assert_eq!(csv.lines().count(), 3, "{csv}");
    assert!(csv.starts_with("x,predicted colour,P(colour = red)\n0.15,red,"), "{csv}");
    let errors: Vec<String> = serde_wasm_bindgen::from_value(field(&result, "errors")).unwrap();
    assert_eq!(errors, ["line 4, column 1 ('x'): 'nope' is not a number (drop the column if it is not a feature)"]);
}

#[wasm_bindgen_test]
fn settings_apply_and_bad_settings_keep_the_old_ones() {
    let mut lab = ok(Lab::new());
    let three = ok(lab.load_builtin("blobs3", 2, 0, 1.0));
    assert_eq!(field(&three, "neuron").as_string().unwrap(), "softmax", "a binary neuron switches to softmax");
    assert!(field(&three, "notice").as_string().unwrap().contains("3 classes"));
    let settings = js_sys::JSON::parse(r#"{"neuron": "multi-logistic", "learning_rate": 0.5, "seed": 3}"#).unwrap();
    let summary = ok(lab.configure(settings));
    assert_eq!(field(&summary, "neuron").as_string().unwrap(), "multi-logistic");
    let bad = js_sys::JSON::parse(r#"{"neuron": "softmax", "learning_rate": -1}"#).unwrap();
    assert!(message(lab.configure(bad)).contains("learning rate = -1 is not allowed"));
    assert_eq!(field(&ok(lab.summary()), "neuron").as_string().unwrap(), "multi-logistic");
    assert!(message(lab.load_builtin("nope", 0, 0, 1.0)).contains("unknown built-in data set 'nope'"));
}

#[wasm_bindgen_test]
fn clicks_select_rows_and_the_gradient_is_explained() {
    let mut lab = ok(Lab::new());
    ok(lab.step(3));
    let a = canvas();
    ok(lab.draw_activation(a, 1.0, 0));
    let at = ok(lab.row_position("activation", 5)).expect("row 5 is drawn");
    let picked = ok(lab.pick_row("activation", at[0], at[1], 3.0));
    assert_eq!(field(&picked, "train_row").as_f64(), Some(5.0));
    let explained = ok(lab.explain(0));
    let row = field(&explained, "row");
    assert_eq!(field(&row, "train_row").as_f64(), Some(5.0));
    let b = canvas();
    ok(lab.draw_boundary(b, 1.0, plane(0, Some(1))));
    let far = ok(lab.pick_row("boundary", -100.0, -100.0, 3.0));
    assert!(field(&far, "train_row").is_null() || field(&far, "train_row").is_undefined());
}

#[wasm_bindgen_test]
fn points_theta_and_a_second_neuron_can_be_set_by_hand() {
    let mut lab = ok(Lab::new());
    let b = canvas();
    ok(lab.draw_boundary(b, 1.0, plane(0, Some(1))));
    let rows_before = field(&ok(lab.summary()), "train_rows").as_f64().unwrap();
    let added = snapshot(ok(lab.add_point(320.0, 200.0, 1)));
    assert!(added.edited);
    assert_eq!(field(&ok(lab.summary()), "train_rows").as_f64().unwrap(), rows_before + 1.0);
    let set = snapshot(ok(lab.set_theta(vec![0.1, 0.2, 0.3])));
    assert_eq!(set.theta, [0.1, 0.2, 0.3]);
    assert!(message(lab.set_theta(vec![1.0])).contains("theta needs 3 values"));
    let compared = ok(lab.set_compare(Some("logistic-se".into())));
    assert_eq!(field(&field(&compared, "compare"), "name").as_string().unwrap(), "logistic-se");
    ok(lab.step(4));
    assert_eq!(snapshot(ok(lab.snapshot(1))).iteration, 5, "the second joined at step 1; both step together");
    assert_eq!(lab.history_csv().lines().count(), 7, "a header and steps 0 to 5");
    assert!(lab.theta_csv().starts_with("parameter,theta 1 (standardized),theta 1 (original scale)"));
}

#[wasm_bindgen_test]
fn the_page_gets_descriptions_the_better_direction_distinct_counts_and_the_true_theta() {
    let catalogue = ok(neuron_lab::web::Lab::catalogue());
    let neurons = js_sys::Array::from(&field(&catalogue, "neurons"));
    assert_eq!(neurons.length(), neuron_lab::model::ALL.len() as u32, "the menu is the neuron table");
    let logistic = neurons.get(3);
    assert_eq!(field(&logistic, "description").as_string().unwrap(), "logistic: sigmoid, log-likelihood (ascent)");
    assert_eq!(field(&neurons.get(5), "multiclass").as_bool(), Some(true), "softmax has K outputs");
    assert!(message(lab_picks("legend")).contains("unknown chart 'legend'"), "a chart name is checked");
    let mut lab = ok(Lab::new());
    let summary = ok(lab.summary());
    assert_eq!(field(&summary, "better").as_string().unwrap(), "higher");
    assert_eq!(field(&summary, "objective").as_string().unwrap(), "log-likelihood");
    let preview = ok(preview(b"x,y\n1,a\n2,a\n3,b\n"));
    let distinct: Vec<usize> = serde_wasm_bindgen::from_value(field(&preview, "distinct")).unwrap();
    let numeric: Vec<bool> = serde_wasm_bindgen::from_value(field(&preview, "numeric")).unwrap();
    assert_eq!((distinct, numeric), (vec![3, 2], vec![true, false]));
    assert!(field(&ok(lab.theta_table(0)), "true_theta").is_null());
    ok(lab.load_builtin("customers", 0, 0, 1.0));
    let truth: Vec<f64> = serde_wasm_bindgen::from_value(field(&ok(lab.theta_table(0)), "true_theta")).unwrap();
    assert_eq!(truth, [-6.0, 0.06, 0.03, 0.8]);
}

#[wasm_bindgen_test]
fn a_run_in_the_worker_takes_the_steps_the_page_would_take() {
    let compared = || {
        let mut lab = ok(Lab::new());
        ok(lab.load_builtin("overlapping", 2, 120, 1.0));
        ok(lab.set_compare(Some("linear".into())));
        ok(lab.step(5));
        lab
    };
    let mut here = compared();
    ok(here.step(100_000));

    let mut there = compared();
    let mut worker = Background::new();
    let handoff = ok(there.handoff());
    let rows = js_sys::Reflect::get(&handoff, &"rows".into()).unwrap().as_f64().unwrap() as u64;
    assert!(!worker.has_rows(rows));
    ok(worker.set_rows(rows, ok(there.rows_parts())));
    assert!(worker.has_rows(rows));
    ok(worker.start(handoff.clone()));
    let mut expected = handoff;
    loop {
        let done = ok(worker.step(9));
        ok(there.adopt(expected, ok(worker.take_steps())));
        expected = ok(there.handoff());
        if done {
            break;
        }
    }
    assert_eq!(there.history_csv(), here.history_csv());
    assert_eq!(snapshot(ok(there.snapshot(1))), snapshot(ok(here.snapshot(1))));
    // Steps taken from another start are refused.
    assert!(message(there.adopt(ok(compared().handoff()), ok(worker.take_steps()))).contains("changed"));
}

fn pixels(canvas: &HtmlCanvasElement) -> Vec<u8> {
    let context: CanvasRenderingContext2d = canvas.get_context("2d").unwrap().unwrap().dyn_into().unwrap();
    let (w, h) = (f64::from(canvas.width()), f64::from(canvas.height()));
    context.get_image_data(0.0, 0.0, w, h).unwrap().data().to_vec()
}

/// A canvas drawn again and again (its static layer kept between drawings) shows what a
/// new canvas shows after one drawing, whatever changed in between: the plane, the
/// canvas's size and scale, the steps, the data set.
#[wasm_bindgen_test]
fn a_kept_static_layer_never_shows_stale_axes() {
    let mut lab = ok(Lab::new());
    ok(lab.step(5));
    let (kept, kept_roc) = (canvas(), canvas());
    let fresh_drawing = |lab: &mut Lab, view: JsValue, scale: f64, size: (u32, u32)| {
        let fresh = canvas();
        fresh.set_width(size.0);
        fresh.set_height(size.1);
        ok(lab.draw_boundary(fresh.clone(), scale, view));
        pixels(&fresh)
    };
    ok(lab.draw_boundary(kept.clone(), 1.0, plane(0, Some(1))));
    let first = pixels(&kept);
    // The features swapped: other axis labels and ranges.
    ok(lab.draw_boundary(kept.clone(), 1.0, plane(1, Some(0))));
    assert_ne!(pixels(&kept), first, "the swapped plane is drawn");
    assert!(
        pixels(&kept) == fresh_drawing(&mut lab, plane(1, Some(0)), 1.0, (640, 400)),
        "after swapping the features"
    );
    // Another size and a larger scale (devicePixelRatio, large type).
    kept.set_width(500);
    kept.set_height(300);
    ok(lab.draw_boundary(kept.clone(), 1.3, plane(1, Some(0))));
    assert!(pixels(&kept) == fresh_drawing(&mut lab, plane(1, Some(0)), 1.3, (500, 300)), "after a resize");
    // More steps: the layer is kept, the boundary moves.
    ok(lab.step(30));
    ok(lab.draw_boundary(kept.clone(), 1.3, plane(1, Some(0))));
    assert!(pixels(&kept) == fresh_drawing(&mut lab, plane(1, Some(0)), 1.3, (500, 300)), "after steps");
    // Another data set: other ranges along both axes.
    ok(lab.load_builtin("overlapping", 3, 300, 1.0));
    ok(lab.draw_boundary(kept.clone(), 1.3, plane(1, Some(0))));
    assert!(pixels(&kept) == fresh_drawing(&mut lab, plane(1, Some(0)), 1.3, (500, 300)), "after new data");

    ok(lab.draw_roc(kept_roc.clone(), 1.0, "train", 0.5));
    for steps in [1, 40] {
        ok(lab.step(steps));
        ok(lab.draw_roc(kept_roc.clone(), 1.0, "train", 0.5));
        let fresh = canvas();
        ok(lab.draw_roc(fresh.clone(), 1.0, "train", 0.5));
        assert!(pixels(&kept_roc) == pixels(&fresh), "ROC after {steps} more steps");
    }
}

/// The same for the activation and objective charts, whose caption and legend are kept:
/// after steps (the legend gains a stop), a resize and a scale, another data set.
#[wasm_bindgen_test]
fn a_kept_header_never_shows_a_stale_legend() {
    let mut lab = ok(Lab::new());
    let (activation, objective) = (canvas(), canvas());
    let check = |lab: &mut Lab, scale: f64, when: &str| {
        ok(lab.draw_activation(activation.clone(), scale, 0));
        ok(lab.draw_objective(objective.clone(), scale, 0));
        let (fresh_activation, fresh_objective) = (canvas(), canvas());
        for (fresh, kept) in [(&fresh_activation, &activation), (&fresh_objective, &objective)] {
            fresh.set_width(kept.width());
            fresh.set_height(kept.height());
        }
        ok(lab.draw_activation(fresh_activation.clone(), scale, 0));
        ok(lab.draw_objective(fresh_objective.clone(), scale, 0));
        assert!(pixels(&activation) == pixels(&fresh_activation), "activation {when}");
        assert!(pixels(&objective) == pixels(&fresh_objective), "objective {when}");
    };
    check(&mut lab, 1.0, "at first");
    ok(lab.step(5));
    check(&mut lab, 1.0, "after steps");
    for canvas in [&activation, &objective] {
        canvas.set_width(500);
        canvas.set_height(300);
    }
    check(&mut lab, 1.3, "after a resize");
    // Up to the last iteration: the objective's legend says where training stopped.
    let settings = js_sys::Reflect::get(&ok(lab.summary()), &"settings".into()).unwrap();
    js_sys::Reflect::set(&settings, &"max_iterations".into(), &12.into()).unwrap();
    ok(lab.configure(settings));
    ok(lab.step(20));
    check(&mut lab, 1.3, "after the stop");
    ok(lab.load_builtin("overlapping", 3, 300, 1.0));
    check(&mut lab, 1.3, "after new data");
}

#[wasm_bindgen_test]
fn rows_with_no_validation_part_cross_to_the_worker() {
    let mut lab = ok(Lab::new());
    let settings = js_sys::Reflect::get(&ok(lab.summary()), &"settings".into()).unwrap();
    js_sys::Reflect::set(&settings, &"train_fraction".into(), &1.0.into()).unwrap();
    ok(lab.configure(settings));
    let mut worker = Background::new();
    ok(worker.set_rows(7, ok(lab.rows_parts())));
    let mut handoff = ok(lab.handoff());
    js_sys::Reflect::set(&handoff, &"rows".into(), &7.into()).unwrap();
    ok(worker.start(handoff.clone()));
    ok(worker.step(5));
    handoff = ok(lab.handoff());
    ok(lab.adopt(handoff, ok(worker.take_steps())));
    assert_eq!(snapshot(ok(lab.snapshot(0))).iteration, 5);
}

#[wasm_bindgen_test]
fn a_projector_windows_lab_follows_the_lab_windows_through_js_values() {
    let mut lab = ok(Lab::new());
    ok(lab.step(12));
    ok(lab.rewind(7));
    let mut projector = ok(Lab::new());
    // As the page sends them: the rows once, with every step; then the steps it lacks.
    ok(projector.follow(ok(lab.mirror(0)), ok(lab.rows_parts())));
    assert_eq!(snapshot(ok(projector.snapshot(0))), snapshot(ok(lab.snapshot(0))));
    ok(lab.rewind(12));
    ok(lab.step(3));
    ok(projector.follow(ok(lab.mirror(13)), JsValue::NULL));
    assert_eq!(snapshot(ok(projector.snapshot(0))), snapshot(ok(lab.snapshot(0))));
    assert_eq!(projector.history_csv(), lab.history_csv());
    // Steps that leave a gap are refused, and say why.
    ok(lab.step(5));
    assert!(message(projector.follow(ok(lab.mirror(19)), JsValue::NULL)).contains("out of step"));
    assert_eq!(snapshot(ok(projector.snapshot(0))).iteration, 15);
}
