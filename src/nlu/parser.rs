//! `IntentParser`: everything is built in `new`; `parse` only reads the prepared tables.

use std::collections::{HashMap, HashSet};

use super::act::{ActCues, veto_buy};
use super::cues::CueSet;
use super::intent::{Cues, Facts, STRONG, decide};
use super::learned::{IntentModel, combine};
use super::lexicon::Lexicon;
use super::matcher::{ProductHits, ProductMatcher, find_all};
use super::model::{CatalogEntry, Intent, Parsed, Pick, QuantityIssue, SURE_BUY, SpeechAct};
use super::normalize::{Normalized, Script, normalize_with};
use super::numbers::{self, Mention, read_digits, to_quantity};

fn norm_words(norm: &Normalized) -> Vec<&str> {
    norm.tokens.iter().map(|t| t.text.as_str()).collect()
}

/// The confidence of a buy whose wish is taken back by a contrast ("…, but"): below the
/// policy's bar for buying at once, so it is confirmed first.
const HEDGED_BUY: f32 = 0.5;

/// Uncovered CJK chars that make a product-less message "about something else".
const CJK_LEFTOVER_LIMIT: usize = 2;

/// Parses customer messages against one catalog.
#[derive(Debug, Clone)]
pub struct IntentParser {
    ids: Vec<String>,
    lexicon: &'static Lexicon,
    cues: Cues,
    acts: ActCues,
    matcher: ProductMatcher,
    /// Words pointing at the sale in context ("it", "这个").
    refs: CueSet,
    /// Words asking for every unit ("all", "全部"): a quantity nobody may buy.
    everything: CueSet,
    /// Words asking for several units without a count: a quantity to ask about.
    vague: CueSet,
    /// Words naming a sale by its rank ("the next sale", "最便宜的"), with the rank.
    picks: [(Pick, CueSet); 3],
    /// Latin words that are never content (stop, cue and number words).
    known_latin: HashSet<String>,
    /// CJK phrases that are never content (cues and stop phrases), longest first.
    known_cjk: Vec<Vec<char>>,
    stop_chars: HashSet<char>,
    /// Traditional -> simplified chars.
    fold: HashMap<char, char>,
}

impl IntentParser {
    /// Prepares every table for `catalog`.
    pub fn new(catalog: Vec<CatalogEntry>) -> Self {
        let lexicon = Lexicon::get();
        let cues = Cues::new(lexicon);
        let acts = ActCues::new();
        let mut known_latin: HashSet<String> = lexicon.stop_words.iter().cloned().collect();
        known_latin.extend(lexicon.number_words.keys().cloned());
        known_latin.extend(lexicon.number_multipliers.keys().cloned());
        let refs = CueSet::new(&lexicon.previous_refs);
        let picks = [
            (Pick::Next, CueSet::new(&lexicon.pick_next)),
            (Pick::Cheapest, CueSet::new(&lexicon.pick_cheapest)),
            (Pick::Dearest, CueSet::new(&lexicon.pick_dearest)),
        ];
        let ranks = || picks.iter().map(|(_, set)| set);
        for set in cues
            .all_sets()
            .chain(acts.all_sets())
            .chain([&refs])
            .chain(ranks())
        {
            known_latin.extend(set.latin_words().map(str::to_string));
        }
        let mut known_cjk: Vec<Vec<char>> = cues
            .all_sets()
            .chain(acts.all_sets())
            .chain([&refs])
            .chain(ranks())
            .flat_map(|s| {
                s.cjk_words()
                    .map(|w| w.chars().collect())
                    .collect::<Vec<_>>()
            })
            .chain(lexicon.stop_phrases.iter().map(|p| p.chars().collect()))
            .collect();
        known_cjk.sort_by_key(|p: &Vec<char>| std::cmp::Reverse(p.len()));
        known_cjk.dedup();
        let matcher = ProductMatcher::new(&catalog, lexicon, known_latin.clone());
        IntentParser {
            ids: catalog.into_iter().map(|e| e.id).collect(),
            lexicon,
            cues,
            acts,
            matcher,
            refs,
            everything: CueSet::new(&lexicon.everything_words),
            vague: CueSet::new(&lexicon.vague_words),
            picks,
            known_latin,
            known_cjk,
            stop_chars: lexicon.stop_chars.chars().collect(),
            fold: lexicon.traditional_map(),
        }
    }

