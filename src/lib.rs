//! Neuron Lab: the single-layer neurons of the lecture "Artificial Neurons",
//! trained one batch gradient step at a time.
//!
//! Everything here is plain Rust, tested natively; `web` (the page's `Lab`) and
//! `worker` (its Web Worker's reading and training) are the thin `#[wasm_bindgen]`
//! boundaries the page talks to.

#[cfg(target_arch = "wasm32")]
pub mod canvas;
pub mod chart;
pub mod data;
pub mod error;
pub mod explain;
pub mod export;
#[doc(hidden)]
#[cfg(not(target_arch = "wasm32"))]
pub mod fuzz;
pub mod math;
pub mod metrics;
pub mod model;
pub mod newton;
pub mod order;
pub mod persist;
pub mod session;
pub mod settings;
pub mod theta;
pub mod train;
#[cfg(target_arch = "wasm32")]
pub mod web;
#[cfg(target_arch = "wasm32")]
pub mod worker;

pub use error::{Error, Result};
