//! Helpers for the fairness tests: captcha sales and solving a challenge from its text.

use chrono::Duration;
use flashsale::app::{Action, Content, Reply};
use flashsale::clock::Clock;
use flashsale::domain::{
    Currency, Money, PerUserLimit, SaleDraft, SaleId, SaleWindow, Stock, Title, UserId,
};

use crate::support::conv::Bot;

/// A CNY sale asking for a captcha, starting `starts_in` from the bot's now, for an hour.
pub async fn captcha_sale(bot: &Bot, stock: i64, limit: i64, starts_in: Duration) -> SaleId {
    let now = bot.clock.now();
    let draft = SaleDraft::new(
        Title::parse("Switch OLED").unwrap(),
        vec!["switch".into()],
        Money::from_minor(199_900, Currency::Cny).unwrap(),
        Stock::parse(stock).unwrap(),
        PerUserLimit::parse(limit).unwrap(),
        SaleWindow::new(now + starts_in, now + starts_in + Duration::hours(1)).unwrap(),
        UserId::parse(1).unwrap(),
    )
    .unwrap()
    .with_captcha(true);
    bot.store.create_sale(&draft, now).await.unwrap().id
}

/// The numbers `a` and `b` of the "What is a + b?" line in `text`.
pub fn sum_asked(text: &str) -> Option<u32> {
    let line = text
        .lines()
        .find(|l| l.contains("What is") || l.contains("等于多少"))?;
    let numbers: Vec<u32> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|w| w.parse().ok())
        .collect();
    Some(numbers.first()? + numbers.get(1)?)
}

/// The payloads of the right answer and of a wrong one under the challenge in `replies`.
pub fn answers(replies: &[Reply]) -> (String, String) {
    let reply = replies
        .iter()
        .find(|r| sum_asked(&r.text).is_some())
        .unwrap_or_else(|| panic!("no challenge in {replies:?}"));
    let sum = sum_asked(&reply.text).unwrap().to_string();
    assert_eq!(reply.buttons.len(), 4, "{reply:?}");
    assert!(reply.buttons.iter().all(|b| b.payload.starts_with("cap:")));
    let right = reply.buttons.iter().find(|b| b.label == sum).unwrap();
    let wrong = reply.buttons.iter().find(|b| b.label != sum).unwrap();
    (right.payload.clone(), wrong.payload.clone())
}

/// Presses `payload` as `user` (English).
pub async fn press_as(bot: &Bot, user: UserId, payload: &str) -> Vec<Reply> {
    bot.send(user, Some("en"), Content::Button(payload.to_owned()))
        .await
}

/// Presses Buy ×`qty` of `sale` as `user`.
pub async fn buy_as(bot: &Bot, user: UserId, sale: SaleId, qty: u32) -> Vec<Reply> {
    press_as(bot, user, &Action::Buy(sale, qty).payload()).await
}

/// All the text of `replies`.
pub fn text(replies: &[Reply]) -> String {
    replies
        .iter()
        .map(|r| r.text.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}
