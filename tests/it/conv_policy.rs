//! The conversation acts only on what the customer asked, through the assistant the local
//! chat drives: no order for negations, questions, reports or suppositions; one order for a
//! direct request or a confirmed Yes (however often it is pressed); context that survives a
//! restart; answers in the language just written.

use chrono::Duration;
use std::sync::Arc;

use flashsale::app::{ChatId, Content, Inbound, Reply, Wired};
use flashsale::clock::Clock;
use flashsale::config::Config;
use flashsale::domain::{RequestId, SaleId};

use crate::support::conv::{Bot, alice, bot, bot_with, join};
use crate::support::gates::redis_url;
use crate::support::unique;

/// Non-purchases of each kind (negation, question, reported, hypothetical), en and zh; the
/// chat and Telegram policy tests type the same ones.
pub const NOT_PURCHASES: [&str; 10] = [
    "not buying, just looking",
    "不买了，随便看看",
    "would the airpods be worth it?",
    "耳机还有货吗",
    "i already bought airpods",
    "我朋友抢到耳机了",
    "my friend has airpods",
    "suppose I order a pair and skip paying?",
    "万一抢到了不想要呢",
    "耳机是正品吗",
];

/// The issue's own examples of each kind; they need the speech-act parser (issue 16, part 1).
const NOT_PURCHASES_FROM_THE_ISSUE: [&str; 14] = [
    "don't get me the airpods yet",
    "我不要耳机了",
    "not buying, just looking",
    "how does buying work for the airpods?",
    "耳机要怎么抢啊",
    "my sister got two airpods",
    "上次买过耳机了",
    "suppose I order a pair and skip paying?",
    "can I buy airpods?",
    "耳机值得买吗",
    "假如我买了耳机不付款会怎样",
    "耳机先不买",
    "别给我买耳机",
    "what if I buy airpods",
];

async fn orders(bot: &Bot) -> usize {
    bot.store.orders_of_buyer(alice(), 100).await.unwrap().len()
}

async fn say(bot: &Bot, lang: &str, text: &str) -> Vec<Reply> {
    bot.send(alice(), Some(lang), Content::Text(text.into()))
        .await
}

async fn none_of_these_buy(messages: &[&str]) {
    let bot = bot().await;
    bot.live_airpods().await;
    for text in messages {
        let answer = join(&say(&bot, "en", text).await);
        assert!(!answer.contains("You got it"), "{text:?} -> {answer}");
        assert!(!answer.contains("抢到了"), "{text:?} -> {answer}");
        assert_eq!(orders(&bot).await, 0, "{text:?} placed an order: {answer}");
    }
}

#[tokio::test]
async fn negations_questions_reports_and_suppositions_place_no_order() {
    none_of_these_buy(&NOT_PURCHASES).await;
}

#[tokio::test]
async fn the_issues_non_purchase_messages_place_no_order() {
    none_of_these_buy(&NOT_PURCHASES_FROM_THE_ISSUE).await;
}

/// The lines of a message list under `tests/data/conv/` (comments and blank lines skipped).
fn message_list(name: &str) -> Vec<String> {
    let path = format!("{}/tests/data/conv/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{path}: {e}"))
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect()
}

#[tokio::test]
async fn no_refusal_deferral_question_report_or_complaint_places_an_order() {
    let messages = message_list("not_purchases.txt");
    assert!(messages.len() > 150, "the list is there");
    let bot = bot().await;
    bot.live_airpods().await;
    bot.live_kindle().await;
    let mut bought = Vec::new();
    for text in &messages {
        let lang = if text.is_ascii() { "en" } else { "zh" };
        let answer = join(&say(&bot, lang, text).await);
        if orders(&bot).await > bought.len() {
            bought.push(format!("{text:?} -> {answer}"));
        }
    }
    assert!(
        bought.is_empty(),
        "placed orders nobody asked for:\n{}",
        bought.join("\n")
    );
}

