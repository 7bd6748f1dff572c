//! Time to parse one customer message (target: < 50 µs).

use criterion::{Criterion, criterion_group, criterion_main};
use flashsale::nlu::{CatalogEntry, IntentParser};
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let catalog: Vec<CatalogEntry> =
        serde_json::from_str(include_str!("../tests/data/catalog.json")).expect("catalog");
    let parser = IntentParser::new(catalog);
    let messages: Vec<String> = include_str!("../tests/data/intents.jsonl")
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["text"].as_str().map(str::to_string))
        .collect();
    c.bench_function("parse one message (mean over the main set)", |b| {
        let mut i = 0;
        b.iter(|| {
            i = (i + 1) % messages.len();
            black_box(parser.parse(black_box(&messages[i])))
        })
    });
    c.bench_function("parse 帮我抢2个airpods", |b| {
        b.iter(|| black_box(parser.parse(black_box("帮我抢2个airpods"))))
    });
    let long = "how much is the airpods ".repeat(160);
    c.bench_function("parse a 4000-char message", |b| {
        b.iter(|| black_box(parser.parse(black_box(&long))))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
