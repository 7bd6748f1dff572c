//! Inline mode: `@bot airpods` in any chat lists the matching current sales, each a card
//! (as a channel post shows it) with a deep link to the sale that carries the querier as
//! its sharer and, while live, a Buy button anyone in that chat may press; an unknown query
//! gets one polite result that opens the bot. Presses on an inline card (a callback query
//! with an `inline_message_id` and no message) buy like a post's, counted for the sharer.

use teloxide::prelude::*;
use teloxide::types::{
    ChosenInlineResult, InlineKeyboardButton, InlineKeyboardMarkup, InlineQuery, InlineQueryResult,
    InlineQueryResultArticle, InputMessageContent, InputMessageContentText, Me,
};

use super::callback::{ButtonSigner, MAX_PAYLOAD_BYTES, Opened};
use super::commands::sale_link;
use super::handlers::BotContext;
use super::post_press::{SharedPress, on_post_press};
use super::shed::Doorman;
use crate::app::Reply;
use crate::app::browse::inline::InlineCard;
use crate::delivery::post_cadence::next_post_edit_at;
use crate::domain::{OrderSource, SaleId, UserId};
use crate::i18n::{Locale, Msg};
use crate::store::InlineCardRow;

type HandlerResult = Result<(), Box<dyn std::error::Error + Send + Sync>>;

/// Separates an inline card's action from the source it carries (`buy:5:1#s77`).
const SOURCE_SEP: char = '#';

/// Answers an inline query with the matching sales, in the querier's language.
pub(super) async fn on_inline_query(
    bot: Bot,
    me: Me,
    q: InlineQuery,
    ctx: BotContext,
) -> HandlerResult {
    metrics::counter!("flashsale_updates_total", "kind" => "inline_query").increment(1);
    let Ok(user) = UserId::parse(q.from.id.0 as i64) else {
        return Ok(());
    };
    let locale = ctx
        .assistant
        .locale_for(user, q.from.language_code.as_deref())
        .await;
    let cards = ctx.assistant.inline_cards(&q.query, locale).await;
    let username = me.user.username.as_deref().unwrap_or_default();
    let now = ctx.clock.now().timestamp();
    let results: Vec<InlineQueryResult> = if cards.is_empty() {
        vec![nothing_matches(&ctx, locale, &q.query, username)]
    } else {
        cards
            .iter()
            .map(|card| result_of(&ctx, card, user, locale, username, now))
            .collect()
    };
    tracing::debug!(
        user = user.get(),
        results = cards.len(),
        "inline query answered"
    );
    // Personal: each querier's links carry them as the sharer.
    bot.answer_inline_query(q.id, results)
        .cache_time(0)
        .is_personal(true)
        .await?;
    Ok(())
}

/// The buttons of a card sent inline: its own, signed for anyone and carrying the sharer,
/// then the deep link (`link`) that opens the sale in the bot.
pub(super) fn inline_keyboard(
    signer: &ButtonSigner,
    open_label: &str,
    reply: &Reply,
    sharer: UserId,
    link: &str,
    now: i64,
) -> InlineKeyboardMarkup {
    let source = OrderSource::Share(sharer);
    let mut rows: Vec<Vec<InlineKeyboardButton>> = reply
        .buttons
        .iter()
        .filter_map(|b| {
            let with_source = format!("{}{SOURCE_SEP}{}", b.payload, source.code());
            let payload = match with_source.len() <= MAX_PAYLOAD_BYTES {
                true => with_source,
                false => b.payload.clone(),
            };
            match signer.sign_fresh_inline(&payload, now) {
                Ok(data) => Some(vec![InlineKeyboardButton::callback(&b.label, data)]),
                Err(e) => {
                    tracing::error!(payload = %b.payload, error = %e, "inline button left out");
                    None
                }
            }
        })
        .collect();
    if let Ok(url) = link.parse() {
        rows.push(vec![InlineKeyboardButton::url(open_label, url)]);
    }
    InlineKeyboardMarkup::new(rows)
}

