//! Hashed features of a message for the learned intent model: character 1-3-grams (Chinese
//! needs no segmenter) and word uni/bigrams, folded into a fixed number of buckets.

use super::normalize::{Normalized, Script};

/// Number of hash buckets (a power of two).
pub(crate) const BUCKETS: usize = 1 << 13;

/// FNV-1a, 64 bits: stable across runs, platforms and Rust versions.
fn fnv(kind: u8, parts: &[&str]) -> usize {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in std::iter::once(kind).chain(
        parts
            .iter()
            .flat_map(|p| p.bytes().chain(std::iter::once(0x1f))),
    ) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    (hash % BUCKETS as u64) as usize
}

/// Bucket ids of every feature of `norm` (repeats kept: they count twice), plus a bias.
pub(crate) fn features(norm: &Normalized) -> Vec<usize> {
    let mut out = vec![fnv(b'b', &[])];
    let words: Vec<&str> = norm.tokens.iter().map(|t| t.text.as_str()).collect();
    for (i, w) in words.iter().enumerate() {
        out.push(fnv(b'w', &[w]));
        let next = words.get(i + 1).copied().unwrap_or("$");
        out.push(fnv(b'2', &[w, next]));
    }
    if let Some(first) = words.first() {
        out.push(fnv(b'2', &["^", first]));
    }
    for token in &norm.tokens {
        let padded: Vec<char> = if token.script == Script::Latin {
            std::iter::once('<')
                .chain(token.text.chars())
                .chain(std::iter::once('>'))
                .collect()
        } else {
            token.text.chars().collect()
        };
        let mut buf = [0u8; 16];
        for n in 1..=3 {
            for gram in padded.windows(n) {
                let mut s = String::with_capacity(12);
                gram.iter()
                    .for_each(|c| s.push_str(c.encode_utf8(&mut buf)));
                out.push(fnv(b'c' + n as u8, &[&s]));
            }
        }
    }
    if norm.only_question {
        out.push(fnv(b'q', &[]));
    }
    out
}

/// The bucket of "the message has a question mark".
pub(crate) fn question_mark() -> usize {
    fnv(b'?', &[])
}
