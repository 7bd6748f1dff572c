//! The update routing tree: messages and button presses become assistant calls; replies go
//! back with signed buttons. Every callback query is answered, whatever happens.

use std::ops::ControlFlow;
use std::sync::Arc;

use teloxide::dispatching::UpdateHandler;
use teloxide::dptree::Cont;
use teloxide::dptree::di::DependencyMap;
use teloxide::prelude::*;
use teloxide::types::{ChatKind, InputFile, Me, UpdateKind};

use super::callback::{ButtonError, ButtonSigner};
use super::commands::interpret;
use super::countdown;
use super::payments;
use super::press_answers::OpenPresses;
use super::reply_out::{BotCardEditor, CardEditor, is_card, reply_keyboard};
use super::shed::Doorman;
use crate::app::{self, Action, Assistant, Content, Inbound, Press, Pressed, Reply};
use crate::clock::Clock;
use crate::delivery::SendOutcome;
use crate::domain::{OrderSource, RequestId, UserId};
use crate::i18n::{Locale, Msg};

/// What every handler needs, shared.
#[derive(Clone)]
pub struct BotContext {
    pub assistant: Arc<Assistant>,
    pub signer: Arc<ButtonSigner>,
    pub clock: Arc<dyn Clock>,
    /// Telegram's pace inside groups (20 messages a minute, one shared `/sales` list).
    pub group_pace: Arc<super::group_pace::GroupPace>,
}

type HandlerError = Box<dyn std::error::Error + Send + Sync>;
type HandlerResult = Result<(), HandlerError>;

/// The whole routing tree (testable without a running dispatcher); needs a [`BotContext`],
/// the payments, an `Arc<Doorman>` and an `Arc<OpenPresses>` among its dependencies.
pub fn schema() -> UpdateHandler<HandlerError> {
    dptree::entry()
        // Presses first: a stampede is thousands of them a second.
        .branch(presses())
        // A message queued before its user was refused is dropped here as at the door (a
        // press is, in `on_callback`, once its button is opened).
        .branch(
            dptree::filter(|u: Update, door: Arc<Doorman>| {
                !matches!(u.kind, UpdateKind::CallbackQuery(_)) && !door.admits(&u)
            })
            .endpoint(|| async { Ok(()) }),
        )
        .branch(Update::filter_pre_checkout_query().endpoint(payments::on_pre_checkout))
        .branch(
            Update::filter_message()
                .filter(payments::is_successful_payment)
                .endpoint(payments::on_successful_payment),
        )
        .branch(Update::filter_my_chat_member().endpoint(super::chat_member::on_my_chat_member))
        .branch(Update::filter_message().endpoint(on_message))
        .branch(Update::filter_inline_query().endpoint(super::inline::on_inline_query))
        .branch(
            Update::filter_chosen_inline_result().endpoint(super::inline::on_chosen_inline_result),
        )
}

fn locale_of(user: &teloxide::types::User) -> Locale {
    Locale::from_code(user.language_code.as_deref())
}

async fn on_message(
    bot: Bot,
    me: Me,
    update: Update,
    msg: Message,
    ctx: BotContext,
) -> HandlerResult {
    metrics::counter!("flashsale_updates_total", "kind" => "message").increment(1);
    let Some(from) = msg.from.as_ref() else {
        return Ok(()); // channel posts have no sender
    };
    if from.is_bot {
        tracing::debug!(update = update.id.0, "ignored a message from a bot");
        return Ok(());
    }
    let private = matches!(msg.chat.kind, ChatKind::Private(_));
    if private && super::chat_member::forwarded_channel(&bot, &msg, from, &ctx).await? {
        return Ok(());
    }
    let Some(text) = msg.text() else {
        if private {
            let t = ctx
                .assistant
                .texts()
                .render(locale_of(from), &Msg::new("tg-text-only"));
            bot.send_message(msg.chat.id, t).await?;
        }
        return Ok(());
    };
    // In groups the bot answers only commands; everything else is conversation between people.
    if !private && !text.starts_with('/') {
        return Ok(());
    }
    // The username was checked at start-up; an empty one matches no `/cmd@bot` suffix.
    let bot_name = me.user.username.as_deref().unwrap_or_default();
    let Some(content) = interpret(text, bot_name) else {
        return Ok(());
    };
    if !private {
        // Within Telegram's pace for this group, or shed here, inside the group.
        let list = matches!(&content, Content::Button(p) if *p == app::Action::List.payload());
        if !ctx.group_pace.admit(msg.chat.id.0, list) {
            metrics::counter!("flashsale_group_commands_shed_total").increment(1);
            tracing::debug!(chat = msg.chat.id.0, "group command shed (group pace)");
            return Ok(());
        }
    }
    let (Ok(user), Ok(request)) = (
        UserId::parse(from.id.0 as i64),
        RequestId::parse(&format!("u{}", update.id.0)),
    ) else {
        tracing::warn!(
            update = update.id.0,
            "message with an unusable sender id ignored"
        );
        return Ok(());
    };
    // Every message says which username its sender has now, none included.
    ctx.assistant
        .note_username(user, from.username.as_deref())
        .await;
    if private {
        note_referral(&ctx, user, text).await;
    }
    let inbound = Inbound {
        chat: app::ChatId(msg.chat.id.0),
        user,
        language_code: from.language_code.clone(),
        content,
        request: request.clone(),
    };
    let replies = ctx.assistant.handle(inbound).await;
    let locale = reply_locale(&ctx, user, from).await;
    send_or_queue(&bot, msg.chat.id, user, locale, &replies, &ctx, &request).await
}

