//! Inline mode over real HTTP: `@bot airpods` and `@bot 耳机` list the matching current
//! sales as cards in the querier's language (a Buy button while live, a deep link that
//! carries the querier as sharer), an unknown query gets one polite result, a Buy pressed on
//! a card sent inline buys once (a replay is refused) and counts for the sharer, a card sent
//! inline (registered by `chosen_inline_result`) flips live and shows the stock left through
//! `inline_message_id` edits, and private sale cards carry a Share button that opens the
//! chat picker on that sale.

use std::time::Duration;

use flashsale::domain::{Currency, Money, OrderSource, SaleId};
use flashsale::sandbox::{Call, FakeBotApi};
use flashsale::store::Store;
use serde_json::Value;

use crate::support::db::fresh_sqlite_url;
use crate::support::fake_bot::{self, FakeBotExt, markup_buttons};
use crate::support::{bot, real_time_sale, user};
use crate::telegram_channels::nth_reply;
use crate::telegram_payments::text_of;

/// Who types the inline queries (and so shares the cards).
const SHARER: i64 = 77;

/// A live AirPods sale (2 units, limit 1) and a Kindle starting in an hour.
async fn two_sales(db: &str) -> (SaleId, SaleId) {
    let store = Store::open(db, 2).await.expect("store");
    let price = Money::from_minor(129_900, Currency::Cny).expect("price");
    let live = chrono::Duration::seconds(-5);
    let airpods = real_time_sale(&store, "AirPods Pro 2 无线耳机", price, 2, 1, live).await;
    let later = chrono::Duration::hours(1);
    let kindle = real_time_sale(&store, "Kindle Paperwhite 电子书阅读器", price, 5, 1, later).await;
    store.close().await;
    (airpods, kindle)
}

