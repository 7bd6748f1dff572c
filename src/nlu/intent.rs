//! Intent decision from cue signals, product presence and quantities, in priority order.

use super::cues::CueSet;
use super::lexicon::Lexicon;
use super::model::Intent;
use super::normalize::Normalized;

/// Cue groups of the lexicon, in the order `decide` consults them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Group {
    /// "add 2 airpods to my order": a buy worded like the orders it names.
    AddToOrder,
    Orders,
    Remind,
    OffTopic,
    HelpStrong,
    List,
    Countdown,
    Info,
    Buy,
    Help,
}

impl Group {
    const ALL: [Group; 10] = [
        Group::AddToOrder,
        Group::Orders,
        Group::Remind,
        Group::OffTopic,
        Group::HelpStrong,
        Group::List,
        Group::Countdown,
        Group::Info,
        Group::Buy,
        Group::Help,
    ];

    fn key(self) -> &'static str {
        match self {
            Group::AddToOrder => "add_to_order",
            Group::Orders => "orders",
            Group::Remind => "remind",
            Group::OffTopic => "unknown",
            Group::HelpStrong => "help_strong",
            Group::List => "list",
            Group::Countdown => "countdown",
            Group::Info => "info",
            Group::Buy => "buy",
            Group::Help => "help",
        }
    }
}

/// Compiled strong and weak cues of every group.
#[derive(Debug, Clone)]
pub(crate) struct Cues {
    strong: Vec<CueSet>,
    weak: Vec<CueSet>,
}

/// Which groups' cues occur in one message.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Signals {
    strong: [bool; 10],
    weak: [bool; 10],
}

impl Signals {
    /// Whether a strong buy cue occurs ("buy", "get me", "要").
    pub(crate) fn asks_to_buy(&self) -> bool {
        self.strong(Group::Buy)
    }

    fn strong(&self, group: Group) -> bool {
        self.strong[group as usize]
    }

    fn weak(&self, group: Group) -> bool {
        self.weak[group as usize]
    }
}

/// What the decision needs to know besides the cues.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Facts {
    /// At least one catalog product matched (confidently or not).
    pub has_product: bool,
    /// A number was stated.
    pub has_quantity: bool,
    /// The message is only question marks.
    pub only_question: bool,
    /// The message points at the sale in context ("it", "这个").
    pub refers: bool,
}

impl Cues {
    /// Compiles every group of the lexicon.
    pub fn new(lexicon: &Lexicon) -> Self {
        let lists: Vec<_> = Group::ALL.iter().map(|g| lexicon.cues(g.key())).collect();
        Cues {
            strong: lists.iter().map(|l| CueSet::new(&l.strong)).collect(),
            weak: lists.iter().map(|l| CueSet::new(&l.weak)).collect(),
        }
    }

    /// All cue sets, for building the known-word tables.
    pub fn all_sets(&self) -> impl Iterator<Item = &CueSet> {
        self.strong.iter().chain(&self.weak)
    }

    /// Cue signals of one message.
    pub fn signals(&self, norm: &Normalized) -> Signals {
        // "我(今天)买的话有优惠吗" ("if I buy (today), …"): 的话 closes a supposition, and the
        // 的 in it is not the one of "我买的" (what I bought), so it is no orders cue.
        let supposed;
        let norm = if norm.compact.contains(SUPPOSITION) {
            let mut n = norm.clone();
            n.compact = n.compact.replace(SUPPOSITION, "话");
            supposed = n;
            &supposed
        } else {
            norm
        };
        let mut signals = Signals::default();
        let words: Vec<&str> = norm.tokens.iter().map(|t| t.text.as_str()).collect();
        for (i, (strong, weak)) in self.strong.iter().zip(&self.weak).enumerate() {
            signals.strong[i] = strong.matches(norm, &words);
            signals.weak[i] = weak.matches(norm, &words);
        }
        signals
    }
}

/// Ends a Chinese supposition ("…的话": "if …"); no intent cue ends in it.
const SUPPOSITION: &str = "的话";

/// Confidence of an intent decided by a strong cue of its own group.
pub(crate) const STRONG: f32 = 0.95;
/// Confidence of an intent decided by a weak cue or by a fallback.
pub(crate) const WEAK: f32 = 0.6;

/// Decides the intent and how sure the cues make it. `has_leftover` is asked only when no
/// product matched, to tell "how much is it" (info about the sale in context) from
/// "how much is a tesla" (unknown).
pub(crate) fn decide(
    signals: &Signals,
    facts: Facts,
    has_leftover: impl FnOnce() -> bool,
) -> (Intent, f32) {
    let Facts {
        has_product,
        has_quantity,
        only_question,
        refers,
    } = facts;
    if only_question {
        return (Intent::Help, STRONG);
    }
    // "add 2 airpods to my order (and checkout)": a buy (each buy is an order of its own),
    // not the orders list; with a weak cue's confidence unless the model agrees.
    if signals.strong(Group::AddToOrder) && has_product {
        return (Intent::Buy, WEAK);
    }
    if signals.strong(Group::Orders) {
        return (Intent::Orders, STRONG);
    }
    if signals.strong(Group::Remind) {
        return (Intent::Remind, STRONG);
    }
    if signals.strong(Group::OffTopic) {
        return (Intent::Unknown, STRONG);
    }
    if !has_product {
        if signals.strong(Group::HelpStrong) {
            return (Intent::Help, STRONG);
        }
        // "这个活动几点结束", "这个活动还有货吗": a time or the stock asked about the sale in
        // context (活动, 秒杀 are list words too) is its countdown or its card, not a list.
        let about_the_one = signals.strong(Group::Countdown) || signals.strong(Group::Info);
        if signals.strong(Group::List) && !(refers && about_the_one) {
            return (Intent::List, STRONG);
        }
    }
    let candidate = if signals.strong(Group::Countdown) {
        (Intent::Countdown, STRONG)
    } else if signals.strong(Group::Info) {
        (Intent::Info, STRONG)
    } else if signals.strong(Group::Buy) {
        (Intent::Buy, STRONG)
    } else if has_product {
        return if has_quantity || signals.weak(Group::Buy) {
            (Intent::Buy, WEAK)
        } else {
            (Intent::Info, WEAK)
        };
    } else if signals.weak(Group::Help) {
        (Intent::Help, WEAK)
    } else {
        return (Intent::Unknown, WEAK);
    };
    if !has_product && has_leftover() {
        (Intent::Unknown, WEAK)
    } else {
        candidate
    }
}
