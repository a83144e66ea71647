//! The fuzzers on stable Rust: the seed corpus of `fuzz/corpus/`, mutated with a
//! seeded generator, through the same paths as the cargo-fuzz targets
//! (`neuron_lab::fuzz`). Nothing is caught: a panic fails the test, and a case that
//! runs longer than 10 s ends the process, its input saved.
//!
//! Ignored by `cargo test`; `scripts/fuzz` runs it where nightly or cargo-fuzz is
//! missing: `cargo test --release --test mutation -- --ignored --nocapture`.
//! NEURON_LAB_FUZZ_SECONDS (default 30) bounds each target's time and
//! NEURON_LAB_FUZZ_SEED (default 0) picks the mutations.

use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The largest input tried, as libFuzzer's default `-max_len`.
const MAX_LEN: usize = 4096;

/// Bytes that make CSV and JSON interesting: delimiters, quotes, line ends, numbers at
/// the edges of f64, names that repeat.
const DICTIONARY: &[&[u8]] = &[
    b",",
    b";",
    b"\t",
    b"\"",
    b"\n",
    b"\r\n",
    b"\r",
    b"\xef\xbb\xbf",
    b"1e308",
    b"-1.7976931348623157e308",
    b"1.7976931348623157e308",
    b"5e-324",
    b"1e-13",
    b"NaN",
    b"inf",
    b"-0",
    b"0",
    b"1",
    b"yes",
    b"class",
    b"\"\"",
    b"1e999",
    b"null",
    b"[]",
    b"{}",
    b"\"softmax\"",
    b"\"logistic\"",
    b"\"linear\"",
    b"9223372036854775808",
    b"\n---\n",
];

fn corpus(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus").join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{}: no seed files", dir.display());
    files.into_iter().map(|path| (path.clone(), std::fs::read(&path).unwrap())).collect()
}

/// One to eight edits: bits flipped, bytes replaced, dictionary words inserted, ranges
/// deleted or repeated, or a piece of another seed spliced in.
fn mutate(rng: &mut ChaCha8Rng, seeds: &[(PathBuf, Vec<u8>)], input: &mut Vec<u8>) {
    for _ in 0..rng.gen_range(1..=8) {
        let len = input.len();
        let at = if len == 0 { 0 } else { rng.gen_range(0..len) };
        match rng.gen_range(0..7) {
            0 if len > 0 => input[at] ^= 1 << rng.gen_range(0..8),
            1 if len > 0 => input[at] = rng.gen(),
            2 | 3 => {
                let word = DICTIONARY.choose(rng).unwrap();
                input.splice(at..at, word.iter().copied());
            }
            4 if len > 0 => {
                let end = (at + rng.gen_range(1..=16)).min(len);
                input.drain(at..end);
            }
            5 if len > 0 => {
                let end = (at + rng.gen_range(1..=64)).min(len);
                let piece = input[at..end].to_vec();
                for _ in 0..rng.gen_range(1..=8) {
                    input.splice(at..at, piece.iter().copied());
                }
            }
            _ => {
                let other = &seeds.choose(rng).unwrap().1;
                if !other.is_empty() {
                    let from = rng.gen_range(0..other.len());
                    let end = (from + rng.gen_range(1..=128)).min(other.len());
                    input.splice(at..at, other[from..end].iter().copied());
                }
            }
        }
    }
    input.truncate(MAX_LEN);
}

fn seconds() -> u64 {
    std::env::var("NEURON_LAB_FUZZ_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(30)
}

fn seed() -> u64 {
    std::env::var("NEURON_LAB_FUZZ_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(0)
}

/// Where a failing input is saved: `target/mutation/<target>-crash`.
fn crash_file(target: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/mutation");
    let _ = std::fs::create_dir_all(&dir);
    dir.join(format!("{target}-crash"))
}

/// Runs `exercise` on every seed as it is, then on mutations of them for the time
/// allowed. The input of the case being run is kept, so that a panic (the hook) or
/// a hang (the watchdog thread) saves it before the test fails.
fn run(target: &'static str, exercise: fn(&[u8]) -> bool) {
    let seeds = corpus(target);
    let current: Arc<Mutex<Vec<u8>>> = Arc::default();
    let started_case = Arc::new(AtomicU64::new(0));
    let clock = Instant::now();
    let saved = Arc::clone(&current);
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if let Ok(input) = saved.try_lock() {
            let _ = std::fs::write(crash_file(target), &*input);
            eprintln!(
                "{target}: the input is saved in {}: {:?}",
                crash_file(target).display(),
                String::from_utf8_lossy(&input)
            );
        }
        default_hook(info);
    }));
    {
        let (current, started_case) = (Arc::clone(&current), Arc::clone(&started_case));
        std::thread::spawn(move || loop {
            std::thread::sleep(Duration::from_millis(500));
            let since = (clock.elapsed().as_millis() as u64).saturating_sub(started_case.load(Ordering::Relaxed));
            if since > 10_000 {
                let input = current.lock().map(|i| i.clone()).unwrap_or_default();
                let _ = std::fs::write(crash_file(target), &input);
                eprintln!("{target}: a case ran for 10 s: a hang; its input is in {}", crash_file(target).display());
                std::process::exit(101);
            }
        });
    }
    let run_case = |input: &[u8]| {
        *current.lock().unwrap() = input.to_vec();
        started_case.store(clock.elapsed().as_millis() as u64, Ordering::Relaxed);
        exercise(input)
    };
    for (_, bytes) in &seeds {
        run_case(bytes);
    }
    let mut rng = ChaCha8Rng::seed_from_u64(seed());
    let deadline = Duration::from_secs(seconds());
    let (mut cases, mut through) = (0u64, 0u64);
    while clock.elapsed() < deadline {
        let mut input = seeds.choose(&mut rng).unwrap().1.clone();
        mutate(&mut rng, &seeds, &mut input);
        through += u64::from(run_case(&input));
        cases += 1;
    }
    println!(
        "{target}: {cases} mutated cases ({through} all the way through) in {:.1} s (seed {}), no failure",
        clock.elapsed().as_secs_f64(),
        seed()
    );
    // The watchdog must not end a later test: park it by marking this case finished far ahead.
    started_case.store(u64::MAX / 2, Ordering::Relaxed);
}

#[test]
#[ignore = "about 30 s a target; run by scripts/fuzz"]
fn mutated_csv_files_train_and_chart_without_panicking() {
    run("csv_to_charts", neuron_lab::fuzz::csv_to_charts);
}

#[test]
#[ignore = "about 30 s a target; run by scripts/fuzz"]
fn mutated_model_files_classify_without_panicking() {
    run("model_to_predictions", neuron_lab::fuzz::model_to_predictions);
}

/// The seeds alone, in the normal test run: the fuzz paths compile and pass on them.
#[test]
fn every_seed_passes_both_fuzz_paths() {
    // A seed named `refused-...` is one the core refuses with a message.
    let expected = |path: &Path| !path.file_name().unwrap().to_string_lossy().starts_with("refused-");
    for (path, bytes) in corpus("csv_to_charts") {
        assert_eq!(neuron_lab::fuzz::csv_to_charts(&bytes), expected(&path), "{} reaches the charts", path.display());
    }
    for (path, bytes) in corpus("model_to_predictions") {
        assert_eq!(neuron_lab::fuzz::model_to_predictions(&bytes), expected(&path), "{}", path.display());
    }
}