#[tokio::test]
async fn direct_requests_buy_at_once() {
    let messages = message_list("purchases.txt");
    assert!(messages.len() > 40, "the list is there");
    let mut refused = Vec::new();
    for text in &messages {
        // A fresh customer each time: the per-person limit never gets in the way.
        let bot = bot().await;
        bot.live_airpods().await;
        let lang = if text.is_ascii() { "en" } else { "zh" };
        let answer = join(&say(&bot, lang, text).await);
        if orders(&bot).await != 1 {
            refused.push(format!("{text:?} -> {answer}"));
        }
    }
    assert!(
        refused.is_empty(),
        "direct requests that did not buy:\n{}",
        refused.join("\n")
    );
}

#[tokio::test]
async fn a_confirm_answered_with_another_quantity_asks_again_for_that_quantity() {
    for (lang, card, qty, change, yes, asked) in [
        (
            "en",
            "how much are the airpods",
            "three",
            "no, just one",
            "yes",
            "Buy 1 ×",
        ),
        ("zh", "耳机多少钱", "三个", "只要一个", "好的", "购买 1 ×"),
    ] {
        let bot = bot().await;
        bot.live_airpods().await;
        say(&bot, lang, card).await;
        say(&bot, lang, qty).await;
        let again = join(&say(&bot, lang, change).await);
        assert!(again.contains(asked), "{change:?} -> {again}");
        assert_eq!(orders(&bot).await, 0, "changing the quantity is not a yes");
        let bought = join(&say(&bot, lang, yes).await);
        let placed = bot.store.orders_of_buyer(alice(), 10).await.unwrap();
        assert_eq!(placed.len(), 1, "{bought}");
        assert_eq!(
            placed[0].quantity.get(),
            1,
            "the quantity the customer settled on"
        );
    }
}

#[tokio::test]
async fn a_big_order_confirmed_by_typing_yes_buys_once_even_if_yes_is_also_pressed() {
    for (lang, ask, yes) in [("en", "buy 7 airpods", "yes"), ("zh", "买7个耳机", "好的")] {
        let bot = bot().await;
        bot.sale(
            "AirPods Pro 2 无线耳机",
            &["airpods", "耳机"],
            50,
            10,
            Duration::minutes(-5),
            Duration::minutes(65),
        )
        .await;
        let asked = say(&bot, lang, ask).await;
        assert_eq!(
            orders(&bot).await,
            0,
            "more than 5 units are confirmed first"
        );
        let typed = join(&say(&bot, lang, yes).await);
        let placed = bot.store.orders_of_buyer(alice(), 10).await.unwrap();
        assert_eq!(placed.len(), 1, "{ask:?} then {yes:?} -> {typed}");
        assert_eq!(placed[0].quantity.get(), 7, "{typed}");
        // The question's own Yes button, pressed after the typed yes, buys nothing more.
        let pressed = bot.press(&asked, "✅").await;
        assert_eq!(orders(&bot).await, 1, "{pressed}");
    }
}

#[tokio::test]
async fn a_yes_with_nothing_asked_says_there_is_nothing_to_confirm() {
    let bot = bot().await;
    bot.live_airpods().await;
    let en = join(&say(&bot, "en", "yes").await);
    assert!(en.contains("nothing waiting for your confirmation"), "{en}");
    let zh = join(&say(&bot, "zh", "好的").await);
    assert!(zh.contains("没有需要你确认的订单"), "{zh}");
    assert_eq!(orders(&bot).await, 0);
}

#[tokio::test]
async fn a_direct_request_places_exactly_one_order() {
    let bot = bot().await;
    bot.live_airpods().await;
    let answer = join(&say(&bot, "en", "buy 2 airpods").await);
    assert!(answer.contains("You got it: 2 ×"), "{answer}");
    assert_eq!(orders(&bot).await, 1);
    let answer = join(&say(&bot, "zh-CN", "我要两个耳机").await);
    assert!(answer.contains("抢到了"), "{answer}");
    assert_eq!(orders(&bot).await, 2);
}

