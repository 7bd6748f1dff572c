//! The assistant: the one entry point transports call with a customer's message or button.

use std::sync::{Arc, RwLock};
use std::time::Duration;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::action::Action;
use super::alerts::Alerts;
use super::answer::Answer;
use super::blocklist::Blocklist;
use super::buy_window::{Press, SpentTokens};
use super::cache::Ttl;
use super::captcha::Captchas;
use super::catalog::{self, Catalog, ParserCache};
use super::context::{ContextStore, SqlContexts};
use super::inbound::{ChatId, Content, Inbound, Reply};
use super::payments::Payments;
use super::purchase::Purchases;
use super::roles::Roles;
use crate::clock::Clock;
use crate::domain::{RequestId, Sale, SaleId, UserId};
use crate::i18n::{Locale, Msg, Texts};
use crate::limits::{Limits, Verdict};
use crate::store::Store;

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

/// Understands customers and answers them; transports only carry text and buttons.
pub struct Assistant {
    pub(crate) store: Store,
    pub(crate) purchases: Purchases,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) texts: Arc<Texts>,
    pub(crate) tz: Tz,
    /// What each conversation was just shown (outside the process).
    pub(crate) contexts: Arc<dyn ContextStore>,
    pub(crate) limits: Arc<Limits>,
    parsers: ParserCache,
    /// Users seen lately and their stored language choice (saves a write per message).
    known_users: Ttl<UserId, Option<String>>,
    /// Sales as stored, for the buy path (which needs no counts).
    pub(crate) sales: Ttl<SaleId, Sale>,
    /// The current sales with their counts, for text messages.
    pub(crate) catalogs: Ttl<(), Arc<Catalog>>,
    /// Configured admins and session roles; merchants are read from the store.
    pub(crate) roles: Roles,
    /// Users admins blocked from buying.
    pub(crate) blocklist: Blocklist,
    /// Anomaly alerts for the admins.
    pub(crate) alerts: Arc<Alerts>,
    /// What cancels sales (refunds included); set by the wiring and by transports.
    pub(crate) payments: RwLock<Option<Arc<Payments>>>,
    /// Usernames recorded lately (for `/grant @name`; `None`: none), to skip unchanged writes.
    pub(crate) usernames: Ttl<UserId, Option<String>>,
    /// Users with a `/newsale` dialogue open (their plain text answers it).
    pub(crate) dialogue_users: Ttl<(), Arc<std::collections::HashSet<UserId>>>,
    /// Bulk-sending rates, for announcement estimates; set by the wiring.
    pub(crate) broadcast: RwLock<crate::config::BroadcastConfig>,
    /// Open captcha challenges and solved captchas.
    pub(crate) captchas: Captchas,
    /// Buy tokens in use or spent (replays are refused).
    pub(crate) spent: SpentTokens,
    /// Refusals told in full lately (told again, they are a toast alone).
    pub(crate) repeats: super::repeats::Repeats,
    /// Users first seen lately (for the new-user burst alert).
    pub(crate) fresh_users: Ttl<UserId, ()>,
}

impl Assistant {
    /// Keeps conversation contexts in `contexts` (Redis) instead of the SQL store.
    pub fn with_contexts(mut self, contexts: Arc<dyn ContextStore>) -> Self {
        self.contexts = contexts;
        self
    }

