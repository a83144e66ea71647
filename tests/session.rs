//! The session the page holds: data, settings, the compared neurons and edits stay
//! consistent whatever order the clicks come in.

mod common;

use neuron_lab::chart::{NoBackdrop, Style};
use neuron_lab::data::builtin::MAX_POINTS;
use neuron_lab::data::prep::Part;
use neuron_lab::data::prep::{Prepared, Workflow};
use neuron_lab::data::{Columns, Dataset};
use neuron_lab::model::{NeuronKind, ALL};
use neuron_lab::session::{BoundaryView, Chart, Picked, Preview, Session, DISTINCT_CAP};
use neuron_lab::settings::Settings;
use neuron_lab::settings::Threshold;
use neuron_lab::Error;
use plotters::coord::Shift;
use plotters::prelude::*;

fn session() -> Session {
    Session::new().expect("the default session")
}

#[test]
fn added_and_removed_rows_change_what_training_sees() {
    let mut s = Session::on(common::builtin("separable"), "separable".into(), None, Settings::default()).unwrap();
    s.step(3);
    let before = s.main().snapshot();
    let rows = s.rows().data_rows(Part::Train).len();
    s.add_point((10.0, -10.0), 0, 1, 0).unwrap();
    let added = s.main().snapshot();
    assert_eq!(s.rows().data_rows(Part::Train).len(), rows + 1);
    assert_eq!(added.theta, before.theta, "theta stays");
    assert_eq!((added.iteration, s.main().steps_taken()), (0, 0), "the data changed: the history restarts here");
    assert_ne!(added.objective_train, before.objective_train, "the new row counts in the objective");
    let new_row = s.data().rows() - 1;
    assert_eq!(s.rows().data_rows(Part::Train).last(), Some(&new_row));
    s.remove_row(new_row).unwrap();
    assert_eq!(s.rows().data_rows(Part::Train).len(), rows);
    assert!((s.main().snapshot().objective_train - before.objective_train).abs() < 1e-12);
    let mut prepared = s.rows().clone();
    assert!(matches!(prepared.add_row(&[1.0], 0), Err(neuron_lab::Error::PointShape { expected: 2, found: 1 })));
    assert!(matches!(prepared.add_row(&[1.0, 2.0], 5), Err(neuron_lab::Error::NoSuchClass { class: 5, classes: 2 })));
    assert!(matches!(prepared.add_row(&[f64::NAN, 2.0], 0), Err(neuron_lab::Error::PointNotFinite { .. })));
    assert_eq!(&prepared, s.rows(), "a refused row changes nothing");
}

#[test]
fn removing_rows_keeps_the_data_and_the_split_in_step() {
    let mut s = Session::on(common::builtin("separable"), "separable".into(), None, Settings::default()).unwrap();
    s.set_compare(Some(NeuronKind::LOGISTIC_SE)).unwrap();
    let rows = s.data().rows();
    let last = rows - 1;
    let last_label = s.data().labels[last];
    s.remove_row(3).unwrap();
    assert_eq!(s.data().rows(), rows - 1);
    let p = s.rows();
    assert_eq!(p.data_rows(Part::Train).len() + p.data_rows(Part::Validation).len(), rows - 1);
    assert!(
        p.data_rows(Part::Train).iter().chain(p.data_rows(Part::Validation)).all(|&r| r < rows - 1),
        "indices moved up"
    );
    // The former last row is now at rows - 2, and still removable: no index runs past the end.
    assert_eq!(s.data().labels[rows - 2], last_label);
    s.remove_row(rows - 2).unwrap();
    assert_eq!(s.data().rows(), rows - 2);
    assert!(matches!(s.remove_row(rows), Err(neuron_lab::Error::NoSuchRow { .. })));
    let (first, second) = (s.trainer(0).unwrap(), s.trainer(1).unwrap());
    assert!(std::ptr::eq(first.prepared(), second.prepared()), "both neurons train on the one copy of the rows");
    s.add_point((1.0, 2.0), 0, 1, 1).unwrap();
    assert_eq!(s.data().rows(), rows - 1);
    s.configure(Settings { seed: 4, ..Settings::default() }).unwrap();
    assert_eq!(s.summary().rows, rows - 1, "a restart keeps the rows as edited");
    assert_eq!(s.summary().train_rows + s.summary().validation_rows, rows - 1);
}

