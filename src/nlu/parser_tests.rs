//! Unit tests of the parser as a whole.

use super::*;
use crate::nlu::model::{Lang, Pick, QuantityIssue};

fn parser() -> IntentParser {
    IntentParser::new(serde_json::from_str(include_str!("../../tests/data/catalog.json")).unwrap())
}

#[test]
fn buy_without_a_number_means_one_unit() {
    let parsed = parser().parse("buy airpods");
    assert_eq!(
        (parsed.intent, parsed.sale.as_deref(), parsed.quantity),
        (Intent::Buy, Some("airpods-pro"), Some(1))
    );
}

#[test]
fn model_numbers_are_not_quantities() {
    let parsed = parser().parse("buy 2 iphone 16 pro");
    assert_eq!(parsed.quantity, Some(2));
    assert_eq!(parser().parse("buy airpods pro 2").quantity, Some(1));
}

#[test]
fn unusable_quantities_leave_quantity_empty_and_say_why() {
    let p = parser();
    assert_eq!(
        p.parse("buy 0 airpods").quantity_issue,
        Some(QuantityIssue::Zero)
    );
    assert_eq!(
        p.parse("buy -3 airpods").quantity_issue,
        Some(QuantityIssue::Negative)
    );
    assert_eq!(
        p.parse("buy 999999999 airpods").quantity_issue,
        Some(QuantityIssue::TooLarge(999_999_999))
    );
    assert_eq!(
        p.parse("买三千万个耳机").quantity_issue,
        Some(QuantityIssue::TooLarge(30_000_000))
    );
    assert_eq!(
        p.parse("buy 1.5 kindles").quantity_issue,
        Some(QuantityIssue::NotANumber)
    );
    assert_eq!(p.parse("buy 0 airpods").quantity, None);
    for all in [
        "buy all the airpods",
        "耳机我全要了",
        "i'll take all of them",
    ] {
        let parsed = p.parse(all);
        assert_eq!(parsed.quantity, None, "{all}: never read as one");
        assert_eq!(
            parsed.quantity_issue,
            Some(QuantityIssue::Everything),
            "{all}"
        );
    }
}

#[test]
fn messages_without_a_product_refer_to_the_previous_one() {
    let p = parser();
    assert!(p.parse("buy it").refers_to_previous);
    assert!(p.parse("还剩多久").refers_to_previous);
    assert!(!p.parse("buy airpods").refers_to_previous);
    assert!(!p.parse("my orders").refers_to_previous);
}

#[test]
fn ambiguous_products_give_candidates_and_no_sale() {
    let parsed = parser().parse("buy apple");
    assert_eq!(parsed.sale, None);
    assert_eq!(parsed.candidates, ["iphone-16-pro", "airpods-pro"]);
}

#[test]
fn language_is_reported() {
    let p = parser();
    assert_eq!(p.parse("帮我抢2个airpods").language, Lang::Mixed);
    assert_eq!(p.parse("我要抢两瓶茅台").language, Lang::Zh);
    assert_eq!(p.parse("buy it").language, Lang::En);
}

#[test]
fn non_sale_intents_carry_no_sale_or_quantity() {
    let parsed = parser().parse("did i get the airpods?");
    assert_eq!(
        (parsed.intent, parsed.sale, parsed.quantity),
        (Intent::Orders, None, None)
    );
}

#[test]
fn no_non_purchase_kind_of_the_issue_is_a_buy_and_each_carries_its_act() {
    let parser = parser();
    let cases = [
        ("don't get me the airpods yet", SpeechAct::Negation),
        ("我不要耳机了", SpeechAct::Negation),
        ("not buying, just looking", SpeechAct::Negation),
        ("how does buying work for the airpods?", SpeechAct::Question),
        ("耳机要怎么抢啊", SpeechAct::Question),
        ("能买两台switch吗", SpeechAct::Question),
        ("my sister got two airpods", SpeechAct::Reported),
        ("上次买过耳机了", SpeechAct::Reported),
        (
            "suppose I order a pair and skip paying?",
            SpeechAct::Hypothetical,
        ),
        ("如果买了乐高不付款会怎样", SpeechAct::Hypothetical),
    ];
    for (text, act) in cases {
        let parsed = parser.parse(text);
        assert_ne!(parsed.intent, Intent::Buy, "{text}");
        assert_eq!(parsed.act, act, "{text}");
        assert_eq!(parsed.quantity, None, "{text}");
    }
}