/// One sale as an article: its card, its buttons signed for anyone, and the deep link.
fn result_of(
    ctx: &BotContext,
    card: &InlineCard,
    sharer: UserId,
    locale: Locale,
    username: &str,
    now: i64,
) -> InlineQueryResult {
    let texts = ctx.assistant.texts();
    let link = sale_link(username, card.sale, Some(OrderSource::Share(sharer)));
    let label = texts.render(locale, &Msg::new("inline-open-bot"));
    let markup = inline_keyboard(&ctx.signer, &label, &card.card.reply, sharer, &link, now);
    let text = &card.card.reply.text;
    let description: String = text.lines().nth(1).unwrap_or_default().to_owned();
    let article = InlineQueryResultArticle::new(
        format!("sale-{}", card.sale),
        &card.title,
        InputMessageContent::Text(InputMessageContentText::new(text)),
    )
    .description(description)
    .reply_markup(markup);
    InlineQueryResult::Article(article)
}

/// A card the querier chose and Telegram sent inline (inline feedback on): kept live by
/// the countdown worker from now on, in the querier's language.
pub(super) async fn on_chosen_inline_result(
    me: Me,
    chosen: ChosenInlineResult,
    ctx: BotContext,
) -> HandlerResult {
    let sale = chosen
        .result_id
        .strip_prefix("sale-")
        .and_then(|n| n.parse::<i64>().ok())
        .and_then(|n| SaleId::parse(n).ok());
    let (Some(sale), Some(inline_id), Ok(sharer)) = (
        sale,
        chosen.inline_message_id.clone(),
        UserId::parse(chosen.from.id.0 as i64),
    ) else {
        return Ok(());
    };
    let locale = ctx
        .assistant
        .locale_for(sharer, chosen.from.language_code.as_deref())
        .await;
    let Ok(Some(card)) = ctx.assistant.post_card_in(sale, locale).await else {
        return Ok(());
    };
    let now = ctx.clock.now();
    let username = me.user.username.as_deref().unwrap_or_default();
    let row = InlineCardRow {
        inline_id,
        sale,
        locale: locale.code().to_owned(),
        sharer,
        link: sale_link(username, sale, Some(OrderSource::Share(sharer))),
        shown: card.digest(),
        next_edit_at: next_post_edit_at(now, card.phase),
    };
    if let Err(e) = ctx.assistant.store.add_inline_card(&row, now).await {
        tracing::warn!(sale = sale.get(), error = %e, "inline card not kept live");
    }
    Ok(())
}

/// The one result for a query no current sale matches: says so and opens the bot.
fn nothing_matches(
    ctx: &BotContext,
    locale: Locale,
    query: &str,
    username: &str,
) -> InlineQueryResult {
    let texts = ctx.assistant.texts();
    let query: String = query.trim().chars().take(40).collect();
    let title = texts.render(locale, &Msg::new("inline-none-title").arg("query", query));
    let text = texts.render(locale, &Msg::new("inline-none-text"));
    let mut article = InlineQueryResultArticle::new(
        "none",
        title,
        InputMessageContent::Text(InputMessageContentText::new(&text)),
    )
    .description(text);
    if let Ok(url) = format!("https://t.me/{username}").parse() {
        let label = texts.render(locale, &Msg::new("inline-open-bot"));
        article = article.reply_markup(InlineKeyboardMarkup::new([[InlineKeyboardButton::url(
            label, url,
        )]]));
    }
    InlineQueryResult::Article(article)
}

/// A press on a card sent inline: the action and its sharer, then the post press path.
pub(super) async fn on_inline_press(
    bot: Bot,
    me: &Me,
    q: &CallbackQuery,
    ctx: BotContext,
    door: &Doorman,
    user: UserId,
    opened: Opened<'_>,
) -> HandlerResult {
    let (payload, source) = split_source(opened.payload);
    // Someone pressing the card they shared themselves counts as direct.
    let source = source.filter(|s| *s != OrderSource::Share(user));
    let pressed = SharedPress {
        user,
        opened: Opened { payload, ..opened },
        source,
    };
    on_post_press(bot, me, q, ctx, door, pressed).await
}

/// `buy:5:1#s77` → (`buy:5:1`, the sharer 77); a payload without a source is itself.
fn split_source(payload: &str) -> (&str, Option<OrderSource>) {
    match payload.split_once(SOURCE_SEP) {
        Some((action, code)) => (action, OrderSource::parse(code)),
        None => (payload, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_inline_payload_carries_its_sharer() {
        let sharer = OrderSource::Share(UserId::parse(77).unwrap());
        assert_eq!(split_source("buy:5:1#s77"), ("buy:5:1", Some(sharer)));
        assert_eq!(split_source("buy:5:1"), ("buy:5:1", None));
        assert_eq!(split_source("rem:5#junk"), ("rem:5", None));
    }
}
