//! Mini-batches: B = N is the lecture's batch step bit for bit; smaller batches count
//! epochs, judge eta and epsilon on the full-data objective at each epoch's end, and
//! are reproducible from the seed (also when computed in the page's worker).

mod common;

use common::{builtin, kid_creative, trainer};
use neuron_lab::data::prep::Part;
use neuron_lab::model::NeuronKind;
use neuron_lab::session::Session;
use neuron_lab::settings::{Settings, Threshold};
use neuron_lab::train::{Snapshot, Stop, Trainer};

fn run(data: neuron_lab::data::Dataset, settings: Settings, steps: usize) -> (Trainer, Vec<Snapshot>) {
    let mut t = trainer(data, settings);
    t.run(steps);
    let all = t.all_steps().collect();
    (t, all)
}

/// Every number of every step, as text that tells every bit apart.
fn bits(steps: &[Snapshot]) -> Vec<String> {
    steps.iter().map(|s| serde_json::to_string(s).unwrap()).collect()
}

#[test]
fn a_batch_of_every_row_takes_the_lectures_batch_steps_bit_for_bit() {
    let n = trainer(kid_creative(), Settings::default()).part_x(Part::Train).rows();
    let (_, batch) = run(kid_creative(), Settings::default(), usize::MAX);
    assert_eq!(batch.last().unwrap().stop, Some(Stop::Converged));
    for b in [n, n + 1, 10 * n] {
        let (_, same) = run(kid_creative(), Settings { batch_size: b, ..Settings::default() }, usize::MAX);
        assert_eq!(bits(&same), bits(&batch), "B = {b} of N = {n}");
    }
    // One row short of N is two batches an epoch: other steps.
    let (_, two) = run(kid_creative(), Settings { batch_size: n - 1, ..Settings::default() }, 20);
    assert_ne!(bits(&two[..3]), bits(&batch[..3]));
}

#[test]
fn epochs_are_counted_and_the_full_objective_changes_only_at_their_ends() {
    let settings = Settings { batch_size: 30, train_fraction: 1.0, ..Settings::default() };
    let (t, steps) = run(builtin("overlapping"), settings, 40);
    let n = t.part_x(Part::Train).rows();
    assert_eq!(n, 200);
    assert_eq!(t.steps_per_epoch(), 7, "ceil(200 / 30)");
    for pair in steps.windows(2) {
        let (before, s) = (&pair[0], &pair[1]);
        assert_eq!(s.epoch, s.iteration / 7);
        assert_eq!(s.epoch_end, s.iteration % 7 == 0, "step {}", s.iteration);
        assert!(s.batch_objective.is_some_and(f64::is_finite));
        if !s.epoch_end {
            assert_eq!(s.objective_train, before.objective_train, "within an epoch, step {}", s.iteration);
            assert_eq!(s.change, None);
        }
    }
    // Each epoch its own order: the batch objectives of epoch 2 are not those of epoch 1
    // (at a theta that hardly moved, the same batches would give nearly the same values).
    let epoch = |e: usize| steps[7 * e + 1..=7 * e + 7].iter().map(|s| s.batch_objective.unwrap()).collect::<Vec<_>>();
    assert_ne!(epoch(1), epoch(2));
    // The full-data objective at each epoch's end is the one the batch trainer reports there.
    let end = &steps[14];
    let check = trainer(
        builtin("overlapping"),
        Settings {
            train_fraction: 1.0,
            init: neuron_lab::settings::Init::Given(end.theta.clone()),
            ..Settings::default()
        },
    );
    assert_eq!(check.snapshot().objective_train, end.objective_train);
}

