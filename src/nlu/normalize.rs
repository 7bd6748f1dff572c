//! Text normalisation: full-width -> ASCII, lowercase, punctuation/emoji/control chars dropped,
//! and a split into Latin-word and CJK-run tokens at every script boundary.

use std::collections::HashMap;

use super::model::Lang;

/// Only this many chars of a message are read, bounding the work per message.
pub(crate) const MAX_CHARS: usize = 2000;

/// Script of a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Script {
    /// Letters and digits (plus a leading '-' or an inner '.' between digits).
    Latin,
    /// A run of CJK ideographs.
    Cjk,
}

/// One token of a normalised message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Token {
    /// Lowercased text; never empty.
    pub text: String,
    /// Script of every char in `text`.
    pub script: Script,
    /// The last char other than whitespace before the token in the text ('$' in "$199");
    /// a space at the start.
    pub before: char,
    /// The first one after it ('%' in "50 %"); a space at the end.
    pub after: char,
}

/// A message after normalisation.
#[derive(Debug, Clone, Default)]
pub(crate) struct Normalized {
    /// Tokens in message order.
    pub tokens: Vec<Token>,
    /// All token texts joined without separators (Chinese cues match here).
    pub compact: String,
    /// The message is made of question marks only ("?", "？？").
    pub only_question: bool,
    /// Whether the message has any CJK / Latin letter.
    pub has_cjk: bool,
    pub has_latin: bool,
}

impl Normalized {
    /// Script mix of the message.
    pub fn lang(&self) -> Lang {
        match (self.has_cjk, self.has_latin) {
            (true, true) => Lang::Mixed,
            (true, false) => Lang::Zh,
            _ => Lang::En,
        }
    }
}

/// True for CJK unified ideographs (and 〇).
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' | '\u{f900}'..='\u{faff}' | '〇')
}

