//! The assistant: the one entry point transports call with a customer's message or button,
//! a router over the feature services (browse, buy, customer, merchant) that own their state.

use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::app::browse::Browse;
use crate::app::browse::present::SaleView;
use crate::app::buy::Buy;
use crate::app::buy::window::Press;
use crate::app::customer::Customer;
use crate::app::customer::payments::Payments;
use crate::app::failure::Failure;
use crate::app::inbound::{ChatId, Content, Inbound, Pressed, Reply};
use crate::app::jobs::alerts::Alerts;
use crate::app::merchant::Merchant;
use crate::app::storefront::Storefront;
use crate::app::turn::action::Action;
use crate::app::turn::answer::Answer;
use crate::app::turn::context::ContextStore;
use crate::app::turn::text::{clean, customer_command, lang_command};
use crate::app::turn::users::Users;
use crate::clock::Clock;
use crate::config::BroadcastConfig;
use crate::domain::{RequestId, SaleId, UserId};
use crate::i18n::{Locale, Msg, Texts};
use crate::limits::{Limits, Verdict};
use crate::store::Announcement;
use crate::store::{Role, Store, StoreError};

/// Longest message read; longer ones get a short "please say it shorter".
const MAX_CHARS: usize = 500;

/// Everything one turn of the conversation knows about who is asking and when.
pub(crate) struct Turn {
    pub chat: ChatId,
    pub user: UserId,
    pub request: RequestId,
    pub now: DateTime<Utc>,
    /// The customer's language when the turn began (for messages sent later, e.g. reminders).
    pub locale: Locale,
    /// The signed button pressed, when the transport signs its buttons.
    pub press: Option<Press>,
}

/// Understands customers and answers them; transports only carry text and buttons. Built
/// by [`Services`](crate::app::Services), it routes each turn to the service that owns it.
pub struct Assistant {
    pub(crate) store: Store,
    pub(in crate::app) clock: Arc<dyn Clock>,
    pub(in crate::app) texts: Arc<Texts>,
    pub(in crate::app) limits: Arc<Limits>,
    /// What each conversation was just shown (outside the process).
    pub(in crate::app) contexts: Arc<dyn ContextStore>,
    /// Anomaly alerts for the admins.
    pub(in crate::app) alerts: Arc<Alerts>,
    pub(in crate::app) users: Arc<Users>,
    pub(in crate::app) browse: Arc<Browse>,
    pub(in crate::app) buy: Arc<Buy>,
    pub(in crate::app) customer: Arc<Customer>,
    pub(in crate::app) merchant: Merchant,
    /// The Mini App's use cases, over the same services.
    pub(in crate::app) storefront: Arc<Storefront>,
}

impl Assistant {
    /// What cancels sales and settles payments.
    pub fn payments(&self) -> &Arc<Payments> {
        self.merchant.payments()
    }

    /// The bulk-sending rates announcement estimates are made with.
    pub fn use_broadcast(&self, rates: BroadcastConfig) {
        self.merchant.use_broadcast(rates);
    }

    /// The language of sale posts in a channel or group that sets none (`DEFAULT_LANG`).
    pub fn use_default_lang(&self, locale: Locale) {
        self.merchant.set_post_locale(locale);
    }

    /// Links channels and groups and posts sales in them through `port` (the transport's).
    pub fn use_chats(&self, port: Arc<dyn crate::app::merchant::channels::ChatPort>) {
        self.merchant.set_chats(port);
    }

    /// The Mini App's use cases (sales, buy, orders), over the services the chat uses.
    pub(crate) fn storefront(&self) -> &Arc<Storefront> {
        &self.storefront
    }

    /// The rate limits (transports run their housekeeping).
    pub fn limits(&self) -> &Arc<Limits> {
        &self.limits
    }

    /// The rendered texts (transports render their own chrome with them).
    pub fn texts(&self) -> &Texts {
        &self.texts
    }

    /// The anomaly alerts (transports report what they see, e.g. Telegram's 429s).
    pub fn alerts(&self) -> &Arc<Alerts> {
        &self.alerts
    }

