//! Small typos in time words ("tomorow", "satruday", "evning") corrected to the word meant.

/// Words a typo is corrected to (only words of five letters or more are corrected).
const VOCABULARY: [&str; 30] = [
    "today",
    "tonight",
    "tomorrow",
    "yesterday",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "august",
    "september",
    "october",
    "november",
    "december",
    "morning",
    "afternoon",
    "evening",
    "night",
    "midnight",
    "noon",
    "midday",
    "minutes",
    "hours",
    "later",
];

/// A word of five letters or more one edit (two for seven or more letters) from exactly one
/// vocabulary word becomes that word; everything else stays as it is.
pub(crate) fn correct(w: &str) -> String {
    let n = w.chars().count();
    if n < 5 || !w.chars().all(|c| c.is_ascii_alphabetic()) || VOCABULARY.contains(&w) {
        return w.to_owned();
    }
    let allowed = if n >= 7 { 2 } else { 1 };
    let close: Vec<&str> = VOCABULARY
        .iter()
        .copied()
        .filter(|v| edit_distance(w, v) <= allowed)
        .collect();
    match close.as_slice() {
        [one] => (*one).to_owned(),
        _ => w.to_owned(),
    }
}

/// Optimal string alignment distance (insertions, deletions, substitutions, swaps).
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    edit_distance_chars(&a, &b)
}

/// [`edit_distance`] of two character sequences (the topic cues use it too).
pub(super) fn edit_distance_chars(a: &[char], b: &[char]) -> usize {
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_of_time_words_are_corrected_and_other_words_kept() {
        assert_eq!(correct("tomorow"), "tomorrow");
        assert_eq!(correct("tommorrow"), "tomorrow");
        assert_eq!(correct("satruday"), "saturday");
        assert_eq!(correct("wednsday"), "wednesday");
        assert_eq!(correct("tonigth"), "tonight");
        assert_eq!(correct("8pm"), "8pm");
        assert_eq!(correct("airpods"), "airpods");
    }
}