/// Full-width ASCII variants and the ideographic space become their ASCII forms.
fn half_width(c: char) -> char {
    match c {
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(' '),
        '\u{3000}' => ' ',
        _ => c,
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_cjk(c)
}

/// Letters repeated three or more times collapse to one: "hiii" -> "hi", "pleeease" -> "please".
fn squash_stretched(word: String) -> String {
    let chars: Vec<char> = word.chars().collect();
    if !chars
        .windows(3)
        .any(|w| w[0] == w[1] && w[1] == w[2] && w[0].is_alphabetic())
    {
        return word;
    }
    let mut out = String::with_capacity(word.len());
    let mut i = 0;
    while i < chars.len() {
        let mut run = 1;
        while i + run < chars.len() && chars[i + run] == chars[i] {
            run += 1;
        }
        let keep = if run >= 3 && chars[i].is_alphabetic() {
            1
        } else {
            run
        };
        out.extend(std::iter::repeat_n(chars[i], keep));
        i += run;
    }
    out
}

/// The first char other than whitespace from `chars[i]` on, or a space.
fn mark_from(chars: &[char], i: usize) -> char {
    chars[i..]
        .iter()
        .copied()
        .find(|c| !c.is_whitespace())
        .unwrap_or(' ')
}

/// Normalises `text` into tokens; never fails, whatever the input.
pub(crate) fn normalize(text: &str) -> Normalized {
    normalize_with(text, &HashMap::new())
}

/// Like `normalize`, first folding chars through `fold` (traditional -> simplified Chinese).
pub(crate) fn normalize_with(text: &str, fold: &HashMap<char, char>) -> Normalized {
    let chars: Vec<char> = text
        .chars()
        .take(MAX_CHARS)
        .map(|c| fold.get(&c).copied().unwrap_or(c))
        .map(half_width)
        .flat_map(char::to_lowercase)
        .collect();
    let trimmed: Vec<char> = chars
        .iter()
        .copied()
        .filter(|c| !c.is_whitespace())
        .collect();
    let mut out = Normalized {
        only_question: !trimmed.is_empty() && trimmed.iter().all(|&c| c == '?'),
        ..Normalized::default()
    };
    let mut current = String::new();
    let mut script = Script::Latin;
    // The mark before the token being read, and the last char other than whitespace so far
    // (kept as the loop goes, so a long run of spaces costs no rescans).
    let mut before = ' ';
    let mut last_mark = ' ';
    // Ends the token being read at `at`; its mark after is looked up only for a real token.
    let flush =
        |current: &mut String, script: Script, before: char, at: usize, out: &mut Normalized| {
            if !current.is_empty() {
                let after = mark_from(&chars, at);
                let text = std::mem::take(current);
                let text = if script == Script::Latin {
                    squash_stretched(text)
                } else {
                    text
                };
                out.tokens.push(Token {
                    text,
                    script,
                    before,
                    after,
                });
            }
        };
    for (i, &c) in chars.iter().enumerate() {
        let prev = if i > 0 { chars[i - 1] } else { ' ' };
        let next = chars.get(i + 1).copied().unwrap_or(' ');
        if current.is_empty() {
            before = last_mark;
        }
        if is_cjk(c) {
            out.has_cjk = true;
            if script != Script::Cjk {
                flush(&mut current, script, before, i, &mut out);
                before = last_mark;
                script = Script::Cjk;
            }
            current.push(c);
        } else if is_word_char(c) {
            out.has_latin |= c.is_alphabetic();
            if script != Script::Latin {
                flush(&mut current, script, before, i, &mut out);
                before = last_mark;
                script = Script::Latin;
            }
            current.push(c);
        } else if (c == '\'' || c == '’') && is_word_char(prev) && is_word_char(next) {
            // Apostrophes join: "what's" -> "whats", "i'll" -> "ill".
        } else if c == '-' && is_word_char(prev) && next.is_alphabetic() && !is_cjk(next) {
            // Hyphenated words join: "e-reader" -> "ereader".
        } else if c == '-' && next.is_ascii_digit() && !is_word_char(prev) {
            flush(&mut current, script, before, i, &mut out);
            before = last_mark;
            script = Script::Latin;
            current.push('-');
        } else if c == '.'
            && prev.is_ascii_digit()
            && next.is_ascii_digit()
            && script == Script::Latin
        {
            current.push('.');
        } else {
            flush(&mut current, script, before, i, &mut out);
        }
        if !c.is_whitespace() {
            last_mark = c;
        }
    }
    flush(&mut current, script, before, chars.len(), &mut out);
    out.compact = out.tokens.iter().map(|t| t.text.as_str()).collect();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<String> {
        normalize(text).tokens.into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn full_width_letters_and_digits_become_ascii_lowercase() {
        assert_eq!(texts("ＡｉｒＰｏｄｓ　２"), ["airpods", "2"]);
    }

    #[test]
    fn cjk_and_latin_split_at_every_script_boundary() {
        assert_eq!(texts("帮我抢2个airpods"), ["帮我抢", "2", "个", "airpods"]);
    }

    #[test]
    fn emoji_punctuation_and_control_chars_separate_tokens() {
        assert_eq!(texts("buy🙏\u{0}switch!!，谢谢"), ["buy", "switch", "谢谢"]);
    }

    #[test]
    fn apostrophes_and_word_hyphens_join_words() {
        assert_eq!(texts("what's the e-reader"), ["whats", "the", "ereader"]);
    }

    #[test]
    fn a_leading_minus_and_a_decimal_point_stay_in_numbers() {
        assert_eq!(texts("buy -3 or 1.5"), ["buy", "-3", "or", "1.5"]);
        assert_eq!(texts("买-1台"), ["买", "-1", "台"]);
    }

    #[test]
    fn stretched_letters_collapse_but_digits_and_doubles_stay() {
        assert_eq!(
            texts("hiii pleeease cool 1000"),
            ["hi", "please", "cool", "1000"]
        );
    }

    #[test]
    fn folded_traditional_chars_become_simplified() {
        let fold = HashMap::from([('給', '给'), ('殺', '杀')]);
        let tokens: Vec<String> = normalize_with("給我秒殺", &fold)
            .tokens
            .into_iter()
            .map(|t| t.text)
            .collect();
        assert_eq!(tokens, ["给我秒杀"]);
    }

    #[test]
    fn question_marks_alone_are_flagged() {
        assert!(normalize(" ？? ").only_question);
        assert!(!normalize("airpods?").only_question);
    }

    #[test]
    fn language_follows_the_scripts_present() {
        assert_eq!(normalize("buy it").lang(), Lang::En);
        assert_eq!(normalize("买这个").lang(), Lang::Zh);
        assert_eq!(normalize("买2台iphone").lang(), Lang::Mixed);
        assert_eq!(normalize("买2台").lang(), Lang::Zh);
    }
}
