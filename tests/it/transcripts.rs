//! Golden transcripts, one per flow and language, read like the chat a customer, merchant
//! or admin would have (`tests/transcripts/README.md`). Each test types its script into
//! the real terminal chat and compares the screen with the committed transcript.

use flashsale::i18n::Locale;

use crate::support::transcript::{Session, stars, yuan};

/// Runs `script` in English and in Chinese and checks both transcripts of `flow`.
macro_rules! transcript {
    ($name:ident, $flow:literal, $script:path) => {
        #[tokio::test]
        async fn $name() {
            for lang in [Locale::En, Locale::ZhCn] {
                let mut s = Session::open(lang).await;
                $script(&mut s).await;
                s.check($flow);
            }
        }
    };
}

async fn browse(s: &mut Session) {
    s.sale(
        "AirPods Pro 2",
        &["airpods", "耳机"],
        yuan(1299),
        50,
        2,
        -5,
        120,
    )
    .await;
    s.sale(
        "Nintendo Switch",
        &["switch", "任天堂"],
        yuan(1999),
        20,
        1,
        30,
        60,
    )
    .await;
    s.say("what's on sale?", "现在有什么在卖").await;
    s.press("AirPods", "AirPods").await;
    s.say("when does the switch start", "任天堂几点开抢").await;
    s.say("how much are the airpods", "耳机多少钱").await;
    s.press("Refresh", "刷新").await;
}
transcript!(browsing_the_sales, "browse", browse);

async fn buy(s: &mut Session) {
    s.sale(
        "AirPods Pro 2",
        &["airpods", "耳机"],
        yuan(1299),
        50,
        3,
        -5,
        120,
    )
    .await;
    s.say("buy 2 airpods", "我要抢两个耳机").await;
    s.press("My orders", "我的订单").await;
    s.say("how much are the airpods", "耳机多少钱").await;
    s.press("Buy 1", "买 1 件").await;
    s.say("how much are the airpods", "耳机多少钱").await;
}
transcript!(buying, "buy", buy);

async fn limit(s: &mut Session) {
    s.sale(
        "LEGO Falcon",
        &["lego", "乐高"],
        yuan(899),
        100,
        10,
        -5,
        120,
    )
    .await;
    s.say("buy 7 lego", "我要买7个乐高").await;
    s.press("Yes", "确定").await;
    s.say("buy 6 lego", "我要买6个乐高").await;
    s.press("Buy 3", "买 3 件").await;
    s.say("how much is the lego", "乐高多少钱").await;
    s.say("buy 1 lego", "我要买1个乐高").await;
}
transcript!(buying_up_to_the_limit, "limit", limit);

async fn sold_out(s: &mut Session) {
    let vase = s
        .sale("Ming Vase", &["vase", "花瓶"], yuan(499), 2, 1, -5, 120)
        .await;
    s.say("buy a vase", "我要买一个花瓶").await;
    s.other_buys(777, vase, 1).await;
    s.say("buy a vase", "我要买一个花瓶").await;
    s.say("how much is the vase", "花瓶多少钱").await;
    s.say("what's on sale?", "现在有什么在卖").await;
}
transcript!(a_sold_out_sale, "sold_out", sold_out);

async fn waitlist(s: &mut Session) {
    let lamp = s
        .sale("Star Lamp", &["lamp", "台灯"], stars(50), 1, 1, -5, 120)
        .await;
    s.other_buys(777, lamp, 1).await;
    s.say("buy the lamp", "我要买台灯").await;
    s.press("waitlist", "候补").await;
    s.wait(11).await;
    // The seller's view while the unit is held: neither sold nor left, and said so.
    s.say("/as admin", "/as admin").await;
    s.say("/stock 1", "/stock 1").await;
    s.say("/as customer", "/as customer").await;
    s.say("claim", "领取").await;
    s.press("Pay", "支付").await;
    s.say("my orders", "我的订单").await;
}
transcript!(the_waitlist_from_join_to_paid, "waitlist", waitlist);

async fn remind(s: &mut Session) {
    s.sale("Desk Lamp", &["lamp", "台灯"], yuan(199), 20, 2, 30, 60)
        .await;
    s.say("remind me about the lamp", "台灯开始时提醒我").await;
    s.wait(25).await;
    s.wait(5).await;
    s.press("Buy", "抢").await;
}
transcript!(a_reminder_before_and_at_the_start, "remind", remind);

async fn pay(s: &mut Session) {
    s.sale("Star Lamp", &["lamp", "台灯"], stars(50), 10, 2, -5, 120)
        .await;
    s.say("buy 2 lamps", "我要买两个台灯").await;
    s.press("Pay", "支付").await;
    s.say("my orders", "我的订单").await;
}
transcript!(paying_with_stars, "pay", pay);