    /// Lets `user` act as `role` in this process: for the terminal chat only, where one
    /// trusted person sits at the keyboard.
    pub fn set_session_role(&self, user: UserId, role: Role) {
        self.merchant.set_session_role(user, role);
    }

    /// Records the username `user` was seen with (`None`: they have none now) for
    /// `/grant @name`.
    pub async fn note_username(&self, user: UserId, username: Option<&str>) {
        self.users.note_username(user, username).await;
    }

    /// Queues an announcement that started; returns how many messages were queued.
    pub async fn queue_announcement(&self, a: &Announcement) -> Result<u64, StoreError> {
        self.merchant.queue_announcement(a).await
    }

    /// The card of `sale` as it is now for `user` (its Buy buttons within what they may still
    /// buy), in their chosen language (else the transport's `language_code`); `Ok(None)` once
    /// the sale no longer exists.
    pub async fn card(
        &self,
        sale: SaleId,
        user: UserId,
        language_code: Option<&str>,
    ) -> Result<Option<Reply>, StoreError> {
        let locale = self.locale_for(user, language_code).await;
        self.browse.card_for(sale, user, locale).await
    }

    /// The card of `sale` as it is now, in `locale`.
    pub async fn card_in(&self, sale: SaleId, locale: Locale) -> Result<Option<Reply>, StoreError> {
        self.browse.card_in(sale, locale).await
    }

    /// The post of `sale` as it is now, in `locale` (for live posts in channels and groups).
    pub async fn post_card_in(
        &self,
        sale: SaleId,
        locale: Locale,
    ) -> Result<Option<crate::app::browse::post_card::PostCard>, StoreError> {
        self.browse.post_card_in(sale, locale).await
    }

    /// The current sales matching an inline query, as cards in `locale` (at most
    /// [`MAX_INLINE_RESULTS`](crate::app::browse::inline::MAX_INLINE_RESULTS)); empty
    /// when none matches or the sales cannot be read (logged).
    pub async fn inline_cards(
        &self,
        query: &str,
        locale: Locale,
    ) -> Vec<crate::app::browse::inline::InlineCard> {
        match self.browse.inline_cards(query, locale).await {
            Ok(cards) => cards,
            Err(failure) => {
                failure.log();
                Vec::new()
            }
        }
    }

    /// The bot's standing in a channel or group became `bot`, changed by `by`: the chat is
    /// linked or unlinked as that allows. Returns the private notices to send (user, reply).
    pub async fn bot_standing_changed(
        &self,
        chat: crate::app::merchant::channels::ChatFacts,
        by: UserId,
        bot: crate::app::merchant::channels::Standing,
    ) -> Vec<(UserId, Reply)> {
        let now = self.clock.now();
        let chat_id = chat.id;
        let notices = match self.merchant.bot_standing_changed(chat, by, bot, now).await {
            Ok(n) => n,
            Err(failure) => {
                failure.log();
                let key = Msg::new("channel-check-failed");
                vec![(by, Answer::new(key))]
            }
        };
        let mut out = Vec::with_capacity(notices.len());
        for (user, answer) in notices {
            let locale = self.users.locale_of(user, None, None, now).await;
            tracing::debug!(chat = chat_id, user = user.get(), "chat link notice");
            out.push((user, answer.render(&self.texts, locale)));
        }
        out
    }

    /// A post `user` forwarded from the channel `chat`: linked when they are a merchant (the
    /// replies to send them); `None` when the forward is an ordinary message.
    pub async fn forwarded_from(
        &self,
        chat: crate::app::merchant::channels::ChatFacts,
        user: UserId,
        language_code: Option<&str>,
    ) -> Option<Vec<Reply>> {
        let now = self.clock.now();
        let result = self.merchant.forwarded_from(chat, user, now).await?;
        let locale = self.locale_for(user, language_code).await;
        let answer = match result {
            Ok(answer) => answer,
            Err(failure) => {
                failure.log();
                Answer::new(Msg::new("channel-check-failed"))
            }
        };
        Some(vec![answer.render(&self.texts, locale)])
    }

