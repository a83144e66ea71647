//! Training in the background: the page's worker runs "Run to convergence" on its
//! own copy of the session's rows and trainers, and the session takes the steps it
//! computed as its own. The same code from the same state on the same rows: the
//! steps are those the session would have taken, bit for bit.

use super::lockstep;
use crate::data::prep::Prepared;
use crate::error::Result;
use crate::settings::Settings;
use crate::train::{State, Trainer};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Where a session's training stands: its rows (by [`Prepared::id`]) and each trainer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Handoff {
    pub rows: u64,
    pub trainers: Vec<Resume>,
}

/// One trainer, as [`Trainer::resume`] goes on from it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Resume {
    pub settings: Settings,
    pub state: State,
    pub iteration: usize,
}

/// The trainers of a [`Handoff`], stepped in lockstep as the session steps them.
pub struct Runner {
    trainers: Vec<Trainer>,
}

impl Runner {
    /// The handoff's trainers on `rows`, which must be the rows the handoff names.
    pub fn new(rows: Arc<Prepared>, handoff: &Handoff) -> Result<Runner> {
        let trainers = handoff
            .trainers
            .iter()
            .map(|r| Trainer::resume(rows.clone(), r.settings.clone().check()?, r.state.clone(), r.iteration))
            .collect::<Result<_>>()?;
        Ok(Runner { trainers })
    }

    /// Up to `n` steps of every trainer, in lockstep.
    pub fn step(&mut self, n: usize) {
        lockstep(&mut self.trainers, n);
    }

    pub fn all_stopped(&self) -> bool {
        self.trainers.iter().all(|t| t.stop().is_some())
    }

    /// The first trainer's step and objective on the training rows (for progress).
    pub fn progress(&self) -> Option<(usize, f64)> {
        let first = self.trainers.first()?;
        Some((first.iteration(), first.snapshot().objective_train))
    }

    /// Each trainer's steps since the last call: what [`crate::session::Session::adopt`] takes.
    pub fn take_steps(&mut self) -> Vec<Vec<State>> {
        self.trainers.iter_mut().map(Trainer::take_steps).collect()
    }
}
