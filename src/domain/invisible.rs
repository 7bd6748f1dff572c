//! Characters that change how text looks without being seen: bidirectional controls (which
//! can show "Air" + U+202E + "sdoP" as "AirPods" on screen) and zero-width ones (which make two
//! different titles look alike). Titles and keywords drop them when parsed.

/// Whether `c` is a bidi control, a zero-width character or another invisible format mark.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'              // soft hyphen
            | '\u{034F}'        // combining grapheme joiner
            | '\u{061C}'        // Arabic letter mark
            | '\u{115F}' | '\u{1160}' | '\u{3164}' | '\u{FFA0}' // Hangul fillers
            | '\u{180E}'        // Mongolian vowel separator
            | '\u{200B}'..='\u{200F}' // zero-width space/non-joiner/joiner, LRM, RLM
            | '\u{202A}'..='\u{202E}' // embeddings and overrides
            | '\u{2060}'..='\u{2064}' // word joiner, invisible operators
            | '\u{2066}'..='\u{2069}' // isolates
            | '\u{206A}'..='\u{206F}' // deprecated format controls
            | '\u{FEFF}'        // zero-width no-break space (BOM)
            | '\u{FE00}'..='\u{FE0E}' // variation selectors, emoji presentation (FE0F) kept
    )
}

/// `s` without its invisible characters.
pub fn strip_invisible(s: &str) -> String {
    s.chars().filter(|c| !is_invisible(*c)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bidi_overrides_and_zero_width_characters_are_stripped_and_text_is_kept() {
        assert_eq!(strip_invisible("Air\u{202E}sdoP"), "AirsdoP");
        assert_eq!(strip_invisible("Air\u{200B}Pods\u{FEFF}"), "AirPods");
        assert_eq!(strip_invisible("\u{2067}茅台\u{2069}"), "茅台");
        assert_eq!(strip_invisible("耳机 ❤\u{FE0F} Pro"), "耳机 ❤\u{FE0F} Pro");
    }
}
