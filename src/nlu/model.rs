//! Public types of the intent parser and the `flashsale intent` JSON line.

use serde::{Deserialize, Serialize};

/// One sale in the catalog file (`[{"id", "title", "keywords"}]`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct CatalogEntry {
    /// Stable sale id printed in the JSON output.
    pub id: String,
    /// Display title; its words (English and Chinese) also identify the product.
    pub title: String,
    /// Extra names customers use (brand, category, Chinese names).
    #[serde(default)]
    pub keywords: Vec<String>,
}

/// What the customer wants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Intent {
    /// See the sales on offer.
    List,
    /// Price, stock or details of one sale.
    Info,
    /// When a sale starts or ends.
    Countdown,
    /// Buy units of a sale.
    Buy,
    /// Be reminded when a sale starts.
    Remind,
    /// Own orders and their state.
    Orders,
    /// Greeting or how to use the bot.
    Help,
    /// Nothing the bot handles.
    Unknown,
}

impl Intent {
    /// Every intent, in the order the contract lists them.
    pub const ALL: [Intent; 8] = [
        Intent::List,
        Intent::Info,
        Intent::Countdown,
        Intent::Buy,
        Intent::Remind,
        Intent::Orders,
        Intent::Help,
        Intent::Unknown,
    ];

    /// The lowercase name used in the JSON contract.
    pub fn as_str(self) -> &'static str {
        match self {
            Intent::List => "list",
            Intent::Info => "info",
            Intent::Countdown => "countdown",
            Intent::Buy => "buy",
            Intent::Remind => "remind",
            Intent::Orders => "orders",
            Intent::Help => "help",
            Intent::Unknown => "unknown",
        }
    }
}

/// Script of the message: Latin only, CJK only, or both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// No CJK characters.
    En,
    /// CJK characters and no Latin letters.
    Zh,
    /// CJK characters and Latin letters.
    Mixed,
}

/// Why a stated quantity cannot be used (quantity is then `None`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum QuantityIssue {
    /// "0", "零个".
    Zero,
    /// "-3".
    Negative,
    /// Above the ceiling (1,000,000); holds the value, saturated at `u64::MAX`.
    TooLarge(u64),
    /// Looks like a number but is not a whole count ("1.5").
    NotANumber,
    /// "all of them", "全部": no count, and more than one person may buy.
    Everything,
    /// "a few", "several", "买几瓶": more than one, but not how many.
    Vague,
}

/// Confidence at or above which a buy is a direct request, ordered without a confirm.
pub const SURE_BUY: f32 = 0.75;

/// The speaker's act as the parser read it; only a `Request` can be a buy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SpeechAct {
    /// The speaker asks the bot to do something now ("buy 2", "帮我抢").
    Request,
    /// A question ("can I buy two?", "耳机要怎么抢啊").
    Question,
    /// A negation or refusal ("don't get me the airpods", "我不要耳机了").
    Negation,
    /// A past or reported event ("my sister got two", "上次买过了").
    Reported,
    /// A conditional or supposition ("what if I order two", "如果便宜就买").
    Hypothetical,
    /// Anything else said about the world ("nice deal", "hello").
    Statement,
}

impl SpeechAct {
    /// The lowercase name used in the JSON line.
    pub fn as_str(self) -> &'static str {
        match self {
            SpeechAct::Request => "request",
            SpeechAct::Question => "question",
            SpeechAct::Negation => "negation",
            SpeechAct::Reported => "reported",
            SpeechAct::Hypothetical => "hypothetical",
            SpeechAct::Statement => "statement",
        }
    }
}

/// The parse of one message.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    /// The decided intent.
    pub intent: Intent,
    /// Sale id, only when exactly one product matched confidently.
    pub sale: Option<String>,
    /// Units to buy: `Some` only for `Buy` without a quantity issue (1 when none is said).
    pub quantity: Option<u32>,
    /// Matching sale ids, best first (several when ambiguous).
    pub candidates: Vec<String>,
    /// Set when a buy states an unusable quantity.
    pub quantity_issue: Option<QuantityIssue>,
    /// Script of the message.
    pub language: Lang,
    /// No product named, so the message is about the sale in context ("buy it", "还剩多久").
    pub refers_to_previous: bool,
    /// How sure the parser is of `intent`, 0.0 to 1.0.
    pub confidence: f32,
    /// The speaker's act; `intent` is `Buy` only when this is `Request`.
    pub act: SpeechAct,
    /// No product named, but a sale named by its rank ("the next sale", "最便宜的").
    pub pick: Option<Pick>,
}

/// A sale named by its rank among those on offer instead of by its product.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Pick {
    /// The upcoming sale that starts first.
    Next,
    /// The lowest price among the sales still to be bought (live or upcoming).
    Cheapest,
    /// The highest price among the same.
    Dearest,
}

/// The `flashsale intent` output line: `{"intent", "sale", "quantity", "confidence"}`.
pub fn to_json_line(parsed: &Parsed) -> String {
    #[derive(Serialize)]
    struct Line<'a> {
        intent: &'a str,
        sale: Option<&'a str>,
        quantity: Option<u32>,
        confidence: f32,
    }
    let line = Line {
        intent: parsed.intent.as_str(),
        sale: parsed.sale.as_deref(),
        quantity: parsed.quantity,
        // Two decimals: stable output, and finer steps mean nothing.
        confidence: (parsed.confidence.clamp(0.0, 1.0) * 100.0).round() / 100.0,
    };
    // Serialising strings and integers cannot fail; the fallback keeps the contract anyway.
    serde_json::to_string(&line).unwrap_or_else(|_| {
        r#"{"intent":"unknown","sale":null,"quantity":null,"confidence":0.0}"#.to_string()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_line_has_the_three_contract_keys_and_the_confidence() {
        let parsed = Parsed {
            intent: Intent::Buy,
            sale: Some("airpods-pro".into()),
            quantity: Some(2),
            candidates: vec!["airpods-pro".into()],
            quantity_issue: None,
            language: Lang::En,
            refers_to_previous: false,
            confidence: 0.876,
            act: SpeechAct::Request,
            pick: None,
        };
        let value: serde_json::Value = serde_json::from_str(&to_json_line(&parsed)).unwrap();
        let object = value.as_object().unwrap();
        assert_eq!(object.len(), 4);
        assert_eq!(object["intent"], "buy");
        assert_eq!(object["sale"], "airpods-pro");
        assert_eq!(object["quantity"], 2);
        assert_eq!(object["confidence"], 0.88);
    }

    #[test]
    fn intent_serialises_to_its_lowercase_name() {
        for intent in Intent::ALL {
            let json = serde_json::to_string(&intent).unwrap();
            assert_eq!(json, format!("\"{}\"", intent.as_str()));
        }
    }
}
