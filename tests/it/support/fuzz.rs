//! A time-boxed fuzz loop on proptest strategies: generate inputs until the budget runs out,
//! and on a panic report the input that caused it. `FUZZ_SECS` sets the budget per target
//! (default 10 s, so CI stays short; raise it for a long run).

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

/// The budget per fuzz target.
pub fn budget() -> Duration {
    let secs = std::env::var("FUZZ_SECS")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .filter(|s| *s > 0)
        .unwrap_or(10);
    Duration::from_secs(secs)
}

/// A runner seeded from the clock (each run explores new inputs) unless `FUZZ_SEED` is set;
/// the seed is printed so a failure can be replayed.
fn runner(name: &str) -> TestRunner {
    let seed = std::env::var("FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos() as u64)
                .unwrap_or(7)
        });
    eprintln!("fuzz {name}: FUZZ_SEED={seed}");
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    TestRunner::new_with_rng(
        Config::default(),
        TestRng::from_seed(RngAlgorithm::ChaCha, &bytes),
    )
}

/// Inputs from `strategy`, generated until [`budget`] runs out (for async checks).
pub fn inputs<S: Strategy>(name: &str, strategy: S) -> impl Iterator<Item = S::Value> {
    let mut runner = runner(name);
    let until = Instant::now() + budget();
    std::iter::from_fn(move || {
        while Instant::now() < until {
            if let Ok(tree) = strategy.new_tree(&mut runner) {
                return Some(tree.current());
            }
        }
        None
    })
}

/// Feeds `check` inputs from `strategy` until [`budget`] runs out; returns how many ran.
/// A panic in `check` fails the test with the offending input.
pub fn fuzz<S, F>(name: &str, strategy: S, mut check: F) -> u64
where
    S: Strategy,
    S::Value: std::fmt::Debug,
    F: FnMut(&S::Value),
{
    let mut cases = 0u64;
    for value in inputs(name, strategy) {
        if catch_unwind(AssertUnwindSafe(|| check(&value))).is_err() {
            panic!("fuzz {name}: failed after {cases} cases on input {value:?}");
        }
        cases += 1;
    }
    eprintln!("fuzz {name}: {cases} cases, no failure");
    cases
}

/// Byte-level mutations of a seed text: replace, insert, delete or truncate at positions
/// drawn by the strategy; the result is lossily re-read as UTF-8.
pub fn mutate(seed: &str, edits: &[(usize, u8, u8)]) -> String {
    let mut bytes = seed.as_bytes().to_vec();
    for &(at, kind, byte) in edits {
        let at = if bytes.is_empty() {
            0
        } else {
            at % (bytes.len() + 1)
        };
        match kind % 4 {
            0 if at < bytes.len() => bytes[at] = byte,
            1 => bytes.insert(at, byte),
            2 if at < bytes.len() => {
                bytes.remove(at);
            }
            3 => bytes.truncate(at),
            _ => bytes.push(byte),
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}