#[test]
fn a_direct_request_is_a_confident_buy() {
    let parser = parser();
    for (text, quantity) in [
        ("buy 2 airpods", 2),
        ("我要两个耳机", 2),
        ("帮我抢一台switch", 1),
    ] {
        let parsed = parser.parse(text);
        assert_eq!(parsed.intent, Intent::Buy, "{text}");
        assert_eq!(parsed.act, SpeechAct::Request, "{text}");
        assert_eq!(parsed.quantity, Some(quantity), "{text}");
        assert!(parsed.confidence >= 0.75, "{text}: {}", parsed.confidence);
    }
}

#[test]
fn a_sale_named_by_its_rank_is_picked_not_the_one_in_context() {
    let p = parser();
    for (text, pick, intent) in [
        (
            "what time does the next sale start",
            Pick::Next,
            Intent::Countdown,
        ),
        ("when is the next one", Pick::Next, Intent::Countdown),
        ("下一场什么时候开始", Pick::Next, Intent::Countdown),
        ("what's up next?", Pick::Next, Intent::Info),
        ("which is the cheapest", Pick::Cheapest, Intent::Info),
        ("can I get the cheapest one", Pick::Cheapest, Intent::Info),
        ("最便宜的是哪个", Pick::Cheapest, Intent::Info),
        (
            "which one is the most expensive",
            Pick::Dearest,
            Intent::Info,
        ),
        ("最贵的多少钱", Pick::Dearest, Intent::Info),
        ("buy the cheapest", Pick::Cheapest, Intent::Buy),
    ] {
        let parsed = p.parse(text);
        assert_eq!((parsed.pick, parsed.intent), (Some(pick), intent), "{text}");
        assert!(!parsed.refers_to_previous, "{text}");
        assert_eq!(parsed.sale, None, "{text}");
    }
    // A product named wins over the rank word; a plain list or "next week" picks nothing.
    assert_eq!(p.parse("what is the lowest price for airpods").pick, None);
    assert_eq!(p.parse("what's on sale").pick, None);
    assert_eq!(p.parse("see you next week").pick, None);
    assert_eq!(p.parse("buy it").pick, None);
}

#[test]
fn a_time_asked_about_the_sale_in_context_is_a_countdown_not_a_list() {
    let p = parser();
    for text in [
        "这个活动几点结束",
        "这个秒杀什么时候结束",
        "when does this sale end",
    ] {
        let parsed = p.parse(text);
        assert_eq!(parsed.intent, Intent::Countdown, "{text}");
        assert!(parsed.refers_to_previous, "{text}");
    }
    // Without "this", 活动 and 秒杀 still ask for the list.
    assert_eq!(p.parse("今天有哪些活动").intent, Intent::List);
    assert_eq!(p.parse("有什么秒杀").intent, Intent::List);
}

#[test]
fn the_stock_asked_about_the_sale_in_context_is_its_card_not_a_list() {
    let p = parser();
    for text in [
        "这个活动还有货吗",
        "这个秒杀还剩几个",
        "is this sale still in stock",
    ] {
        let parsed = p.parse(text);
        assert_eq!(parsed.intent, Intent::Info, "{text}");
        assert!(parsed.refers_to_previous, "{text}");
    }
    // Without "this", the stock of every sale is the list's.
    assert_eq!(p.parse("活动还有货吗").intent, Intent::List);
}

#[test]
fn the_speakers_own_earlier_purchase_asks_for_their_orders() {
    let p = parser();
    for text in [
        "我昨天买的耳机呢",
        "我上次抢的茅台怎么还没发",
        "what about the airpods i ordered",
    ] {
        assert_eq!(p.parse(text).intent, Intent::Orders, "{text}");
    }
    // Someone else's purchase is a report, not a question about the speaker's orders.
    assert_ne!(p.parse("我朋友昨天买的耳机").intent, Intent::Orders);
}