    /// Wires the store, the purchase path, the clock, the texts, the display time zone and
    /// the rate limits.
    pub fn new(
        store: Store,
        purchases: Purchases,
        clock: Arc<dyn Clock>,
        texts: Arc<Texts>,
        tz: Tz,
        limits: Arc<Limits>,
    ) -> Self {
        let alerts = Arc::new(Alerts::new(store.clone(), texts.clone(), Vec::new()));
        let contexts = Arc::new(SqlContexts::new(store.clone(), clock.clone()));
        let since = clock.now();
        Self {
            store,
            purchases,
            clock,
            texts,
            tz,
            limits,
            contexts,
            parsers: ParserCache::default(),
            known_users: Ttl::new(Duration::from_secs(600), 200_000),
            sales: Ttl::new(Duration::from_secs(1), 10_000),
            catalogs: Ttl::new(Duration::from_millis(250), 1),
            roles: Roles::default(),
            blocklist: Blocklist::new(),
            alerts,
            payments: RwLock::new(None),
            usernames: Ttl::new(Duration::from_secs(60), 200_000),
            dialogue_users: Ttl::new(Duration::from_secs(1), 1),
            broadcast: RwLock::new(crate::config::BroadcastConfig::default()),
            captchas: Captchas::new(),
            spent: SpentTokens::new(since),
            repeats: super::repeats::Repeats::new(),
            fresh_users: Ttl::new(super::alerts::NEW_USER_AGE, 200_000),
        }
    }

    /// The rate limits (transports run their housekeeping).
    pub fn limits(&self) -> &Arc<Limits> {
        &self.limits
    }

    /// The rendered texts (transports render their own chrome with them).
    pub fn texts(&self) -> &Texts {
        &self.texts
    }

    /// Answers one message or button press, in the customer's language.
    pub async fn handle(&self, inbound: Inbound) -> Vec<Reply> {
        self.handle_with(inbound, None).await
    }

    /// Answers a press of a signed button: like [`Assistant::handle`], and a Buy button's
    /// mint time and token are checked against the sale's start and earlier uses.
    pub async fn handle_press(&self, inbound: Inbound, press: Press) -> Vec<Reply> {
        self.handle_with(inbound, Some(press)).await
    }

    async fn handle_with(&self, inbound: Inbound, press: Option<Press>) -> Vec<Reply> {
        let now = self.clock.now();
        // A merchant's answers in a `/newsale` dialogue are data ("明天晚上8点", "airpods,
        // 耳机"), not the language they want to be answered in.
        let written = match &inbound.content {
            Content::Text(text) if !self.in_dialogue(inbound.user).await => {
                super::language::written_in(text)
            }
            Content::Text(_) | Content::Button(_) => None,
        };
        let mut locale = self
            .locale_of(inbound.user, inbound.language_code.as_deref(), written, now)
            .await;
        let turn = Turn {
            chat: inbound.chat,
            user: inbound.user,
            request: inbound.request,
            now,
            locale,
            press,
        };
        let answers = match self.limits.message(inbound.user).await {
            Verdict::Go => self.answer(&turn, &inbound.content, &mut locale).await,
            Verdict::SlowDown { secs, tell: true } | Verdict::Busy { secs } => {
                tracing::info!(user = inbound.user.get(), secs, "messages rate-limited");
                vec![Answer::new(Msg::new("limit-slow-down").arg("secs", secs)).brief()]
            }
            Verdict::SlowDown { tell: false, .. } => {
                self.alerts.note_silenced(inbound.user, now).await;
                Vec::new()
            }
        };
        answers
            .iter()
            .filter(|a| !a.is_silent())
            .map(|a| a.render(&self.texts, locale))
            .collect()
    }

    /// The answers to one message or button that the limits let through.
    async fn answer(&self, turn: &Turn, content: &Content, locale: &mut Locale) -> Vec<Answer> {
        match content {
            Content::Text(text) => match lang_command(text) {
                Some(choice) => {
                    let (answer, chosen) = self.set_language(turn, choice).await;
                    *locale = chosen.unwrap_or(*locale);
                    vec![answer]
                }
                None => self.on_text(turn, text).await,
            },
            Content::Button(payload) => match Action::parse(payload) {
                // A confirm's answer comes in the language the confirm was asked in.
                Some(Action::Yes) => {
                    let (answer, asked_in) = self.yes_pressed(turn).await;
                    *locale = asked_in.unwrap_or(*locale);
                    vec![answer]
                }
                Some(Action::Cancel) => {
                    let (answer, asked_in) = self.no_pressed(turn).await;
                    *locale = asked_in.unwrap_or(*locale);
                    vec![answer]
                }
                Some(action) => self.on_action(turn, action).await,
                None => {
                    crate::metrics::button_refused("unknown");
                    vec![Answer::new(Msg::new("button-stale")).with_way_out()]
                }
            },
        }
    }

