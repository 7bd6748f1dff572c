//! The Mini App page in real headless Chromium against the real `/app` API: signed initData,
//! the server-clock countdown, buying, my orders with Pay and Cancel, the waitlist, the
//! captcha, Chinese, Telegram's theme, and forged initData. Screenshots go to
//! target/miniapp-screens/ (a curated set is in docs/miniapp/).

use anyhow::{Result, ensure};
use chrono::Duration;
use flashsale::domain::{Currency, SaleId};
use serde_json::json;

use crate::support::browser::{Browser, ftl, page_url};
use crate::support::miniapp::{MiniAppHarness, MiniAppOptions, start_miniapp};

const READY: &str = "document.body.dataset.ready === '1'";
/// A Telegram client's webview: events the page posts are recorded in `window.__tg`.
const TELEGRAM_PROXY: &str = "window.__tg = []; window.TelegramWebviewProxy = \
    { postEvent: (type, data) => window.__tg.push([type, data ? JSON.parse(data) : null]) };";
const DARK: &str = r##"{"bg_color":"#17212b","secondary_bg_color":"#0e1621","text_color":"#f5f5f5","hint_color":"#708499","link_color":"#6ab3f3","button_color":"#5288c1","button_text_color":"#ffffff","section_bg_color":"#17212b"}"##;
const LIGHT: &str = r##"{"bg_color":"#ffffff","secondary_bg_color":"#efeff4","text_color":"#000000","hint_color":"#999999","link_color":"#2481cc","button_color":"#2481cc","button_text_color":"#ffffff"}"##;

async fn open(app: &MiniAppHarness, user: i64, lang: &str, extra: &str, b: &Browser) -> Result<()> {
    b.goto(&page_url(&app.base, &app.init_data(user, lang), extra))
        .await?;
    b.wait_for("the sale list", READY).await?;
    Ok(())
}

async fn open_sale(b: &Browser, sale: SaleId) -> Result<()> {
    b.click(&format!("#sales li[data-sale=\"{}\"]", sale.get()))
        .await?;
    b.wait_for(
        "the sale page",
        "!document.getElementById('view-sale').hidden",
    )
    .await?;
    Ok(())
}

/// A live sale of one unit, bought by another user.
async fn sold_out(app: &MiniAppHarness, title: &str) -> Result<SaleId> {
    let sale = app.live_sale(title, 1, 1).await;
    let other = app.init_data(2002, "en");
    let body = json!({"sale": sale.get(), "quantity": 1, "key": "other-user-key-1"});
    let (_, won) = app.post("/app/api/buy", Some(&other), body).await;
    ensure!(won["outcome"] == "won", "{won}");
    Ok(sale)
}

async fn outcome(b: &Browser) -> Result<String> {
    let v = b
        .wait_for(
            "the outcome",
            "document.getElementById('outcome').dataset.outcome",
        )
        .await?;
    Ok(v.as_str().unwrap_or_default().to_owned())
}

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
    // Seven seconds: room for a slow machine to open the page before the start.
    let sale = app
        .sale_with(
            "Switch OLED",
            10,
            2,
            Duration::seconds(7),
            false,
            Currency::Cny,
        )
        .await;
    open(&app, 1001, "en", "", &b).await?;
    open_sale(&b, sale).await?;
    let buy = "document.getElementById('buy')";
    b.wait_for(
        "Buy disabled while the countdown runs",
        &format!("{buy}.disabled && {buy}.dataset.phase === 'upcoming' && /Starts in 00:0[1-7]/.test({buy}.textContent)"),
    )
    .await?;
    b.screenshot("countdown").await?;
    b.wait_for(
        "Buy to light up by itself at zero",
        &format!("!{buy}.disabled && {buy}.dataset.phase === 'live'"),
    )
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
async fn a_chinese_user_sees_the_page_and_the_outcome_in_chinese() -> Result<()> {
    let app = start_miniapp(MiniAppOptions::default()).await;
    let sale = app.live_sale("AirPods Pro 2 无线耳机", 30, 2).await;
    app.upcoming_sale("茅台 500ml", 10, 1).await;
    let b = Browser::start().await?;
    open(&app, 1001, "zh-CN", "", &b).await?;
    b.wait_for(
        "two sales",
        "document.querySelectorAll('#sales li').length === 2",
    )
    .await?;
    ensure!(b.js("return document.documentElement.lang").await? == "zh-CN");
    ensure!(b.text("#title").await? == ftl("zh-CN", "page-title"));
    ensure!(b.text("#tab-orders").await? == ftl("zh-CN", "page-tab-orders"));
    let list = b.text("#sales").await?;
    for want in ["抢购中", "即将开始", "后开抢", "剩余"] {
        ensure!(list.contains(want), "{want:?} missing from:\n{list}");
    }
    b.screenshot("zh-list").await?;
    open_sale(&b, sale).await?;
    ensure!(b.text("#buy").await? == ftl("zh-CN", "page-buy"));
    b.click("#buy").await?;
    ensure!(outcome(&b).await? == "won");
    let said = b.text("#outcome").await?;
    ensure!(
        said.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "not Chinese: {said}"
    );
    b.screenshot("zh-won").await?;
    b.close().await?;
    app.stop().await;
    Ok(())
}