/// Remembers where a `/start sale_42_p7` (or `_s123`) link came from, so the buyer's order
/// for the sale counts for that post or sharer; sharing with oneself counts as direct.
async fn note_referral(ctx: &BotContext, user: UserId, text: &str) {
    let Some((sale, source)) = super::commands::deep_link_source(text) else {
        return;
    };
    if source == OrderSource::Share(user) {
        return;
    }
    let now = ctx.clock.now();
    if let Err(e) = ctx
        .assistant
        .store
        .note_referral(user, sale, source, now)
        .await
    {
        tracing::warn!(user = user.get(), sale = sale.get(), error = %e, "referral not noted");
    }
}

/// The language replies were rendered in (the stored choice, else Telegram's code); cards
/// tracked for countdowns keep editing in it.
async fn reply_locale(ctx: &BotContext, user: UserId, from: &teloxide::types::User) -> Locale {
    ctx.assistant
        .locale_for(user, from.language_code.as_deref())
        .await
}

/// The branch of button presses. It reads the press in place from the update the
/// dispatcher holds: a filter and an endpoint taking it as an argument (`filter_callback_query`,
/// `endpoint(on_press)`) would each copy the whole update, pressed message and keyboard
/// included, and every branch tried before this one would copy it again to test it.
fn presses() -> UpdateHandler<HandlerError> {
    // Only the shape is borrowed from these two: the kind of updates the branch takes
    // (polling asks Telegram for those) and the dependencies it reads.
    let kind: UpdateHandler<HandlerError> = Update::filter_callback_query();
    let needs: UpdateHandler<HandlerError> = dptree::filter(
        |_: Update, _: Bot, _: Me, _: BotContext, _: Arc<Doorman>, _: Arc<OpenPresses>| true,
    );
    dptree::from_fn_with_description(
        kind.description().clone(),
        |deps: DependencyMap, _: Cont<'static, Result<(), HandlerError>>| async move {
            let update = deps.get::<Update>();
            let UpdateKind::CallbackQuery(q) = &update.kind else {
                return ControlFlow::Continue(deps);
            };
            let me = deps.get::<Me>();
            let pressed = on_press(
                deps.get::<Bot>().as_ref().clone(),
                &me,
                q,
                deps.get::<BotContext>().as_ref().clone(),
                deps.get::<Arc<Doorman>>().as_ref().clone(),
                deps.get::<Arc<OpenPresses>>().as_ref().clone(),
            );
            ControlFlow::Break(Box::pin(pressed).await)
        },
        needs.sig().clone(),
    )
}

/// A button press; then its webhook request, if one still waits, stops waiting (answered
/// in its response, or by a call, or not at all).
async fn on_press(
    bot: Bot,
    me: &Me,
    q: &CallbackQuery,
    ctx: BotContext,
    door: Arc<Doorman>,
    presses: Arc<OpenPresses>,
) -> HandlerResult {
    let handled = on_callback(bot, me, q, ctx, door, &presses).await;
    presses.close(&q.id.0);
    handled
}

