//! CSV bytes (the first byte picks the settings) -> data set -> a few training steps
//! -> metrics -> every chart on an SVG backend. See `neuron_lab::fuzz::csv_to_charts`.
#![no_main]

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    neuron_lab::fuzz::csv_to_charts(bytes);
});
