//! The session the page holds: data, settings, the compared neurons and edits stay
//! consistent whatever order the clicks come in.

use neuron_lab::data::Columns;
use neuron_lab::model::NeuronKind;
use neuron_lab::session::Session;
use neuron_lab::settings::Settings;

fn session() -> Session {
    Session::new().expect("the default session")
}

#[test]
fn removing_points_again_and_again_keeps_every_copy_of_the_rows_in_step() {
    let mut s = session();
    s.set_compare(Some(NeuronKind::LogisticSe)).unwrap();
    let rows = s.data().rows();
    s.remove_row(rows - 1).unwrap();
    s.remove_row(rows - 2).unwrap();
    s.remove_row(0).unwrap();
    assert_eq!(s.data().rows(), rows - 3);
    for which in 0..2 {
        let t = s.trainer(which).unwrap();
        assert_eq!(t.data().rows(), rows - 3);
        let p = t.prepared();
        assert_eq!(p.train_rows.len() + p.validation_rows.len(), rows - 3);
    }
    assert!(s.remove_row(rows).is_err(), "a row that is not there is an error, not a panic");
    s.add_point((1.0, 2.0), 0, 1, 1).unwrap();
    assert_eq!(s.data().rows(), rows - 2);
    s.configure(Settings { seed: 4, ..Settings::default() }).unwrap();
    assert_eq!(s.summary().rows, rows - 2, "a restart keeps the rows as edited");
    assert_eq!(s.summary().train_rows + s.summary().validation_rows, rows - 2);
}

#[test]
fn a_comparison_started_after_edits_trains_on_the_same_rows_and_split() {
    let mut s = session();
    s.step(5);
    s.add_point((0.5, 0.5), 0, 1, 0).unwrap();
    s.remove_row(2).unwrap();
    s.set_compare(Some(NeuronKind::LogisticSe)).unwrap();
    let (a, b) = (s.trainer(0).unwrap(), s.trainer(1).unwrap());
    assert_eq!(a.prepared().train_rows, b.prepared().train_rows);
    assert_eq!(a.prepared().validation_rows, b.prepared().validation_rows);
    assert_eq!(a.data(), b.data());
}

#[test]
fn the_compared_neuron_joins_at_the_current_step_and_stays_in_step() {
    let mut s = session();
    s.step(7);
    s.set_compare(Some(NeuronKind::Softmax)).unwrap();
    assert_eq!(s.trainer(1).unwrap().iteration(), 7);
    s.set_theta(&[0.1, 0.2, 0.3]).unwrap();
    assert_eq!(s.trainer(1).unwrap().iteration(), 8, "an edit step on both");
    s.step(3);
    assert_eq!((s.main().iteration(), s.trainer(1).unwrap().iteration()), (11, 11));
    s.rewind(4).unwrap();
    assert_eq!(s.trainer(1).unwrap().iteration(), 4);
    s.set_compare(Some(NeuronKind::LogisticSe)).unwrap();
    s.set_theta(&[0.5, 0.5, 0.5]).unwrap();
    assert_eq!(s.trainer(1).unwrap().theta().as_slice(), [0.5, 0.5, 0.5], "the same shape takes the same theta");
    assert_eq!(s.theta_edits().len(), 1, "after a rewind to 4, only the new edit is on the path");
}

#[test]
fn more_classes_switch_a_binary_neuron_to_softmax_and_end_a_binary_comparison() {
    let mut s = session();
    s.set_compare(Some(NeuronKind::LogisticSe)).unwrap();
    s.load_builtin("blobs3", 0, 0).unwrap();
    let summary = s.summary();
    assert_eq!(summary.neuron, "softmax");
    assert!(summary.compare.is_none());
    let notice = summary.notice.unwrap();
    assert!(notice.contains("now softmax") && notice.contains("comparison with logistic-se ended"), "{notice}");
}

#[test]
fn an_upload_suggests_target_and_id_columns_and_a_bad_one_changes_nothing() {
    let mut s = session();
    s.step(3);
    let preview = s.preview_csv(b"Obs No.,x,Buy\n1,0.5,1\n2,0.1,0\n3,0.7,1\n4,0.2,0\n", "kids.csv").unwrap();
    assert_eq!(
        (preview.suggested_target.as_str(), preview.suggested_drop.as_slice()),
        ("Buy", ["Obs No.".to_string()].as_slice())
    );
    assert!(s.preview_csv(b"a,b\n1\n", "bad.csv").is_err());
    let columns = Columns { target: "Buy".into(), drop: vec!["Obs No.".into()], positive: None };
    assert!(
        s.use_csv(&columns).unwrap_err().to_string().contains("no CSV file is waiting"),
        "the bad file replaced the good one"
    );
    assert_eq!(s.summary().source, "separable");
    assert_eq!(s.main().iteration(), 3);
    s.preview_csv(b"Obs No.,x,Buy\n1,0.5,1\n2,0.1,0\n3,0.7,1\n4,0.2,0\n", "kids.csv").unwrap();
    s.use_csv(&columns).unwrap();
    assert_eq!(s.summary().features, ["x"]);
}

#[test]
fn thresholds_outside_0_to_1_are_refused_by_the_core() {
    let s = session();
    assert!(s.model(1.5).unwrap_err().to_string().contains("threshold = 1.5"));
    assert!(s.classify(b"x1,x2\n1,2\n", -0.1).is_err());
    let (classified, csv) = s.classify(b"x1,x2\n1,2\n", 0.5).unwrap();
    assert_eq!(classified.predictions.len(), 1);
    assert!(csv.starts_with("x1,x2,predicted class,P(class = 1)"));
}

#[test]
fn k_outputs_on_two_classes_head_their_probability_as_the_predicted_class() {
    let mut s = session();
    s.configure(Settings { neuron: NeuronKind::Softmax, ..Settings::default() }).unwrap();
    let (classified, _) = s.classify(b"x1,x2\n1,2\n", 0.5).unwrap();
    assert_eq!(classified.probability_heading, "P(predicted)");
}

#[test]
fn the_most_target_like_column_is_suggested_wherever_it_stands() {
    let mut s = session();
    let preview = s.preview_csv(b"x,y,label\n1,2,a\n3,4,b\n", "xy.csv").unwrap();
    assert_eq!(preview.suggested_target, "label");
    let only_y = s.preview_csv(b"a,y,b\n1,2,3\n4,5,6\n", "y.csv").unwrap();
    assert_eq!(only_y.suggested_target, "y");
}
