//! The words of a message that name nothing the parser knows: "iphone" in "when does the
//! iphone start" when no sale sells one. They name the product a shopper asked about.

use super::*;

/// Buying and selling verbs trimmed off a CJK product name.
const VERBS: &str = "买卖抢要想购入";

impl IntentParser {
    /// Content words that are neither cues, numbers, stop words nor a current product,
    /// joined by spaces (CJK runs kept whole); `None` when there are none.
    pub fn unnamed_product(&self, text: &str) -> Option<String> {
        let norm = normalize_with(text, &self.fold);
        let hits = self.matcher.score(&norm, self.ids.len());
        if !hits.ranked.is_empty() {
            return None;
        }
        let mentions = numbers::mentions(self.lexicon, &norm.tokens);
        let mut words: Vec<String> = Vec::new();
        for (i, token) in norm.tokens.iter().enumerate() {
            if token.script == Script::Latin {
                let known = self.known_latin.contains(&token.text)
                    || read_digits(&token.text).is_some()
                    || !token.text.chars().any(char::is_alphanumeric);
                if !known {
                    words.push(token.text.clone());
                }
                continue;
            }
            let chars: Vec<char> = token.text.chars().collect();
            let covered = self.covered_cjk(&chars, i, &mentions);
            let mut run = String::new();
            for (c, done) in chars.iter().zip(&covered) {
                if *done {
                    if run.chars().count() >= CJK_LEFTOVER_LIMIT {
                        words.push(std::mem::take(&mut run));
                    }
                    run.clear();
                } else if !c.is_ascii_punctuation() {
                    run.push(*c);
                }
            }
            if run.chars().count() >= CJK_LEFTOVER_LIMIT {
                words.push(run);
            }
            // "卖戴森" names 戴森: verbs of buying and selling around a product are not it.
            for w in words.iter_mut() {
                let trimmed = w.trim_matches(|c| VERBS.contains(c));
                if trimmed.chars().count() >= CJK_LEFTOVER_LIMIT && trimmed.len() != w.len() {
                    *w = trimmed.to_owned();
                }
            }
        }
        (!words.is_empty()).then(|| words.join(" "))
    }
}
