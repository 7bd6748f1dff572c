//! When words place an order: only a confident, direct request by the speaker. Everything
//! else about buying is answered (a card one tap from Buy), confirmed first, or acknowledged.

use crate::nlu::{Intent, Parsed, SpeechAct};

/// Free text buys at once only at or above this parser confidence; below it, a confirm.
pub const MIN_BUY_CONFIDENCE: f32 = crate::nlu::SURE_BUY;

/// What to do with one parsed message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Decision {
    /// A confident, direct request: buy.
    Buy,
    /// A buy with unclear wording: ask "Buy N × X? [Yes] [No]".
    Confirm,
    /// A question (or report, or supposition) about buying: answer with the sale's card.
    Card,
    /// A negation or refusal: acknowledge, buy nothing.
    Acknowledge,
    /// A report about buying ("I already bought airpods", "我朋友想要两个耳机"): say nothing
    /// is ordered from it and show the sale as it stands for them (what they hold in it).
    Report,
    /// Not about buying: answer the intent as usual.
    Route,
}

/// The policy, from the parse alone.
pub(crate) fn decide(parsed: &Parsed) -> Decision {
    // A negation refuses a buy or a reminder; a question that merely holds a "not" or a
    // "later" ("is the switch on later?", "cancel my order") is answered as asked.
    if parsed.act == SpeechAct::Negation
        && matches!(
            parsed.intent,
            Intent::Buy | Intent::Info | Intent::Remind | Intent::Unknown
        )
    {
        return Decision::Acknowledge;
    }
    match (parsed.intent, parsed.act) {
        // A sale named by its rank ("buy the cheapest") is confirmed first: the customer
        // sees which one before anything is bought.
        (Intent::Buy, SpeechAct::Request)
            if parsed.confidence >= MIN_BUY_CONFIDENCE && parsed.pick.is_none() =>
        {
            Decision::Buy
        }
        (Intent::Buy, SpeechAct::Request | SpeechAct::Statement) => Decision::Confirm,
        (Intent::Buy, _) => Decision::Card,
        // The parser reads a report as no intent at all; the conversation still answers it
        // about the sale it names, or with the fallback when it names none.
        (Intent::Unknown, SpeechAct::Reported) => Decision::Report,
        (Intent::Info | Intent::Unknown, SpeechAct::Question) => Decision::Card,
        _ => Decision::Route,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nlu::Lang;

    fn parsed(intent: Intent, act: SpeechAct, confidence: f32) -> Parsed {
        Parsed {
            intent,
            sale: Some("1".into()),
            quantity: (intent == Intent::Buy).then_some(1),
            candidates: vec!["1".into()],
            quantity_issue: None,
            language: Lang::En,
            refers_to_previous: false,
            confidence,
            act,
            pick: None,
        }
    }

    #[test]
    fn only_a_confident_direct_request_buys() {
        assert_eq!(
            decide(&parsed(Intent::Buy, SpeechAct::Request, 0.9)),
            Decision::Buy
        );
        assert_eq!(
            decide(&parsed(Intent::Buy, SpeechAct::Request, MIN_BUY_CONFIDENCE)),
            Decision::Buy
        );
        assert_eq!(
            decide(&parsed(Intent::Buy, SpeechAct::Request, 0.74)),
            Decision::Confirm
        );
        assert_eq!(
            decide(&parsed(Intent::Buy, SpeechAct::Statement, 1.0)),
            Decision::Confirm
        );
    }

    #[test]
    fn no_other_kind_of_utterance_buys() {
        for act in [
            SpeechAct::Question,
            SpeechAct::Negation,
            SpeechAct::Reported,
            SpeechAct::Hypothetical,
            SpeechAct::Statement,
        ] {
            for intent in Intent::ALL {
                let d = decide(&parsed(intent, act, 1.0));
                assert_ne!(d, Decision::Buy, "{intent:?} {act:?}");
            }
        }
    }

    #[test]
    fn negations_are_acknowledged_and_questions_about_buying_get_the_card() {
        assert_eq!(
            decide(&parsed(Intent::Buy, SpeechAct::Negation, 1.0)),
            Decision::Acknowledge
        );
        assert_eq!(
            decide(&parsed(Intent::Info, SpeechAct::Negation, 1.0)),
            Decision::Acknowledge
        );
        assert_eq!(
            decide(&parsed(Intent::Remind, SpeechAct::Negation, 1.0)),
            Decision::Acknowledge
        );
        for intent in [
            Intent::Countdown,
            Intent::List,
            Intent::Orders,
            Intent::Help,
        ] {
            assert_eq!(
                decide(&parsed(intent, SpeechAct::Negation, 1.0)),
                Decision::Route,
                "{intent:?}"
            );
        }
        assert_eq!(
            decide(&parsed(Intent::Buy, SpeechAct::Question, 1.0)),
            Decision::Card
        );
        assert_eq!(
            decide(&parsed(Intent::Unknown, SpeechAct::Question, 1.0)),
            Decision::Card
        );
        assert_eq!(
            decide(&parsed(Intent::Buy, SpeechAct::Hypothetical, 1.0)),
            Decision::Card
        );
        assert_eq!(
            decide(&parsed(Intent::List, SpeechAct::Question, 1.0)),
            Decision::Route
        );
    }

    #[test]
    fn a_report_about_buying_is_answered_as_one_and_buys_nothing() {
        assert_eq!(
            decide(&parsed(Intent::Unknown, SpeechAct::Reported, 1.0)),
            Decision::Report
        );
        // A report that is also a question about one's orders is answered as asked.
        assert_eq!(
            decide(&parsed(Intent::Orders, SpeechAct::Reported, 1.0)),
            Decision::Route
        );
    }

    #[test]
    fn a_buy_of_a_sale_named_by_its_rank_is_confirmed_first() {
        let by_rank = Parsed {
            pick: Some(crate::nlu::Pick::Cheapest),
            ..parsed(Intent::Buy, SpeechAct::Request, 0.99)
        };
        assert_eq!(decide(&by_rank), Decision::Confirm);
    }
}
