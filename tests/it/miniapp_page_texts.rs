//! The Mini App page's strings: every key the page asks for exists in en and zh-CN
//! (`page-*` keys below `# page` in locales/*/miniapp.ftl), and the offline fallback in
//! app.js says what the locales say.

use std::collections::BTreeSet;

use crate::support::page::ftl;

const INDEX: &str = include_str!("../../assets/miniapp/index.html");
const APP_JS: &str = include_str!("../../assets/miniapp/app.js");

fn page_keys(source: &str) -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    for (i, _) in source.match_indices("page-") {
        let key: String = source[i..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        if key.len() > "page-".len() && !key.ends_with('-') {
            keys.insert(key);
        }
    }
    keys
}

fn page_section(lang: &str) -> BTreeSet<String> {
    let path = format!("{}/locales/{lang}/miniapp.ftl", env!("CARGO_MANIFEST_DIR"));
    let source = std::fs::read_to_string(&path).expect("miniapp.ftl");
    let (_, page) = source.split_once("\n# page\n").expect("a '# page' line");
    page.lines()
        .filter_map(|l| l.split_once(" = ").map(|(k, _)| k.to_owned()))
        .collect()
}

#[test]
fn every_key_the_page_uses_is_a_page_key_in_english_and_chinese() {
    let used: BTreeSet<String> = page_keys(INDEX)
        .into_iter()
        .chain(page_keys(APP_JS))
        .collect();
    assert!(used.len() > 20, "found only {used:?}");
    for lang in ["en", "zh-CN"] {
        let defined = page_section(lang);
        let missing: Vec<_> = used.difference(&defined).collect();
        assert!(missing.is_empty(), "{lang} lacks {missing:?}");
        assert!(
            defined.iter().all(|k| k.starts_with("page-")),
            "{lang}: {defined:?}"
        );
    }
    assert_eq!(page_section("en"), page_section("zh-CN"));
}

#[test]
fn the_pages_offline_fallback_says_what_the_locales_say() {
    let start = APP_JS.find("/*fallback*/").expect("fallback start") + "/*fallback*/".len();
    let end = APP_JS.find("/*end*/").expect("fallback end");
    let fallback: serde_json::Value = serde_json::from_str(&APP_JS[start..end]).expect("JSON");
    for lang in ["en", "zh-CN"] {
        let texts = fallback[lang].as_object().expect("per language");
        assert!(!texts.is_empty());
        for (key, text) in texts {
            assert_eq!(text.as_str(), Some(ftl(lang, key).as_str()), "{lang} {key}");
        }
    }
}