#[test]
fn a_supposed_purchase_is_not_an_earlier_one() {
    let p = parser();
    // "If I buy (today), is there a discount": 的话 supposes, so 我买的 is no orders cue.
    for text in [
        "我今天买的话有优惠吗",
        "我买的话能便宜点吗",
        "我买的話有優惠嗎",
    ] {
        let parsed = p.parse(text);
        assert_ne!(parsed.intent, Intent::Orders, "{text}");
        assert_ne!(parsed.intent, Intent::Buy, "{text}");
    }
    assert_eq!(p.parse("我今天买的耳机呢").intent, Intent::Orders);
}

#[test]
fn a_change_of_mind_or_a_should_i_buys_nothing() {
    let p = parser();
    for text in [
        "i was going to buy airpods but changed my mind",
        "wanted the airpods but i changed my mind",
        "本来想买耳机，后来改主意了",
    ] {
        let parsed = p.parse(text);
        assert_eq!(parsed.intent, Intent::Unknown, "{text}");
    }
    // Asking whether to buy is asking about the sale.
    for text in ["我该不该买耳机", "我应不应该买两个耳机"] {
        let parsed = p.parse(text);
        assert_eq!(parsed.intent, Intent::Info, "{text}");
        assert_eq!(parsed.sale.as_deref(), Some("airpods-pro"), "{text}");
    }
}

#[test]
fn a_refusal_a_sneer_a_discount_question_or_tomorrows_plan_buys_nothing() {
    let p = parser();
    for text in [
        "dnt buy airpods",
        "i refuse to buy airpods",
        "傻子才买耳机",
        "明天买两个耳机",
        "两个耳机打几折",
    ] {
        assert_ne!(p.parse(text).intent, Intent::Buy, "{text}");
    }
    assert_eq!(p.parse("两个耳机打几折").intent, Intent::Info);
}

#[test]
fn a_chinese_supposition_without_an_object_is_about_the_sale_in_context() {
    let p = parser();
    for text in ["要是便宜点我就买", "如果我买会怎么样"] {
        let parsed = p.parse(text);
        assert_eq!(parsed.intent, Intent::Info, "{text}");
        assert!(parsed.refers_to_previous, "{text}");
    }
}

#[test]
fn a_strong_cue_of_another_intent_is_never_overruled_into_a_buy() {
    let p = parser();
    // "refund" is an orders cue: the model alone must not make it "Buy 1 rice cooker?".
    let parsed = p.parse("refund for the airpods please, they came dented");
    assert_eq!(parsed.intent, Intent::Orders);
}

#[test]
fn an_age_a_floor_area_or_a_warranty_is_not_a_quantity() {
    let p = parser();
    for text in [
        "buy a switch for my 8 year old",
        "buy airpods 2 years warranty",
        "我要两年保修的耳机",
    ] {
        assert_eq!(p.parse(text).quantity, Some(1), "{text}");
    }
    assert_eq!(p.parse("戴森看着很酷但我家才30平").quantity, None);
}

#[test]
fn a_purchase_for_someone_else_is_still_the_speakers_request() {
    let p = parser();
    for text in [
        "buy two lego falcons, one for me and one for my brother",
        "戴森买两台，一台给我妈",
        "阅读器买2个，一个送我爸",
    ] {
        let parsed = p.parse(text);
        assert_eq!(
            (parsed.intent, parsed.quantity),
            (Intent::Buy, Some(2)),
            "{text}"
        );
    }
    // Someone else's wish or purchase is still only a report.
    for text in ["my brother wants 2 airpods", "我妈想买两瓶茅台"] {
        assert_ne!(p.parse(text).intent, Intent::Buy, "{text}");
    }
}