    /// The language a user is answered in: their stored choice, else the transport's code.
    pub async fn locale_for(&self, user: UserId, code: Option<&str>) -> Locale {
        self.users
            .locale_of(user, code, None, self.clock.now())
            .await
    }

    /// Answers one message or button press, in the customer's language.
    pub async fn handle(&self, inbound: Inbound) -> Vec<Reply> {
        self.handle_with(inbound, None).await.0
    }

    /// Answers a press of a signed button: like [`Assistant::handle`], and a Buy button's
    /// mint time and token are checked against the sale's start and earlier uses. The
    /// answer says whether to stay silent and brings the pressed card as it is now.
    pub async fn handle_press(&self, inbound: Inbound, press: Press) -> Pressed {
        let sale = match &inbound.content {
            // Refresh answers with the card itself.
            Content::Press(Action::Refresh(_)) => None,
            Content::Press(action) => action.sale(),
            Content::Text(_) | Content::Button(_) => None,
        };
        let on_card = press.on_card;
        let user = inbound.user;
        let (replies, silent, locale, refresh, drawn) =
            self.handle_with(inbound, Some(press)).await;
        // A short notice is a toast alone, and leaves the card as it is, unless the card
        // completes it (sold out: the card then offers the waitlist).
        let toast_only = !replies.is_empty() && replies.iter().all(|r| r.brief);
        let card = match sale {
            // A won press drew it from the gate's answer.
            Some(_) if on_card && !silent && drawn.is_some() => drawn,
            Some(sale) if on_card && !silent && (!toast_only || refresh) => {
                // For the presser: Buy only within what they may still buy.
                match self.browse.card_for(sale, user, locale).await {
                    Ok(card) => card,
                    Err(e) => {
                        tracing::warn!(sale = sale.get(), error = %e, "card not refreshed");
                        None
                    }
                }
            }
            _ => None,
        };
        Pressed {
            replies,
            silent,
            card,
            locale,
        }
    }

    /// The rendered replies, whether the turn was silenced (the user was told lately), the
    /// language the turn began in, whether a pressed card is to be brought up to date even
    /// with a toast alone, and the pressed card when an answer drew it (a won Buy press).
    async fn handle_with(
        &self,
        inbound: Inbound,
        press: Option<Press>,
    ) -> (Vec<Reply>, bool, Locale, bool, Option<Reply>) {
        let now = self.clock.now();
        // A merchant's answers in a `/newsale` dialogue are data ("明天晚上8点", "airpods,
        // 耳机"), not the language they want to be answered in.
        let written = match &inbound.content {
            Content::Text(text) if !self.merchant.in_dialogue(inbound.user).await => {
                crate::app::turn::language::written_in(text)
            }
            Content::Text(_) | Content::Button(_) | Content::Press(_) => None,
        };
        let code = inbound.language_code.as_deref();
        let mut locale = match press.as_ref().and_then(|p| p.shown_in) {
            Some(shown) => self.users.locale_at_once(inbound.user, code, shown, now),
            None => self.users.locale_of(inbound.user, code, written, now).await,
        };
        let turn = Turn {
            chat: inbound.chat,
            user: inbound.user,
            request: inbound.request,
            now,
            locale,
            press,
        };
        // The message pace, counted once per message or press (buys have their own pace
        // in the buy guard); the transport's door only reads who is hushed.
        let answers = match self.limits.message(inbound.user).await {
            Verdict::Go => self.answer(&turn, &inbound.content, &mut locale).await,
            Verdict::SlowDown { secs, tell: true } | Verdict::Busy { secs } => {
                tracing::info!(user = inbound.user.get(), secs, "messages rate-limited");
                vec![Answer::new(Msg::new("limit-slow-down").arg("secs", secs)).brief()]
            }
            Verdict::SlowDown { tell: false, .. } => {
                self.alerts.note_silenced(inbound.user, now).await;
                vec![Answer::hushed()]
            }
        };
        let replies: Vec<Reply> = answers
            .iter()
            .filter(|a| !a.is_silent())
            .map(|a| a.render(&self.texts, locale))
            .collect();
        let silent = replies.is_empty() && answers.iter().any(Answer::is_hushed);
        let refresh = answers.iter().any(Answer::refreshes_card);
        let drawn = answers
            .iter()
            .find_map(Answer::pressed_card)
            .map(|card| card.render(&self.texts, turn.locale));
        (replies, silent, turn.locale, refresh, drawn)
    }