async fn on_callback(
    bot: Bot,
    me: &Me,
    q: &CallbackQuery,
    ctx: BotContext,
    door: Arc<Doorman>,
    presses: &OpenPresses,
) -> HandlerResult {
    metrics::counter!("flashsale_updates_total", "kind" => "callback").increment(1);
    let locale = locale_of(&q.from);
    let texts = ctx.assistant.texts();
    let Ok(user) = UserId::parse(q.from.id.0 as i64) else {
        presses.answer(&bot, &q.id, None).await?;
        return Ok(());
    };
    let now = ctx.clock.now().timestamp();
    // A sale post's button in a channel or group is signed for the post, not the presser.
    let post_chat = q.message.as_ref().map(|m| m.chat().id.0).filter(|c| *c < 0);
    if let (Some(chat), Some(data)) = (post_chat, q.data.as_deref())
        && let Ok(opened) = ctx.signer.open_for_post(chat, data, now)
    {
        let pressed = super::post_press::SharedPress {
            user,
            opened,
            source: None,
        };
        return Box::pin(super::post_press::on_post_press(
            bot, me, q, ctx, &door, pressed,
        ))
        .await;
    }
    // A card sent inline (`@bot airpods`) has no message here, only its inline id.
    if q.message.is_none()
        && q.inline_message_id.is_some()
        && let Some(data) = q.data.as_deref()
        && let Ok(opened) = ctx.signer.open_inline(data, now)
    {
        return Box::pin(super::inline::on_inline_press(
            bot, me, q, ctx, &door, user, opened,
        ))
        .await;
    }
    // The one place a press's button is opened, verified and parsed.
    let opened = q.data.as_deref().map(|d| ctx.signer.open(user, d, now));
    let action = match &opened {
        Some(Ok(o)) => Action::parse(o.payload),
        _ => None,
    };
    // A press queued before its user was refused is dropped here as at the door.
    if !door.admits_press(user, action) {
        return Ok(());
    }
    let opened = match opened {
        Some(Ok(o)) => o,
        refused => {
            let (key, reason) = refusal(q, user, refused.map(|r| r.map(|_| ())));
            crate::metrics::button_refused(reason);
            tracing::warn!(user = user.get(), reason, "button press refused");
            presses
                .answer(&bot, &q.id, Some(texts.render(locale, &Msg::new(key))))
                .await?;
            return Ok(());
        }
    };
    let pressed = q.regular_message();
    let press = Press {
        minted_at: chrono::DateTime::from_timestamp(opened.minted_at, 0).unwrap_or_default(),
        token: opened.token.map(str::to_owned),
        on_card: pressed.and_then(|m| m.reply_markup()).is_some_and(is_card),
        source: None,
        shown_in: opened.lang.map(|l| Locale::from_code(Some(l))),
    };
    let Ok(request) = RequestId::parse(&format!("cb{}", q.id.0)) else {
        presses.answer(&bot, &q.id, None).await?;
        return Ok(());
    };
    let chat = q
        .message
        .as_ref()
        .map(|m| m.chat().id)
        .unwrap_or(ChatId(q.from.id.0 as i64));
    let content = match action {
        Some(action) => Content::Press(action),
        // Not an action this version wrote: the assistant answers it as stale.
        None => Content::Button(opened.payload.to_owned()),
    };
    let inbound = Inbound {
        chat: app::ChatId(chat.0),
        user,
        language_code: q.from.language_code.clone(),
        content,
        request: request.clone(),
    };
    // The app's futures are boxed here and in the rare branches above, so the future each
    // press allocates is ~2 KB instead of ~14 KB moved several times (measured).
    let Pressed {
        replies,
        silent,
        card,
        locale,
    } = Box::pin(ctx.assistant.handle_press(inbound, press)).await;
    if silent {
        // Refused again within the notice period: silence, as at the door.
        crate::metrics::update_shed();
        return Ok(());
    }
    if !replies.is_empty() && replies.iter().all(|r| r.brief) {
        // A short notice (e.g. "slow down", "sold out"): the toast says it all; no message.
        presses
            .answer(&bot, &q.id, Some(toast_of(&replies)))
            .await?;
        // A card that completes it (sold out: the waitlist) is edited only when what it
        // shows changed, not once per loser.
        if let (Some(card), Some(msg)) = (card, pressed)
            && msg.text() != Some(card.text.as_str())
        {
            show_card_in(&bot, &ctx, chat, msg.id.0.into(), user, locale, &card).await;
        }
        return Ok(());
    }
    if let (Some(Action::Refresh(_)), Some(msg), Some(card)) = (action, pressed, replies.first()) {
        // Refresh edits the card in place; the toast just says so.
        presses
            .answer(
                &bot,
                &q.id,
                Some(texts.render(locale, &Msg::new("tg-card-refreshed"))),
            )
            .await?;
        show_card_in(&bot, &ctx, chat, msg.id.0.into(), user, locale, card).await;
        return Ok(());
    }
    // The toast comes first (Telegram wants an answer within seconds), then the messages.
    // A failed toast must not swallow the message: it carries the same news, durably.
    if let Err(e) = presses.answer(&bot, &q.id, Some(toast_of(&replies))).await {
        tracing::warn!(user = user.get(), error = %e, "callback answer failed");
    }
    send_or_queue(&bot, chat, user, locale, &replies, &ctx, &request).await?;
    // A press on a card (Buy, Remind) leaves the card showing what is true now.
    if let (Some(card), Some(msg)) = (card, pressed) {
        show_card_in(&bot, &ctx, chat, msg.id.0.into(), user, locale, &card).await;
    }
    Ok(())
}