#[test]
fn an_edit_one_neuron_refuses_changes_neither() {
    // Theta 1e200: the logistic neuron's log-likelihood is finite there, the linear
    // neuron's squared error is not; compared, the session refuses it for both.
    let mut s = session();
    s.set_compare(Some(NeuronKind::LINEAR)).unwrap();
    s.step(2);
    let before = (s.main().snapshot(), s.trainer(1).unwrap().snapshot());
    let e = s.set_theta(&[1e200, 1e200, -1e200]).unwrap_err();
    assert!(matches!(e, neuron_lab::Error::TooLarge { .. }), "{e}");
    assert_eq!((s.main().snapshot(), s.trainer(1).unwrap().snapshot()), before);
    // A point so far out that the linear neuron's objective overflows: added to neither.
    let rows = s.data().rows();
    let e = s.add_point((1e300, -1e300), 0, 1, 1).unwrap_err();
    assert!(matches!(e, neuron_lab::Error::TooLarge { .. }), "{e}");
    assert_eq!((s.data().rows(), s.main().snapshot(), s.trainer(1).unwrap().snapshot()), (rows, before.0, before.1));
}

#[test]
fn a_comparison_started_after_edits_trains_on_the_same_rows_and_split() {
    let mut s = session();
    s.step(5);
    s.add_point((0.5, 0.5), 0, 1, 0).unwrap();
    s.remove_row(2).unwrap();
    s.set_compare(Some(NeuronKind::LOGISTIC_SE)).unwrap();
    let (a, b) = (s.trainer(0).unwrap(), s.trainer(1).unwrap());
    assert_eq!(a.prepared().data_rows(Part::Train), b.prepared().data_rows(Part::Train));
    assert_eq!(a.prepared().data_rows(Part::Validation), b.prepared().data_rows(Part::Validation));
    assert_eq!(a.data(), b.data());
}

#[test]
fn the_compared_neuron_joins_at_the_current_step_and_stays_in_step() {
    let mut s = session();
    s.step(7);
    s.set_compare(Some(NeuronKind::SOFTMAX)).unwrap();
    assert_eq!(s.trainer(1).unwrap().iteration(), 7);
    s.set_theta(&[0.1, 0.2, 0.3]).unwrap();
    assert_eq!(s.trainer(1).unwrap().iteration(), 8, "an edit step on both");
    s.step(3);
    assert_eq!((s.main().iteration(), s.trainer(1).unwrap().iteration()), (11, 11));
    s.rewind(4).unwrap();
    assert_eq!(s.trainer(1).unwrap().iteration(), 4);
    s.set_compare(Some(NeuronKind::LOGISTIC_SE)).unwrap();
    s.set_theta(&[0.5, 0.5, 0.5]).unwrap();
    assert_eq!(s.trainer(1).unwrap().theta().as_slice(), [0.5, 0.5, 0.5], "the same shape takes the same theta");
    assert_eq!(s.theta_edits().len(), 1, "after a rewind to 4, only the new edit is on the path");
}

#[test]
fn more_classes_switch_a_binary_neuron_to_softmax_and_end_a_binary_comparison() {
    let mut s = session();
    s.set_compare(Some(NeuronKind::LOGISTIC_SE)).unwrap();
    s.load_builtin("blobs3", 0, 0, 1.0).unwrap();
    let summary = s.summary();
    assert_eq!(summary.neuron, "softmax");
    assert!(summary.compare.is_none());
    let notice = summary.notice.unwrap();
    assert!(notice.contains("now softmax") && notice.contains("comparison with logistic-se ended"), "{notice}");
}