    /// The answers to one message or button that the limits let through.
    async fn answer(&self, turn: &Turn, content: &Content, locale: &mut Locale) -> Vec<Answer> {
        match content {
            Content::Text(text) => match lang_command(text) {
                Some(choice) => {
                    let (answer, chosen) = self.users.set_language(turn, choice).await;
                    *locale = chosen.unwrap_or(*locale);
                    vec![answer]
                }
                None => self.on_text(turn, text).await,
            },
            Content::Button(payload) => match Action::parse(payload) {
                Some(action) => self.pressed(turn, action, locale).await,
                None => {
                    crate::metrics::button_refused("unknown");
                    vec![Answer::new(Msg::new("button-stale")).with_way_out()]
                }
            },
            Content::Press(action) => self.pressed(turn, *action, locale).await,
        }
    }

    /// The answers to a pressed button's action.
    async fn pressed(&self, turn: &Turn, action: Action, locale: &mut Locale) -> Vec<Answer> {
        match action {
            // A confirm's answer comes in the language the confirm was asked in.
            Action::Yes => {
                let (answer, asked_in) = self.yes_pressed(turn).await;
                *locale = asked_in.unwrap_or(*locale);
                vec![answer]
            }
            Action::Cancel => {
                let (answer, asked_in) = self.no_pressed(turn).await;
                *locale = asked_in.unwrap_or(*locale);
                vec![answer]
            }
            action => self.on_action(turn, action).await,
        }
    }

    async fn on_text(&self, turn: &Turn, raw: &str) -> Vec<Answer> {
        if let Some(result) = self.merchant.dialogue_turn(turn, raw).await {
            return vec![self.settle(turn, result).await];
        }
        let text = clean(raw);
        if text.is_empty() {
            return vec![Answer::new(Msg::new("input-empty")).with_way_out()];
        }
        if text.chars().count() > MAX_CHARS {
            return vec![Answer::new(
                Msg::new("input-too-long").arg("max", MAX_CHARS as i64),
            )];
        }
        if let Some(result) = self.customer.typed_claim(turn, &text).await {
            return vec![self.settle(turn, result).await];
        }
        if let Some(command) = text.strip_prefix('/') {
            let mut words = command.split_whitespace();
            let name = words.next().unwrap_or_default();
            let name = name.split('@').next().unwrap_or_default().to_lowercase();
            let args: Vec<&str> = words.collect();
            if let Some(result) = self.merchant.staff_command(turn, &name, &args).await {
                return vec![self.settle(turn, result).await];
            }
            let Some(action) = customer_command(&name) else {
                return vec![Answer::new(Msg::new("command-unknown")).with_way_out()];
            };
            return self.on_action(turn, action).await;
        }
        let catalog = match self.browse.catalog(turn.now).await {
            Ok(c) => c,
            Err(failure) => return vec![self.settle(turn, Err(failure)).await],
        };
        self.converse(turn, &catalog, &text).await
    }

