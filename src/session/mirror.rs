//! A projector window: a second page that shows what the lab window shows, and
//! follows it step by step. The lab window's session gives a [`Mirror`] of its main
//! trainer (its steps from the first the projector lacks); the projector's session
//! follows it, on the same rows (sent when they change). No step is computed twice:
//! the projector takes the lab window's steps, bit for bit. It shows the main neuron
//! only (a comparison stays in the lab window).

use super::Session;
use crate::data::prep::Prepared;
use crate::error::{Error, Result};
use crate::settings::Settings;
use crate::train::{State, Trainer};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// The main trainer's steps from `from` on, and what they were computed on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mirror {
    /// The rows' id ([`Prepared::id`]): the projector asks for the rows when it changes.
    pub rows: u64,
    /// The data set's name, for the header.
    pub source: String,
    pub settings: Settings,
    /// The first step in `states`.
    pub from: usize,
    pub states: Vec<State>,
    /// The current step (after a rewind, before the last one computed).
    pub iteration: usize,
    /// The main trainer's [`Trainer::revision`]: when it changes, steps a projector has
    /// may have been replaced, and it needs them all (`from` 0).
    pub revision: u64,
}

impl Session {
    /// The main trainer's steps from `from` (0 for all of them), and the step it is at.
    pub fn mirror(&self, from: usize) -> Mirror {
        let main = self.main();
        let from = from.min(main.steps_taken());
        Mirror {
            rows: self.rows.id(),
            source: self.source.clone(),
            settings: main.settings().clone(),
            from,
            states: main.states_from(from).to_vec(),
            iteration: main.iteration(),
            revision: main.revision(),
        }
    }

    /// Shows what `mirror` shows: on `rows` (the rows it names) when given, as a new
    /// session with its settings whose trainer starts from the mirror's first step (none
    /// computed here), else on the rows followed so far, whose settings must be the
    /// mirror's; the main trainer then takes its steps. Refused, changing nothing, when
    /// the steps do not follow from those this session has ([`Error::OutOfStep`]).
    pub fn follow(&mut self, mirror: Mirror, rows: Option<Prepared>) -> Result<()> {
        let Mirror { source, settings, from, states, iteration, .. } = mirror;
        let Some(rows) = rows else {
            if self.main().settings() != &settings || self.trainers.len() != 1 {
                return Err(Error::OutOfStep);
            }
            return self.follow_steps(from, states, iteration);
        };
        let first = states.first().ok_or(Error::OutOfStep)?.clone();
        let rows = Arc::new(rows);
        let trainer = Trainer::resume(rows.clone(), settings.clone().check()?, first, from)?;
        let mut next = Session::with_trainer(rows, source, None, settings, trainer);
        next.follow_steps(from, states, iteration)?;
        *self = next;
        Ok(())
    }

    fn follow_steps(&mut self, from: usize, states: Vec<State>, iteration: usize) -> Result<()> {
        self.trainers[0].follow(from, states, iteration)?;
        self.evaluations.borrow_mut().clear();
        self.forget_plots();
        Ok(())
    }
}