/// The rows of CSV `bytes` with these columns, read and prepared as the page's worker
/// does with the session's settings.
fn read_rows(s: &Session, bytes: &[u8], columns: &Columns) -> Prepared {
    let data = Dataset::from_csv(bytes, columns, &mut |_| {}).unwrap();
    let workflow = s.main().settings().clone().check().unwrap().get().workflow();
    Prepared::from_parts(Prepared::new(data, &workflow).unwrap().into_parts()).unwrap()
}

#[test]
fn an_upload_suggests_target_and_id_columns_and_rows_of_another_workflow_change_nothing() {
    let mut s = session();
    s.step(3);
    let kids = b"Obs No.,x,Buy\n1,0.5,1\n2,0.1,0\n3,0.7,1\n4,0.2,0\n";
    let preview = Preview::of(kids).unwrap();
    assert_eq!(
        (preview.suggested_target.as_str(), preview.suggested_drop.as_slice()),
        ("Buy", ["Obs No.".to_string()].as_slice())
    );
    assert!(matches!(Preview::of(b"a,b\n1\n"), Err(neuron_lab::Error::RaggedRow { line: 2, .. })));
    let columns = Columns { target: "Buy".into(), drop: vec!["Obs No.".into()], positive: None };
    let data = Dataset::from_csv(kids, &columns, &mut |_| {}).unwrap();
    let other = Workflow { train_fraction: 0.5, ..s.main().settings().clone().check().unwrap().get().workflow() };
    let stale = Prepared::new(data, &other).unwrap();
    assert!(matches!(s.use_rows(stale, "kids.csv".into()), Err(neuron_lab::Error::RowsDoNotFit)));
    assert_eq!(s.summary().source, "separable");
    assert_eq!(s.main().iteration(), 3);
    let rows = read_rows(&s, kids, &columns);
    s.use_rows(rows, "kids.csv".into()).unwrap();
    assert_eq!((s.summary().source.as_str(), s.summary().features), ("kids.csv", vec!["x".to_string()]));
}

#[test]
fn thresholds_outside_0_to_1_are_refused_by_the_core() {
    let s = session();
    assert!(Threshold::new(1.5).unwrap_err().to_string().contains("threshold = 1.5"));
    assert!(matches!(Threshold::new(-0.1), Err(neuron_lab::Error::InvalidSetting { name: "threshold", .. })));
    let (classified, csv) = s.classify(b"x1,x2\n1,2\n", Threshold::HALF).unwrap();
    assert_eq!(classified.predictions.len(), 1);
    assert!(csv.starts_with("x1,x2,predicted class,P(class = 1)"));
}

#[test]
fn k_outputs_on_two_classes_head_their_probability_as_the_predicted_class() {
    let mut s = session();
    s.configure(Settings { neuron: NeuronKind::SOFTMAX, ..Settings::default() }).unwrap();
    let (classified, _) = s.classify(b"x1,x2\n1,2\n", Threshold::HALF).unwrap();
    assert_eq!(classified.probability_heading, "P(predicted)");
}

#[test]
fn the_most_target_like_column_is_suggested_wherever_it_stands() {
    let preview = Preview::of(b"x,y,label\n1,2,a\n3,4,b\n").unwrap();
    assert_eq!(preview.suggested_target, "label");
    let only_y = Preview::of(b"a,y,b\n1,2,3\n4,5,6\n").unwrap();
    assert_eq!(only_y.suggested_target, "y");
}

