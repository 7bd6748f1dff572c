//! Catalog product matching: title words, keywords, brands and synonyms, plurals and small
//! typos (Damerau-Levenshtein on words of 4+ chars), and Chinese by shared character pairs.

use std::collections::{HashMap, HashSet};

use super::lexicon::Lexicon;
use super::model::CatalogEntry;
use super::normalize::{Normalized, Script, normalize};

/// Weight of a catalog keyword word and of a title word (split among entries sharing it).
const KEYWORD_WEIGHT: f32 = 3.0;
const TITLE_WEIGHT: f32 = 2.0;
/// Weight of a brand word for each of the brand's products.
const BRAND_WEIGHT: f32 = 2.0;
/// Bonus when a whole Chinese keyword or title run appears.
const CJK_FULL_BONUS: f32 = 2.0;
/// A fuzzy hit counts this share of an exact one.
const FUZZY_FACTOR: f32 = 0.8;
/// Shortest word that may be fuzzy-matched.
const FUZZY_MIN_LEN: usize = 4;
/// The best entry is confident when it leads the next by at least this much.
const CONFIDENT_MARGIN: f32 = 1.0;

/// Which parts of a message a product accounted for.
#[derive(Debug, Clone, Default)]
pub(crate) struct ProductHits {
    /// Entry indices with their scores, best first, only those near the best.
    pub ranked: Vec<(usize, f32)>,
    /// Latin tokens that named a product.
    pub latin_tokens: Vec<usize>,
    /// (token, char index) of CJK chars that named a product.
    pub cjk_chars: Vec<(usize, usize)>,
}

impl ProductHits {
    /// The single confident entry, if any.
    pub fn confident(&self) -> Option<usize> {
        match self.ranked.as_slice() {
            [(best, _)] => Some(*best),
            [(best, s0), (_, s1), ..] if s0 - s1 >= CONFIDENT_MARGIN => Some(*best),
            _ => None,
        }
    }
}

/// Product matcher with every lookup table built up front.
#[derive(Debug, Clone, Default)]
pub(crate) struct ProductMatcher {
    exact: HashMap<String, Vec<(usize, f32)>>,
    phrases: Vec<(Vec<String>, usize)>,
    fuzzy_targets: Vec<String>,
    cjk_full: Vec<(String, usize)>,
    bigrams: HashMap<(char, char), Vec<usize>>,
    brand_latin: HashMap<String, Vec<usize>>,
    brand_cjk: Vec<(Vec<char>, Vec<usize>)>,
    /// Words never fuzzy-matched (cue and stop words).
    known_words: HashSet<String>,
    /// (word before, number, entry): "iphone 16", "pro 2", "苹果16" are model numbers.
    model_pairs: Vec<(String, String)>,
}

fn add_exact(map: &mut HashMap<String, Vec<(usize, f32)>>, word: &str, entry: usize, weight: f32) {
    let hits = map.entry(word.to_string()).or_default();
    match hits.iter_mut().find(|(e, _)| *e == entry) {
        Some(hit) => hit.1 = hit.1.max(weight),
        None => hits.push((entry, weight)),
    }
}