#[test]
fn mini_batches_and_stochastic_steps_learn_what_batch_steps_learn() {
    for (data, kind) in [("separable", NeuronKind::LOGISTIC), ("blobs3", NeuronKind::SOFTMAX)] {
        for b in [1, 16] {
            let settings = Settings { neuron: kind, batch_size: b, max_iterations: 3000, ..Settings::default() };
            let mut t = trainer(builtin(data), settings);
            let last = t.run(usize::MAX);
            let accuracy = t.evaluate(Part::Validation, Threshold::HALF).accuracy.unwrap();
            assert!(accuracy >= 0.95, "{data}, B = {b}: validation accuracy {accuracy} after {}", last.iteration);
        }
    }
    // On KidCreative, mini-batches of 32 reach the batch optimum's neighbourhood: a
    // batch's gradient is not the full one, so they hover near the optimum, not at it
    // (-0.1565 after 5,000 steps, against the optimum's -0.1455).
    let mut batch = trainer(kid_creative(), Settings { epsilon: 1e-9, ..Settings::default() });
    let optimum = batch.run(usize::MAX).objective_train;
    let mut mini = trainer(
        kid_creative(),
        Settings { batch_size: 32, epsilon: 1e-9, max_iterations: 5000, ..Settings::default() },
    );
    let reached = mini.run(usize::MAX);
    assert!(reached.objective_train > optimum - 0.02, "mini-batch {} vs batch {optimum}", reached.objective_train);
    assert!(reached.objective_train <= optimum + 1e-9);
}

#[test]
fn an_epoch_that_makes_the_full_objective_worse_is_undone_and_eta_shrinks() {
    // Far too large a rate: the first epoch overshoots.
    let settings = Settings { batch_size: 10, learning_rate: 50.0, train_fraction: 1.0, ..Settings::default() };
    let (t, steps) = run(builtin("overlapping"), settings, 60);
    let undone: Vec<&Snapshot> = steps.iter().filter(|s| !s.accepted).collect();
    assert!(!undone.is_empty(), "some epoch was undone");
    for s in undone {
        assert!(s.epoch_end, "only at an epoch's end, step {}", s.iteration);
        // Back to theta at the epoch's start (the last epoch's end, or step 0).
        assert_eq!(s.theta, steps[s.iteration - t.steps_per_epoch()].theta, "step {}", s.iteration);
        if let Some(next) = steps.get(s.iteration + 1) {
            assert_eq!(next.learning_rate, 0.5 * s.learning_rate, "eta halves after step {}", s.iteration);
        }
    }
}

#[test]
fn epsilon_judges_the_full_objective_between_epoch_ends() {
    let settings = Settings { batch_size: 50, epsilon: 1e-5, ..Settings::default() };
    let (_, steps) = run(kid_creative(), settings, usize::MAX);
    let last = steps.last().unwrap();
    assert_eq!(last.stop, Some(Stop::Converged));
    assert!(last.epoch_end && last.change.unwrap().abs() < 1e-5);
}

#[test]
fn mini_batch_steps_run_in_the_background_are_the_sessions_own_and_rewind_exactly() {
    let start = || {
        let mut s = Session::new().unwrap();
        s.load_builtin("overlapping", 3, 300, 1.0).unwrap();
        s.configure(Settings { batch_size: 8, max_iterations: 400, ..Settings::default() }).unwrap();
        s.step(30);
        s
    };
    let mut here = start();
    here.step(usize::MAX);
    let stepped: Vec<Snapshot> = here.main().all_steps().collect();
    let mut there = start();
    let handoff = there.handoff();
    let rows = std::sync::Arc::new(neuron_lab::data::prep::Prepared::from_parts(there.rows().parts()).unwrap());
    let mut runner = neuron_lab::session::Runner::new(rows, &handoff).unwrap();
    let mut taken = vec![Vec::new()];
    while !runner.all_stopped() {
        runner.step(13);
        for (all, steps) in taken.iter_mut().zip(runner.take_steps()) {
            all.extend(steps);
        }
    }
    there.adopt(&handoff, taken).unwrap();
    assert_eq!(bits(&there.main().all_steps().collect::<Vec<_>>()), bits(&stepped));
    // Rewound and stepped again: the same steps.
    here.rewind(17).unwrap();
    let mut again = start();
    again.rewind(17).unwrap();
    again.step(usize::MAX);
    assert_eq!(bits(&again.main().all_steps().collect::<Vec<_>>()), bits(&stepped));
}
