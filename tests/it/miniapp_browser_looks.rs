//! The Mini App page in headless Chromium, as people see it: Chinese, Telegram's theme and
//! the phone's dark mode, forged initData refused, and the shop out of reach.

use anyhow::{Result, ensure};
use serde_json::json;

use crate::support::browser::Browser;
use crate::support::miniapp::{MiniAppOptions, start_miniapp};
use crate::support::page::{ftl, open, open_sale, outcome, page_url};

const DARK: &str = r##"{"bg_color":"#17212b","secondary_bg_color":"#0e1621","text_color":"#f5f5f5","hint_color":"#708499","link_color":"#6ab3f3","button_color":"#5288c1","button_text_color":"#ffffff","section_bg_color":"#17212b"}"##;
const LIGHT: &str = r##"{"bg_color":"#ffffff","secondary_bg_color":"#efeff4","text_color":"#000000","hint_color":"#999999","link_color":"#2481cc","button_color":"#2481cc","button_text_color":"#ffffff"}"##;

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