#[test]
fn the_summary_names_the_plotted_objective_and_which_way_is_better() {
    let mut s = session();
    let summary = s.summary();
    assert_eq!((summary.objective, summary.better, summary.ascent), ("log-likelihood", "higher", true));
    s.configure(Settings { neuron: NeuronKind::SOFTMAX, ..Settings::default() }).unwrap();
    s.set_compare(Some(NeuronKind::LOGISTIC)).unwrap();
    let summary = s.summary();
    assert_eq!((summary.objective, summary.better, summary.ascent), ("cross-entropy", "lower", false));
    assert_eq!(summary.compare.map(|c| c.better), Some("higher"));
    s.configure(Settings { neuron: NeuronKind::LOGISTIC_SE, ..Settings::default() }).unwrap();
    assert_eq!((s.summary().objective, s.summary().better), ("squared error", "lower"));
}

#[test]
fn the_true_theta_of_customers_stands_beside_its_parameters_until_the_rows_change() {
    let mut s = session();
    assert_eq!(s.theta_table(0).unwrap().true_theta, None, "separable is not drawn from a model");
    s.load_builtin("customers", 3, 0, 1.0).unwrap();
    let table = s.theta_table(0).unwrap();
    assert_eq!(table.parameters, ["bias", "Income (k)", "Age", "Previous purchases"]);
    // The model in src/data/builtin.rs that drew the labels.
    assert_eq!(table.true_theta, Some(vec![-6.0, 0.06, 0.03, 0.8]));
    assert!(neuron_lab::export::theta(&s.main_theta_table()).lines().next().unwrap().ends_with(",true theta"));
    assert!(neuron_lab::export::theta(&s.main_theta_table()).lines().nth(1).unwrap().ends_with(",-6"));
    s.set_compare(Some(NeuronKind::LOGISTIC_SE)).unwrap();
    assert_eq!(s.theta_table(1).unwrap().true_theta, Some(vec![-6.0, 0.06, 0.03, 0.8]));
    s.configure(Settings { bias: false, ..Settings::default() }).unwrap();
    assert_eq!(s.theta_table(0).unwrap().true_theta, Some(vec![0.06, 0.03, 0.8]), "no bias, no bias row");
    s.remove_row(0).unwrap();
    assert_eq!(s.theta_table(0).unwrap().true_theta, None, "edited rows are no longer as drawn");
    s.load_builtin("sigmoid1d", 0, 0, 1.0).unwrap();
    assert_eq!(s.theta_table(0).unwrap().true_theta, Some(vec![1.5]), "the settings kept: still no bias");
    s.configure(Settings::default()).unwrap();
    assert_eq!(s.theta_table(0).unwrap().true_theta, Some(vec![0.5, 1.5]), "a restart keeps the rows as drawn");
    let csv = neuron_lab::data::builtin::generate("customers", 0, 0).unwrap().data;
    let csv = neuron_lab::export::dataset(&csv);
    let rows = read_rows(&s, csv.as_bytes(), &Columns { target: "Buy".into(), ..Columns::default() });
    s.use_rows(rows, "customers.csv".into()).unwrap();
    assert_eq!(s.theta_table(0).unwrap().true_theta, None, "an uploaded file says nothing of its model");
}

#[test]
fn the_true_theta_lines_up_only_with_the_features_it_was_drawn_over() {
    let set = neuron_lab::data::builtin::generate("customers", 0, 0).unwrap();
    let truth = neuron_lab::theta::TrueTheta::of(&set).unwrap();
    let mut other = truth.clone();
    other.features.swap(0, 1);
    let t = common::trainer(set.data, Settings::default());
    assert_eq!(truth.per_parameter(t.prepared().transform()), Some(vec![-6.0, 0.06, 0.03, 0.8]));
    assert_eq!(other.per_parameter(t.prepared().transform()), None, "columns in another order");
}