async fn cancel(s: &mut Session) {
    s.sale("Desk Lamp", &["lamp", "台灯"], yuan(199), 20, 3, -5, 120)
        .await;
    s.say("buy 2 lamps", "我要买两个台灯").await;
    s.say("my orders", "我的订单").await;
    s.press("Cancel", "取消").await;
    s.say("buy a lamp", "我要买一个台灯").await;
    s.wait(11).await;
    s.press("Details", "详情").await;
    s.say("my orders", "我的订单").await;
}
transcript!(cancelling_and_lapsing_orders, "cancel", cancel);

async fn merchant_create(s: &mut Session) {
    s.say("/as merchant", "/as merchant").await;
    s.say("/newsale", "/newsale").await;
    s.say("Desk Lamp", "护眼台灯").await;
    s.say("lamp, desk lamp", "台灯, 护眼灯").await;
    s.say("199", "199元").await;
    s.say("100", "100件").await;
    s.say("2", "每人2个").await;
    s.say("in 2 hours", "2小时后").await;
    s.say("1h", "1小时").await;
    s.say("no", "不要").await;
    s.press("Confirm", "确认").await;
    s.say("/mysales", "/mysales").await;
}
transcript!(
    a_merchant_creates_a_sale,
    "merchant_create",
    merchant_create
);

async fn merchant_edit(s: &mut Session) {
    s.owner = crate::support::transcript::ME;
    s.sale("Desk Lamp", &["lamp", "台灯"], yuan(199), 20, 2, 60, 60)
        .await;
    s.say("/as merchant", "/as merchant").await;
    s.say(
        "/editsale 1 price=159 stock=30",
        "/editsale 1 price=159 stock=30",
    )
    .await;
    s.say("/editsale 1 limit=0", "/editsale 1 limit=0").await;
    s.say("/mysales", "/mysales").await;
}
transcript!(a_merchant_edits_a_sale, "merchant_edit", merchant_edit);

async fn merchant_restock(s: &mut Session) {
    s.owner = crate::support::transcript::ME;
    let lamp = s
        .sale("Desk Lamp", &["lamp", "台灯"], yuan(199), 2, 2, -5, 120)
        .await;
    s.other_buys(777, lamp, 2).await;
    s.say("/as merchant", "/as merchant").await;
    s.say("/stock 1", "/stock 1").await;
    s.say("/restock 1 3", "/restock 1 3").await;
    s.say("/stock 1", "/stock 1").await;
}
transcript!(
    a_merchant_restocks_a_sale,
    "merchant_restock",
    merchant_restock
);

async fn merchant_announce(s: &mut Session) {
    s.owner = crate::support::transcript::ME;
    s.sale("Desk Lamp", &["lamp", "台灯"], yuan(199), 20, 2, 60, 60)
        .await;
    s.say("remind me about the lamp", "台灯开始时提醒我").await;
    s.say("/as merchant", "/as merchant").await;
    s.say(
        "/announce 1 Doors open in an hour!",
        "/announce 1 一小时后开抢！",
    )
    .await;
    s.press("Send", "发送").await;
    s.work().await;
    s.work().await;
    // Live, and the reader holds one of two: their announced card offers Buy 1 only.
    s.wait(55).await;
    s.wait(5).await;
    s.say("buy 1 lamp", "买一个台灯").await;
    s.say("/announce 1 Last lamps!", "/announce 1 台灯快抢完了！")
        .await;
    s.press("Send", "发送").await;
    s.work().await;
    s.work().await;
}
transcript!(
    a_merchant_announces_a_sale,
    "merchant_announce",
    merchant_announce
);

async fn merchant_stats(s: &mut Session) {
    s.owner = crate::support::transcript::ME;
    let lamp = s
        .sale("Desk Lamp", &["lamp", "台灯"], yuan(199), 20, 2, -30, 120)
        .await;
    s.other_buys(777, lamp, 2).await;
    s.other_buys(778, lamp, 1).await;
    s.say("/as merchant", "/as merchant").await;
    s.say("/stats 1", "/stats 1").await;
    s.say("/orders 1", "/orders 1").await;
}
transcript!(a_merchant_reads_the_stats, "merchant_stats", merchant_stats);

async fn admin(s: &mut Session) {
    let lamp = s
        .sale("Desk Lamp", &["lamp", "台灯"], yuan(199), 5, 2, -5, 120)
        .await;
    s.other_buys(777, lamp, 1).await;
    s.say("/as admin", "/as admin").await;
    s.say("/restock 1 5", "/restock 1 5").await;
    s.say("/grant merchant 777", "/grant merchant 777").await;
    s.say("/users", "/users").await;
    s.say("/audit", "/audit").await;
}
transcript!(an_admin_reads_users_and_the_audit, "admin", admin);
