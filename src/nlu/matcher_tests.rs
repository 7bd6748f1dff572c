//! Unit tests of product matching.

use super::*;

fn catalog() -> Vec<CatalogEntry> {
    serde_json::from_str(include_str!("../../tests/data/catalog.json")).unwrap()
}

fn ranked_ids(text: &str) -> (Option<String>, Vec<String>) {
    let catalog = catalog();
    let matcher = ProductMatcher::new(
        &catalog,
        Lexicon::get(),
        HashSet::from(["price".to_string()]),
    );
    let hits = matcher.score(&normalize(text), catalog.len());
    let ids = hits
        .ranked
        .iter()
        .map(|&(e, _)| catalog[e].id.clone())
        .collect();
    (hits.confident().map(|e| catalog[e].id.clone()), ids)
}

fn sale(text: &str) -> Option<String> {
    ranked_ids(text).0
}

#[test]
fn keywords_and_title_words_match_their_product() {
    assert_eq!(sale("the nintendo").as_deref(), Some("switch-oled"));
    assert_eq!(sale("xiaomi").as_deref(), Some("rice-cooker"));
    assert_eq!(sale("rice cooker").as_deref(), Some("rice-cooker"));
    assert_eq!(sale("airpods pro 2").as_deref(), Some("airpods-pro"));
}

#[test]
fn small_typos_and_plurals_still_match() {
    assert_eq!(sale("swich").as_deref(), Some("switch-oled"));
    assert_eq!(sale("swtich").as_deref(), Some("switch-oled"));
    assert_eq!(sale("airpod").as_deref(), Some("airpods-pro"));
    assert_eq!(sale("kindles").as_deref(), Some("kindle-pw"));
    assert_eq!(sale("switches").as_deref(), Some("switch-oled"));
    assert_eq!(sale("vaccum").as_deref(), Some("dyson-v15"));
}

#[test]
fn short_or_known_words_are_never_fuzzy_matched() {
    assert_eq!(ranked_ids("price").1, Vec::<String>::new());
    assert_eq!(ranked_ids("lgo").1, Vec::<String>::new());
    assert_eq!(ranked_ids("sdfsdf").1, Vec::<String>::new());
}

#[test]
fn chinese_matches_by_keyword_and_title_runs() {
    assert_eq!(sale("来两个耳机").as_deref(), Some("airpods-pro"));
    assert_eq!(sale("茅台还剩多久").as_deref(), Some("moutai-500"));
    assert_eq!(sale("苹果手机").as_deref(), Some("iphone-16-pro"));
    assert_eq!(sale("任天堂").as_deref(), Some("switch-oled"));
    assert_eq!(sale("苹果16几点").as_deref(), Some("iphone-16-pro"));
}

#[test]
fn a_brand_with_two_products_is_ambiguous() {
    let (sale, candidates) = ranked_ids("apple");
    assert_eq!(sale, None);
    assert_eq!(candidates, ["iphone-16-pro", "airpods-pro"]);
    assert_eq!(ranked_ids("苹果多少钱").0, None);
}

#[test]
fn two_products_sharing_a_keyword_are_ambiguous() {
    let catalog = vec![
        CatalogEntry {
            id: "a".into(),
            title: "Sony headphones".into(),
            keywords: vec!["headphones".into()],
        },
        CatalogEntry {
            id: "b".into(),
            title: "Bose headphones".into(),
            keywords: vec!["headphones".into()],
        },
    ];
    let matcher = ProductMatcher::new(&catalog, Lexicon::get(), HashSet::new());
    let hits = matcher.score(&normalize("buy headphones"), 2);
    assert_eq!(hits.confident(), None);
    assert_eq!(hits.ranked.len(), 2);
}
