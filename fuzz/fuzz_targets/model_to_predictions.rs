//! Model-file bytes (optionally `\n---\n` and a CSV) -> classify. See
//! `neuron_lab::fuzz::model_to_predictions`.
#![no_main]

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    neuron_lab::fuzz::model_to_predictions(bytes);
});
