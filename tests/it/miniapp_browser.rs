//! The Mini App page in real headless Chromium against the real `/app` API: signed initData,
//! the server-clock countdown, buying, my orders with Pay and Cancel, the waitlist and the
//! captcha. Screenshots go to target/miniapp-screens/ (a curated set is in docs/miniapp/).

use anyhow::{Result, bail, ensure};
use chrono::Duration;
use flashsale::domain::Currency;

use crate::support::browser::Browser;
use crate::support::miniapp::{MiniAppOptions, start_miniapp};
use crate::support::page::{
    READY, TELEGRAM_PROXY, ftl, open, open_sale, outcome, page_url, sold_out,
};

#[tokio::test]
async fn a_signed_user_sees_live_and_upcoming_sales_with_countdowns() -> Result<()> {
    let app = start_miniapp(MiniAppOptions::default()).await;
    app.live_sale("AirPods Pro 2", 50, 2).await;
    app.upcoming_sale("Switch OLED", 20, 1).await;
    sold_out(&app, "Moutai 500ml").await?;
    let b = Browser::start().await?;
    open(&app, 1001, "en", "", &b).await?;
    b.wait_for(
        "three sales",
        "document.querySelectorAll('#sales li').length === 3",
    )
    .await?;
    let text = b.text("#sales").await?;
    for want in [
        "AirPods Pro 2",
        "Switch OLED",
        "Moutai",
        "Live now",
        "Upcoming",
        "Sold out",
        "Starts in ",
        "left",
    ] {
        ensure!(
            text.contains(want),
            "{want:?} missing from the list:\n{text}"
        );
    }
    ensure!(b.text("#title").await? == ftl("en", "page-title"));
    b.screenshot("list").await?;
    b.close().await?;
    app.stop().await;
    Ok(())
}

#[tokio::test]
async fn buy_lights_up_when_the_server_clock_reaches_the_start_though_the_phone_clock_is_an_hour_ahead()
-> Result<()> {
    let app = start_miniapp(MiniAppOptions::default()).await;
    let b = Browser::start().await?;
    b.on_every_page("const real = Date.now.bind(Date); Date.now = () => real() + 3600000;")
        .await?;
    // The page must open before the start to see the countdown: a slow machine gets a
    // later start on the next try (never a pass without the transition).
    let buy = "document.getElementById('buy')";
    let mut lead = None;
    for secs in [5, 15, 40] {
        let sale = app
            .sale_with(
                "Switch OLED",
                10,
                2,
                Duration::seconds(secs),
                false,
                Currency::Cny,
            )
            .await;
        b.goto("about:blank").await?;
        open(&app, 1001, "en", "", &b).await?;
        open_sale(&b, sale).await?;
        let upcoming = format!(
            "{buy}.disabled && {buy}.dataset.phase === 'upcoming' && /^Starts in \\d\\d:\\d\\d$/.test({buy}.textContent)"
        );
        if b.js(&format!("return {upcoming}")).await? == true {
            lead = Some(secs);
            break;
        }
    }
    let Some(secs) = lead else {
        bail!("the page never opened before a sale's start");
    };
    b.screenshot("countdown").await?;
    let bound = std::time::Duration::from_secs(secs.unsigned_abs() + 20);
    let live = format!("!{buy}.disabled && {buy}.dataset.phase === 'live'");
    b.wait_within(bound, "Buy to light up by itself at zero", &live)
        .await?;
    ensure!(b.text("#buy").await? == ftl("en", "page-buy"));
    ensure!(b.text("#sale-countdown").await?.starts_with("Ends in "));
    b.screenshot("live").await?;
    b.click("#buy").await?;
    ensure!(outcome(&b).await? == "won");
    b.close().await?;
    app.stop().await;
    Ok(())
}

