//! Speech acts: whether the speaker asks for something now, or negates, asks, reports or
//! supposes it. Cue lexicons live in `data/nlu/acts.json`; only a request can become a buy.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;

use super::cues::CueSet;
use super::model::SpeechAct;
use super::normalize::{Normalized, Script, normalize_with};

const ACTS_JSON: &str = include_str!("../../data/nlu/acts.json");

/// First words that make a message a question even without a question mark ("can my friend
/// buy 2 switches on my account").
const AUXILIARIES: [&str; 16] = [
    "can", "could", "should", "would", "will", "may", "might", "shall", "do", "does", "did", "is",
    "are", "am", "was", "were",
];

/// The cue lists of `acts.json`.
#[derive(Debug, Clone, Deserialize)]
struct ActLists {
    masks: Vec<String>,
    contrast: Vec<String>,
    hypothetical: Vec<String>,
    negation: Vec<String>,
    reported: Vec<String>,
    question: Vec<String>,
    /// Symbols that refuse wherever they stand ("🚫 buy", "buy ❌").
    refusal_symbols: Vec<String>,
    /// Words that, before a relation, make it the one bought for ("for my", "给", "送我").
    recipient_prefixes: Vec<String>,
    /// People a purchase is for or reported about ("brother", "妈").
    relations: Vec<String>,
    /// Other people named in passing ("my 3 kids", "女儿结婚用"): a report only by themselves.
    #[serde(default)]
    people: Vec<String>,
    /// The speaker telling the bot to buy now ("get me", "place it now", "帮我买", "下单").
    #[serde(default)]
    commands: Vec<String>,
    /// Words saying a command is someone else's ("keeps yelling", "说", "ask my wife").
    #[serde(default)]
    hearsay: Vec<String>,
    /// Words after a person that make them the one who acts ("my son wants", "我妈想").
    #[serde(default)]
    people_doing: Vec<String>,
    /// Occasions a purchase is for ("birthday", "生日"), named in passing like people.
    #[serde(default)]
    occasions: Vec<String>,
}

/// Compiled speech-act cues.
#[derive(Debug, Clone)]
pub(crate) struct ActCues {
    /// Lowercased phrases blanked out before any cue is looked for.
    masks: Vec<String>,
    contrast: CueSet,
    /// Checked in this order: the first kind found is the act.
    kinds: [(SpeechAct, CueSet); 4],
    /// Emoji and signs read as a refusal (normalization drops them, so they are looked
    /// for in the raw text).
    refusal_symbols: Vec<String>,
    /// Words naming other people (relations and `people`), lowercased.
    people: Vec<String>,
    /// Direct commands to buy.
    commands: CueSet,
    /// Someone else's words or a question to them.
    hearsay: CueSet,
    /// What a person does when they, not the speaker, are the one who wants or buys.
    people_doing: Vec<String>,
    /// Occasions ("birthday", "生日"), lowercased: with the people, what a command may name
    /// in passing and still be a request.
    occasions: Vec<String>,
}

fn lists() -> &'static ActLists {
    static LISTS: OnceLock<ActLists> = OnceLock::new();
    LISTS.get_or_init(|| match serde_json::from_str(ACTS_JSON) {
        Ok(lists) => lists,
        // The file is embedded and checked by the unit tests below; an empty table only
        // makes every message a request candidate that the intent rules still judge.
        Err(e) => {
            tracing::error!(error = %e, "data/nlu/acts.json does not parse");
            ActLists {
                masks: vec![],
                contrast: vec![],
                hypothetical: vec![],
                negation: vec![],
                reported: vec![],
                question: vec![],
                refusal_symbols: vec![],
                recipient_prefixes: vec![],
                relations: vec![],
                people: vec![],
                commands: vec![],
                hearsay: vec![],
                people_doing: vec![],
                occasions: vec![],
            }
        }
    })
}