/// A press's toast: the first line of the first reply, within Telegram's 200 characters.
fn toast_of(replies: &[Reply]) -> String {
    replies
        .first()
        .and_then(|r| r.text.lines().next())
        .unwrap_or_default()
        .chars()
        .take(190)
        .collect()
}

/// The toast key and the counted reason for a refused button. A bad signature on a message
/// in another chat than the presser's own (a group) is someone else's button; in their own
/// private chat every button was signed for them, so it is forged.
fn refusal(
    q: &CallbackQuery,
    user: UserId,
    refused: Option<Result<(), ButtonError>>,
) -> (&'static str, &'static str) {
    match refused {
        Some(Err(ButtonError::Expired)) => ("tg-button-expired", "expired"),
        Some(Err(ButtonError::BadSignature))
            if q.message
                .as_ref()
                .is_some_and(|m| m.chat().id.0 != user.get()) =>
        {
            ("tg-button-not-yours", "foreign")
        }
        Some(Err(e)) => ("tg-button-invalid", e.reason()),
        _ => ("tg-button-invalid", "malformed"),
    }
}

/// Puts `card` into the message the user pressed (a reply to their own press: not paced)
/// and keeps it counting down if the sale is still upcoming.
async fn show_card_in(
    bot: &Bot,
    ctx: &BotContext,
    chat: ChatId,
    message_id: i64,
    user: UserId,
    locale: Locale,
    card: &Reply,
) {
    // Boxed: a press's handler future stays small for the presses that never edit a card.
    Box::pin(async move {
        let editor = BotCardEditor::new(bot.clone(), ctx.signer.clone(), ctx.clock.clone());
        match editor.edit(chat.0, message_id, user, card).await {
            SendOutcome::Sent => {}
            other => {
                tracing::debug!(chat = chat.0, outcome = ?other, "card not edited");
                return;
            }
        }
        keep_counting(ctx, chat, message_id, user, locale, card).await;
    })
    .await
}

/// Tracks a card shown in `chat` for live countdown edits, when it counts down.
async fn keep_counting(
    ctx: &BotContext,
    chat: ChatId,
    message_id: i64,
    user: UserId,
    locale: Locale,
    reply: &Reply,
) {
    // A live or ended card has nothing to count down to: nothing to track.
    let Some(card) = reply.card.filter(|c| c.counts_down_to.is_some()) else {
        return;
    };
    let now = ctx.clock.now();
    if let Err(e) = countdown::track(
        &ctx.assistant.store,
        chat.0,
        message_id,
        user,
        locale,
        card,
        now,
    )
    .await
    {
        tracing::warn!(sale = card.sale.get(), error = %e, "countdown not tracked");
    }
}

/// Sends `replies`; those the Bot API refuses go to the outbox instead (`reply_later`).
async fn send_or_queue(
    bot: &Bot,
    chat: ChatId,
    user: UserId,
    locale: Locale,
    replies: &[Reply],
    ctx: &BotContext,
    request: &RequestId,
) -> HandlerResult {
    // Boxed: a press's handler future stays small for the presses that send no message.
    Box::pin(async move {
        let mut sent = 0;
        let result = send_replies(bot, chat, user, locale, replies, ctx, &mut sent).await;
        if result.is_err() {
            let store = &ctx.assistant.store;
            let now = ctx.clock.now();
            let unsent = replies.get(sent..).unwrap_or_default();
            super::reply_later::queue_unsent(store, chat.0, request, sent, unsent, now).await;
        }
        result
    })
    .await
}

async fn send_replies(
    bot: &Bot,
    chat: ChatId,
    user: UserId,
    locale: Locale,
    replies: &[Reply],
    ctx: &BotContext,
    delivered: &mut usize,
) -> HandlerResult {
    let now = ctx.clock.now().timestamp();
    for reply in replies {
        let mut req = bot.send_message(chat, &reply.text);
        if let Some(kb) = reply_keyboard(&ctx.signer, chat.0, user, reply, now) {
            req = req.reply_markup(kb);
        }
        let sent = req.await?;
        *delivered += 1;
        keep_counting(ctx, chat, sent.id.0.into(), user, locale, reply).await;
        if let Some(invoice) = &reply.invoice {
            payments::send_invoice(bot, chat, invoice).await?;
        }
        if let Some(doc) = &reply.document {
            let file = InputFile::memory(doc.bytes.clone()).file_name(doc.file_name.clone());
            // Charts show inline as photos; other files (CSV) go as documents.
            if doc.file_name.ends_with(".png") {
                bot.send_photo(chat, file).await?;
            } else {
                bot.send_document(chat, file).await?;
            }
        }
    }
    Ok(())
}
