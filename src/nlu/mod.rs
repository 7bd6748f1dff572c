//! Customer text -> `Parsed` intent: rules and lexicons (in `data/nlu/`) plus a small learned
//! model; see docs/nlu.md.
//!
//! Layout: `normalize` (text -> tokens), `numbers` (quantities), `lexicon` (the data file),
//! `cues` (cue-phrase matching), `matcher` (catalog products), `intent` (the rules' intent),
//! `act` (speech acts: only a request can be a buy), `features` + `learned` (the learned
//! model and how it joins the rules), `train` (`flashsale nlu train`), `eval` (scoring a
//! labelled file), `parser` (`IntentParser`, gluing them), `model` (the public types and the
//! JSON line).
//! Merchants' times, durations and counts (`when`, `when_en`, `when_zh`, `when_typos`,
//! `duration`, `count`) are read here too.

mod act;
mod count;
mod cues;
mod duration;
pub mod eval;
mod features;
mod intent;
mod learned;
mod lexicon;
mod matcher;
mod model;
mod normalize;
mod numbers;
mod parser;
mod topic;
mod train;
mod when;
mod when_en;
#[cfg(test)]
mod when_tests;
mod when_typos;
mod when_zh;

pub use count::parse_count;
pub(crate) use duration::fold as fold_width;
pub use duration::parse_duration;
pub use model::{
    CatalogEntry, Intent, Lang, Parsed, Pick, QuantityIssue, SURE_BUY, SpeechAct, to_json_line,
};
pub use parser::IntentParser;
pub use topic::{Topic, question_topic};
pub use train::train;
pub use when::{WhenError, parse_when};
