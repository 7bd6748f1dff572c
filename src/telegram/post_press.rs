//! A press on a sale post's button in a channel or group. The button is signed for the post
//! (its chat), not for one user, so anyone in the chat may press it; the press then goes
//! through the same path as a private one (the door's check, the router's pace, the buy
//! guard with its window and replay checks, the gate, the order writer) as the presser,
//! in their private conversation. Nothing about them is posted in the chat: the outcome is
//! the press's toast (an alert for a win), and the full answer goes to their private chat
//! when they have started the bot; when they have not, the toast opens the bot with a deep
//! link (their orders after a win, else the sale). The post itself is brought up to date by
//! the countdown worker.

use teloxide::prelude::*;
use teloxide::types::Me;

use super::callback::Opened;
use super::handlers::BotContext;
use super::reply_out::reply_keyboard;
use super::shed::Doorman;
use crate::app::{self, Action, Content, Inbound, Press, Pressed, Reply};
use crate::delivery::SendOutcome;
use crate::domain::{OrderSource, RequestId, UserId};
use crate::i18n::Msg;

type HandlerResult = Result<(), Box<dyn std::error::Error + Send + Sync>>;

/// The actions a post's buttons carry.
fn on_posts(action: Option<Action>) -> Option<Action> {
    match action? {
        a @ (Action::Buy(..) | Action::Remind(_) | Action::Waitlist(_)) => Some(a),
        _ => None,
    }
}

/// A press of a button anyone may press (a post's, an inline card's), already opened.
pub(super) struct SharedPress<'a> {
    pub user: UserId,
    pub opened: Opened<'a>,
    /// Where the presser came from, when the button says so (an inline card's sharer);
    /// `None` on a post looks the post up.
    pub source: Option<OrderSource>,
}

/// Handles a press of a post's or an inline card's button.
pub(super) async fn on_post_press(
    bot: Bot,
    me: &Me,
    q: &CallbackQuery,
    ctx: BotContext,
    door: &Doorman,
    pressed: SharedPress<'_>,
) -> HandlerResult {
    let SharedPress {
        user,
        opened,
        source,
    } = pressed;
    let texts = ctx.assistant.texts();
    let locale = ctx
        .assistant
        .locale_for(user, q.from.language_code.as_deref())
        .await;
    let action = on_posts(Action::parse(opened.payload));
    if !door.admits_press(user, action) {
        return Ok(());
    }
    let (Some(action), Ok(request)) = (action, RequestId::parse(&format!("cb{}", q.id.0))) else {
        crate::metrics::button_refused("malformed");
        bot.answer_callback_query(q.id.clone())
            .text(texts.render(locale, &Msg::new("tg-button-invalid")))
            .await?;
        return Ok(());
    };
    // A Buy from a post counts for that post in `/stats` (a store read for Buy presses only).
    let source = match (source, action, q.regular_message()) {
        (Some(source), ..) => Some(source),
        (None, Action::Buy(..), Some(msg)) => {
            post_source(&ctx, msg.chat.id.0, msg.id.0.into()).await
        }
        _ => None,
    };
    let press = Press {
        minted_at: chrono::DateTime::from_timestamp(opened.minted_at, 0).unwrap_or_default(),
        // One post button is pressed by many people: its token is theirs per presser, so a
        // second press of it by the same person is a replay and anyone else's is not.
        token: opened.token.map(|t| format!("{t}.{}", user.get())),
        on_card: false,
        source,
        // A post is written in its chat's language, not necessarily the presser's.
        shown_in: None,
    };
    let inbound = Inbound {
        chat: app::ChatId(user.get()),
        user,
        language_code: q.from.language_code.clone(),
        content: Content::Press(action),
        request: request.clone(),
    };
    let Pressed {
        replies, silent, ..
    } = ctx.assistant.handle_press(inbound, press).await;
    if silent {
        crate::metrics::update_shed();
        return Ok(());
    }
    let won = match action {
        Action::Buy(..) => matches!(
            ctx.assistant.store.order_by_request(&request).await,
            Ok(Some(order)) if order.buyer == user
        ),
        _ => false,
    };
    tracing::info!(
        user = user.get(),
        sale = action.sale().map(|s| s.get()),
        won,
        "post button pressed"
    );
    // The full answer goes to the presser's private chat, never to the post's chat.
    let reached = match replies.iter().all(|r| r.brief) {
        true => true,
        false => send_privately(&bot, &ctx, user, &replies).await,
    };
    let first = replies
        .first()
        .and_then(|r| r.text.lines().next())
        .unwrap_or_default()
        .to_owned();
    let mut answer = bot.answer_callback_query(q.id.clone()).show_alert(won);
    if reached {
        answer = answer.text(first.chars().take(190).collect::<String>());
    } else {
        // They never started the bot: the toast says so and opens it on what they need.
        let more = texts.render(locale, &Msg::new("post-open-bot"));
        let toast: String = format!("{first}\n{more}").chars().take(190).collect();
        let start = match (won, action.sale()) {
            (true, _) | (false, None) => "orders".to_owned(),
            (false, Some(sale)) => match source {
                // Their later buy from the card the link opens still counts for the post.
                Some(source) => format!("sale_{sale}_{}", source.code()),
                None => format!("sale_{sale}"),
            },
        };
        let username = me.user.username.as_deref().unwrap_or_default();
        match format!("https://t.me/{username}?start={start}").parse() {
            Ok(url) => answer = answer.text(toast).url(url),
            Err(_) => answer = answer.text(toast),
        }
    }
    answer.await?;
    Ok(())
}

/// The post that message `message_id` in `chat` is, as a buyer's source.
async fn post_source(ctx: &BotContext, chat: i64, message_id: i64) -> Option<OrderSource> {
    match ctx.assistant.store.post_at(chat, message_id).await {
        Ok(post) => post.map(OrderSource::Post),
        Err(e) => {
            tracing::warn!(chat, error = %e, "post of a press not looked up; counted as direct");
            None
        }
    }
}

/// Sends `replies` to `user`'s private chat; `false` when they cannot be written to (they
/// never started the bot, or blocked it).
async fn send_privately(bot: &Bot, ctx: &BotContext, user: UserId, replies: &[Reply]) -> bool {
    let chat = ChatId(user.get());
    let now = ctx.clock.now().timestamp();
    for reply in replies {
        let mut req = bot.send_message(chat, &reply.text);
        if let Some(kb) = reply_keyboard(&ctx.signer, chat.0, user, reply, now) {
            req = req.reply_markup(kb);
        }
        if let Err(e) = req.await {
            let outcome = super::sender::classify(&e);
            tracing::info!(
                user = user.get(),
                outcome = outcome.name(),
                "post answer not sent privately"
            );
            return !matches!(outcome, SendOutcome::Blocked | SendOutcome::Permanent(_));
        }
        if let Some(invoice) = &reply.invoice
            && let Err(e) = super::payments::send_invoice(bot, chat, invoice).await
        {
            tracing::warn!(user = user.get(), error = %e, "invoice after a post press not sent");
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::SaleId;

    #[test]
    fn only_sale_buttons_act_from_a_post() {
        let sale = SaleId::parse(3).unwrap();
        assert_eq!(
            on_posts(Some(Action::Buy(sale, 1))),
            Some(Action::Buy(sale, 1))
        );
        assert_eq!(
            on_posts(Some(Action::Remind(sale))),
            Some(Action::Remind(sale))
        );
        assert_eq!(on_posts(Some(Action::Orders)), None);
        assert_eq!(on_posts(Some(Action::CancelSale(sale))), None);
        assert_eq!(on_posts(None), None);
    }
}
