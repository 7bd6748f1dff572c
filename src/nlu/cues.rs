//! Cue-phrase sets: English cues match as token sequences ('...' skips up to three tokens),
//! Chinese cues as substrings of the compact message.

use std::collections::HashMap;

use super::normalize::{Normalized, normalize};

/// Most tokens a '...' gap in a cue may skip.
const MAX_GAP: usize = 3;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Elem {
    Word(String),
    Gap,
}

/// A compiled set of cue phrases.
#[derive(Debug, Clone, Default)]
pub(crate) struct CueSet {
    /// Token phrases indexed by their first word.
    by_first: HashMap<String, Vec<Vec<Elem>>>,
    /// CJK cues (and one-word cues mixing CJK with Latin or digits), matched on
    /// `Normalized::compact`, indexed by their first char.
    cjk: HashMap<char, Vec<String>>,
}

impl CueSet {
    /// Compiles cue strings from the lexicon.
    pub fn new(cues: &[String]) -> Self {
        let mut set = CueSet::default();
        for cue in cues {
            let mut elems = Vec::new();
            for word in cue.split_whitespace() {
                if word == "..." {
                    elems.push(Elem::Gap);
                } else {
                    let norm = normalize(word);
                    elems.extend(norm.tokens.into_iter().map(|t| Elem::Word(t.text)));
                }
            }
            let all_cjk = !elems.is_empty()
                && elems
                    .iter()
                    .all(|e| matches!(e, Elem::Word(w) if w.chars().all(super::normalize::is_cjk)));
            // "8用", "up主说": one word mixing CJK with Latin or digits matches on the
            // compact message too (its tokens split where the script changes). A gap is a
            // word of its own, so one word never holds one.
            let one_mixed_word =
                !cue.contains(char::is_whitespace) && cue.chars().any(super::normalize::is_cjk);
            if all_cjk || one_mixed_word {
                let cue: String = elems.iter().filter_map(word).collect();
                if let Some(first) = cue.chars().next() {
                    set.cjk.entry(first).or_default().push(cue);
                }
            } else if let Some(Elem::Word(first)) = elems.first() {
                set.by_first.entry(first.clone()).or_default().push(elems);
            }
        }
        set
    }

    /// Whether any cue of the set occurs in the message; `words` are the token texts.
    pub fn matches(&self, norm: &Normalized, words: &[&str]) -> bool {
        let compact = norm.compact.as_str();
        let cjk_hit = compact.char_indices().any(|(at, c)| {
            self.cjk.get(&c).is_some_and(|cues| {
                cues.iter()
                    .any(|cue| compact[at..].starts_with(cue.as_str()))
            })
        });
        cjk_hit
            || words.iter().enumerate().any(|(i, first)| {
                self.by_first.get(*first).is_some_and(|phrases| {
                    phrases.iter().any(|p| match_at(&p[1..], &words[i + 1..]))
                })
            })
    }

    /// Every Latin word used by the cues (they never count as unknown content).
    pub fn latin_words(&self) -> impl Iterator<Item = &str> {
        self.by_first
            .values()
            .flatten()
            .flatten()
            .filter_map(word)
            .filter(|w| !w.chars().any(super::normalize::is_cjk))
    }

    /// Every CJK cue (and CJK words inside mixed cues).
    pub fn cjk_words(&self) -> impl Iterator<Item = &str> {
        let mixed = self.by_first.values().flatten().flatten().filter_map(word);
        self.cjk
            .values()
            .flatten()
            .map(String::as_str)
            .chain(mixed.filter(|w| w.chars().all(super::normalize::is_cjk)))
    }
}

fn word(elem: &Elem) -> Option<&str> {
    match elem {
        Elem::Word(w) => Some(w),
        Elem::Gap => None,
    }
}

/// Matches the remaining cue elements at the start of `words`.
fn match_at(cue: &[Elem], words: &[&str]) -> bool {
    match cue.first() {
        None => true,
        Some(Elem::Word(w)) => {
            words.first().is_some_and(|x| x == w) && match_at(&cue[1..], &words[1..])
        }
        Some(Elem::Gap) => {
            (0..=MAX_GAP.min(words.len())).any(|skip| match_at(&cue[1..], &words[skip..]))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(cues: &[&str]) -> CueSet {
        CueSet::new(&cues.iter().map(|c| c.to_string()).collect::<Vec<_>>())
    }

    impl CueSet {
        fn hits(&self, text: &str) -> bool {
            let norm = normalize(text);
            let words: Vec<&str> = norm.tokens.iter().map(|t| t.text.as_str()).collect();
            self.matches(&norm, &words)
        }
    }

    #[test]
    fn english_cues_match_whole_tokens_in_sequence() {
        let cues = set(&["how much", "price"]);
        assert!(cues.hits("How much is it?"));
        assert!(cues.hits("airpods price"));
        assert!(!cues.hits("much how"));
        assert!(!cues.hits("priceless"));
    }

    #[test]
    fn a_gap_skips_up_to_three_tokens() {
        let cues = set(&["my ... order"]);
        assert!(cues.hits("my moutai order"));
        assert!(cues.hits("my order"));
        assert!(!cues.hits("my a b c d order"));
    }

    #[test]
    fn chinese_cues_match_inside_runs_and_across_spaces() {
        let cues = set(&["多少钱"]);
        assert!(cues.hits("茅台多少钱"));
        assert!(cues.hits("茅台 多少 钱"));
        assert!(!cues.hits("多少"));
    }

    #[test]
    fn mixed_cues_match_as_token_sequences() {
        assert!(set(&["我的 order"]).hits("我的order"));
    }
}