impl ActCues {
    /// Compiles the embedded lists.
    pub fn new() -> Self {
        let l = lists();
        ActCues {
            masks: l
                .masks
                .iter()
                .map(|m| m.to_lowercase())
                .chain(recipients(l))
                .collect(),
            contrast: CueSet::new(&l.contrast),
            kinds: [
                (SpeechAct::Hypothetical, CueSet::new(&l.hypothetical)),
                (SpeechAct::Negation, CueSet::new(&l.negation)),
                (SpeechAct::Question, CueSet::new(&l.question)),
                (SpeechAct::Reported, CueSet::new(&l.reported)),
            ],
            refusal_symbols: l.refusal_symbols.clone(),
            people: l
                .relations
                .iter()
                .chain(&l.people)
                .map(|p| p.to_lowercase())
                .collect(),
            commands: CueSet::new(&l.commands),
            hearsay: CueSet::new(&l.hearsay),
            people_doing: l.people_doing.iter().map(|w| w.to_lowercase()).collect(),
            occasions: l.occasions.iter().map(|o| o.to_lowercase()).collect(),
        }
    }

    /// Every cue set, so their words never count as unknown content.
    pub fn all_sets(&self) -> impl Iterator<Item = &CueSet> {
        self.kinds
            .iter()
            .map(|(_, set)| set)
            .chain([&self.contrast])
    }

    /// The act of `text` if it is not a plain request or statement. Only the part after the
    /// last contrast ("not the iphone, but get me airpods") is read: it carries the act.
    pub fn read(&self, text: &str, fold: &HashMap<char, char>) -> Option<SpeechAct> {
        if self
            .refusal_symbols
            .iter()
            .any(|symbol| text.contains(symbol.as_str()))
        {
            return Some(SpeechAct::Negation);
        }
        let norm = &self.read_scope(text, fold);
        let words: Vec<&str> = norm.tokens.iter().map(|t| t.text.as_str()).collect();
        // Questions are read on the unmasked text: a mask (要不要) may itself ask.
        let full = normalize_with(text, fold);
        let full_words: Vec<&str> = full.tokens.iter().map(|t| t.text.as_str()).collect();
        for (act, set) in &self.kinds {
            let hit = if *act == SpeechAct::Question {
                set.matches(&full, &full_words)
            } else {
                set.matches(norm, &words)
            };
            if hit {
                return Some(*act);
            }
        }
        ends_as_a_question(text).then_some(SpeechAct::Question)
    }

    /// Whether a message [`ActCues::read`] as a report or a plan is a request all the same: it
    /// tells the bot to buy ("get me 3 iphones, one for each of my kids", "茅台来6瓶，女儿结婚用",
    /// "I'll take the switch for my girlfriend's birthday") and only the people or the occasion
    /// it names made it something else. Someone's words, a past purchase, a habit or a real
    /// plan still do ("my friend said buy 2", "my sister bought one", "buying it next week").
    pub fn commanded_despite_context(&self, text: &str, fold: &HashMap<char, char>) -> bool {
        // Asked, quoted ("buy me the lego!!" he screams) or someone's words: still a report.
        if ends_as_a_question(text) || text.contains(['"', '“', '”', '「', '」']) {
            return false;
        }
        let full = normalize_with(text, fold);
        let full_words: Vec<&str> = full.tokens.iter().map(|t| t.text.as_str()).collect();
        let asks = full_words.first().is_some_and(|w| AUXILIARIES.contains(w));
        if asks || self.hearsay.matches(&full, &full_words) {
            return false;
        }
        let norm = &self.read_scope(text, fold);
        let words: Vec<&str> = norm.tokens.iter().map(|t| t.text.as_str()).collect();
        if !self.commands.matches(norm, &words) || self.someone_else_acts(norm) {
            return false;
        }
        // The same message with the people and occasions left out: no longer a report?
        let in_passing = || self.people.iter().chain(&self.occasions);
        let kept: Vec<String> = norm
            .tokens
            .iter()
            .filter_map(|t| {
                if t.script == Script::Latin {
                    (!in_passing().any(|p| *p == t.text)).then(|| t.text.clone())
                } else {
                    let mut run = t.text.clone();
                    for p in in_passing().filter(|p| !p.is_ascii()) {
                        run = run.replace(p.as_str(), " ");
                    }
                    Some(run)
                }
            })
            .collect();
        let without = normalize_with(&kept.join(" "), fold);
        let without_words: Vec<&str> = without.tokens.iter().map(|t| t.text.as_str()).collect();
        self.kinds
            .iter()
            .all(|(_, set)| !set.matches(&without, &without_words))
    }