impl ProductMatcher {
    /// Builds the tables for `catalog`; `known_words` are never taken for typos of products.
    pub fn new(catalog: &[CatalogEntry], lexicon: &Lexicon, known_words: HashSet<String>) -> Self {
        let stop: HashSet<&str> = lexicon.stop_words.iter().map(String::as_str).collect();
        let mut m = ProductMatcher {
            known_words,
            ..ProductMatcher::default()
        };
        for (entry, item) in catalog.iter().enumerate() {
            let names = std::iter::once((&item.title, TITLE_WEIGHT))
                .chain(item.keywords.iter().map(|k| (k, KEYWORD_WEIGHT)));
            for (name, weight) in names {
                let norm = normalize(name);
                let latin: Vec<&str> = norm
                    .tokens
                    .iter()
                    .filter(|t| t.script == Script::Latin)
                    .map(|t| t.text.as_str())
                    .collect();
                for w in latin
                    .iter()
                    .filter(|w| is_name_word(w) && !stop.contains(**w))
                {
                    add_exact(&mut m.exact, w, entry, weight);
                }
                if latin.len() > 1 && weight == KEYWORD_WEIGHT {
                    add_exact(&mut m.exact, &latin.concat(), entry, weight);
                    m.phrases
                        .push((latin.iter().map(|w| w.to_string()).collect(), entry));
                }
                for t in norm.tokens.iter().filter(|t| t.script == Script::Cjk) {
                    let chars: Vec<char> = t.text.chars().collect();
                    for pair in chars.windows(2) {
                        let hits = m.bigrams.entry((pair[0], pair[1])).or_default();
                        if !hits.contains(&entry) {
                            hits.push(entry);
                        }
                    }
                    if !lexicon.brands.contains_key(&t.text) {
                        m.cjk_full.push((t.text.clone(), entry));
                    }
                }
                if norm.has_cjk && norm.tokens.len() > 1 {
                    m.cjk_full.push((norm.compact.clone(), entry));
                }
                for pair in norm.tokens.windows(2) {
                    if pair[1].text.bytes().all(|b| b.is_ascii_digit()) {
                        m.model_pairs
                            .push((pair[0].text.clone(), pair[1].text.clone()));
                    }
                }
            }
        }
        for hits in m.exact.values_mut() {
            let share = hits.len() as f32;
            hits.iter_mut().for_each(|h| h.1 /= share);
        }
        for (word, target) in &lexicon.synonyms {
            let target = normalize(target).compact;
            if let Some(hits) = m.exact.get(&target).cloned() {
                m.exact.entry(word.clone()).or_insert(hits);
            }
        }
        let entries_with = |keywords: &[String]| -> Vec<usize> {
            (0..catalog.len())
                .filter(|&e| {
                    keywords
                        .iter()
                        .any(|k| catalog[e].keywords.iter().any(|ck| ck.to_lowercase() == *k))
                })
                .collect()
        };
        for (brand, keywords) in &lexicon.brands {
            let entries = entries_with(keywords);
            if brand.chars().any(super::normalize::is_cjk) {
                m.brand_cjk.push((brand.chars().collect(), entries));
            } else {
                m.brand_latin.insert(brand.clone(), entries);
            }
        }
        m.fuzzy_targets = m
            .exact
            .keys()
            .filter(|w| w.chars().count() >= FUZZY_MIN_LEN)
            .cloned()
            .collect();
        m.fuzzy_targets.sort();
        m
    }

    /// Whether `tokens[index]` is a model number ("16" in "iphone 16"), not a quantity.
    pub fn is_model_number(&self, norm: &Normalized, index: usize) -> bool {
        let (Some(prev), Some(this)) = (
            index.checked_sub(1).and_then(|i| norm.tokens.get(i)),
            norm.tokens.get(index),
        ) else {
            return false;
        };
        self.model_pairs
            .iter()
            .any(|(before, number)| *number == this.text && prev.text.ends_with(before.as_str()))
    }