#[test]
fn the_preview_counts_distinct_values_and_tells_number_columns() {
    let bytes = std::fs::read(common::kid_creative_path()).expect("KidCreative.csv (set NEURON_LAB_DATA)");
    let preview = Preview::of(&bytes).unwrap();
    let count = |name: &str| preview.distinct[preview.headers.iter().position(|h| h == name).unwrap()];
    // Counted with Python's csv module over the file's 673 rows.
    assert_eq!((count("Income"), count("Buy"), count("Residence Length"), count("Obs No.")), (75, 2, 62, 673));
    assert_eq!(preview.distinct.len(), preview.headers.len());
    assert!(preview.numeric.iter().all(|&n| n) && preview.numeric.len() == 18);

    let mut text = String::from("id,colour,score\n");
    for i in 0..1500 {
        text += &format!("{i},{},{}\n", ["red", "blue"][i % 2], if i == 7 { "n/a".to_string() } else { i.to_string() });
    }
    let preview = Preview::of(text.as_bytes()).unwrap();
    assert_eq!(preview.distinct, [DISTINCT_CAP, 2, DISTINCT_CAP], "counting stops at the cap");
    assert_eq!(preview.numeric, [true, false, false], "one 'n/a' makes a column not a number");
}

#[test]
fn every_neuron_has_a_short_menu_description() {
    assert_eq!(NeuronKind::LOGISTIC.description(), "logistic: sigmoid, log-likelihood (ascent)");
    assert_eq!(NeuronKind::SOFTMAX.description(), "softmax: softmax, cross-entropy (descent)");
    for &kind in ALL {
        let d = kind.description();
        assert!(d.starts_with(kind.name()) && d.contains(kind.objective_name()) && d.len() <= 60, "{d}");
    }
}

/// Draws with `draw` onto a 640 x 420 SVG (the page's charts are canvases; the
/// geometry is the same).
fn drawn(draw: impl FnOnce(&DrawingArea<SVGBackend, Shift>)) {
    let mut out = String::new();
    let root = SVGBackend::with_string(&mut out, (640, 420)).into_drawing_area();
    draw(&root);
}

fn boundary_view() -> BoundaryView {
    BoundaryView { x_feature: 0, y_feature: Some(1), threshold: Threshold::HALF, neuron: 0, clickable: true }
}

#[test]
fn clicks_on_the_charts_select_add_and_remove_rows() {
    let mut s = session();
    s.step(3);
    assert!(matches!(s.add_point_at((100.0, 100.0), 0), Err(Error::NoPlot)), "nothing drawn yet");
    assert_eq!(s.pick(Chart::Boundary, (100.0, 100.0), 3.0), Picked { train_row: None, validation: false });

    drawn(|root| s.draw_activation(root, 0, Style::new(1.0), &mut NoBackdrop).unwrap());
    let at = s.row_position(Chart::Activation, 5).expect("row 5 is drawn");
    assert_eq!(s.pick(Chart::Activation, at, 3.0), Picked { train_row: Some(5), validation: false });
    assert_eq!(s.selected(), Some(5));

    drawn(|root| s.draw_boundary(root, boundary_view(), Style::new(1.0), &mut |_| Ok(()), &mut NoBackdrop).unwrap());
    let at = s.row_position(Chart::Boundary, 7).expect("row 7 is drawn");
    assert_eq!(s.pick(Chart::Boundary, at, 3.0), Picked { train_row: Some(7), validation: false });
    assert_eq!(s.pick(Chart::Boundary, (-100.0, -100.0), 3.0).train_row, None, "a click far from every row");
    assert_eq!(s.row_position(Chart::Objective, 7), None, "the objective chart draws no rows");

    let rows = s.data().rows();
    assert!(matches!(s.add_point_at((-5.0, -5.0), 1), Err(Error::OutsidePlot)));
    s.add_point_at((320.0, 200.0), 1).unwrap();
    assert_eq!((s.data().rows(), *s.data().labels.last().unwrap()), (rows + 1, 1));
    assert!(matches!(s.add_point_at((320.0, 200.0), 1), Err(Error::NoPlot)), "the rows moved: draw again first");
    drawn(|root| s.draw_boundary(root, boundary_view(), Style::new(1.0), &mut |_| Ok(()), &mut NoBackdrop).unwrap());
    let at = s.row_position(Chart::Boundary, 2).unwrap();
    s.remove_point_at(at, 3.0).unwrap();
    assert_eq!(s.data().rows(), rows);
    drawn(|root| s.draw_boundary(root, boundary_view(), Style::new(1.0), &mut |_| Ok(()), &mut NoBackdrop).unwrap());
    assert!(matches!(s.remove_point_at((-100.0, -100.0), 3.0), Err(Error::NoPointThere)));
}

