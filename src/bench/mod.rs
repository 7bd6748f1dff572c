//! `flashsale bench`: a simulated sale through the real gate and order writer (or the naive
//! SQL baseline), reported as the JSON object DESIGN.md specifies.

mod observed;
mod plan;
mod report;
mod run;

pub use plan::{Attempt, Plan};
pub use report::BenchReport;
pub use run::{BenchBackend, BenchSettings, run_bench};