    /// Whether a person named is the one who wants or buys ("my son wants", "我妈想买"): a
    /// people word followed by what they do.
    fn someone_else_acts(&self, norm: &Normalized) -> bool {
        let tokens = &norm.tokens;
        tokens.iter().enumerate().any(|(i, t)| {
            if t.script == Script::Latin {
                return self.people.contains(&t.text)
                    && tokens
                        .get(i + 1)
                        .is_some_and(|next| self.people_doing.contains(&next.text));
            }
            self.people.iter().filter(|p| !p.is_ascii()).any(|p| {
                t.text.match_indices(p.as_str()).any(|(at, _)| {
                    let rest = &t.text[at + p.len()..];
                    self.people_doing
                        .iter()
                        .any(|d| !d.is_ascii() && rest.starts_with(d.as_str()))
                })
            })
        })
    }

    /// What the act is read in: `text` with the masks blanked out, from after its last
    /// contrast word when it has one.
    fn read_scope(&self, text: &str, fold: &HashMap<char, char>) -> Normalized {
        let mut masked = text.to_lowercase();
        for mask in &self.masks {
            if masked.contains(mask.as_str()) {
                masked = masked.replace(mask.as_str(), " ");
            }
        }
        let norm = normalize_with(&masked, fold);
        self.after_last_contrast(&norm, fold).unwrap_or(norm)
    }

    /// The clause after the last contrast word of `text` ("…, but broke"); `None` without one.
    pub fn contrast_tail(&self, text: &str, fold: &HashMap<char, char>) -> Option<Normalized> {
        self.after_last_contrast(&normalize_with(&text.to_lowercase(), fold), fold)
    }

    /// The clause after the last contrast word, re-normalized; `None` without one.
    fn after_last_contrast(
        &self,
        norm: &Normalized,
        fold: &HashMap<char, char>,
    ) -> Option<Normalized> {
        let words: Vec<&str> = norm.tokens.iter().map(|t| t.text.as_str()).collect();
        let last = (0..words.len()).rev().find(|&i| {
            let one = Normalized {
                tokens: vec![norm.tokens[i].clone()],
                compact: norm.tokens[i].text.clone(),
                ..Normalized::default()
            };
            self.contrast.matches(&one, &words[i..=i])
        })?;
        let token = &norm.tokens[last].text;
        // A CJK run holds the contrast inside it: keep what follows the contrast word.
        let tail_in_token = self
            .contrast
            .cjk_words()
            .filter_map(|c| token.rfind(c).map(|at| &token[at + c.len()..]))
            .max_by_key(|rest| std::cmp::Reverse(rest.len()))
            .unwrap_or("");
        let rest: Vec<&str> = std::iter::once(tail_in_token)
            .chain(words[last + 1..].iter().copied())
            .collect();
        let rest = rest.join(" ");
        (!rest.trim().is_empty()).then(|| normalize_with(&rest, fold))
    }
}

/// "for my brother", "给我妈", "送我爸": whom a purchase is for, masked so the relation is not
/// read as someone reporting ("my brother got one", "我妈想买").
fn recipients(l: &ActLists) -> impl Iterator<Item = String> + '_ {
    l.recipient_prefixes.iter().flat_map(move |prefix| {
        l.relations.iter().map(move |relation| {
            let latin = prefix.is_ascii() && relation.is_ascii();
            let gap = if latin { " " } else { "" };
            format!("{prefix}{gap}{relation}").to_lowercase()
        })
    })
}

/// A question by its end: a question mark, or a final 不.
fn ends_as_a_question(text: &str) -> bool {
    text.trim_end().ends_with(['?', '？']) || ends_in_a_chinese_not(text)
}