    /// The language a user is answered in: their stored choice, else the transport's code.
    /// Records users the first time they are seen (and again every few minutes).
    pub async fn locale_for(&self, user: UserId, code: Option<&str>) -> Locale {
        self.locale_of(user, code, None, self.clock.now()).await
    }

    /// An explicit `/lang` choice, else the language of the message just written, else the
    /// transport's code.
    async fn locale_of(
        &self,
        user: UserId,
        code: Option<&str>,
        written: Option<Locale>,
        now: DateTime<Utc>,
    ) -> Locale {
        let pick = |stored: Option<&str>| match (stored, written) {
            (Some(chosen), _) => Locale::from_code(Some(chosen)),
            (None, Some(written)) => written,
            (None, None) => Locale::from_code(code),
        };
        if let Some(stored) = self.known_users.get(&user) {
            return pick(stored.as_deref());
        }
        match self.store.greet_user_first_seen(user, now).await {
            Ok((stored, first_seen)) => {
                if now - first_seen < super::alerts::new_user_age() {
                    self.fresh_users.put(user, ());
                }
                let locale = pick(stored.as_deref());
                self.known_users.put(user, stored);
                locale
            }
            Err(e) => {
                tracing::warn!(user = user.get(), error = %e, "user not recorded");
                pick(None)
            }
        }
    }

    async fn set_language(&self, turn: &Turn, choice: &str) -> (Answer, Option<Locale>) {
        let Some(locale) = Locale::from_choice(choice) else {
            return (Answer::new(Msg::new("lang-usage")), None);
        };
        if let Err(e) = self
            .store
            .choose_language(turn.user, locale.code(), turn.now)
            .await
        {
            tracing::warn!(user = turn.user.get(), error = %e, "language not stored");
        } else {
            self.known_users
                .put(turn.user, Some(locale.code().to_owned()));
        }
        (Answer::new(Msg::new("lang-set")), Some(locale))
    }

