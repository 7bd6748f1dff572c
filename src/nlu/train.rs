//! Training the learned intent model: deterministic SGD on the labelled corpus (fixed order
//! shuffled by a seeded LCG, fixed epochs), written as sparse integer weights.

use std::fmt::Write as _;

use super::eval::Labelled;
use super::features::BUCKETS;
use super::learned::{HEADER, IntentModel, SCALE, feature_value, message_features, softmax};
use super::model::Intent;
use super::normalize::normalize_with;

const EPOCHS: usize = 12;
const LEARNING_RATE: f32 = 0.8;
const SEED: u64 = 16;

/// Trains on `corpus` and returns the model file's text; the same corpus gives the same bytes.
pub fn train(corpus: &[Labelled]) -> String {
    let fold = super::lexicon::Lexicon::get().traditional_map();
    let examples: Vec<(Vec<usize>, usize)> = corpus
        .iter()
        .map(|case| {
            let norm = normalize_with(&case.text, &fold);
            let asked = case.text.contains(['?', '？']);
            let class = Intent::ALL
                .iter()
                .position(|&i| i == case.intent)
                .unwrap_or(7);
            (message_features(&norm, asked), class)
        })
        .collect();
    let mut model = IntentModel::from_weights(vec![0.0; 8 * BUCKETS]);
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut state = SEED;
    for epoch in 0..EPOCHS {
        for i in (1..order.len()).rev() {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let j = ((state >> 33) % (i as u64 + 1)) as usize;
            order.swap(i, j);
        }
        let rate = LEARNING_RATE / (1.0 + epoch as f32 * 0.3);
        for &e in &order {
            let (feats, class) = &examples[e];
            let probs = softmax(model.scores(feats));
            let value = feature_value(feats.len());
            let weights = model.weights_mut();
            for (k, p) in probs.iter().enumerate() {
                let gradient = p - if k == *class { 1.0 } else { 0.0 };
                for &f in feats {
                    weights[k * BUCKETS + f] -= rate * gradient * value;
                }
            }
        }
    }
    write(model.weights_mut())
}

/// The model file: a header, then one line per intent of `bucket:weight*1000` pairs.
fn write(weights: &[f32]) -> String {
    let mut out = format!("{HEADER}\n");
    for (k, intent) in Intent::ALL.iter().enumerate() {
        out.push_str(intent.as_str());
        for (bucket, w) in weights[k * BUCKETS..(k + 1) * BUCKETS].iter().enumerate() {
            let q = (w * SCALE).round() as i32;
            if q != 0 {
                let _ = write!(out, " {bucket}:{q}");
            }
        }
        out.push('\n');
    }
    out
}