#[tokio::test]
async fn a_buy_shows_the_outcome_and_the_order_in_my_orders_where_pay_opens_the_invoice_and_cancel_cancels()
-> Result<()> {
    let app = start_miniapp(MiniAppOptions::default()).await;
    let sale = app
        .sale_with(
            "Stars sticker pack",
            10,
            3,
            Duration::minutes(-1),
            false,
            Currency::Xtr,
        )
        .await;
    let b = Browser::start().await?;
    b.on_every_page(TELEGRAM_PROXY).await?;
    open(&app, 1001, "en", "", &b).await?;
    b.wait_for(
        "web_app_ready and web_app_expand posted",
        "['web_app_ready', 'web_app_expand'].every(t => window.__tg.some(e => e[0] === t))",
    )
    .await?;
    open_sale(&b, sale).await?;
    b.click("#qty-plus").await?;
    b.wait_for(
        "quantity 2",
        "document.getElementById('qty').textContent === '2'",
    )
    .await?;
    b.click("#buy").await?;
    ensure!(outcome(&b).await? == "won");
    b.wait_for(
        "stock 8 of 10",
        "/^8 of 10/.test(document.getElementById('sale-stock').textContent)",
    )
    .await?;
    b.screenshot("won").await?;
    let (_, orders) = app
        .get("/app/api/orders", Some(&app.init_data(1001, "en")))
        .await;
    ensure!(
        orders["orders"][0]["quantity"] == 2,
        "one order of 2: {orders}"
    );

    // Pay right under the outcome, then Pay again from my orders: each opens the invoice.
    let invoices = "window.__tg.filter(e => e[0] === 'web_app_open_invoice')";
    b.click("#outcome-pay").await?;
    let slug = b
        .wait_for(
            "web_app_open_invoice posted",
            &format!("{invoices}[0]?.[1]?.slug"),
        )
        .await?;
    ensure!(
        slug.as_str().is_some_and(|s| s.starts_with("fake-")),
        "slug {slug}"
    );
    b.click("#outcome-orders").await?;
    let pending = "document.querySelector('#orders li[data-status=\"pending\"] .pay')";
    b.wait_for("the pending order with Pay", pending).await?;
    b.screenshot("orders").await?;
    b.click("#orders .pay").await?;
    b.wait_for("a second invoice", &format!("{invoices}.length === 2"))
        .await?;
    b.js("window.Telegram.WebView.receiveEvent('invoice_closed', {slug: 'x', status: 'paid'});")
        .await?;
    let paid = ftl("en", "page-invoice-paid");
    b.wait_for(
        "the paid note",
        &format!("document.getElementById('orders-note').textContent === {paid:?}"),
    )
    .await?;
    b.click("#orders .cancel").await?;
    b.wait_for(
        "the order cancelled",
        "document.querySelector('#orders li[data-status=\"cancelled\"]')",
    )
    .await?;
    ensure!(!b.text("#orders-note").await?.is_empty());
    b.close().await?;
    app.stop().await;
    Ok(())
}

#[tokio::test]
async fn a_sold_out_sale_offers_the_waitlist_and_joining_works() -> Result<()> {
    let app = start_miniapp(MiniAppOptions::default()).await;
    let sale = sold_out(&app, "Moutai 500ml").await?;
    let b = Browser::start().await?;
    open(&app, 1001, "en", "", &b).await?;
    open_sale(&b, sale).await?;
    b.wait_for(
        "the waitlist offer",
        "!document.getElementById('waitlist').hidden",
    )
    .await?;
    ensure!(
        b.js("return document.getElementById('buy').disabled")
            .await?
            == true
    );
    ensure!(b.text("#sale-state").await? == ftl("en", "page-state-sold-out"));
    b.screenshot("sold-out").await?;
    b.click("#waitlist-join").await?;
    ensure!(outcome(&b).await? == "waitlist_joined");
    ensure!(
        b.js("return document.getElementById('waitlist').hidden")
            .await?
            == true
    );
    b.screenshot("waitlist-joined").await?;
    b.close().await?;
    app.stop().await;
    Ok(())
}

#[tokio::test]
async fn a_captcha_sale_asks_its_question_in_the_page_and_the_right_answer_buys() -> Result<()> {
    let app = start_miniapp(MiniAppOptions::default()).await;
    let sale = app
        .sale_with(
            "Limited sneakers",
            5,
            1,
            Duration::minutes(-1),
            true,
            Currency::Cny,
        )
        .await;
    let b = Browser::start().await?;
    open(&app, 1001, "en", "", &b).await?;
    open_sale(&b, sale).await?;
    b.click("#buy").await?;
    ensure!(outcome(&b).await? == "captcha");
    let question = b.text("#captcha-question").await?;
    let sum: u32 = question
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|n| n.parse::<u32>().ok())
        .sum();
    ensure!(sum > 0, "no numbers in {question:?}");
    b.screenshot("captcha").await?;
    b.fill("#captcha-answer", &sum.to_string()).await?;
    b.click("#captcha-submit").await?;
    b.wait_for(
        "won",
        "document.getElementById('outcome').dataset.outcome === 'won'",
    )
    .await?;
    ensure!(
        b.js("return document.getElementById('captcha').hidden")
            .await?
            == true
    );
    b.close().await?;
    app.stop().await;
    Ok(())
}

#[tokio::test]
async fn a_link_with_a_sale_opens_that_sale_directly() -> Result<()> {
    let app = start_miniapp(MiniAppOptions::default()).await;
    app.live_sale("AirPods Pro 2", 50, 2).await;
    let wanted = app.live_sale("Switch OLED", 20, 1).await;
    let b = Browser::start().await?;
    let url = page_url(&app.base, &app.init_data(1001, "en"), "");
    let by_query = url.replacen("/app/#", &format!("/app/?sale={}#", wanted.get()), 1);
    let by_start = format!("{url}&tgWebAppStartParam=sale-{}", wanted.get());
    for link in [by_query, by_start] {
        b.goto("about:blank").await?;
        b.goto(&link).await?;
        b.wait_for("the page", READY).await?;
        ensure!(
            b.js("return document.getElementById('view-sale').hidden")
                .await?
                == false
        );
        ensure!(b.text("#sale-title").await? == "Switch OLED");
    }
    b.close().await?;
    app.stop().await;
    Ok(())
}