    /// Parses one message; never panics, whatever the text.
    pub fn parse(&self, text: &str) -> Parsed {
        let norm = normalize_with(text, &self.fold);
        let signals = self.cues.signals(&norm);
        let hits = self.matcher.score(&norm, self.ids.len());
        let numbers = numbers::numbers(self.lexicon, &norm.tokens);
        let mentions: Vec<Mention> = numbers
            .counts
            .into_iter()
            .filter(|m| m.cjk_span.is_some() || !self.matcher.is_model_number(&norm, m.token))
            .collect();
        let words = norm_words(&norm);
        let refers = self.refs.matches(&norm, &words);
        let facts = Facts {
            has_product: !hits.ranked.is_empty(),
            has_quantity: !mentions.is_empty(),
            only_question: norm.only_question,
            refers,
        };
        let (rule, rule_confidence) = decide(&signals, facts, || {
            self.has_leftover(&norm, &hits, &mentions)
        });
        let guess = IntentModel::embedded().guess(&norm, text.contains(['?', '？']));
        let has_object = !hits.ranked.is_empty() || !mentions.is_empty() || refers;
        let (proposed, mut confidence) = combine(rule, rule_confidence, &guess, has_object);
        let mut read_act = self.acts.read(text, &self.fold);
        // "get me 3 iphones, one for each of my kids", "order the kindle for my dad's
        // birthday": a command that only names other people or an occasion is a request,
        // confirmed before it buys.
        if proposed == Intent::Buy
            && matches!(
                read_act,
                Some(SpeechAct::Reported | SpeechAct::Hypothetical)
            )
            && self.acts.commanded_despite_context(text, &self.fold)
        {
            read_act = None;
            confidence = confidence.min(HEDGED_BUY);
        }
        // "I want airpods but I'm broke": the wish sits before the contrast and what follows
        // it asks for nothing, so the buy is only a statement (confirmed, never bought at once).
        if proposed == Intent::Buy
            && read_act.is_none()
            && self
                .acts
                .contrast_tail(text, &self.fold)
                .is_some_and(|tail| !self.cues.signals(&tail).asks_to_buy())
        {
            confidence = confidence.min(HEDGED_BUY);
        }
        // "buy airpods by 3 o'clock", "buy the lego, he's 5": a number that is not a count is
        // left out of the quantity, and a message with no count besides is confirmed before
        // it buys ("order 2 rice cookers at 299 each" says how many). "buy the switch 2" may
        // name a model: confirmed too.
        let model_maybe = mentions
            .first()
            .is_some_and(|m| self.may_be_a_model(&norm, &hits, m));
        if proposed == Intent::Buy && ((numbers.set_aside && mentions.is_empty()) || model_maybe) {
            confidence = confidence.min(HEDGED_BUY);
        }
        let intent = match (proposed, read_act) {
            (Intent::Buy, Some(act)) => {
                confidence = STRONG;
                // Chinese leaves the object out ("要是便宜点我就买"): the sale in context.
                veto_buy(act, !hits.ranked.is_empty() || refers || norm.has_cjk)
            }
            (Intent::Info, Some(SpeechAct::Negation | SpeechAct::Reported))
                if confidence < STRONG =>
            {
                Intent::Unknown
            }
            (intent, _) => intent,
        };
        // "Which is the cheapest?", "what's next?": about the sale of that rank, unless a
        // product is named (then the rank is only a word about it).
        let pick = if hits.ranked.is_empty() {
            self.picks
                .iter()
                .find(|(_, set)| set.matches(&norm, &words))
                .map(|&(pick, _)| pick)
        } else {
            None
        };
        let intent = match (intent, pick) {
            (Intent::List | Intent::Unknown | Intent::Help, Some(_))
                if !matches!(read_act, Some(SpeechAct::Negation | SpeechAct::Reported)) =>
            {
                Intent::Info
            }
            (intent, _) => intent,
        };
        let act = match (intent, read_act) {
            (Intent::Buy, _) => SpeechAct::Request,
            (_, Some(act)) => act,
            _ => SpeechAct::Statement,
        };
        let about_a_sale = matches!(
            intent,
            Intent::Info | Intent::Countdown | Intent::Buy | Intent::Remind
        );
        let (quantity, quantity_issue) = match (intent, mentions.first()) {
            // "buy all the airpods" names no count: never read as one.
            (Intent::Buy, None) if self.everything.matches(&norm, &words) => {
                (None, Some(QuantityIssue::Everything))
            }
            // "buy a few moutai", "买几瓶茅台": how many is asked, not guessed as one (a buy
            // that is only confirmed asks "Buy 1?" instead).
            (Intent::Buy, None) if confidence >= SURE_BUY && self.vague.matches(&norm, &words) => {
                (None, Some(QuantityIssue::Vague))
            }
            (Intent::Buy, None) => (Some(1), None),
            (Intent::Buy, Some(m)) => match to_quantity(m.reading) {
                Ok(q) => (Some(q), None),
                Err(issue) => (None, Some(issue)),
            },
            _ => (None, None),
        };
        Parsed {
            intent,
            sale: hits
                .confident()
                .filter(|_| about_a_sale)
                .map(|e| self.ids[e].clone()),
            quantity,
            candidates: hits
                .ranked
                .iter()
                .map(|&(e, _)| self.ids[e].clone())
                .collect(),
            quantity_issue,
            language: norm.lang(),
            refers_to_previous: about_a_sale && hits.ranked.is_empty() && pick.is_none(),
            confidence,
            act,
            pick: pick.filter(|_| about_a_sale),
        }
    }

