//! Money in the customer's replies: the win and `my orders` show price and total, a
//! reservation says how to reach the seller, in English and Chinese.

use flashsale::app::Content;
use flashsale::clock::Clock;
use flashsale::domain::UserId;

use crate::support::conv::{alice, bot, join};

/// The seller of every sale `support::conv` creates.
fn seller() -> UserId {
    UserId::parse(1).unwrap()
}

#[tokio::test]
async fn a_win_and_my_orders_show_the_price_the_total_and_the_sellers_username() {
    let bot = bot().await;
    bot.live_airpods().await;
    bot.store
        .set_username(seller(), Some("tea_shop"), bot.clock.now())
        .await
        .unwrap();
    let won = bot.says("buy 2 airpods").await;
    assert!(
        won.contains("2 × AirPods Pro 2 无线耳机 at ¥1,299.00 each, ¥2,598.00 in all"),
        "{won}"
    );
    assert!(won.contains("Seller: @tea_shop"), "{won}");
    let orders = bot.says("my orders").await;
    assert!(
        orders.contains("× 2 · ¥2,598.00 — awaiting payment"),
        "{orders}"
    );

    let zh = |text: &str| Content::Text(text.into());
    let bob = UserId::parse(77).unwrap();
    let won = join(&bot.send(bob, Some("zh-CN"), zh("我要抢一个耳机")).await);
    assert!(
        won.contains("AirPods Pro 2 无线耳机 × 1，共 ¥1,299.00"),
        "{won}"
    );
    assert!(won.contains("卖家：@tea_shop"), "{won}");
    let orders = join(&bot.send(bob, Some("zh-CN"), zh("我的订单")).await);
    assert!(orders.contains("× 1 · ¥1,299.00 — 待付款"), "{orders}");
}

#[tokio::test]
async fn a_seller_without_a_username_is_said_to_be_unreachable_here_not_left_out() {
    let bot = bot().await;
    bot.live_airpods().await;
    let won = join(
        &bot.send(alice(), None, Content::Text("buy 1 airpods".into()))
            .await,
    );
    assert!(
        won.contains("1 × AirPods Pro 2 无线耳机 for ¥1,299.00"),
        "{won}"
    );
    assert!(won.contains("show order #"), "{won}");
    assert!(won.contains("no public Telegram @username"), "{won}");
}
