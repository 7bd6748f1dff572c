//! Short replies that only mean something in context: "yes" after a confirm, "the first
//! one" after a list, "两个" after a card. Matched whole (after trimming punctuation), so a
//! longer sentence is left to the parser.

/// Yes (`Some(true)`) or no (`Some(false)`) to a pending confirm.
pub fn yes_or_no(text: &str) -> Option<bool> {
    const YES: [&str; 16] = [
        "yes",
        "y",
        "yep",
        "yeah",
        "sure",
        "ok",
        "okay",
        "confirm",
        "yes please",
        "do it",
        "好",
        "好的",
        "确认",
        "是",
        "是的",
        "对",
    ];
    const NO: [&str; 12] = [
        "no",
        "n",
        "nope",
        "cancel",
        "no thanks",
        "不",
        "不要",
        "不用",
        "取消",
        "算了",
        "不了",
        "别",
    ];
    let t = bare(text);
    if YES.contains(&t.as_str()) || t == "嗯" || t == "可以" || t == "买吧" {
        Some(true)
    } else if NO.contains(&t.as_str()) || t == "不用了" || t == "不买了" {
        Some(false)
    } else {
        None
    }
}

/// A thank-you and nothing else ("thanks!", "thank you so much", "谢谢啦"): a pleasantry to
/// answer as one, never a request. Inner punctuation and emoji are ignored.
pub fn thanks(text: &str) -> bool {
    const EN: [&str; 10] = [
        "thanks",
        "thank you",
        "thx",
        "ty",
        "tysm",
        "thanks a lot",
        "thank you so much",
        "thanks so much",
        "many thanks",
        "cheers",
    ];
    const ZH: [&str; 9] = [
        "谢谢",
        "谢谢你",
        "谢谢您",
        "多谢",
        "感谢",
        "谢啦",
        "谢了",
        "谢谢啦",
        "非常感谢",
    ];
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let t = words.join(" ");
    let t = ["ok ", "okay ", "great ", "好的", "好"]
        .iter()
        .find_map(|p| t.strip_prefix(p))
        .unwrap_or(&t)
        .trim();
    let t = t.strip_suffix(" bot").unwrap_or(t);
    EN.contains(&t) || ZH.contains(&t.replace(' ', "").as_str())
}

/// "the first one", "第二个", "#3" -> the position in the list (from 1).
pub fn ordinal(text: &str) -> Option<usize> {
    const EN: [&str; 5] = ["first", "second", "third", "fourth", "fifth"];
    const ZH: [&str; 5] = ["一", "二", "三", "四", "五"];
    let t = bare(text);
    let t = t.strip_prefix("the ").unwrap_or(&t);
    for (i, word) in EN.iter().enumerate() {
        if t == *word || t == format!("{word} one") {
            return Some(i + 1);
        }
    }
    if t == "last one" || t == "最后一个" {
        return None;
    }
    let zh = t.strip_prefix('第')?;
    let zh = zh.strip_suffix('个').unwrap_or(zh);
    ZH.iter().position(|n| *n == zh).map(|i| i + 1)
}

/// A message that is only a quantity ("two", "2 pcs", "两个", "3件") -> that quantity.
pub fn bare_quantity(text: &str) -> Option<u32> {
    const EN: [&str; 10] = [
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    ];
    const ZH: [&str; 10] = ["一", "两", "三", "四", "五", "六", "七", "八", "九", "十"];
    let t = bare(text);
    let mut t = t.as_str();
    for suffix in [
        " please", " pcs", " units", " of them", "个", "件", "瓶", "台", "份", "对",
    ] {
        t = t.strip_suffix(suffix).unwrap_or(t);
    }
    let t = t.trim();
    if let Ok(n) = t.parse::<u32>() {
        return (1..=1000).contains(&n).then_some(n);
    }
    let at = |list: &[&str]| list.iter().position(|w| *w == t);
    let n = at(&EN)
        .or_else(|| at(&ZH))
        .or_else(|| (t == "二").then_some(1))?;
    u32::try_from(n + 1).ok()
}