#[tokio::test]
async fn a_bare_quantity_after_a_card_is_confirmed_and_yes_buys_once_however_often_pressed() {
    let bot = bot().await;
    bot.live_airpods().await;
    say(&bot, "en", "how much are the airpods").await;
    let confirm = say(&bot, "en", "two").await;
    let text = join(&confirm);
    assert!(text.contains("Buy 2 × AirPods Pro 2"), "{text}");
    assert!(text.contains("Yes") && text.contains("No"), "{text}");
    assert_eq!(orders(&bot).await, 0, "asking is not buying");

    let yes = confirm[0]
        .buttons
        .iter()
        .find(|b| b.label.contains("Yes"))
        .expect("a Yes button")
        .payload
        .clone();
    let first = bot
        .send_with(alice(), Some("en"), Content::Button(yes.clone()), "cb-1")
        .await;
    assert!(join(&first).contains("You got it: 2 ×"), "{}", join(&first));
    // The same press redelivered, and the button pressed again.
    bot.send_with(alice(), Some("en"), Content::Button(yes.clone()), "cb-1")
        .await;
    let again = bot.press(&confirm, "Yes").await;
    assert!(!again.contains("You got it"), "{again}");
    assert_eq!(orders(&bot).await, 1);
    let order = &bot.store.orders_of_buyer(alice(), 10).await.unwrap()[0];
    assert_eq!(order.quantity.get(), 2);
}

#[tokio::test]
async fn a_confirm_answered_with_words_buys_once_and_no_buys_nothing() {
    let bot = bot().await;
    bot.live_airpods().await;
    say(&bot, "zh-CN", "耳机多少钱").await;
    let asked = join(&say(&bot, "zh-CN", "两个").await);
    assert!(asked.contains("购买 2 ×"), "{asked}");
    let yes = join(&say(&bot, "zh-CN", "好的").await);
    assert!(yes.contains("抢到了"), "{yes}");
    let again = join(&say(&bot, "zh-CN", "确认").await);
    assert!(!again.contains("抢到了"), "{again}");
    assert_eq!(orders(&bot).await, 1);

    say(&bot, "en", "three").await;
    let no = join(&say(&bot, "en", "no").await);
    assert!(no.contains("nothing bought"), "{no}");
    let confirm = say(&bot, "en", "two").await;
    let pressed_no = bot.press(&confirm, "No").await;
    assert!(pressed_no.contains("nothing bought"), "{pressed_no}");
    let late_yes = join(&say(&bot, "en", "yes").await);
    assert!(!late_yes.contains("You got it"), "{late_yes}");
    assert_eq!(orders(&bot).await, 1, "No, and a yes after it, buy nothing");
}

#[tokio::test]
async fn a_bare_quantity_over_the_limit_is_refused_at_once_without_a_confirm() {
    let bot = bot().await;
    bot.live_kindle().await;
    say(&bot, "en", "tell me about the kindle").await;
    let answer = join(&say(&bot, "en", "three").await);
    assert!(answer.contains("limited to 2 per person"), "{answer}");
    assert!(!answer.contains("Yes"), "{answer}");
    let yes = join(&say(&bot, "en", "yes").await);
    assert!(!yes.contains("You got it"), "{yes}");
    assert_eq!(orders(&bot).await, 0);
}

#[tokio::test]
async fn buy_it_after_a_card_buys_that_cards_sale() {
    let bot = bot().await;
    bot.live_airpods().await;
    let kindle = bot.live_kindle().await;
    say(&bot, "en", "tell me about the kindle").await;
    let answer = join(&say(&bot, "en", "buy it").await);
    assert!(answer.contains("You got it: 1 × Kindle"), "{answer}");
    let bought = bot.store.orders_of_buyer(alice(), 10).await.unwrap();
    assert_eq!(bought.len(), 1);
    assert_eq!(bought[0].sale, kindle);
}

#[tokio::test]
async fn the_first_one_after_a_list_is_the_first_sale_listed() {
    let bot = bot().await;
    bot.live_airpods().await;
    bot.live_kindle().await;
    let list = say(&bot, "en", "what's on sale?").await;
    let first_listed = list[0].buttons[0].label.clone();
    let card = join(&say(&bot, "en", "the first one").await);
    let title = first_listed.trim_start_matches(|c: char| !c.is_alphanumeric());
    assert!(card.starts_with(title), "{first_listed} -> {card}");
    assert_eq!(orders(&bot).await, 0, "choosing is not buying");
}

