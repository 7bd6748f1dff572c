//! The Mini App page as the browser tests drive it: its address with signed initData, the
//! locale texts it should show, and the steps every test repeats (open, open a sale, read
//! the outcome).

use std::path::PathBuf;

use anyhow::{Result, ensure};
use flashsale::domain::SaleId;
use serde_json::json;

use super::browser::Browser;
use super::miniapp::MiniAppHarness;

/// The page has loaded its texts and the sale list.
pub const READY: &str = "document.body.dataset.ready === '1'";
/// A Telegram client's webview: events the page posts are recorded in `window.__tg`.
pub const TELEGRAM_PROXY: &str = "window.__tg = []; window.TelegramWebviewProxy = \
    { postEvent: (type, data) => window.__tg.push([type, data ? JSON.parse(data) : null]) };";

/// The page's address on `base` with `init_data` in the hash as Telegram passes it, plus
/// `extra` hash parameters (`&tgWebAppThemeParams=...`).
pub fn page_url(base: &str, init_data: &str, extra: &str) -> String {
    let enc: String = url::form_urlencoded::byte_serialize(init_data.as_bytes()).collect();
    format!("{base}/app/#tgWebAppData={enc}&tgWebAppVersion=7.0{extra}")
}

/// The text of `key` in `locales/<lang>/miniapp.ftl` as the page shows it without arguments
/// (one-line messages only).
pub fn ftl(lang: &str, key: &str) -> String {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("locales/{lang}/miniapp.ftl"));
    let source = std::fs::read_to_string(&path).unwrap_or_default();
    let prefix = format!("{key} = ");
    source
        .lines()
        .find_map(|l| l.strip_prefix(&prefix))
        .unwrap_or_else(|| panic!("{key} missing in {}", path.display()))
        .to_owned()
}

/// Opens the page as `user` speaking `lang` (plus `extra` hash parameters) and waits for the list.
pub async fn open(
    app: &MiniAppHarness,
    user: i64,
    lang: &str,
    extra: &str,
    b: &Browser,
) -> Result<()> {
    b.goto(&page_url(&app.base, &app.init_data(user, lang), extra))
        .await?;
    b.wait_for("the sale list", READY).await?;
    Ok(())
}

/// Taps the sale in the list and waits for its page.
pub async fn open_sale(b: &Browser, sale: SaleId) -> Result<()> {
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
pub async fn sold_out(app: &MiniAppHarness, title: &str) -> Result<SaleId> {
    let sale = app.live_sale(title, 1, 1).await;
    let other = app.init_data(2002, "en");
    let body = json!({"sale": sale.get(), "quantity": 1, "key": "other-user-key-1"});
    let (_, won) = app.post("/app/api/buy", Some(&other), body).await;
    ensure!(won["outcome"] == "won", "{won}");
    Ok(sale)
}

/// The outcome code the page shows once a buy or join has answered.
pub async fn outcome(b: &Browser) -> Result<String> {
    let v = b
        .wait_for(
            "the outcome",
            "document.getElementById('outcome').dataset.outcome",
        )
        .await?;
    Ok(v.as_str().unwrap_or_default().to_owned())
}
