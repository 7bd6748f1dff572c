//! The lexicon data file, embedded at compile time and parsed once per process.
//!
//! Path: `include_str!("../../data/nlu/lexicon.json")` is relative to this file
//! (`src/nlu/lexicon.rs` -> `<crate>/data/nlu/lexicon.json`); adjust it if the data moves.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;

const LEXICON_JSON: &str = include_str!("../../data/nlu/lexicon.json");

/// Strong and weak cue phrases of one intent group.
#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct CueLists {
    /// Cues that decide the intent on their own.
    #[serde(default)]
    pub strong: Vec<String>,
    /// Cues that act only when no strong cue of a higher group matched.
    #[serde(default)]
    pub weak: Vec<String>,
}

/// Everything in `lexicon.json`.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct Lexicon {
    /// Cue lists by group name (`orders`, `remind`, `unknown`, `help_strong`, `list`,
    /// `countdown`, `info`, `buy`, `help`).
    pub intents: HashMap<String, CueLists>,
    /// Latin words that carry no content (never make a message "unknown").
    pub stop_words: Vec<String>,
    /// CJK chars that carry no content.
    pub stop_chars: String,
    /// CJK phrases that carry no content.
    pub stop_phrases: Vec<String>,
    /// Words pointing at the sale in context ("it", "这个").
    pub previous_refs: Vec<String>,
    /// Words asking for every unit of a sale ("all", "全部").
    #[serde(default)]
    pub everything_words: Vec<String>,
    /// Words asking for more than one without saying how many ("a few", "several", "几瓶").
    #[serde(default)]
    pub vague_words: Vec<String>,
    /// Words naming the sale that starts next ("the next sale", "下一场").
    #[serde(default)]
    pub pick_next: Vec<String>,
    /// Words naming the cheapest sale on offer ("the cheapest", "最便宜").
    #[serde(default)]
    pub pick_cheapest: Vec<String>,
    /// Words naming the dearest sale on offer ("the most expensive", "最贵").
    #[serde(default)]
    pub pick_dearest: Vec<String>,
    /// English number words and their values ("couple" = 2, "dozen" = 12).
    pub number_words: HashMap<String, u64>,
    /// English words that multiply the number before them ("two dozen", "a hundred").
    pub number_multipliers: HashMap<String, u64>,
    /// Chinese digit chars.
    pub zh_digits: HashMap<char, u64>,
    /// Chinese small units (十 百 千).
    pub zh_units: HashMap<char, u64>,
    /// Chinese section units (万 亿).
    pub zh_big_units: HashMap<char, u64>,
    /// Chinese numerals that count without a classifier ("茅台要俩").
    pub zh_standalone_numerals: Vec<String>,
    /// Chinese measure words that follow a count (个 台 瓶 ...).
    pub classifiers: String,
    /// Brand word -> catalog keywords of the brand's products.
    pub brands: HashMap<String, Vec<String>>,
    /// Customer word -> catalog keyword it stands for.
    pub synonyms: HashMap<String, String>,
    /// Words after a number that make it a measure, not a count ("53 degree", "10 minutes").
    #[serde(default)]
    pub measure_units: Vec<String>,
    /// Words before a number that make it something else than a count: a time, a price, a
    /// room, an age, a code ("at 3", "room 5", "he's 5", "房间302", "第2次"). Chinese ones
    /// match the end of the run before the number.
    #[serde(default)]
    pub not_count_before: Vec<String>,
    /// Words after a number that do the same ("5 stars", "4 u", "3 o'clock", "5星", "9折").
    /// Chinese ones match the start of the run after it.
    #[serde(default)]
    pub not_count_after: Vec<String>,
    /// Marks right before a number that make it a price or an id ("$199", "#3").
    #[serde(default)]
    pub not_count_marks_before: String,
    /// Marks right after one that make it a share, a time or a score ("50%", "3:30", "10/10").
    #[serde(default)]
    pub not_count_marks_after: String,
    /// Pairs of chars, traditional then simplified ("給给殺杀..."), folded before parsing.
    #[serde(default)]
    pub traditional: String,
}

impl Lexicon {
    /// The embedded lexicon, parsed on first use.
    pub fn get() -> &'static Lexicon {
        static LEXICON: OnceLock<Lexicon> = OnceLock::new();
        LEXICON.get_or_init(|| {
            // The file ships inside the binary; `lexicon_file_parses` guards this invariant.
            serde_json::from_str(LEXICON_JSON).expect("embedded data/nlu/lexicon.json is valid")
        })
    }

    /// Traditional -> simplified char map built from `traditional`.
    pub fn traditional_map(&self) -> HashMap<char, char> {
        let chars: Vec<char> = self.traditional.chars().collect();
        chars.chunks_exact(2).map(|p| (p[0], p[1])).collect()
    }

    /// Cue lists of a group; empty when the file has none.
    pub fn cues(&self, group: &str) -> CueLists {
        self.intents.get(group).cloned().unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexicon_file_parses_and_has_every_cue_group() {
        let lexicon: Lexicon = serde_json::from_str(LEXICON_JSON).unwrap();
        for group in [
            "add_to_order",
            "orders",
            "remind",
            "unknown",
            "help_strong",
            "list",
            "countdown",
            "info",
            "buy",
            "help",
        ] {
            assert!(lexicon.intents.contains_key(group), "missing group {group}");
        }
    }

    #[test]
    fn every_cue_is_lowercase_and_trimmed() {
        for (group, lists) in &Lexicon::get().intents {
            for cue in lists.strong.iter().chain(&lists.weak) {
                assert_eq!(cue, &cue.trim().to_lowercase(), "cue {cue:?} in {group}");
            }
        }
    }
}
