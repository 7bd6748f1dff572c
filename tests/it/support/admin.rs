//! Helpers for the merchant and admin tests: a bot with admin 900, sales owned by given
//! merchants, and typing or pressing as a given user.

use chrono::{DateTime, Duration, Utc};
use flashsale::app::{Action, Content, Reply};
use flashsale::clock::Clock;
use flashsale::domain::{
    Currency, Money, PerUserLimit, SaleDraft, SaleId, SaleWindow, Stock, Title, UserId,
};

use crate::support::conv::{Bot, bot_with, join, payload_of};

/// The configured admin.
pub const ADMIN: i64 = 900;
/// Merchants and a customer used across the tests.
pub const MERCHANT: i64 = 700;
pub const OTHER_MERCHANT: i64 = 701;
pub const CUSTOMER: i64 = 501;

/// A user id from a test constant.
pub fn uid(n: i64) -> UserId {
    UserId::parse(n).unwrap()
}

/// A bot whose `ADMIN_IDS` is [`ADMIN`].
pub async fn admin_bot() -> Bot {
    bot_with(&[("ADMIN_IDS", "900")]).await
}

/// A live CNY sale owned by `owner` (stock 20, limit 5), ending in an hour.
pub async fn sale_of(bot: &Bot, owner: i64, title: &str) -> SaleId {
    let now = bot.clock.now();
    sale_between(
        bot,
        owner,
        title,
        now - Duration::minutes(1),
        now + Duration::hours(1),
    )
    .await
}

/// A CNY sale owned by `owner` (stock 20, limit 5) running from `starts` to `ends`.
pub async fn sale_between(
    bot: &Bot,
    owner: i64,
    title: &str,
    starts: DateTime<Utc>,
    ends: DateTime<Utc>,
) -> SaleId {
    let draft = SaleDraft::new(
        Title::parse(title).unwrap(),
        vec![title.to_lowercase()],
        Money::from_minor(9_900, Currency::Cny).unwrap(),
        Stock::parse(20).unwrap(),
        PerUserLimit::parse(5).unwrap(),
        SaleWindow::new(starts, ends).unwrap(),
        uid(owner),
    )
    .unwrap();
    bot.store
        .create_sale(&draft, bot.clock.now())
        .await
        .unwrap()
        .id
}

/// What `user` typing `text` (in `lang`) gets back, replies and all.
pub async fn typed(bot: &Bot, user: i64, lang: &str, text: &str) -> Vec<Reply> {
    bot.send(uid(user), Some(lang), Content::Text(text.into()))
        .await
}

/// What `user` typing `text` in English reads, as one string.
pub async fn says(bot: &Bot, user: i64, text: &str) -> String {
    join(&typed(bot, user, "en", text).await)
}

/// `user` buys `qty` units of `sale` with the Buy button.
pub async fn buy(bot: &Bot, user: i64, sale: SaleId, qty: u32) -> String {
    let replies = bot
        .send(
            uid(user),
            Some("en"),
            Content::Button(Action::Buy(sale, qty).payload()),
        )
        .await;
    join(&replies)
}

/// `user` presses the button labelled with `label_part`.
pub async fn press(bot: &Bot, user: i64, replies: &[Reply], label_part: &str) -> String {
    let payload = payload_of(replies, label_part);
    join(
        &bot.send(uid(user), Some("en"), Content::Button(payload))
            .await,
    )
}