    /// Whether the message has content words that are neither cues, numbers nor products.
    /// "buy the switch 2": bare digits right after a product's name may be its model (a
    /// catalog's own models are known; others are not), so the count is confirmed first.
    /// "airpods x2", "耳机2个" and "2 airpods" say it is a count.
    fn may_be_a_model(&self, norm: &Normalized, hits: &ProductHits, m: &Mention) -> bool {
        let Some(token) = norm.tokens.get(m.token) else {
            return false;
        };
        // Written right after the name ("switch 2"), not after a comma ("airpods, 2 please").
        let bare = m.cjk_span.is_none()
            && token.text.bytes().all(|b| b.is_ascii_digit())
            && token.before.is_alphanumeric();
        let Some(prev) = m.token.checked_sub(1) else {
            return false;
        };
        let after_product = hits.latin_tokens.contains(&prev)
            || norm.tokens.get(prev).is_some_and(|p| {
                let last = p.text.chars().count().saturating_sub(1);
                p.script == Script::Cjk && hits.cjk_chars.contains(&(prev, last))
            });
        let classified = norm.tokens.get(m.token + 1).is_some_and(|n| {
            n.script == Script::Cjk
                && n.text
                    .chars()
                    .next()
                    .is_some_and(|c| self.lexicon.classifiers.contains(c))
        });
        bare && after_product && !classified
    }

    fn has_leftover(&self, norm: &Normalized, hits: &ProductHits, mentions: &[Mention]) -> bool {
        let mut cjk_left = 0;
        for (i, token) in norm.tokens.iter().enumerate() {
            if token.script == Script::Latin {
                let known = self.known_latin.contains(&token.text)
                    || hits.latin_tokens.contains(&i)
                    || read_digits(&token.text).is_some();
                if !known {
                    return true;
                }
                continue;
            }
            let chars: Vec<char> = token.text.chars().collect();
            let mut covered = self.covered_cjk(&chars, i, mentions);
            for &(t, c) in &hits.cjk_chars {
                if t == i {
                    covered[c] = true;
                }
            }
            cjk_left += covered.iter().filter(|c| !**c).count();
        }
        cjk_left >= CJK_LEFTOVER_LIMIT
    }

    /// Which chars of CJK token `i` (its `chars`) the parser accounts for: stop chars, known
    /// phrases and the spans of the mentions in it.
    pub(super) fn covered_cjk(&self, chars: &[char], i: usize, mentions: &[Mention]) -> Vec<bool> {
        let mut covered: Vec<bool> = chars.iter().map(|c| self.stop_chars.contains(c)).collect();
        for phrase in &self.known_cjk {
            for start in find_all(chars, phrase) {
                covered[start..start + phrase.len()]
                    .iter_mut()
                    .for_each(|c| *c = true);
            }
        }
        for m in mentions.iter().filter(|m| m.token == i) {
            if let Some((start, end)) = m.cjk_span {
                covered[start..end.min(chars.len())]
                    .iter_mut()
                    .for_each(|c| *c = true);
            }
        }
        covered
    }
}

#[path = "parser_leftover.rs"]
mod leftover;

#[cfg(test)]
#[path = "parser_tests.rs"]
mod tests;