    /// Scores every entry against the message.
    pub fn score(&self, norm: &Normalized, entries: usize) -> ProductHits {
        let mut scores = vec![0.0f32; entries];
        let mut hits = ProductHits::default();
        let add = |scores: &mut Vec<f32>, list: &[(usize, f32)], factor: f32| {
            list.iter().for_each(|&(e, w)| scores[e] += w * factor);
        };
        for (i, token) in norm.tokens.iter().enumerate() {
            if token.script == Script::Cjk {
                self.score_cjk(i, &token.text, &mut scores, &mut hits);
                continue;
            }
            let word = token.text.as_str();
            if let Some(list) = self.exact.get(word) {
                add(&mut scores, list, 1.0);
            } else if let Some(list) = self.brand_latin.get(word) {
                list.iter().for_each(|&e| scores[e] += BRAND_WEIGHT);
            } else if let Some(list) = self.plural(word) {
                add(&mut scores, list, 1.0);
            } else if let Some(list) = self.fuzzy(word) {
                add(&mut scores, list, FUZZY_FACTOR);
            } else {
                continue;
            }
            hits.latin_tokens.push(i);
        }
        let words: Vec<&str> = norm.tokens.iter().map(|t| t.text.as_str()).collect();
        for (phrase, entry) in &self.phrases {
            if words
                .windows(phrase.len())
                .any(|w| w.iter().zip(phrase).all(|(a, b)| a == b))
            {
                scores[*entry] += KEYWORD_WEIGHT;
            }
        }
        for (full, entry) in &self.cjk_full {
            if norm.compact.contains(full.as_str()) {
                scores[*entry] += CJK_FULL_BONUS;
            }
        }
        let best = scores.iter().copied().fold(0.0f32, f32::max);
        if best > 0.0 {
            let mut ranked: Vec<(usize, f32)> = scores
                .iter()
                .copied()
                .enumerate()
                .filter(|&(_, s)| s >= best * 0.5)
                .collect();
            ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            hits.ranked = ranked;
        }
        hits
    }

    fn score_cjk(&self, index: usize, run: &str, scores: &mut [f32], hits: &mut ProductHits) {
        let chars: Vec<char> = run.chars().collect();
        let mut brand_chars = vec![false; chars.len()];
        for (brand, entries) in &self.brand_cjk {
            for start in find_all(&chars, brand) {
                brand_chars[start..start + brand.len()]
                    .iter_mut()
                    .for_each(|b| *b = true);
                entries.iter().for_each(|&e| scores[e] += BRAND_WEIGHT);
                hits.cjk_chars
                    .extend((start..start + brand.len()).map(|c| (index, c)));
            }
        }
        for (pos, pair) in chars.windows(2).enumerate() {
            if brand_chars[pos] && brand_chars[pos + 1] {
                continue;
            }
            if let Some(entries) = self.bigrams.get(&(pair[0], pair[1])) {
                entries.iter().for_each(|&e| scores[e] += 1.0);
                hits.cjk_chars.extend([(index, pos), (index, pos + 1)]);
            }
        }
    }

    /// Singular of a plural product word: "switches" -> switch, "kindles" -> kindle.
    fn plural(&self, word: &str) -> Option<&[(usize, f32)]> {
        [word.strip_suffix("es"), word.strip_suffix('s')]
            .into_iter()
            .flatten()
            .filter(|stem| stem.len() >= 3)
            .find_map(|stem| self.exact.get(stem).map(Vec::as_slice))
    }

    /// Closest product word within the typo budget, same first letter.
    fn fuzzy(&self, word: &str) -> Option<&[(usize, f32)]> {
        let len = word.chars().count();
        if len < FUZZY_MIN_LEN
            || self.known_words.contains(word)
            || word.bytes().any(|b| b.is_ascii_digit())
        {
            return None;
        }
        let budget = if len >= 7 { 2 } else { 1 };
        let first = word.chars().next();
        self.fuzzy_targets
            .iter()
            .filter(|t| t.chars().next() == first)
            .map(|t| (strsim::damerau_levenshtein(word, t), t))
            .filter(|(d, _)| *d <= budget)
            .min_by_key(|(d, _)| *d)
            .and_then(|(_, t)| self.exact.get(t).map(Vec::as_slice))
    }
}

/// A product word: has a letter and more than one char ("v15", "oled"; not "2" or "e").
fn is_name_word(word: &str) -> bool {
    word.chars().count() > 1 && word.chars().any(char::is_alphabetic)
}

/// Start indices of every occurrence of `needle` in `hay`.
pub(crate) fn find_all(hay: &[char], needle: &[char]) -> Vec<usize> {
    if needle.is_empty() || needle.len() > hay.len() {
        return Vec::new();
    }
    (0..=hay.len() - needle.len())
        .filter(|&i| hay[i..i + needle.len()] == *needle)
        .collect()
}

#[cfg(test)]
#[path = "matcher_tests.rs"]
mod tests;