/// The results of the answer to inline query `id`.
async fn results(fake: &FakeBotApi, id: &'static str) -> Vec<Value> {
    let answer = fake
        .wait_for("the inline answer", move |c: &Call| {
            c.method == "answerinlinequery" && c.body["inline_query_id"] == id
        })
        .await;
    assert_eq!(answer.body["is_personal"], true, "{}", answer.body);
    answer.body["results"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

fn card_text(result: &Value) -> String {
    result["input_message_content"]["message_text"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inline_queries_list_matching_sales_in_both_languages_and_answer_unknown_ones_politely() {
    let fake = fake_bot::start().await;
    let (db, _dir) = fresh_sqlite_url();
    let (airpods, kindle) = two_sales(&db).await;
    let running = bot::start(&fake, &db, false, &[]);

    fake.inline_query(SHARER, "en", "iq-en", "airpods");
    let en = results(&fake, "iq-en").await;
    // Long polling asks Telegram for inline queries (the dispatcher's hint).
    let polls = fake.calls_of("getupdates");
    assert!(
        polls.iter().any(|c| c.body["allowed_updates"]
            .as_array()
            .is_some_and(|a| a.iter().any(|u| u == "inline_query"))),
        "{:?}",
        polls.first().map(|c| &c.body)
    );
    assert_eq!(en.len(), 1, "{en:?}");
    assert_eq!(en[0]["type"], "article");
    assert_eq!(en[0]["title"], "AirPods Pro 2 无线耳机");
    assert!(
        card_text(&en[0]).contains("live now"),
        "{}",
        card_text(&en[0])
    );
    let en_buttons = markup_buttons(&en[0]["reply_markup"]);
    assert_eq!(en_buttons[0]["text"], "🛒 Buy now", "{en_buttons:?}");
    assert_eq!(
        en_buttons[1]["url"],
        format!("https://t.me/flashsale_bot?start=sale_{airpods}_s{SHARER}"),
        "{en_buttons:?}"
    );

    fake.inline_query(SHARER, "zh", "iq-zh", "电子书");
    let zh = results(&fake, "iq-zh").await;
    assert_eq!(zh.len(), 1, "{zh:?}");
    assert_eq!(zh[0]["title"], "Kindle Paperwhite 电子书阅读器");
    assert!(card_text(&zh[0]).contains("开始"), "{}", card_text(&zh[0]));
    let zh_buttons = markup_buttons(&zh[0]["reply_markup"]);
    assert_eq!(zh_buttons[0]["text"], "🔔 提醒我", "not live yet: no Buy");
    assert!(zh_buttons.iter().all(|b| b["text"] != "🛒 立即抢购"));
    assert_eq!(
        zh_buttons[1]["url"],
        format!("https://t.me/flashsale_bot?start=sale_{kindle}_s{SHARER}")
    );

    // Nothing typed yet: every current sale; `#<sale>` (the Share button's query): that one.
    fake.inline_query(SHARER, "en", "iq-empty", "");
    assert_eq!(results(&fake, "iq-empty").await.len(), 2);
    fake.inline_query(SHARER, "en", "iq-id", &format!("#{kindle}"));
    let by_id = results(&fake, "iq-id").await;
    assert_eq!(by_id.len(), 1);
    assert_eq!(by_id[0]["id"], format!("sale-{kindle}"));

    // Nothing matches: one polite result that opens the bot.
    fake.inline_query(SHARER, "en", "iq-none", "lawnmower");
    let none = results(&fake, "iq-none").await;
    assert_eq!(none.len(), 1, "{none:?}");
    assert_eq!(none[0]["title"], "No current sale matches “lawnmower”");
    assert!(
        card_text(&none[0]).contains("Open the bot"),
        "{:?}",
        none[0]
    );
    assert_eq!(
        markup_buttons(&none[0]["reply_markup"])[0]["url"],
        "https://t.me/flashsale_bot"
    );
    fake.inline_query(SHARER, "zh", "iq-none-zh", "割草机");
    let none_zh = results(&fake, "iq-none-zh").await;
    assert_eq!(none_zh[0]["title"], "没有与“割草机”匹配的秒杀");
    running.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_buy_on_an_inline_card_buys_once_counts_for_the_sharer_and_private_cards_can_be_shared() {
    let fake = fake_bot::start().await;
    let (db, _dir) = fresh_sqlite_url();
    let (airpods, _) = two_sales(&db).await;
    let running = bot::start(&fake, &db, false, &[]);
    fake.inline_query(SHARER, "en", "iq-buy", "airpods");
    let card = results(&fake, "iq-buy").await.remove(0);
    let buy = markup_buttons(&card["reply_markup"])[0]["callback_data"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(buy.len() <= 64, "{buy}");

    // Someone in the chat the card was sent to presses Buy: a win alert, details in private.
    fake.press_inline(55, "inl-card-1", "q-inl-55", &buy);
    let won = fake
        .wait_for("the win alert", |c: &Call| {
            c.method == "answercallbackquery" && c.body["callback_query_id"] == "q-inl-55"
        })
        .await;
    assert_eq!(won.body["show_alert"], true, "{}", won.body);
    assert!(text_of(&won).contains("You got it"), "{}", won.body);
    nth_reply(&fake, 55, "You got it", 1).await;
    // The same press again is a replay; the sharer pressing their own card counts direct.
    fake.press_inline(55, "inl-card-1", "q-inl-55-again", &buy);
    let again = fake
        .wait_for("the replay", |c: &Call| {
            c.method == "answercallbackquery" && c.body["callback_query_id"] == "q-inl-55-again"
        })
        .await;
    assert!(text_of(&again).contains("already used"), "{}", again.body);
    fake.press_inline(SHARER, "inl-card-1", "q-inl-sharer", &buy);
    nth_reply(&fake, SHARER, "You got it", 1).await;
    let store = Store::open(&db, 2).await.expect("store");
    let orders = store.orders_for_sale(airpods).await.expect("orders");
    assert_eq!(orders.len(), 2, "one order each: {orders:?}");
    let sources = store.sale_sources(airpods).await.expect("sources");
    let shared = sources
        .iter()
        .find(|c| c.source == Some(OrderSource::Share(user(SHARER))))
        .map(|c| (c.buyers, c.units));
    assert_eq!(shared, Some((1, 1)), "{sources:?}");
    let direct = sources
        .iter()
        .find(|c| c.source.is_none())
        .map(|c| c.buyers);
    assert_eq!(direct, Some(1), "{sources:?}");

    // A private sale card carries a Share button: the chat picker, on this sale.
    fake.text_from(60, "en", &format!("/start sale_{airpods}"));
    let card = fake
        .wait_until(Duration::from_secs(10), |c: &Call| {
            c.method == "sendmessage"
                && c.body["chat_id"].as_i64() == Some(60)
                && text_of(c).contains("AirPods")
        })
        .await
        .expect("the card");
    let share = markup_buttons(&card.body["reply_markup"])
        .into_iter()
        .find(|b| b["text"] == "↗️ Share")
        .expect("a Share button");
    assert_eq!(
        share["switch_inline_query_chosen_chat"]["query"],
        format!("#{airpods}"),
        "{share}"
    );
    assert_eq!(
        share["switch_inline_query_chosen_chat"]["allow_group_chats"],
        true
    );
    running.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_card_sent_inline_flips_live_at_the_start_and_shows_the_stock_left() {
    let fake = fake_bot::start().await;
    let (db, _dir) = fresh_sqlite_url();
    let store = Store::open(&db, 2).await.expect("store");
    let price = Money::from_minor(89_900, Currency::Cny).expect("price");
    let soon = chrono::Duration::seconds(4);
    let kindle = real_time_sale(&store, "Kindle Paperwhite", price, 2, 1, soon).await;
    let running = bot::start(&fake, &db, false, &[]);
    fake.inline_query(SHARER, "en", "iq-live", "kindle");
    let result = results(&fake, "iq-live").await.remove(0);
    assert!(card_text(&result).contains("starts in"), "{result}");
    let sent_text = result["input_message_content"]["message_text"].clone();
    fake.choose_inline(
        SHARER,
        "en",
        &format!("sale-{kindle}"),
        "inl-live-1",
        (&sent_text, &result["reply_markup"]),
    );

    // At the start the card sent inline flips to the live card with Buy (for the sharer).
    let inline_edit = |needle: &'static str| {
        move |c: &Call| {
            c.method == "editmessagetext"
                && c.status == 200
                && c.body["inline_message_id"] == "inl-live-1"
                && text_of(c).contains(needle)
        }
    };
    let flip = fake
        .wait_until(Duration::from_secs(30), inline_edit("live now"))
        .await
        .expect("the inline card flips live");
    let live = markup_buttons(&flip.body["reply_markup"]);
    assert_eq!(live[0]["text"], "🛒 Buy now", "{live:?}");
    let signer = flashsale::telegram::callback::ButtonSigner::new(bot::BUTTON_SECRET.as_bytes());
    let data = live[0]["callback_data"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let opened = signer
        .open_inline(&data, chrono::Utc::now().timestamp())
        .expect("signed for inline cards");
    assert_eq!(opened.payload, format!("buy:{kindle}:1#s{SHARER}"));
    assert_eq!(
        live.last().map(|b| b["url"].clone()),
        Some(Value::from(format!(
            "https://t.me/flashsale_bot?start=sale_{kindle}_s{SHARER}"
        )))
    );

    // A buy from it: the card shows the stock left.
    fake.press_inline(55, "inl-live-1", "q-live-55", &data);
    nth_reply(&fake, 55, "You got it", 1).await;
    fake.wait_until(Duration::from_secs(30), inline_edit("1 of 2"))
        .await
        .expect("the inline card shows 1 left");
    running.stop().await;
    let edits = fake
        .calls()
        .iter()
        .filter(|c| c.method == "editmessagetext" && c.body["inline_message_id"] == "inl-live-1")
        .count();
    assert!(edits >= 2, "the flip and the stock left: {edits}");
}