    /// Runs what a button (or a command) asks for.
    pub(crate) async fn on_action(&self, turn: &Turn, action: Action) -> Vec<Answer> {
        let answer = match action {
            Action::Help => self.merchant.help_for(turn).await,
            Action::Orders => {
                let result = self.customer.orders(turn).await;
                self.settle(turn, result).await
            }
            Action::Cancel => self.no_pressed(turn).await.0,
            Action::Yes => self.yes_pressed(turn).await.0,
            Action::Pay(order) => {
                let result = self.customer.pay(turn, order).await;
                self.settle(turn, result).await
            }
            Action::CancelOrder(order) => {
                let result = self.customer.cancel_order(turn, order).await;
                self.settle(turn, result).await
            }
            Action::CancelSale(sale) => {
                let result = self.merchant.cancel_sale_confirmed(turn, sale).await;
                self.settle(turn, result).await
            }
            Action::KeepSale => Answer::new(Msg::new("cancelsale-kept")),
            Action::Draft(press) => {
                let result = self.merchant.on_draft_press(turn, press).await;
                self.settle(turn, result).await
            }
            Action::Waitlist(sale) => {
                let result = self.customer.join_waitlist(turn, sale).await;
                self.settle(turn, result).await
            }
            Action::Claim(offer) => {
                let result = self.customer.claim(turn, offer).await;
                self.settle(turn, result).await
            }
            Action::Announce(id, paid) => {
                let result = self.merchant.announce_confirmed(turn, id, paid).await;
                self.settle(turn, result).await
            }
            Action::DropAnnouncement(id) => {
                let result = self.merchant.drop_announcement(turn, id).await;
                self.settle(turn, result).await
            }
            Action::Verify(sale) => {
                let result = self.buy.verify_now(turn, sale).await;
                self.settle(turn, result).await
            }
            Action::Watch(watch) => {
                let result = self.customer.accept_watch(turn, watch).await;
                self.settle(turn, result).await
            }
            Action::Answer {
                sale,
                nonce,
                choice,
            } => {
                let result = self.buy.answer_captcha(turn, sale, nonce, choice).await;
                self.settle(turn, result).await
            }
            Action::List => match self.browse.catalog(turn.now).await {
                Ok(c) => {
                    let (answer, shown) = self.browse.list(turn, &c);
                    self.remember_list(turn.chat, shown).await;
                    answer
                }
                Err(failure) => self.settle(turn, Err(failure)).await,
            },
            // Buying needs the sale but not its counts (the gate decides): no SQL on a hit.
            Action::Buy(sale, qty) | Action::Confirm(sale, qty) => {
                match self.browse.sale_for_buying(sale).await {
                    Ok(Ok(s)) => {
                        let confirmed = matches!(action, Action::Confirm(..));
                        let result = self.buy.buy(turn, &s, qty, confirmed).await;
                        let answer = self.settle(turn, result).await;
                        self.remember_confirm(turn, answer).await
                    }
                    Ok(Err(a)) => a,
                    Err(failure) => self.settle(turn, Err(failure)).await,
                }
            }
            Action::Info(sale)
            | Action::Countdown(sale)
            | Action::Remind(sale)
            | Action::Refresh(sale) => match self.browse.sale_view(sale, turn.now).await {
                Ok(Ok(view)) => {
                    self.remember_sale(turn.chat, sale).await;
                    self.act_on(turn, action, &view).await
                }
                Ok(Err(a)) => a,
                Err(failure) => self.settle(turn, Err(failure)).await,
            },
        };
        vec![answer]
    }

    /// The one mapping from a use case's failure to the user: logged once with its context,
    /// counted by the alerts where it names a backend, answered calmly.
    pub(crate) async fn settle(&self, turn: &Turn, result: Result<Answer, Failure>) -> Answer {
        match result {
            Ok(answer) => answer,
            Err(failure) => {
                self.alerts.note_failure(&failure, turn.now).await;
                failure.answer()
            }
        }
    }

    /// Runs a sale action on a known sale (the caller remembers it for "buy it" later).
    pub(crate) async fn act_on(&self, turn: &Turn, action: Action, view: &SaleView) -> Answer {
        match action {
            Action::Countdown(_) => self.browse.countdown(turn, view),
            Action::Remind(_) => {
                let result = self.customer.remind(turn, view).await;
                self.settle(turn, result).await
            }
            Action::Buy(_, qty) | Action::Confirm(_, qty) => {
                let confirmed = matches!(action, Action::Confirm(..));
                let result = self.buy.buy(turn, &view.sale, qty, confirmed).await;
                self.settle(turn, result).await
            }
            _ => self.browse.card_of(view, turn.user, turn.now).await,
        }
    }
}
