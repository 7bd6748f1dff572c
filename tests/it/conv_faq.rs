//! Dead ends and merchant-written answers: everyday questions get the merchant's answer
//! (a sale's own wins over the shop's) or a pointer to the seller, in both languages; a
//! product with no sale offers a keyword watch told through the outbox when a matching sale
//! is created; a sale that just ended is named; over the limit answers sold out first, else
//! "you can buy N more" with its button.

use chrono::Duration;
use flashsale::app::Content;
use flashsale::clock::Clock;

use crate::admin_newsale::merchant_bot;
use crate::support::admin::{CUSTOMER, MERCHANT, press, sale_of, says, typed, uid};
use crate::support::conv::join;

#[tokio::test]
async fn questions_get_the_merchants_answer_a_sales_own_winning_and_otherwise_the_contact() {
    let bot = merchant_bot().await;
    let sale = sale_of(&bot, MERCHANT, "Mug").await;
    let out = says(
        &bot,
        MERCHANT,
        "/faq shipping=We ship from Shenzhen in 2 days",
    )
    .await;
    assert!(out.contains("Saved the shipping answer"), "{out}");
    says(&bot, MERCHANT, "/faq contact=@mug_shop").await;
    let listed = join(&typed(&bot, MERCHANT, "zh-CN", "/faq").await);
    assert!(
        listed.contains("• 发货与自提（shipping）：We ship"),
        "topics are named in Chinese: {listed}"
    );
    let out = says(&bot, CUSTOMER, "do u ship to canada?").await;
    assert!(out.contains("We ship from Shenzhen in 2 days"), "{out}");
    let out = join(&typed(&bot, CUSTOMER, "zh-CN", "可以货到付款吗").await);
    assert!(out.contains("卖家还没有写"), "{out}");
    assert!(out.contains("@mug_shop"), "{out}");

    let out = says(
        &bot,
        MERCHANT,
        &format!("/editsale {sale} faq.shipping=Mugs ship by post"),
    )
    .await;
    assert!(out.contains("Saved the shipping answer"), "{out}");
    says(&bot, CUSTOMER, "how much is the mug").await;
    let out = says(&bot, CUSTOMER, "any free shiping?").await;
    assert!(out.contains("Mugs ship by post"), "{out}");
    let audit = says(&bot, crate::support::admin::ADMIN, "/audit").await;
    assert!(audit.to_lowercase().contains("faq"), "{audit}");
}

#[tokio::test]
async fn a_product_with_no_sale_offers_a_watch_that_a_new_sale_fulfils_through_the_outbox() {
    let bot = merchant_bot().await;
    sale_of(&bot, MERCHANT, "Kettle").await;
    let replies = typed(&bot, CUSTOMER, "en", "when does the iphone start").await;
    let out = join(&replies);
    assert!(
        out.contains("There is no \"iphone\" sale right now"),
        "{out}"
    );
    assert!(out.contains("Kettle"), "{out}");
    let offer = out.find("Want a message").expect("the watch offer");
    let listed = out.find("On sale now or soon:").expect("what there is");
    assert!(
        offer < listed,
        "the list heading sits above the sales: {out}"
    );
    let on = press(&bot, CUSTOMER, &replies, "Tell me").await;
    assert!(on.contains("as soon as"), "{on}");

    let card = typed(
        &bot,
        MERCHANT,
        "en",
        "/newsale “iPhone 17” price=5999 stock=10 limit=1 start=\"tomorrow 20:00\" duration=1h",
    )
    .await;
    let done = press(&bot, MERCHANT, &card, "Confirm").await;
    assert!(done.contains("iPhone 17"), "{done}");
    let now = bot.clock.now();
    let due = bot
        .store
        .claim_due_messages_for(Some(CUSTOMER), now, 10)
        .await
        .unwrap();
    assert_eq!(due.len(), 1, "{due:?}");
    assert!(due[0].body.contains("iPhone 17"), "{}", due[0].body);
}

#[tokio::test]
async fn a_sale_that_just_ended_is_named_with_its_end() {
    let bot = merchant_bot().await;
    bot.sale(
        "Coffee Mug",
        &["mug"],
        5,
        1,
        Duration::hours(-2),
        Duration::hours(1),
    )
    .await;
    let out = says(&bot, CUSTOMER, "buy a mug").await;
    assert!(out.contains("The Coffee Mug sale ended"), "{out}");
    let out = join(&typed(&bot, CUSTOMER, "zh-CN", "我要买杯子 mug").await);
    assert!(out.contains("已经在"), "{out}");
}

#[tokio::test]
async fn over_the_limit_says_how_many_more_with_a_button_and_sold_out_wins() {
    let bot = merchant_bot().await;
    let sale = sale_of(&bot, MERCHANT, "Teapot").await;
    crate::support::admin::buy(&bot, CUSTOMER, sale, 2).await;
    let replies = typed(&bot, CUSTOMER, "en", "buy 9 teapots").await;
    let out = join(&replies);
    assert!(out.contains("you already hold 2"), "{out}");
    assert!(out.contains("You can buy 3 more"), "{out}");
    assert!(
        replies
            .iter()
            .flat_map(|r| &r.buttons)
            .any(|b| b.label.contains("Buy 3")),
        "{out}"
    );
    let gone = bot
        .sale(
            "Vase",
            &["vase"],
            1,
            1,
            Duration::minutes(-1),
            Duration::hours(1),
        )
        .await;
    bot.send(
        uid(77),
        Some("en"),
        Content::Button(format!("buy:{gone}:1")),
    )
    .await;
    let out = says(&bot, CUSTOMER, "buy 3 vases").await;
    assert!(out.contains("sold out"), "{out}");
    assert!(!out.contains("limited to"), "{out}");
}