/// A reply to a confirm that names another quantity ("no, one", "yes but only 1", "make it
/// 3", "只要一个", "改成三个") -> that quantity. A plain yes or no is not one.
pub fn new_quantity(text: &str) -> Option<u32> {
    const LEADS: [&str; 26] = [
        "yes",
        "yeah",
        "yep",
        "okay",
        "ok",
        "nope",
        "no",
        "but",
        "only",
        "just",
        "make it",
        "actually",
        "instead",
        "rather",
        "change it to",
        "change to",
        "改成",
        "换成",
        "只要",
        "就要",
        "还是",
        "那就",
        "不",
        "好",
        "要",
        "买",
    ];
    let t = bare(text);
    let mut rest = t.as_str();
    loop {
        let trimmed = rest.trim_start_matches(|c: char| !c.is_alphanumeric());
        match LEADS.iter().find_map(|lead| trimmed.strip_prefix(lead)) {
            Some(after) if after != trimmed => rest = after,
            _ => {
                rest = trimmed;
                break;
            }
        }
    }
    (rest.len() < t.len())
        .then(|| bare_quantity(rest))
        .flatten()
}

/// Lowercased, trimmed of spaces, punctuation and emoji at both ends.
fn bare(text: &str) -> String {
    text.trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_thank_you_alone_is_a_pleasantry() {
        for text in [
            "thanks!",
            "Thank you so much 🙏",
            "thx",
            "ok thanks",
            "谢谢！",
            "好的，谢谢",
            "多谢",
            "thanks bot",
        ] {
            assert!(thanks(text), "{text}");
        }
        for text in [
            "thanks, buy 2 airpods",
            "no thanks",
            "thanks for nothing",
            "buy",
            "谢谢，我要两个",
        ] {
            assert!(!thanks(text), "{text}");
        }
    }

    #[test]
    fn a_reply_to_a_confirm_may_change_the_quantity() {
        for (text, qty) in [
            ("no, one", 1),
            ("yes but only one", 1),
            ("make it 3", 3),
            ("just 2 please", 2),
            ("只要一个", 1),
            ("改成三个", 3),
            ("不，两个", 2),
            ("nope, two", 2),
            ("okay 4", 4),
        ] {
            assert_eq!(new_quantity(text), Some(qty), "{text}");
        }
        for text in [
            "yes",
            "no",
            "ok",
            "好的",
            "two",
            "buy 2 airpods",
            "no thanks",
        ] {
            assert_eq!(new_quantity(text), None, "{text}");
        }
    }

    #[test]
    fn yes_and_no_are_read_in_both_languages() {
        for y in ["yes", "Yes!", "好的", "确认", "ok 👍"] {
            assert_eq!(yes_or_no(y), Some(true), "{y}");
        }
        for n in ["no", "No.", "算了", "不要", "取消"] {
            assert_eq!(yes_or_no(n), Some(false), "{n}");
        }
        assert_eq!(yes_or_no("yes buy 2 airpods"), None);
        assert_eq!(yes_or_no("我不要耳机了"), None);
    }

    #[test]
    fn ordinals_name_a_position_in_the_list() {
        assert_eq!(ordinal("the first one"), Some(1));
        assert_eq!(ordinal("second"), Some(2));
        assert_eq!(ordinal("第一个"), Some(1));
        assert_eq!(ordinal("第三个"), Some(3));
        assert_eq!(ordinal("first come first served"), None);
    }

    #[test]
    fn bare_quantities_are_only_a_number_and_a_measure_word() {
        assert_eq!(bare_quantity("两个"), Some(2));
        assert_eq!(bare_quantity("two"), Some(2));
        assert_eq!(bare_quantity("3件"), Some(3));
        assert_eq!(bare_quantity("2 pcs"), Some(2));
        assert_eq!(bare_quantity("二"), Some(2));
        assert_eq!(bare_quantity("0"), None);
        assert_eq!(bare_quantity("buy two"), None);
        assert_eq!(bare_quantity("my sister got two"), None);
    }
}