    async fn on_text(&self, turn: &Turn, raw: &str) -> Vec<Answer> {
        if let Some(answer) = self.dialogue_turn(turn, raw).await {
            return vec![answer];
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
        if let Some(answer) = self.typed_claim(turn, &text).await {
            return vec![answer];
        }
        if let Some(command) = text.strip_prefix('/') {
            let mut words = command.split_whitespace();
            let name = words.next().unwrap_or_default();
            let name = name.split('@').next().unwrap_or_default().to_lowercase();
            let args: Vec<&str> = words.collect();
            if let Some(answer) = self.staff_command(turn, &name, &args).await {
                return vec![answer];
            }
            let action = match name.as_str() {
                "start" | "help" => Action::Help,
                "list" | "sales" => Action::List,
                "orders" => Action::Orders,
                _ => return vec![Answer::new(Msg::new("command-unknown")).with_way_out()],
            };
            return self.on_action(turn, action).await;
        }
        let catalog = match self.catalog(turn.now).await {
            Ok(c) => c,
            Err(answer) => return vec![answer],
        };
        self.converse(turn, &catalog, &text).await
    }

    /// The current sales, or the calm "try again" answer when the store is unreachable.
    pub(crate) async fn catalog(&self, now: DateTime<Utc>) -> Result<Arc<Catalog>, Answer> {
        if let Some(c) = self.catalogs.get(&()) {
            return Ok(Arc::new(c.at(now)));
        }
        let c = catalog::load(&self.store, &self.parsers, now)
            .await
            .map_err(|e| {
                tracing::error!(error = %e, "sales not loaded");
                Answer::new(Msg::new("error-try-again"))
            })?;
        let c = Arc::new(c);
        self.catalogs.put((), c.clone());
        Ok(c)
    }

    /// Runs what a button (or a command) asks for.
    pub(crate) async fn on_action(&self, turn: &Turn, action: Action) -> Vec<Answer> {
        let answer = match action {
            Action::Help => self.help_for(turn).await,
            Action::Orders => self.orders(turn).await,
            Action::Cancel => self.no_pressed(turn).await.0,
            Action::Yes => self.yes_pressed(turn).await.0,
            Action::Pay(order) => self.pay(turn, order).await,
            Action::CancelOrder(order) => self.cancel_order(turn, order).await,
            Action::CancelSale(sale) => self.cancel_sale_confirmed(turn, sale).await,
            Action::KeepSale => Answer::new(Msg::new("cancelsale-kept")),
            Action::Draft(press) => self.on_draft_press(turn, press).await,
            Action::Waitlist(sale) => self.join_waitlist(turn, sale).await,
            Action::Claim(offer) => self.claim(turn, offer).await,
            Action::Announce(id, paid) => self.announce_confirmed(turn, id, paid).await,
            Action::DropAnnouncement(id) => self.drop_announcement(turn, id).await,
            Action::Verify(sale) => self.verify_now(turn, sale).await,
            Action::Watch(watch) => self.accept_watch(turn, watch).await,
            Action::Answer {
                sale,
                nonce,
                choice,
            } => self.answer_captcha(turn, sale, nonce, choice).await,
            Action::List => match self.catalog(turn.now).await {
                Ok(c) => {
                    let (answer, shown) = self.list(turn, &c);
                    self.remember_list(turn.chat, shown).await;
                    answer
                }
                Err(a) => a,
            },
            // Buying needs the sale but not its counts (the gate decides): no SQL on a hit.
            Action::Buy(sale, qty) | Action::Confirm(sale, qty) => {
                match self.sale_for_buying(sale).await {
                    Ok(s) => {
                        let confirmed = matches!(action, Action::Confirm(..));
                        self.buy(turn, &s, qty, confirmed).await
                    }
                    Err(a) => a,
                }
            }
            Action::Info(sale)
            | Action::Countdown(sale)
            | Action::Remind(sale)
            | Action::Refresh(sale) => match self.sale_view(sale, turn.now).await {
                Ok(view) => {
                    self.remember_sale(turn.chat, sale).await;
                    self.act_on(turn, action, &view).await
                }
                Err(a) => a,
            },
        };
        vec![answer]
    }
}

/// The help text with its buttons.
pub(crate) fn help() -> Answer {
    Answer::new(Msg::new("help-intro"))
        .line(Msg::new("help-examples"))
        .button(Msg::new("button-list"), Action::List)
        .button(Msg::new("button-orders"), Action::Orders)
}

/// `/lang xx` -> `Some("xx")` (possibly empty).
fn lang_command(text: &str) -> Option<&str> {
    let rest = text.trim().strip_prefix("/lang")?;
    (rest.is_empty() || rest.starts_with(char::is_whitespace)).then(|| rest.trim())
}

/// Control characters become spaces; runs of whitespace collapse; ends are trimmed.
fn clean(raw: &str) -> String {
    raw.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_and_extra_spaces_are_cleaned_away() {
        assert_eq!(clean("\u{0}buy\t\t2\r\n airpods\u{7f}"), "buy 2 airpods");
        assert_eq!(clean("\u{1b}[2J"), "[2J");
        assert_eq!(clean(" \n "), "");
    }

    #[test]
    fn lang_command_takes_an_optional_argument() {
        assert_eq!(lang_command("/lang zh"), Some("zh"));
        assert_eq!(lang_command("/lang"), Some(""));
        assert_eq!(lang_command("/language"), None);
        assert_eq!(lang_command("lang zh"), None);
    }
}
