//! Buying replies that know what the customer already holds, on the real (embedded) gate:
//! a card never offers a Buy they can't take, a Yes is never asked for more than they may
//! buy, one stated rule decides what is confirmed, and sold out is said before any limit.

use chrono::Duration;
use flashsale::app::{Content, Reply};
use flashsale::domain::{SaleId, UserId};

use crate::support::conv::{Bot, alice, bot, join};

/// What `user` gets for pressing a button carrying `payload`.
async fn press(bot: &Bot, user: UserId, lang: &str, payload: String) -> Vec<Reply> {
    bot.send(user, Some(lang), Content::Button(payload)).await
}

/// What alice gets for typing `text` in `lang`.
async fn typed(bot: &Bot, lang: &str, text: &str) -> Vec<Reply> {
    bot.send(alice(), Some(lang), Content::Text(text.into()))
        .await
}

/// The payloads of every button in `replies`.
fn payloads(replies: &[Reply]) -> Vec<String> {
    replies
        .iter()
        .flat_map(|r| &r.buttons)
        .map(|b| b.payload.clone())
        .collect()
}

/// A live "Teapot" sale of `stock` units, `limit` per person.
async fn teapots(bot: &Bot, stock: i64, limit: i64) -> SaleId {
    bot.sale(
        "Teapot",
        &["teapot", "茶壶"],
        stock,
        limit,
        Duration::minutes(-1),
        Duration::hours(1),
    )
    .await
}

#[tokio::test]
async fn a_card_at_the_limit_offers_no_buy_and_shows_the_order() {
    let bot = bot().await;
    let sale = teapots(&bot, 10, 2).await;
    let won = join(&press(&bot, alice(), "en", format!("buy:{sale}:2")).await);
    assert!(won.contains("You got it"), "{won}");
    for (lang, held) in [("en", "You hold the maximum"), ("zh-CN", "你已买满")] {
        let card = press(&bot, alice(), lang, format!("ref:{sale}")).await;
        let text = join(&card);
        assert!(text.contains(held), "{text}");
        assert!(text.contains("#1"), "{text}");
        let buttons = payloads(&card);
        assert!(
            buttons.iter().all(|p| !p.starts_with("buy:")),
            "{buttons:?}"
        );
        assert!(buttons.contains(&"orders".to_owned()), "{buttons:?}");
    }
    // Someone else still gets the full card.
    let other = press(
        &bot,
        UserId::parse(777).unwrap(),
        "en",
        format!("ref:{sale}"),
    )
    .await;
    assert_eq!(
        payloads(&other),
        [
            format!("buy:{sale}:1"),
            format!("buy:{sale}:2"),
            format!("ref:{sale}")
        ]
    );
}

#[tokio::test]
async fn a_card_with_room_for_one_offers_buy_one_only() {
    let bot = bot().await;
    let sale = teapots(&bot, 10, 3).await;
    press(&bot, alice(), "en", format!("buy:{sale}:2")).await;
    let card = typed(&bot, "en", "how much is the teapot").await;
    let text = join(&card);
    assert!(text.contains("you can buy 1 more"), "{text}");
    let buys: Vec<_> = payloads(&card)
        .into_iter()
        .filter(|p| p.starts_with("buy:"))
        .collect();
    assert_eq!(buys, [format!("buy:{sale}:1")]);
}

#[tokio::test]
async fn a_confirm_is_never_asked_for_more_than_the_customer_may_buy() {
    let bot = bot().await;
    let sale = teapots(&bot, 50, 10).await;
    // 7 is over the rule's 5: asked, then bought.
    let asked = press(&bot, alice(), "en", format!("buy:{sale}:7")).await;
    assert!(join(&asked).contains("more than 5"), "{}", join(&asked));
    let won = join(&press(&bot, alice(), "en", format!("ok:{sale}:7")).await);
    assert!(won.contains("You got it"), "{won}");
    // 6 more would pass the limit of 10: no Yes, the 3 they can buy instead.
    for (lang, text) in [("en", "buy 6 teapots"), ("zh-CN", "我要买6个茶壶")] {
        let replies = typed(&bot, lang, text).await;
        let out = join(&replies);
        assert!(!out.contains("more than 5"), "{out}");
        assert!(!out.contains("超过 5 件"), "{out}");
        assert!(out.contains('3'), "{out}");
        assert!(
            payloads(&replies).contains(&format!("buy:{sale}:3")),
            "{out}"
        );
    }
    let pressed = join(&press(&bot, alice(), "en", format!("buy:{sale}:6")).await);
    assert!(pressed.contains("You can buy 3 more"), "{pressed}");
}

#[tokio::test]
async fn one_stated_rule_confirms_orders_of_more_than_five_units_in_every_path() {
    let bot = bot().await;
    let sale = teapots(&bot, 100, 20).await;
    // Typed, in both languages: 6 is asked with the rule said; 5 is bought at once.
    let en = join(&typed(&bot, "en", "buy 6 teapots").await);
    assert!(
        en.contains("I ask before every order of more than 5 units"),
        "{en}"
    );
    let zh = join(&typed(&bot, "zh-CN", "我要买6个茶壶").await);
    assert!(zh.contains("超过 5 件的订单我都会先请你确认"), "{zh}");
    let five = join(&typed(&bot, "en", "buy 5 teapots").await);
    assert!(five.contains("You got it"), "{five}");
    // A Buy N button follows the same rule.
    let six = press(&bot, alice(), "en", format!("buy:{sale}:6")).await;
    assert!(join(&six).contains("more than 5"), "{}", join(&six));
    // Its Yes is the chat's pending buy (so a typed "yes" buys the same one order).
    assert!(payloads(&six).contains(&"yes".to_string()), "{six:?}");
    let yes = join(&typed(&bot, "en", "yes").await);
    assert!(yes.contains("You got it: 6 ×"), "{yes}");
    let two = join(&press(&bot, alice(), "en", format!("buy:{sale}:2")).await);
    assert!(two.contains("You got it"), "{two}");
}