#[test]
fn the_boundary_view_is_checked_and_not_clickable_when_drawn_for_the_second_neuron() {
    let mut s = session();
    let bad = BoundaryView { x_feature: 2, ..boundary_view() };
    let e = s.draw_boundary(
        &SVGBackend::new("/dev/null", (10, 10)).into_drawing_area(),
        bad,
        Style::new(1.0),
        &mut |_| Ok(()),
        &mut NoBackdrop,
    );
    assert!(matches!(e, Err(Error::NoSuchFeature { index: 2, features: 2 })));
    s.set_compare(Some(NeuronKind::LOGISTIC_SE)).unwrap();
    let second = BoundaryView { neuron: 1, clickable: false, ..boundary_view() };
    drawn(|root| s.draw_boundary(root, second, Style::new(1.0), &mut |_| Ok(()), &mut NoBackdrop).unwrap());
    assert!(matches!(s.add_point_at((320.0, 200.0), 0), Err(Error::NoPlot)), "only the clickable drawing maps clicks");
}

#[test]
fn names_from_the_page_are_parsed_once_and_unknown_ones_refused() {
    assert_eq!(Chart::parse("boundary").unwrap(), Chart::Boundary);
    assert!(matches!(Chart::parse("legend"), Err(Error::UnknownChart(name)) if name == "legend"));
    assert_eq!(Part::parse("validation").unwrap(), Part::Validation);
    assert!(matches!(Part::parse("test"), Err(Error::UnknownPart(name)) if name == "test"), "not read as validation");
}

#[test]
fn the_number_of_points_is_capped_in_the_core() {
    let mut s = session();
    let e = s.load_builtin("separable", 0, MAX_POINTS + 1, 1.0).unwrap_err();
    assert!(matches!(e, Error::PointsOutOfRange { points: 20_001, min: 10, max: MAX_POINTS }), "{e}");
    assert_eq!(s.data().rows(), 200, "the loaded data stays");
    s.load_builtin("separable", 0, MAX_POINTS, 1.0).unwrap();
    assert!(matches!(s.add_point((0.0, 0.0), 0, 1, 0), Err(Error::TooManyPoints { max: MAX_POINTS })));
    assert_eq!(s.data().rows(), MAX_POINTS);
}

#[test]
fn the_catalogue_is_the_neuron_table_and_the_points_range() {
    let catalogue = neuron_lab::session::Catalogue::get();
    let names: Vec<&str> = catalogue.neurons.iter().map(|n| n.name).collect();
    assert_eq!(names, ALL.iter().map(|k| k.name()).collect::<Vec<_>>());
    let softmax = catalogue.neurons.iter().find(|n| n.name == "softmax").unwrap();
    assert!(softmax.multiclass && !softmax.ascent && softmax.better == "lower");
    assert_eq!(softmax.description, "softmax: softmax, cross-entropy (descent)");
    let points = catalogue.points;
    assert_eq!((points.min, points.max, points.default), (10, MAX_POINTS, 200));
    assert_eq!(session().data().rows(), points.default, "the default set has the default points");
}