#[tokio::test]
async fn buy_one_after_a_list_of_several_asks_which_instead_of_buying_the_sale_before_it() {
    let bot = bot().await;
    bot.live_airpods().await;
    bot.live_kindle().await;
    for (lang, card, list, buy) in [
        (
            "en",
            "how much are the airpods",
            "what's on sale?",
            "buy one",
        ),
        ("zh", "耳机多少钱", "有什么秒杀", "买一个"),
    ] {
        say(&bot, lang, card).await;
        say(&bot, lang, list).await;
        let replies = say(&bot, lang, buy).await;
        let answer = join(&replies);
        assert_eq!(
            orders(&bot).await,
            0,
            "{buy:?} after a list bought: {answer}"
        );
        let labels: Vec<&str> = replies
            .iter()
            .flat_map(|r| r.buttons.iter().map(|b| b.label.as_str()))
            .collect();
        assert!(
            labels.iter().any(|l| l.contains("AirPods"))
                && labels.iter().any(|l| l.contains("Kindle")),
            "{buy:?} should offer both sales to choose from: {answer} {labels:?}"
        );
    }
}

/// A second assistant on the same database and clock: new process state, same store.
async fn restarted(bot: &Bot, extra: &[(&str, String)]) -> Wired {
    let url = bot.database_url();
    let extra = extra.to_vec();
    let config = Config::from_lookup(|k| match k {
        "DATABASE_URL" => Some(url.clone()),
        "LIMIT_MESSAGES_PER_MIN" => Some("100000".into()),
        "LIMIT_BUY_BURST" => Some("1000".into()),
        _ => extra.iter().find(|(n, _)| *n == k).map(|(_, v)| v.clone()),
    })
    .unwrap();
    Wired::build(&config, bot.clock.clone() as Arc<dyn Clock>)
        .await
        .unwrap()
}

async fn say_to(wired: &Wired, text: &str, request: &str) -> String {
    join(
        &wired
            .assistant
            .handle(Inbound {
                chat: ChatId(alice().get()),
                user: alice(),
                language_code: Some("en".into()),
                content: Content::Text(text.into()),
                request: RequestId::parse(request).unwrap(),
            })
            .await,
    )
}

async fn context_survives_a_restart(extra: &[(&str, String)]) {
    let owned: Vec<(&str, &str)> = extra.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let bot = bot_with(&owned).await;
    // The Redis gate judges the sale's window on Redis's clock: sales relative to now.
    bot.clock.set(chrono::Utc::now());
    bot.live_airpods().await;
    let kindle: SaleId = bot.live_kindle().await;
    say(&bot, "en", "how much is the kindle").await;
    let other = restarted(&bot, extra).await;
    let asked = say_to(&other, "two", "r-1").await;
    assert!(asked.contains("Buy 2 × Kindle"), "{asked}");
    let third = restarted(&bot, extra).await;
    let bought = say_to(&third, "yes", "r-2").await;
    assert!(bought.contains("You got it: 2 × Kindle"), "{bought}");
    let placed = bot.store.orders_of_buyer(alice(), 10).await.unwrap();
    assert_eq!(placed.len(), 1);
    assert_eq!(placed[0].sale, kindle);
    let in_sql = bot
        .store
        .conversation_context(alice().get(), bot.clock.now())
        .await
        .unwrap();
    assert_eq!(in_sql.is_some(), extra.is_empty(), "{in_sql:?}");
}

#[tokio::test]
async fn context_in_the_store_survives_a_restart_of_the_assistant() {
    context_survives_a_restart(&[]).await;
}

#[tokio::test]
async fn context_in_redis_survives_a_restart_of_the_assistant() {
    context_survives_a_restart(&[
        ("REDIS_URL", redis_url()),
        ("REDIS_KEY_PREFIX", unique("fs-test-conv-")),
    ])
    .await;
}

#[tokio::test]
async fn a_chinese_message_gets_a_chinese_answer_whatever_the_language_code() {
    let bot = bot().await;
    bot.live_airpods().await;
    let zh = join(&say(&bot, "en", "耳机多少钱").await);
    assert!(zh.contains("库存"), "{zh}");
    let en = join(&say(&bot, "zh-CN", "how much are the airpods").await);
    assert!(en.contains("Stock"), "{en}");
    bot.send(alice(), Some("en"), Content::Text("/lang en".into()))
        .await;
    let chosen = join(&say(&bot, "en", "耳机多少钱").await);
    assert!(chosen.contains("Stock"), "an explicit /lang wins: {chosen}");
}