#[test]
fn a_number_that_is_not_a_count_is_left_out_and_the_buy_confirmed() {
    let p = parser();
    for text in [
        "buy me airpods by 3 o'clock",
        "buy airpods for room 5",
        "buy the lego, he's 5",
        "get me the switch for my 2 sons",
        "buy the airpods at 199",
        "买耳机，房间302",
    ] {
        let parsed = p.parse(text);
        assert_eq!(
            (parsed.intent, parsed.quantity),
            (Intent::Buy, Some(1)),
            "{text}"
        );
        assert!(parsed.confidence < 0.75, "{text}: bought at once");
    }
    // A count said besides it keeps the buy direct.
    let parsed = p.parse("order 2 rice cookers at 299 each");
    assert_eq!(parsed.quantity, Some(2));
    assert!(parsed.confidence >= 0.75);
}

#[test]
fn bare_digits_right_after_a_name_may_be_its_model_and_are_confirmed() {
    let p = parser();
    let parsed = p.parse("buy the switch 2");
    assert_eq!(parsed.quantity, Some(2));
    assert!(parsed.confidence < 0.75, "{}", parsed.confidence);
    // Marked as a count, they buy at once.
    for text in [
        "buy the switch x2",
        "buy 2 switches",
        "buy the switch, 2 please",
    ] {
        let parsed = p.parse(text);
        assert_eq!(parsed.quantity, Some(2), "{text}");
        assert!(parsed.confidence >= 0.75, "{text}: {}", parsed.confidence);
    }
}

#[test]
fn a_vague_count_is_asked_about_not_read_as_one() {
    let p = parser();
    for text in [
        "buy a few moutai",
        "get me several switches",
        "order some airpods",
        "给我来几瓶茅台",
        "来几个耳机",
    ] {
        let parsed = p.parse(text);
        assert_eq!(
            (parsed.intent, parsed.quantity, parsed.quantity_issue),
            (Intent::Buy, None, Some(QuantityIssue::Vague)),
            "{text}"
        );
    }
    // A count said with it wins.
    assert_eq!(p.parse("buy a few, say 3 airpods").quantity, Some(3));
}

#[test]
fn a_command_naming_other_people_or_an_occasion_is_a_request_confirmed_first() {
    let p = parser();
    for text in [
        "get me 3 iphones, one for each of my kids",
        "buy a couple iphones for me and my wife",
        "茅台来6瓶，女儿结婚用",
        "买电饭煲，一个给我一个给我妹",
        "I'll take the switch for my girlfriend's birthday",
        "order the kindle paperwhite for my dad's birthday pls",
    ] {
        let parsed = p.parse(text);
        assert_eq!(parsed.intent, Intent::Buy, "{text}");
        assert!(parsed.confidence < 0.75, "{text}: bought at once");
    }
    // A gift said without a plan word is a plain request.
    assert_eq!(
        p.parse("给我儿子买个乐高千年隼，生日礼物").intent,
        Intent::Buy
    );
    // Their words, a question to them or a quote stay theirs.
    for text in [
        "my son keeps yelling buy me airpods",
        "我妈说买两瓶茅台",
        "can my friend buy 2 switches on my account",
        "my kid keeps screaming \"buy me the lego!!\" send help",
        "my brother wants 2 airpods",
        "if I get a bonus for my birthday I'll buy the dyson",
        "my birthday is next week, my wife might buy me the dyson",
        "我生日的时候老公说给我买戴森",
    ] {
        assert_ne!(p.parse(text).intent, Intent::Buy, "{text}");
    }
}

#[test]
fn adding_a_product_to_an_order_is_a_buy_not_the_orders_list() {
    let p = parser();
    for (text, qty) in [
        ("add 2 airpods to my order and checkout", 2),
        ("add one more airpods to my order", 1),
        ("把茅台加到订单里", 1),
    ] {
        let parsed = p.parse(text);
        assert_eq!(
            (parsed.intent, parsed.quantity),
            (Intent::Buy, Some(qty)),
            "{text}"
        );
    }
    for text in ["i added airpods to my order", "what did i add to my order"] {
        assert_eq!(p.parse(text).intent, Intent::Orders, "{text}");
    }
}
