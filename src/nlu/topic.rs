//! Everyday shopper questions ("do you ship to…", "是正品吗") read as a topic, from the cue
//! lists in `data/nlu/topics.json`; merchants write the answers.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;

use super::cues::CueSet;
use super::lexicon::Lexicon;
use super::normalize::{Normalized, normalize_with};

const TOPICS_JSON: &str = include_str!("../../data/nlu/topics.json");

/// What a shopper's question is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Topic {
    Payment,
    Shipping,
    Delivery,
    Returns,
    Authenticity,
    Warranty,
    Contact,
}

impl Topic {
    /// Every topic, in the order `/faq` lists them.
    pub const ALL: [Topic; 7] = [
        Topic::Payment,
        Topic::Shipping,
        Topic::Delivery,
        Topic::Returns,
        Topic::Authenticity,
        Topic::Warranty,
        Topic::Contact,
    ];

    /// The name merchants type (`/faq shipping=…`) and the store keeps.
    pub fn as_str(self) -> &'static str {
        match self {
            Topic::Payment => "payment",
            Topic::Shipping => "shipping",
            Topic::Delivery => "delivery",
            Topic::Returns => "returns",
            Topic::Authenticity => "authenticity",
            Topic::Warranty => "warranty",
            Topic::Contact => "contact",
        }
    }

    /// Reads a topic name, with the aliases merchants are likely to type.
    pub fn parse(name: &str) -> Option<Topic> {
        Some(match name.trim().to_lowercase().as_str() {
            "payment" | "pay" | "payments" | "付款" | "支付" => Topic::Payment,
            "shipping" | "ship" | "pickup" | "发货" | "配送" | "自提" => Topic::Shipping,
            "delivery" | "delivery_time" | "eta" | "时效" | "到货" => Topic::Delivery,
            "returns" | "return" | "refund" | "refunds" | "退货" | "退款" => Topic::Returns,
            "authenticity" | "genuine" | "authentic" | "正品" => Topic::Authenticity,
            "warranty" | "guarantee" | "保修" | "售后" => Topic::Warranty,
            "contact" | "seller" | "联系" | "客服" => Topic::Contact,
            _ => return None,
        })
    }
}

#[derive(Deserialize)]
struct TopicFile {
    topics: Vec<TopicCues>,
}

#[derive(Deserialize)]
struct TopicCues {
    topic: String,
    #[serde(default)]
    words: Vec<String>,
    #[serde(default)]
    phrases: Vec<String>,
    #[serde(default)]
    zh: Vec<String>,
}

/// One compiled cue and how much it weighs (its length without gaps).
struct Cue {
    set: CueSet,
    weight: usize,
}

/// The compiled topic lists.
struct Topics {
    by_topic: Vec<(Topic, Vec<String>, Vec<Cue>)>,
    /// Every Latin cue word, for correcting a typo before the phrases are matched.
    vocabulary: Vec<String>,
    fold: HashMap<char, char>,
}

fn compile(cue: &str) -> Cue {
    let weight = cue
        .split_whitespace()
        .filter(|w| *w != "...")
        .map(|w| w.chars().count())
        .sum();
    Cue {
        set: CueSet::new(&[cue.to_owned()]),
        weight,
    }
}

fn topics() -> &'static Topics {
    static TOPICS: OnceLock<Topics> = OnceLock::new();
    TOPICS.get_or_init(|| {
        let file: TopicFile = serde_json::from_str(TOPICS_JSON).unwrap_or_else(|e| {
            tracing::error!(error = %e, "topics.json unreadable; no question topics");
            TopicFile { topics: Vec::new() }
        });
        let by_topic: Vec<(Topic, Vec<String>, Vec<Cue>)> = file
            .topics
            .into_iter()
            .filter_map(|t| {
                let topic = Topic::parse(&t.topic)?;
                let cues = t.phrases.iter().chain(&t.zh).map(|c| compile(c)).collect();
                Some((topic, t.words, cues))
            })
            .collect();
        let mut vocabulary: Vec<String> = by_topic
            .iter()
            .flat_map(|(_, words, cues)| {
                words
                    .iter()
                    .cloned()
                    .chain(
                        cues.iter()
                            .flat_map(|c| c.set.latin_words().map(str::to_owned)),
                    )
                    .collect::<Vec<_>>()
            })
            .collect();
        vocabulary.sort();
        vocabulary.dedup();
        Topics {
            by_topic,
            vocabulary,
            fold: Lexicon::get().traditional_map(),
        }
    })
}

/// Optimal string alignment distance (a swap of neighbours counts once); `cap + 1` at once
/// when the lengths alone differ by more than `cap`.
fn distance(a: &[char], b: &[char], cap: usize) -> usize {
    if a.len().abs_diff(b.len()) > cap {
        return cap + 1;
    }
    super::when_typos::edit_distance_chars(a, b)
}

/// Whether a message token is `cue`, allowing one typo from 6 letters, two from 9.
fn word_matches(token: &str, cue: &str) -> bool {
    if token == cue {
        return true;
    }
    let (t, c): (Vec<char>, Vec<char>) = (token.chars().collect(), cue.chars().collect());
    let allowed = match c.len() {
        0..=5 => return false,
        6..=8 => 1,
        _ => 2,
    };
    // The first letter is rarely the typo; requiring it keeps "ship" from "chip".
    t.len() >= 5 && t.first() == c.first() && distance(&t, &c, allowed) <= allowed
}

fn score(norm: &Normalized, words: &[&str], latin: &[String], cues: &[Cue]) -> usize {
    // Each word of the message counts once, however many forms of a cue it is near.
    let from_words: usize = words
        .iter()
        .filter(|t| latin.iter().any(|w| word_matches(t, w)))
        .map(|t| t.chars().count())
        .sum();
    let from_cues: usize = cues
        .iter()
        .filter(|c| c.set.matches(norm, words))
        .map(|c| c.weight)
        .sum();
    from_words + from_cues
}

/// The topic of a shopper's question, if it is one of the everyday ones.
pub fn question_topic(text: &str) -> Option<Topic> {
    let t = topics();
    let norm = normalize_with(text, &t.fold);
    // A typo'd word reads as the cue word it is one or two letters from.
    let words: Vec<&str> = norm
        .tokens
        .iter()
        .map(|tok| {
            let w = tok.text.as_str();
            if t.vocabulary.iter().any(|v| v == w) {
                return w;
            }
            t.vocabulary
                .iter()
                .find(|v| word_matches(w, v))
                .map_or(w, String::as_str)
        })
        .collect();
    let mut best: Option<(Topic, usize)> = None;
    for (topic, latin, cues) in &t.by_topic {
        let s = score(&norm, &words, latin, cues);
        if s > 0 && best.is_none_or(|(_, b)| s > b) {
            best = Some((*topic, s));
        }
    }
    best.map(|(topic, _)| topic)
}

#[cfg(test)]
#[path = "topic_tests.rs"]
mod tests;
