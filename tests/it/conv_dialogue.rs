//! The assistant in conversation, in process, with a manual clock and its own database.

use chrono::Duration;
use flashsale::app::Content;
use flashsale::store::SubscriptionKind;

use crate::conv_support::{alice, bot, join};

#[tokio::test]
async fn the_list_shows_a_live_an_upcoming_and_a_sold_out_sale_with_countdowns() {
    let bot = bot().await;
    bot.live_airpods().await;
    bot.sale(
        "Nintendo Switch OLED",
        &["switch"],
        10,
        1,
        Duration::minutes(135),
        Duration::hours(1),
    )
    .await;
    bot.sale(
        "飞天茅台 Moutai",
        &["moutai", "茅台"],
        1,
        1,
        Duration::minutes(-1),
        Duration::hours(1),
    )
    .await;
    assert!(bot.says("buy moutai").await.contains("You got it"));
    let list = bot.says("what's on sale?").await;
    assert!(list.contains("3 sales right now"), "{list}");
    assert!(list.contains("live now, 50 left, ends in 1 h"), "{list}");
    assert!(
        list.contains("starts in 2 h 15 min (12-01 22:15 CST)"),
        "{list}"
    );
    assert!(list.contains("sold out"), "{list}");
}

#[tokio::test]
async fn buy_it_buys_the_sale_talked_about_last() {
    let bot = bot().await;
    bot.live_airpods().await;
    bot.sale(
        "Kindle Paperwhite",
        &["kindle"],
        10,
        2,
        Duration::minutes(-1),
        Duration::hours(1),
    )
    .await;
    assert!(
        bot.says("how much are the airpods")
            .await
            .contains("Limit: 5 per person")
    );
    let bought = bot.says("buy it").await;
    assert!(bought.contains("You got it: 1 × AirPods Pro 2"), "{bought}");
    assert!(bought.contains("49 left"), "{bought}");
}

#[tokio::test]
async fn a_quantity_above_the_per_user_limit_is_refused_with_the_limit_stated() {
    let bot = bot().await;
    bot.live_airpods().await;
    let answer = bot.says("buy 7 airpods").await;
    assert!(answer.contains("limited to 5 per person"), "{answer}");
    assert!(bot.says("buy 3 airpods").await.contains("You got it"));
    let again = bot.says("buy 3 airpods").await;
    assert!(
        again.contains("You already hold 3 and the limit is 5 per person, so you can buy 2 more"),
        "{again}"
    );
}

#[tokio::test]
async fn big_quantities_are_confirmed_with_yes_and_no_buttons() {
    let bot = bot().await;
    bot.sale(
        "LEGO Millennium Falcon",
        &["lego"],
        100,
        10,
        Duration::minutes(-1),
        Duration::hours(1),
    )
    .await;
    let question = bot
        .send(alice(), Some("en"), Content::Text("grab 8 legos".into()))
        .await;
    assert!(join(&question).contains("Buy 8 × LEGO Millennium Falcon? Please confirm."));
    assert!(bot.press(&question, "No").await.contains("nothing bought"));
    assert!(
        bot.press(&question, "Yes")
            .await
            .contains("You got it: 8 × LEGO")
    );
}

#[tokio::test]
async fn a_message_naming_no_product_is_asked_back_with_one_button_per_sale() {
    let bot = bot().await;
    bot.live_airpods().await;
    bot.sale(
        "Kindle Paperwhite",
        &["kindle"],
        10,
        2,
        Duration::minutes(-1),
        Duration::hours(1),
    )
    .await;
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
        ("抢三千万个耳机", "limit is 5 per person"),
    ];
    for (text, expected) in cases {
        let answer = bot.says(text).await;
        assert!(answer.contains(expected), "{text:?} -> {answer}");
    }
}

#[tokio::test]
async fn a_redelivered_buy_message_does_not_buy_twice() {
    let bot = bot().await;
    bot.live_airpods().await;
    let once = join(
        &bot.send_with(
            alice(),
            None,
            Content::Text("buy 2 airpods".into()),
            "update-77",
        )
        .await,
    );
    let twice = join(
        &bot.send_with(
            alice(),
            None,
            Content::Text("buy 2 airpods".into()),
            "update-77",
        )
        .await,
    );
    assert!(once.contains("You got it"), "{once}");
    assert!(twice.contains("already turned into order"), "{twice}");
    assert!(bot.says("my orders").await.matches("AirPods").count() == 1);
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
async fn a_sold_out_sale_says_so_and_a_stale_button_is_explained() {
    let bot = bot().await;
    bot.sale(
        "飞天茅台 Moutai",
        &["moutai"],
        1,
        1,
        Duration::minutes(-1),
        Duration::hours(1),
    )
    .await;
    assert!(bot.says("buy moutai").await.contains("You got it"));
    let other = flashsale::domain::UserId::parse(777).unwrap();
    let late = join(
        &bot.send(other, Some("en"), Content::Text("buy moutai".into()))
            .await,
    );
    assert!(late.contains("sold out"), "{late}");
    let stale = join(
        &bot.send(alice(), None, Content::Button("buy:999999:1:x".into()))
            .await,
    );
    assert!(stale.contains("expired"), "{stale}");
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
    bot.sale(
        "Kindle Paperwhite",
        &["kindle"],
        10,
        2,
        Duration::minutes(-1),
        Duration::hours(1),
    )
    .await;
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

#[tokio::test]
async fn buying_before_the_start_says_when_it_starts_and_offers_a_reminder() {
    let bot = bot().await;
    bot.sale(
        "Nintendo Switch OLED",
        &["switch"],
        10,
        1,
        Duration::minutes(90),
        Duration::hours(1),
    )
    .await;
    let early = bot
        .send(alice(), Some("en"), Content::Text("cop a switch".into()))
        .await;
    assert!(
        join(&early).contains("hasn't started yet: it starts in 1 h 30 min"),
        "{}",
        join(&early)
    );
    assert!(
        bot.press(&early, "Remind me")
            .await
            .contains("I'll remind you")
    );
}

#[tokio::test]
async fn my_orders_lists_what_the_customer_bought_newest_first() {
    let bot = bot().await;
    bot.live_airpods().await;
    assert!(bot.says("my orders").await.contains("no orders yet"));
    bot.says("buy 2 airpods").await;
    bot.says("buy 1 airpods").await;
    let orders = bot.says("did my order go through?").await;
    let first = orders.find("× 1").expect("the newest order");
    let second = orders.find("× 2").expect("the older order");
    assert!(
        first < second && orders.contains("awaiting payment"),
        "{orders}"
    );
}
