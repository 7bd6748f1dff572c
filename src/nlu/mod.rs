//! Customer text -> `Parsed` intent: rules and lexicons (in `data/nlu/lexicon.json`), no models.
//!
//! Layout: `normalize` (text -> tokens), `numbers` (quantities), `lexicon` (the data file),
//! `cues` (cue-phrase matching), `matcher` (catalog products), `intent` (deciding the intent),
//! `parser` (`IntentParser`, gluing them), `model` (the public types and the JSON line).
//! Merchants' times and durations (`when`, `when_zh`, `duration`) are read here too.

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
#[cfg(test)]
mod when_tests;
mod when_zh;

pub(crate) use duration::fold as fold_width;
pub use duration::parse_duration;
pub use model::{CatalogEntry, Intent, Lang, Parsed, QuantityIssue, SpeechAct, to_json_line};
pub use parser::IntentParser;
pub use when::{WhenError, parse_when};
