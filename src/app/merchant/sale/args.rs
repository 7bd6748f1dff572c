//! The arguments of `/newsale "Title" price=1299 …` and `/editsale 12 stock=50 …`: words and
//! `key=value` pairs, values in straight, curly or Chinese quotes when they hold spaces.

use crate::app::merchant::sale::fields::Field;

/// Quote pairs accepted around a title or a value.
const QUOTES: [(char, char); 5] = [
    ('"', '"'),
    ('“', '”'),
    ('「', '」'),
    ('『', '』'),
    ('＂', '＂'),
];

/// Why arguments could not be read; each becomes a refusal with the usage line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ArgsError {
    /// A quote was opened and never closed.
    Unclosed,
    /// `key=` names no field.
    Unknown(String),
    /// The same field twice.
    Duplicate(String),
    /// A word where none belongs.
    Extra(String),
}

/// Words and `key=value` pairs, in the order typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct SaleArgs {
    pub words: Vec<String>,
    pub pairs: Vec<(Field, String)>,
}

impl SaleArgs {
    /// Reads `text`; every key must name a field, once.
    pub fn parse(text: &str) -> Result<Self, ArgsError> {
        let mut out = SaleArgs::default();
        let chars: Vec<char> = text.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            if chars[i].is_whitespace() {
                i += 1;
                continue;
            }
            let (key, value, next) = token(&chars, i)?;
            i = next;
            match key {
                None => out.words.push(value),
                Some(k) => {
                    let name = k.to_lowercase();
                    let field = Field::parse(&name).ok_or(ArgsError::Unknown(k))?;
                    if out.pairs.iter().any(|(f, _)| *f == field) {
                        return Err(ArgsError::Duplicate(name));
                    }
                    out.pairs.push((field, value));
                }
            }
        }
        Ok(out)
    }
}

/// One word or `key=value` starting at `i`: the key, the value and where the token ends.
fn token(chars: &[char], i: usize) -> Result<(Option<String>, String, usize), ArgsError> {
    if let Some(close) = closing(chars[i]) {
        let (value, next) = quoted(chars, i + 1, close)?;
        return Ok((None, value, next));
    }
    let mut j = i;
    let mut key = None;
    let mut word = String::new();
    while j < chars.len() && !chars[j].is_whitespace() {
        let c = chars[j];
        if key.is_none() && (c == '=' || c == '＝') {
            key = Some(std::mem::take(&mut word));
            j += 1;
            if let Some(close) = chars.get(j).copied().and_then(closing) {
                let (value, next) = quoted(chars, j + 1, close)?;
                return Ok((key, value, next));
            }
            continue;
        }
        word.push(c);
        j += 1;
    }
    Ok((key, word, j))
}

fn closing(open: char) -> Option<char> {
    QUOTES.iter().find(|(o, _)| *o == open).map(|(_, c)| *c)
}

/// The text up to `close`, which must be followed by a space or the end.
fn quoted(chars: &[char], from: usize, close: char) -> Result<(String, usize), ArgsError> {
    let end = chars[from..]
        .iter()
        .position(|c| *c == close)
        .map(|p| from + p)
        .ok_or(ArgsError::Unclosed)?;
    let value: String = chars[from..end].iter().collect();
    match chars.get(end + 1) {
        None => Ok((value, end + 1)),
        Some(c) if c.is_whitespace() => Ok((value, end + 1)),
        Some(_) => Err(ArgsError::Extra(chars[end + 1..].iter().collect())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_and_values_in_any_quotes() {
        let a = SaleArgs::parse(r#""AirPods Pro 2" price=1299 start="2026-12-01 20:00""#).unwrap();
        assert_eq!(a.words, vec!["AirPods Pro 2"]);
        assert_eq!(
            a.pairs,
            vec![
                (Field::Price, "1299".into()),
                (Field::Start, "2026-12-01 20:00".into())
            ]
        );
        let a = SaleArgs::parse("“茅台 飞天” keywords=「茅台,白酒」 captcha=yes").unwrap();
        assert_eq!(a.words, vec!["茅台 飞天"]);
        assert_eq!(a.pairs[0], (Field::Keywords, "茅台,白酒".into()));
    }

    #[test]
    fn unknown_duplicate_unclosed_and_glued_arguments_are_refused() {
        assert_eq!(
            SaleArgs::parse("x colour=red"),
            Err(ArgsError::Unknown("colour".into()))
        );
        assert_eq!(
            SaleArgs::parse("x stock=1 STOCK=2"),
            Err(ArgsError::Duplicate("stock".into()))
        );
        assert_eq!(SaleArgs::parse("\"x price=1"), Err(ArgsError::Unclosed));
        assert_eq!(SaleArgs::parse("\"x\"y"), Err(ArgsError::Extra("y".into())));
    }
}
