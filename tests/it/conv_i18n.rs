//! The locales agree on their keys, cover every key the code uses, and spell countdowns.

use std::collections::BTreeSet;
use std::path::Path;

use chrono::Duration;
use flashsale::domain::Span;
use flashsale::i18n::{Locale, Msg, Texts};

fn keys(texts: &Texts, locale: Locale) -> BTreeSet<String> {
    texts.keys(locale).into_iter().collect()
}

/// Every `Msg::new("...")` literal in the Rust sources under `dir`.
fn keys_used_in(dir: &Path, found: &mut BTreeSet<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            keys_used_in(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let source = std::fs::read_to_string(&path).unwrap();
            for piece in source.split("Msg::new(\"").skip(1) {
                if let Some(end) = piece.find('"') {
                    found.insert(piece[..end].to_owned());
                }
            }
        }
    }
}

#[test]
fn english_and_chinese_define_exactly_the_same_keys() {
    let texts = Texts::load();
    let en = keys(&texts, Locale::En);
    let zh = keys(&texts, Locale::ZhCn);
    assert!(en.len() > 50, "only {} keys", en.len());
    let only_en: Vec<_> = en.difference(&zh).collect();
    let only_zh: Vec<_> = zh.difference(&en).collect();
    assert!(
        only_en.is_empty() && only_zh.is_empty(),
        "only en: {only_en:?}; only zh-CN: {only_zh:?}"
    );
}

#[test]
fn every_key_the_code_uses_exists_in_every_locale() {
    let texts = Texts::load();
    let mut used = BTreeSet::new();
    keys_used_in(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut used,
    );
    assert!(used.len() > 50, "found only {} keys in code", used.len());
    for locale in Locale::ALL {
        let defined = keys(&texts, locale);
        let missing: Vec<_> = used.difference(&defined).collect();
        assert!(missing.is_empty(), "{} lacks {missing:?}", locale.code());
    }
}

#[test]
fn countdowns_are_spelled_in_words_in_both_languages() {
    let texts = Texts::load();
    let span = |secs| Span::of(Duration::seconds(secs));
    let upcoming = Msg::new("phase-upcoming")
        .arg("span", span(8100))
        .arg("time", "12-01 22:15 UTC+08:00");
    assert_eq!(
        texts.render(Locale::En, &upcoming),
        "⏳ starts in 2 h 15 min (12-01 22:15 UTC+08:00)"
    );
    assert_eq!(
        texts.render(Locale::ZhCn, &upcoming),
        "⏳ 还有 2 小时 15 分钟开始（12-01 22:15 UTC+08:00）"
    );
    let live = Msg::new("phase-live")
        .arg("remaining", 3u32)
        .arg("span", span(45));
    assert!(texts.render(Locale::En, &live).ends_with("ends in 45 s"));
    assert_eq!(
        texts.render(Locale::ZhCn, &Msg::new("phase-ended")),
        "已结束"
    );
}

#[test]
fn rendered_text_carries_no_unicode_isolation_marks() {
    let texts = Texts::load();
    let msg = Msg::new("buy-won")
        .arg("qty", 2u32)
        .arg("title", "AirPods")
        .arg("order", 7i64);
    for locale in Locale::ALL {
        let text = texts.render(locale, &msg);
        assert!(!text.contains(['\u{2068}', '\u{2069}']), "{text:?}");
        assert!(text.contains("AirPods") && text.contains('7'), "{text}");
    }
}
