//! The learned intent model: multinomial logistic regression over hashed features
//! (`features`), trained by `flashsale nlu train` into `data/nlu/intent-model.txt`, embedded
//! here. It proposes an intent and a probability; the rules keep products, quantities and
//! the speech-act veto.

use std::sync::OnceLock;

use super::features::{BUCKETS, features};
use super::model::Intent;
use super::normalize::Normalized;

const MODEL_TXT: &str = include_str!("../../data/nlu/intent-model.txt");
/// First line of a model file.
pub(crate) const HEADER: &str = "flashsale-intent-model v1";
/// Weights are stored as integers: weight * SCALE, rounded.
pub(crate) const SCALE: f32 = 1000.0;

/// Weights of every intent (in `Intent::ALL` order) for every bucket.
#[derive(Debug, Clone)]
pub(crate) struct IntentModel {
    weights: Vec<f32>,
}

/// The model's guess for one message.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Guess {
    /// Most probable intent.
    pub intent: Intent,
    /// Its probability.
    pub probability: f32,
    /// Probability of every intent, in `Intent::ALL` order.
    pub all: [f32; 8],
}

impl IntentModel {
    /// The embedded model (empty weights, i.e. uniform guesses, if the file were corrupt).
    pub fn embedded() -> &'static IntentModel {
        static MODEL: OnceLock<IntentModel> = OnceLock::new();
        MODEL.get_or_init(|| {
            IntentModel::parse(MODEL_TXT).unwrap_or_else(|e| {
                tracing::error!(error = %e, "data/nlu/intent-model.txt does not parse");
                IntentModel {
                    weights: vec![0.0; 8 * BUCKETS],
                }
            })
        })
    }

    /// Reads a model file written by `train::write`.
    pub fn parse(text: &str) -> Result<IntentModel, String> {
        let mut lines = text.lines();
        if lines.next() != Some(HEADER) {
            return Err(format!("the first line is not {HEADER:?}"));
        }
        let mut weights = vec![0.0; 8 * BUCKETS];
        for line in lines {
            let mut parts = line.split_whitespace();
            let Some(name) = parts.next() else { continue };
            let class = Intent::ALL
                .iter()
                .position(|i| i.as_str() == name)
                .ok_or_else(|| format!("unknown intent {name:?}"))?;
            for pair in parts {
                let (bucket, value) = pair
                    .split_once(':')
                    .ok_or_else(|| format!("bad weight {pair:?}"))?;
                let bucket: usize = bucket.parse().map_err(|_| format!("bad bucket {pair:?}"))?;
                let value: i32 = value.parse().map_err(|_| format!("bad value {pair:?}"))?;
                if bucket >= BUCKETS {
                    return Err(format!("bucket {bucket} out of range"));
                }
                weights[class * BUCKETS + bucket] = value as f32 / SCALE;
            }
        }
        Ok(IntentModel { weights })
    }

    /// Builds a model from raw weights (training).
    pub(crate) fn from_weights(weights: Vec<f32>) -> IntentModel {
        IntentModel { weights }
    }

    /// Probabilities of every intent for a message.
    pub fn guess(&self, norm: &Normalized, asked: bool) -> Guess {
        let feats = message_features(norm, asked);
        let all = softmax(self.scores(&feats));
        let (best, probability) =
            all.iter()
                .copied()
                .enumerate()
                .fold(
                    (7, f32::MIN),
                    |acc, (i, p)| if p > acc.1 { (i, p) } else { acc },
                );
        Guess {
            intent: Intent::ALL[best],
            probability,
            all,
        }
    }

    /// Raw class scores for a feature list.
    pub(crate) fn scores(&self, feats: &[usize]) -> [f32; 8] {
        let value = feature_value(feats.len());
        let mut scores = [0.0f32; 8];
        for (k, score) in scores.iter_mut().enumerate() {
            let row = &self.weights[k * BUCKETS..(k + 1) * BUCKETS];
            *score = feats.iter().map(|&f| row[f]).sum::<f32>() * value;
        }
        scores
    }

    /// The raw weights (training).
    pub(crate) fn weights_mut(&mut self) -> &mut [f32] {
        &mut self.weights
    }
}

/// Features plus the question-mark flag (normalisation drops punctuation).
pub(crate) fn message_features(norm: &Normalized, asked: bool) -> Vec<usize> {
    let mut feats = features(norm);
    if asked {
        feats.push(super::features::question_mark());
    }
    feats
}

/// Every feature counts 1/sqrt(n), so long messages do not shout.
pub(crate) fn feature_value(n: usize) -> f32 {
    1.0 / (n.max(1) as f32).sqrt()
}

pub(crate) fn softmax(scores: [f32; 8]) -> [f32; 8] {
    let max = scores.iter().copied().fold(f32::MIN, f32::max);
    let mut out = scores.map(|s| (s - max).exp());
    let sum: f32 = out.iter().sum();
    out.iter_mut().for_each(|p| *p /= sum);
    out
}

/// Model probability above which it overrules a strong cue.
const OVERRULE_STRONG: f32 = 0.9;
/// Model probability above which it overrules a weak cue or a fallback.
const OVERRULE_WEAK: f32 = 0.5;

/// Highest confidence of a buy the rules did not see: below the policy's bar for ordering
/// without a confirm (0.75), so a model-only buy is always asked back.
const MODEL_ONLY_BUY: f32 = 0.7;

/// Joins the rules' intent (with their confidence) and the model's guess: agreement raises
/// the confidence; the model wins a disagreement only when it is clearly surer. A buy costs
/// the most when wrong: the model turns another intent into one only with the strong bar and
/// something to buy (`has_object`: a product, a quantity or "it"), and never confidently.
pub(crate) fn combine(
    rule: Intent,
    rule_confidence: f32,
    guess: &Guess,
    has_object: bool,
) -> (Intent, f32) {
    let of = |intent: Intent| {
        Intent::ALL
            .iter()
            .position(|&i| i == intent)
            .map_or(0.0, |k| guess.all[k])
    };
    if guess.intent == rule {
        return (rule, rule_confidence.max(guess.probability));
    }
    let bar = if rule_confidence >= super::intent::STRONG || guess.intent == Intent::Buy {
        OVERRULE_STRONG
    } else {
        OVERRULE_WEAK
    };
    // A strong cue of another intent ("refund", "my orders", "how much") is never overruled
    // into a buy: the model alone may at most ask to confirm one the cues left open.
    let strong_other = rule_confidence >= super::intent::STRONG && rule != Intent::Unknown;
    if guess.intent == Intent::Buy && (!has_object || strong_other) {
        (
            rule,
            rule_confidence.min(1.0 - guess.probability).max(of(rule)),
        )
    } else if guess.probability > bar {
        let confidence = if guess.intent == Intent::Buy {
            guess.probability.min(MODEL_ONLY_BUY)
        } else {
            guess.probability
        };
        (guess.intent, confidence)
    } else {
        (
            rule,
            rule_confidence.min(1.0 - guess.probability).max(of(rule)),
        )
    }
}