#[tokio::test]
async fn the_page_follows_telegrams_theme_dark_at_launch_and_light_on_theme_changed() -> Result<()>
{
    let app = start_miniapp(MiniAppOptions::default()).await;
    let sale = app.live_sale("AirPods Pro 2", 50, 2).await;
    let b = Browser::start().await?;
    let theme: String = url::form_urlencoded::byte_serialize(DARK.as_bytes()).collect();
    open(
        &app,
        1001,
        "en",
        &format!("&tgWebAppThemeParams={theme}"),
        &b,
    )
    .await?;
    let bg = "getComputedStyle(document.body).backgroundColor";
    ensure!(b.js(&format!("return {bg}")).await? == "rgb(14, 22, 33)");
    ensure!(
        b.js("return document.documentElement.classList.contains('dark')")
            .await?
            == true
    );
    open_sale(&b, sale).await?;
    b.screenshot("dark").await?;
    b.js(&format!(
        "window.Telegram.WebView.receiveEvent('theme_changed', {{theme_params: {LIGHT}}});"
    ))
    .await?;
    b.wait_for("the light theme", &format!("{bg} === 'rgb(239, 239, 244)'"))
        .await?;
    b.close().await?;
    app.stop().await;
    Ok(())
}

#[tokio::test]
async fn forged_init_data_is_refused_with_the_localized_message_and_nothing_is_bought() -> Result<()>
{
    let app = start_miniapp(MiniAppOptions::default()).await;
    let sale = app.live_sale("AirPods Pro 2", 50, 2).await;
    let b = Browser::start().await?;
    for (lang, screen) in [("en", "forged"), ("zh-CN", "zh-forged")] {
        let signed = app.init_data(1001, lang);
        let forged = signed.replace("1001", "1002");
        ensure!(forged != signed);
        b.goto("about:blank").await?; // a new document, not only a new hash
        b.goto(&page_url(&app.base, &forged, "")).await?;
        b.wait_for("the refusal", "document.body.dataset.ready === 'error'")
            .await?;
        let shown = b.text("#banner-text").await?;
        ensure!(
            shown == ftl(lang, "miniapp-unauthorized"),
            "{lang}: {shown:?}"
        );
        ensure!(
            b.js("return document.getElementById('tabs').hidden")
                .await?
                == true
        );
        ensure!(
            b.js("return document.querySelectorAll('#sales li').length")
                .await?
                == 0
        );
        b.screenshot(screen).await?;
    }
    let honest = app.init_data(1002, "en");
    let (_, orders) = app.get("/app/api/orders", Some(&honest)).await;
    ensure!(orders["orders"] == json!([]), "{orders}");
    let (_, now) = app
        .get(&format!("/app/api/sales/{}", sale.get()), Some(&honest))
        .await;
    ensure!(now["sale"]["stock_left"] == 50, "{now}");
    b.close().await?;
    app.stop().await;
    Ok(())
}

#[tokio::test]
async fn when_the_shop_cannot_be_reached_the_page_says_so_in_the_users_language() -> Result<()> {
    let app = start_miniapp(MiniAppOptions::default()).await;
    let sale = app.live_sale("AirPods Pro 2", 50, 2).await;
    let b = Browser::start().await?;
    open(&app, 1001, "zh-CN", "", &b).await?;
    open_sale(&b, sale).await?;
    app.stop().await; // the live-stock poll now fails
    let offline = ftl("zh-CN", "page-error-network");
    b.wait_for(
        "the network error",
        &format!("!document.getElementById('banner').hidden && document.getElementById('banner-text').textContent === {offline:?}"),
    )
    .await?;
    b.screenshot("zh-offline").await?;
    b.close().await
}

#[tokio::test]
async fn outside_telegram_the_page_follows_the_phones_dark_mode() -> Result<()> {
    let app = start_miniapp(MiniAppOptions::default()).await;
    app.live_sale("AirPods Pro 2", 50, 2).await;
    let b = Browser::start().await?;
    b.prefer_dark().await?;
    open(&app, 1001, "en", "", &b).await?;
    let bg = b
        .js("return getComputedStyle(document.body).backgroundColor")
        .await?;
    ensure!(bg == "rgb(14, 22, 33)", "background {bg}");
    b.close().await?;
    app.stop().await;
    Ok(())
}