/// "买kindle送壳不", "能开发票不": Chinese asks yes-or-no with a final 不 (…吗 without 吗).
fn ends_in_a_chinese_not(text: &str) -> bool {
    let core = text.trim_end_matches(|c: char| {
        c.is_whitespace() || c.is_ascii_punctuation() || "。，！～…、".contains(c)
    });
    let mut tail = core.chars().rev();
    tail.next() == Some('不') && tail.next().is_some_and(super::normalize::is_cjk)
}

/// The intent a non-request keeps when the rules proposed a buy: nothing for a negation,
/// report or refusal; the sale's details for a question or supposition about one.
pub(crate) fn veto_buy(act: SpeechAct, about_a_product: bool) -> super::model::Intent {
    use super::model::Intent;
    match act {
        SpeechAct::Question | SpeechAct::Hypothetical if about_a_product => Intent::Info,
        SpeechAct::Question | SpeechAct::Hypothetical => Intent::Help,
        _ => Intent::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn act(text: &str) -> Option<SpeechAct> {
        ActCues::new().read(text, &HashMap::new())
    }

    #[test]
    fn the_embedded_act_lists_parse_and_are_not_empty() {
        let l: ActLists = serde_json::from_str(ACTS_JSON).unwrap();
        assert!(!l.negation.is_empty() && !l.question.is_empty());
        assert!(!l.reported.is_empty() && !l.hypothetical.is_empty());
    }

    #[test]
    fn each_kind_is_read_in_both_languages() {
        assert_eq!(
            act("don't get me the airpods yet"),
            Some(SpeechAct::Negation)
        );
        assert_eq!(act("我不要耳机了"), Some(SpeechAct::Negation));
        assert_eq!(
            act("how does buying work for the airpods?"),
            Some(SpeechAct::Question)
        );
        assert_eq!(act("耳机要怎么抢啊"), Some(SpeechAct::Question));
        assert_eq!(act("my sister got two airpods"), Some(SpeechAct::Reported));
        assert_eq!(act("上次买过耳机了"), Some(SpeechAct::Reported));
        assert_eq!(
            act("suppose I order a pair and skip paying?"),
            Some(SpeechAct::Hypothetical)
        );
        assert_eq!(act("如果便宜就买两个"), Some(SpeechAct::Hypothetical));
    }

    #[test]
    fn plain_requests_have_no_other_act() {
        for text in [
            "buy 2 airpods",
            "get me one",
            "我要两个",
            "帮我抢",
            "不好意思 帮我抢一个",
        ] {
            assert_eq!(act(text), None, "{text}");
        }
    }

    #[test]
    fn only_the_clause_after_a_contrast_carries_the_act() {
        assert_eq!(act("not the iphone, but get me 2 airpods"), None);
        assert_eq!(act("不要苹果手机 还是帮我抢耳机"), None);
        assert_eq!(act("buy it, actually no"), Some(SpeechAct::Negation));
    }

    #[test]
    fn a_mask_hides_a_cue_inside_a_longer_word() {
        assert_eq!(act("茅台不错"), None);
        assert_eq!(act("耳机要不要买"), Some(SpeechAct::Question));
    }

    #[test]
    fn a_refusal_symbol_a_slang_not_and_a_final_chinese_not_are_read() {
        // Symbols are looked for in the raw text, wherever they stand.
        assert_eq!(act("🚫 buy 2 moutai"), Some(SpeechAct::Negation));
        assert_eq!(act("buy ❌"), Some(SpeechAct::Negation));
        // "8" for 不: a cue mixing a digit with CJK matches across the script change.
        assert_eq!(act("8要买耳机"), Some(SpeechAct::Negation));
        // A yes-or-no question may end in 不 instead of 吗.
        assert_eq!(act("买kindle送壳不"), Some(SpeechAct::Question));
        assert_eq!(act("能开发票不？"), Some(SpeechAct::Question));
        assert_eq!(act("买两个"), None);
    }
}
