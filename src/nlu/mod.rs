//! Customer text -> `Parsed` intent: rules and lexicons (in `data/nlu/lexicon.json`), no models.
//!
//! Layout: `normalize` (text -> tokens), `numbers` (quantities), `lexicon` (the data file),
//! `cues` (cue-phrase matching), `matcher` (catalog products), `intent` (deciding the intent),
//! `parser` (`IntentParser`, gluing them), `model` (the public types and the JSON line).
//! Merchants' times, durations and counts (`when`, `when_zh`, `duration`, `count`) are read
//! here too.

mod count;
mod cues;
mod duration;
mod intent;
mod lexicon;
mod matcher;
mod model;
mod normalize;
mod numbers;
mod parser;
mod when;
mod when_en;
#[cfg(test)]
mod when_tests;
mod when_typos;
mod when_zh;

pub use count::parse_count;
pub(crate) use duration::fold as fold_width;
pub use duration::parse_duration;
pub use model::{CatalogEntry, Intent, Lang, Parsed, QuantityIssue, to_json_line};
pub use parser::IntentParser;
pub use when::{WhenError, parse_when};