#[test]
fn an_evaluation_is_computed_once_and_follows_every_change() {
    let mut s = session();
    s.step(3);
    let first = s.evaluate(0, Part::Validation, Threshold::HALF).unwrap();
    assert_eq!(s.evaluate(0, Part::Validation, Threshold::HALF).unwrap(), first, "the same theta: the same");
    assert!(first.roc.as_ref().is_some_and(|r| r.points.is_empty() && r.auc.is_some()), "no curve, its area");
    // Each change is seen: a step, a rewind, theta by hand, a threshold, a point, a neuron.
    let fresh = |s: &Session, part, t| s.trainer(0).unwrap().evaluate(part, t).without_curve();
    s.step(5);
    assert_eq!(s.evaluate(0, Part::Validation, Threshold::HALF).unwrap(), fresh(&s, Part::Validation, Threshold::HALF));
    s.rewind(1).unwrap();
    s.set_theta(&[0.0, 3.0, -1.0]).unwrap();
    let high = Threshold::new(0.9).unwrap();
    assert_eq!(s.evaluate(0, Part::Train, high).unwrap(), fresh(&s, Part::Train, high));
    s.add_point((4.0, -4.0), 0, 1, 0).unwrap();
    assert_eq!(s.evaluate(0, Part::Train, high).unwrap(), fresh(&s, Part::Train, high));
    s.set_compare(Some(NeuronKind::LOGISTIC_SE)).unwrap();
    let second = s.trainer(1).unwrap().evaluate(Part::Train, high).without_curve();
    assert_eq!(s.evaluate(1, Part::Train, high).unwrap(), second);
}

/// The same clicks on two sessions: a built-in set, a compared neuron, a point added by
/// hand (so the split is no longer the seed's alone), some steps and a rewind.
fn session_part_way() -> Session {
    let mut s = session();
    s.load_builtin("overlapping", 3, 300, 1.0).unwrap();
    s.set_compare(Some(NeuronKind::LINEAR)).unwrap();
    s.add_point((0.5, -0.25), 0, 1, 1).unwrap();
    s.step(40);
    s.rewind(25).unwrap();
    s
}

/// Every step of both neurons, as text that tells every bit of every number apart.
fn every_step(s: &Session) -> Vec<String> {
    (0..2)
        .flat_map(|which| s.trainer(which).unwrap().all_steps().map(|step| serde_json::to_string(&step).unwrap()))
        .collect()
}

#[test]
fn steps_run_in_the_background_are_the_sessions_own_bit_for_bit() {
    let mut here = session_part_way();
    here.step(usize::MAX);
    assert!(here.all_stopped());

    // The worker's side: the rows taken apart and put together again, the trainers
    // resumed from the handoff, and stepped in chunks.
    let mut there = session_part_way();
    let handoff = there.handoff();
    let rows = std::sync::Arc::new(neuron_lab::data::prep::Prepared::from_parts(there.rows().parts()).unwrap());
    let mut runner = neuron_lab::session::Runner::new(rows, &handoff).unwrap();
    let mut taken: Vec<Vec<_>> = vec![Vec::new(), Vec::new()];
    while !runner.all_stopped() {
        runner.step(7);
        for (all, steps) in taken.iter_mut().zip(runner.take_steps()) {
            all.extend(steps);
        }
        assert_eq!(runner.progress().map(|p| p.0), Some(taken[0].len() + 25));
    }
    there.adopt(&handoff, taken.clone()).unwrap();
    let (adopted, stepped) = (every_step(&there), every_step(&here));
    assert_eq!(adopted.len(), stepped.len());
    if let Some(i) = (0..adopted.len()).find(|&i| adopted[i] != stepped[i]) {
        panic!("step {i} differs:\n  adopted {}\n  stepped {}", adopted[i], stepped[i]);
    }
    assert_eq!(there.main().iteration(), here.main().iteration());

    // Steps for rows or trainers that changed since are refused, and change nothing.
    let mut moved = session_part_way();
    moved.step(1);
    let before = every_step(&moved);
    assert!(matches!(moved.adopt(&handoff, taken.clone()), Err(Error::StaleSteps)));
    assert_eq!(every_step(&moved), before);
    let mut edited = session_part_way();
    edited.add_point((0.0, 0.0), 0, 1, 0).unwrap();
    assert!(matches!(edited.adopt(&handoff, taken), Err(Error::StaleSteps)));
}
