//! Buying in conversation: "buy it", limits, confirmations, duplicates, sold out, orders.

use chrono::Duration;
use flashsale::app::Content;

use crate::support::conv::{alice, bot, join};

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
        list.contains("starts in 2 h 15 min (12-01 22:15 UTC+08:00)"),
        "{list}"
    );
    assert!(list.contains("sold out"), "{list}");
}

#[tokio::test]
async fn buy_it_buys_the_sale_talked_about_last() {
    let bot = bot().await;
    bot.live_airpods().await;
    bot.live_kindle().await;
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
        20,
        Duration::minutes(-1),
        Duration::hours(1),
    )
    .await;
    let question = bot
        .send(alice(), Some("en"), Content::Text("grab 8 legos".into()))
        .await;
    let asked = join(&question);
    assert!(
        asked.contains(
            "Buy 8 × LEGO Millennium Falcon for ¥10,392.00? I ask before every order of more than 5 units."
        ),
        "{asked}"
    );
    // Yes buys once, however often it is pressed; a No after it changes nothing.
    assert!(
        bot.press(&question, "Yes")
            .await
            .contains("You got it: 8 × LEGO")
    );
    let again = bot.press(&question, "Yes").await;
    assert!(!again.contains("You got it"), "{again}");
    bot.press(&question, "No").await;
    let placed = bot.store.orders_of_buyer(alice(), 10).await.unwrap();
    assert_eq!(placed.len(), 1);
    assert_eq!(placed[0].quantity.get(), 8);
    // No first: the question is answered, and a Yes pressed after it buys nothing.
    let asked = bot
        .send(alice(), Some("en"), Content::Text("grab 7 legos".into()))
        .await;
    assert!(bot.press(&asked, "No").await.contains("nothing bought"));
    let late = bot.press(&asked, "Yes").await;
    assert!(
        late.contains("nothing waiting for your confirmation"),
        "{late}"
    );
    assert_eq!(
        bot.store.orders_of_buyer(alice(), 10).await.unwrap().len(),
        1
    );
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

/// Alice says `said`; the answer contains `asks` and nothing is bought. Returns the answer.
async fn asks_and_buys_nothing(
    bot: &crate::support::conv::Bot,
    said: &str,
    asks: &str,
) -> Vec<flashsale::app::Reply> {
    let asked = bot
        .send(alice(), Some("en"), Content::Text(said.into()))
        .await;
    let text = join(&asked);
    assert!(text.contains(asks), "{said}: {text}");
    assert!(!text.contains("You got it"), "{said}: {text}");
    let orders = bot.store.orders_of_buyer(alice(), 10).await.unwrap();
    assert!(orders.is_empty(), "{said} bought");
    asked
}

#[tokio::test]
async fn a_vague_count_asks_how_many_with_buttons_and_buys_nothing_yet() {
    let bot = bot().await;
    bot.live_airpods().await;
    let en = ["🛒 Buy 1", "🛒 Buy 2", "🛒 Buy 3"];
    let zh = ["🛒 买 1 件", "🛒 买 2 件", "🛒 买 3 件"];
    for (said, asks, buttons) in [
        ("buy a few airpods", "How many would you like?", en),
        ("get me several airpods", "How many would you like?", en),
        ("帮我买几个耳机", "要几件？", zh),
    ] {
        let asked = asks_and_buys_nothing(&bot, said, asks).await;
        let labels: Vec<&str> = asked
            .iter()
            .flat_map(|r| r.buttons.iter().map(|b| b.label.as_str()))
            .collect();
        assert_eq!(labels, buttons, "{said}");
    }
    // The button buys the count it names; "buy 2" would refer to the same sale.
    let asked = bot
        .send(
            alice(),
            Some("en"),
            Content::Text("buy some airpods".into()),
        )
        .await;
    assert!(
        bot.press(&asked, "Buy 3")
            .await
            .contains("You got it: 3 × AirPods")
    );
}

#[tokio::test]
async fn a_number_that_is_not_a_count_asks_before_buying_one() {
    let bot = bot().await;
    bot.live_airpods().await;
    for (said, asks) in [
        ("buy me airpods by 3 o'clock", "Buy 1 × AirPods"),
        ("buy airpods for room 5", "Buy 1 × AirPods"),
        ("买耳机，房间302", "购买 1 × AirPods"),
    ] {
        asks_and_buys_nothing(&bot, said, asks).await;
    }
}
