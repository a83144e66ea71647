//! A projector window follows the lab window (issue 12): its session takes the lab
//! session's steps, bit for bit, whatever the lab window does, and goes on by itself
//! once the lab window is gone.

mod common;

use neuron_lab::data::prep::Prepared;
use neuron_lab::model::NeuronKind;
use neuron_lab::session::{Runner, Session};
use neuron_lab::settings::Settings;
use neuron_lab::Error;
use std::sync::Arc;

/// What the charts and the status draw from: the main neuron's every step, every bit,
/// the current step and the data set's name.
fn shown(s: &Session) -> (Vec<String>, usize, String) {
    let steps = s.main().all_steps().map(|step| serde_json::to_string(&step).unwrap()).collect();
    (steps, s.main().iteration(), s.summary().source)
}

/// The projector window's side, as the page does it (www/projector.js): the rows when
/// their id is new, the steps from the first one it lacks, all of them again when the
/// lab's steps were replaced (its revision changed).
struct Projector {
    session: Session,
    rows: Option<u64>,
    revision: u64,
    has: usize,
}

impl Projector {
    fn new() -> Projector {
        Projector { session: Session::new().unwrap(), rows: None, revision: 0, has: 0 }
    }

    fn sync(&mut self, lab: &Session) {
        let mut mirror = lab.mirror(self.has);
        if self.rows != Some(mirror.rows) || self.revision != mirror.revision {
            mirror = lab.mirror(0);
        }
        let rows = (self.rows != Some(mirror.rows)).then(|| Prepared::from_parts(lab.rows().parts()).unwrap());
        (self.rows, self.revision, self.has) = (Some(mirror.rows), mirror.revision, mirror.from + mirror.states.len());
        self.session.follow(mirror, rows).unwrap();
        assert_eq!(shown(&self.session), shown(lab));
    }
}

/// A run to convergence in the page's worker, from where the lab stands, taken as its own.
fn run_in_the_background(lab: &mut Session, steps: usize) {
    let handoff = lab.handoff();
    let rows = Arc::new(Prepared::from_parts(lab.rows().parts()).unwrap());
    let mut runner = Runner::new(rows, &handoff).unwrap();
    runner.step(steps);
    lab.adopt(&handoff, runner.take_steps()).unwrap();
}

#[test]
fn a_projector_follows_every_step_rewind_edit_data_and_neuron_change_bit_for_bit() {
    let mut lab = Session::new().unwrap();
    let mut projector = Projector::new();
    projector.sync(&lab);
    for n in [1, 1, 1, 10] {
        lab.step(n);
        projector.sync(&lab);
    }
    lab.rewind(3).unwrap();
    projector.sync(&lab);
    lab.step(2);
    projector.sync(&lab);
    // Theta typed by hand: the steps after it are new.
    lab.set_theta(&[0.5, -1.0, 2.0]).unwrap();
    projector.sync(&lab);
    lab.step(4);
    projector.sync(&lab);
    // Back to the start and a run in the background: the steps after the typed theta
    // are replaced by others (the history, not only the current step, must follow).
    lab.reset().unwrap();
    projector.sync(&lab);
    run_in_the_background(&mut lab, 30);
    projector.sync(&lab);
    lab.rewind(12).unwrap();
    projector.sync(&lab);
    // A point added: new rows, the history restarts from the current theta.
    lab.add_point((1.0, -1.0), 0, 1, 1).unwrap();
    projector.sync(&lab);
    lab.step(3);
    projector.sync(&lab);
    // A point far out, unstandardized: a fresh start from the seed's theta would
    // overflow (the fuzzer's case); the projector takes the lab's theta as it is.
    lab.configure(Settings { neuron: NeuronKind::LINEAR, standardize: false, ..Settings::default() }).unwrap();
    projector.sync(&lab);
    lab.set_theta(&[0.5, 0.0, 0.0]).unwrap();
    lab.add_point((1e200, -1e200), 0, 1, 0).unwrap();
    projector.sync(&lab);
    // Another neuron, another data set, a comparison (which stays in the lab window).
    lab.configure(Settings { neuron: NeuronKind::LINEAR, learning_rate: 0.05, ..Settings::default() }).unwrap();
    projector.sync(&lab);
    lab.load_builtin("blobs3", 4, 150, 1.0).unwrap();
    projector.sync(&lab);
    lab.set_compare(Some(NeuronKind::MULTI_LOGISTIC)).unwrap();
    lab.step(25);
    projector.sync(&lab);
    lab.rewind(0).unwrap();
    projector.sync(&lab);

    // The lab window closes: the projector steps on its own, as the lab would have.
    lab.step(30);
    projector.session.step(30);
    assert_eq!(shown(&projector.session), shown(&lab));
}

#[test]
fn steps_that_do_not_follow_are_refused_and_change_nothing() {
    let mut lab = Session::new().unwrap();
    let mut projector = Projector::new();
    projector.sync(&lab);
    lab.step(10);
    let before = shown(&projector.session);
    // A gap: steps from 5 on, when the projector has only step 0.
    assert!(matches!(projector.session.follow(lab.mirror(5), None), Err(Error::OutOfStep)));
    assert_eq!(shown(&projector.session), before);
    // Other settings without their rows.
    let mut other = Session::new().unwrap();
    other.configure(Settings { seed: 9, ..Settings::default() }).unwrap();
    assert!(matches!(projector.session.follow(other.mirror(0), None), Err(Error::OutOfStep)));
    assert_eq!(shown(&projector.session), before);
    // A current step that is not among the steps.
    let mut mirror = lab.mirror(0);
    mirror.iteration = 11;
    assert!(matches!(projector.session.follow(mirror, None), Err(Error::OutOfStep)));
    assert_eq!(shown(&projector.session), before);
    // Once in step again, it follows.
    projector.sync(&lab);
}