#[tokio::test]
async fn a_sold_out_sale_says_sold_out_before_any_limit() {
    let bot = bot().await;
    let sale = teapots(&bot, 2, 1).await;
    press(&bot, alice(), "en", format!("buy:{sale}:1")).await;
    press(
        &bot,
        UserId::parse(778).unwrap(),
        "en",
        format!("buy:{sale}:1"),
    )
    .await;
    for text in ["buy a teapot", "buy 3 teapots"] {
        let out = join(&typed(&bot, "en", text).await);
        assert!(out.contains("sold out"), "{text}: {out}");
        assert!(!out.contains("limit"), "{text}: {out}");
    }
    let pressed = join(&press(&bot, alice(), "en", format!("buy:{sale}:1")).await);
    assert!(pressed.contains("sold out"), "{pressed}");
}

#[tokio::test]
async fn the_card_refreshed_after_a_winning_press_drops_the_buy_that_reached_the_limit() {
    use flashsale::app::{ChatId, Inbound, Press};
    use flashsale::clock::Clock;
    use flashsale::domain::RequestId;
    let bot = bot().await;
    let sale = teapots(&bot, 10, 2).await;
    let press = Press {
        minted_at: bot.clock.now(),
        token: Some("tok-holdings-1".into()),
        on_card: true,
        source: None,
        shown_in: None,
    };
    let pressed = bot
        .wired
        .assistant
        .handle_press(
            Inbound {
                chat: ChatId(alice().get()),
                user: alice(),
                language_code: Some("en".into()),
                content: Content::Press(flashsale::app::Action::Buy(sale, 2)),
                request: RequestId::parse("cb-holdings-1").unwrap(),
            },
            press,
        )
        .await;
    assert!(join(&pressed.replies).contains("You got it"), "{pressed:?}");
    let card = pressed.card.expect("the pressed card comes back");
    assert!(card.text.contains("You hold the maximum"), "{}", card.text);
    assert!(
        card.buttons.iter().all(|b| !b.payload.starts_with("buy:")),
        "{:?}",
        card.buttons
    );
}

/// Alice presses "Buy `qty`" on the card of `sale` in `lang` (press number `n`, for a fresh
/// token and request id), and gets the pressed card back.
async fn pressed_card(bot: &Bot, sale: SaleId, qty: u32, lang: &str, n: u32) -> Reply {
    use flashsale::app::{Action, ChatId, Inbound, Press};
    use flashsale::clock::Clock;
    use flashsale::domain::RequestId;
    let press = Press {
        minted_at: bot.clock.now(),
        token: Some(format!("tok-drawn-{sale}-{n}")),
        on_card: true,
        source: None,
        shown_in: None,
    };
    let inbound = Inbound {
        chat: ChatId(alice().get()),
        user: alice(),
        language_code: Some(lang.into()),
        content: Content::Press(Action::Buy(sale, qty)),
        request: RequestId::parse(&format!("cb-drawn-{sale}-{n}")).unwrap(),
    };
    let pressed = bot.wired.assistant.handle_press(inbound, press).await;
    assert!(
        join(&pressed.replies).contains("You got it") || join(&pressed.replies).contains("抢到"),
        "{pressed:?}"
    );
    pressed.card.expect("the pressed card comes back")
}

#[tokio::test]
async fn the_card_drawn_from_the_gates_answer_is_the_card_read_from_the_store() {
    let bot = bot().await;
    // (stock, limit, one unit bought by someone else first, alice's buys press by press,
    // language)
    let cases: [(i64, i64, bool, &[u32], &str); 7] = [
        (10, 3, false, &[1], "en"),      // under the limit
        (10, 3, false, &[1], "zh-CN"),   // under the limit, in Chinese
        (10, 2, false, &[2], "en"),      // at the limit
        (10, 3, false, &[1, 1], "en"),   // a second order under the limit
        (2, 2, true, &[1], "en"),        // the last unit sold, under the limit
        (1, 1, false, &[1], "en"),       // the last unit sold, at the limit
        (2, 2, false, &[1, 1], "zh-CN"), // the last unit sold, at the limit, in two orders
    ];
    for (i, (stock, limit, other_first, buys, lang)) in cases.into_iter().enumerate() {
        let sale = bot
            .sale(
                &format!("Kettle {i}"),
                &["kettle"],
                stock,
                limit,
                Duration::minutes(-1),
                Duration::hours(1),
            )
            .await;
        if other_first {
            let other = press(
                &bot,
                UserId::parse(778).unwrap(),
                "en",
                format!("buy:{sale}:1"),
            );
            assert!(join(&other.await).contains("You got it"));
        }
        for (n, &qty) in (0u32..).zip(buys) {
            let drawn = pressed_card(&bot, sale, qty, lang, n).await;
            let read = bot
                .wired
                .assistant
                .card(sale, alice(), Some(lang))
                .await
                .expect("store")
                .expect("the sale exists");
            assert_eq!(drawn, read, "case {i}, press {n}");
        }
    }
}
