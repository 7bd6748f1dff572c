//! Browsing in conversation: lists, countdowns, languages, ambiguity, reminders, bad input.

use chrono::Duration;
use flashsale::app::Content;
use flashsale::store::SubscriptionKind;

use crate::support::conv::{alice, bot, join};

#[tokio::test]
async fn a_message_naming_no_product_is_asked_back_with_one_button_per_sale() {
    let bot = bot().await;
    bot.live_airpods().await;
    bot.live_kindle().await;
    let question = bot
        .send(alice(), Some("en"), Content::Text("buy 2".into()))
        .await;
    let text = join(&question);
    assert!(text.contains("Which one do you mean?"), "{text}");
    assert_eq!(question[0].buttons.len(), 2);
    assert!(
        bot.press(&question, "Kindle")
            .await
            .contains("You got it: 2 × Kindle")
    );
}

#[tokio::test]
async fn countdowns_follow_the_clock_until_the_sale_has_ended() {
    let bot = bot().await;
    bot.sale(
        "Dyson V15",
        &["dyson"],
        5,
        1,
        Duration::minutes(135),
        Duration::minutes(60),
    )
    .await;
    assert!(
        bot.says("when does the dyson start")
            .await
            .contains("starts in 2 h 15 min")
    );
    bot.clock
        .advance(Duration::minutes(135 + 60) - Duration::seconds(45));
    let live = bot.says("how long left?").await;
    assert!(live.contains("ends in 45 s"), "{live}");
    bot.clock.advance(Duration::minutes(5));
    let zh = join(
        &bot.send(alice(), Some("zh-hans"), Content::Text("还剩多久".into()))
            .await,
    );
    assert!(zh.contains("已结束"), "{zh}");
}

#[tokio::test]
async fn chinese_customers_are_answered_in_chinese() {
    let bot = bot().await;
    bot.live_airpods().await;
    bot.sale(
        "Nintendo Switch OLED 任天堂游戏机",
        &["switch", "任天堂"],
        10,
        1,
        Duration::minutes(135),
        Duration::hours(1),
    )
    .await;
    let zh = |text: &str| Content::Text(text.into());
    let bought = join(&bot.send(alice(), Some("zh-CN"), zh("我要抢两个耳机")).await);
    assert!(
        bought.contains("抢到了：AirPods Pro 2 无线耳机 × 2"),
        "{bought}"
    );
    let countdown = join(&bot.send(alice(), Some("zh-CN"), zh("任天堂几点开抢")).await);
    assert!(countdown.contains("还有 2 小时 15 分钟开始"), "{countdown}");
}

#[tokio::test]
async fn lang_overrides_the_telegram_language_and_is_remembered() {
    let bot = bot().await;
    bot.live_airpods().await;
    let set = join(
        &bot.send(alice(), Some("en"), Content::Text("/lang zh".into()))
            .await,
    );
    assert!(set.contains("我会说中文"), "{set}");
    let list = join(
        &bot.send(alice(), Some("en"), Content::Text("list".into()))
            .await,
    );
    assert!(list.contains("当前有 1 场秒杀"), "{list}");
}

#[tokio::test]
async fn bad_inputs_get_a_clear_answer_and_never_a_panic() {
    let bot = bot().await;
    bot.live_airpods().await;
    let cases = [
        ("", "empty"),
        ("\u{0}\u{7}\u{1b}", "empty"),
        (&"a".repeat(4000), "under 500 characters"),
        ("🤣🤣🤣", "didn't get that"),
        ("'; DROP TABLE sales; --", "didn't get that"),
        ("buy -3 airpods", "negative"),
        ("buy 0 airpods", "Zero units"),
        ("buy 999999 airpods", "limited to 5 per person"),
        ("buy 1e9 airpods", "far more than anyone"),
        // A Chinese message is answered in Chinese, whatever the language code.
        ("抢三千万个耳机", "每人限购 5 件"),
    ];
    for (text, expected) in cases {
        let answer = bot.says(text).await;
        assert!(answer.contains(expected), "{text:?} -> {answer}");
    }
}

#[tokio::test]
async fn remind_me_subscribes_to_the_upcoming_sale_once() {
    let bot = bot().await;
    let switch = bot
        .sale(
            "Nintendo Switch OLED",
            &["switch"],
            10,
            1,
            Duration::minutes(30),
            Duration::hours(1),
        )
        .await;
    assert!(
        bot.says("ping me when the switch goes live")
            .await
            .contains("I'll remind you")
    );
    assert!(
        bot.says("remind me")
            .await
            .contains("already on the reminder list")
    );
    let subscribers = bot
        .store
        .subscribers(switch, SubscriptionKind::Reminder)
        .await
        .unwrap();
    assert_eq!(subscribers, vec![alice()]);
}

#[tokio::test]
async fn an_ambiguous_product_is_asked_back_with_the_candidates_as_buttons() {
    let bot = bot().await;
    bot.live_airpods().await;
    bot.sale(
        "iPhone 16 Pro 256GB",
        &["iphone"],
        10,
        2,
        Duration::minutes(-1),
        Duration::hours(1),
    )
    .await;
    bot.live_kindle().await;
    let question = bot
        .send(alice(), Some("en"), Content::Text("buy 2 apple".into()))
        .await;
    assert!(join(&question).contains("Which one do you mean?"));
    let labels: Vec<&str> = question[0]
        .buttons
        .iter()
        .map(|b| b.label.as_str())
        .collect();
    assert_eq!(labels.len(), 2, "{labels:?}");
    assert!(labels.iter().all(|l| !l.contains("Kindle")), "{labels:?}");
    assert!(
        bot.press(&question, "iPhone")
            .await
            .contains("You got it: 2 × iPhone 16 Pro")
    );
}
