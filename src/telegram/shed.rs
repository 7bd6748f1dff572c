//! Shedding at the door: updates from a user the rate limits refuse right now are dropped
//! as they leave the update listener, before the dispatcher gives them a per-chat worker.
//! The user was already told how long to wait (once per notice period, by the handler that
//! refused them); a script's flood of presses then costs a lookup each, not a handler run
//! and a Bot API call. Payments are never dropped.
//!
//! Groups get a bounded share at the door too: messages that are not commands are dropped
//! (the bot answers only commands in groups), and each group's commands pass at most
//! [`GROUP_DOOR_BURST`] at once and then one a second. A flood in one group is shed inside
//! that group before it can queue behind the dispatcher; the group pace (20 replies a minute,
//! one shared `/sales`) then decides which of the admitted commands get an answer.

use std::num::NonZeroU32;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use futures::StreamExt;
use futures::stream::BoxStream;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use teloxide::stop::StopToken;
use teloxide::types::{AllowedUpdate, Update, UpdateKind};
use teloxide::update_listeners::{AsUpdateStream, UpdateListener};

use super::callback::ButtonSigner;
use super::press_answers::OpenPresses;
use crate::app::Action;
use crate::app::jobs::alerts::Alerts;
use crate::clock::Clock;
use crate::domain::UserId;
use crate::limits::{Hushed, Limits};

/// Commands one group may put through the door at once (then one a second): above the
/// group's reply budget of 20 a minute, so the door never starves what the pace would answer.
pub const GROUP_DOOR_BURST: u32 = 30;

/// Idle groups' door state is dropped once per this many group commands.
const GROUP_HOUSEKEEP_EVERY: u64 = 4096;

/// Decides, per update, whether it goes on to the dispatcher.
pub struct Doorman {
    limits: Arc<Limits>,
    signer: Arc<ButtonSigner>,
    alerts: Arc<Alerts>,
    clock: Arc<dyn Clock>,
    groups: DefaultKeyedRateLimiter<i64>,
    group_commands: AtomicU64,
}

impl Doorman {
    /// A doorman asking `limits` who is refused now; `signer` tells a Buy press apart.
    pub fn new(
        limits: Arc<Limits>,
        signer: Arc<ButtonSigner>,
        alerts: Arc<Alerts>,
        clock: Arc<dyn Clock>,
    ) -> Self {
        let burst = NonZeroU32::new(GROUP_DOOR_BURST).unwrap_or(NonZeroU32::MIN);
        Self {
            limits,
            signer,
            alerts,
            clock,
            groups: RateLimiter::keyed(Quota::per_second(NonZeroU32::MIN).allow_burst(burst)),
            group_commands: AtomicU64::new(0),
        }
    }

    /// For a message in a group: false when it is not a command, or when its group has used
    /// its door share. `None` for anything else.
    fn admits_in_group(&self, update: &Update) -> Option<bool> {
        let UpdateKind::Message(m) = &update.kind else {
            return None;
        };
        if m.chat.is_private() || m.successful_payment().is_some() {
            return None;
        }
        if !m.text().is_some_and(|t| t.starts_with('/')) {
            return Some(false);
        }
        let n = self.group_commands.fetch_add(1, Ordering::Relaxed) + 1;
        if n.is_multiple_of(GROUP_HOUSEKEEP_EVERY) {
            self.groups.retain_recent();
        }
        let admitted = self.groups.check_key(&m.chat.id.0).is_ok();
        if !admitted {
            crate::metrics::update_shed();
        }
        Some(admitted)
    }

    /// At the door (once per update, as it leaves the listener): false for a group message
    /// beyond its group's share (see the module doc), else what [`Doorman::admits`] says.
    pub fn lets_in(&self, update: &Update) -> bool {
        self.admits_in_group(update) != Some(false) && self.admits(update)
    }

    /// False for an update to drop unanswered: a press or message from a user the message
    /// limit refuses now, or a Buy press from a user the buy limit refuses now. Asked again
    /// when a queued update's turn comes (for a press, by [`Doorman::admits_press`] once
    /// the handler has opened its button).
    pub fn admits(&self, update: &Update) -> bool {
        let (user, press) = match &update.kind {
            UpdateKind::CallbackQuery(q) => (q.from.id.0, Some(q)),
            UpdateKind::Message(m) if m.successful_payment().is_none() => match &m.from {
                Some(from) => (from.id.0, None),
                None => return true,
            },
            _ => return true,
        };
        let Ok(user) = UserId::parse(user as i64) else {
            return true;
        };
        // Only a user refused lately has their button opened here, to tell a Buy apart.
        let action = || press.and_then(|q| self.opened_action(user, q));
        self.lets_through(user, press.is_some(), action)
    }

    /// [`Doorman::admits`] for a press whose button the handler opened: `action` is what it
    /// verified to (`None` when the signer refused it: it goes on, to be refused with its
    /// reason).
    pub fn admits_press(&self, user: UserId, action: Option<Action>) -> bool {
        self.lets_through(user, true, || action)
    }

    fn lets_through(
        &self,
        user: UserId,
        press: bool,
        action: impl FnOnce() -> Option<Action>,
    ) -> bool {
        let shed = match self.limits.hushed(user) {
            Hushed::No => false,
            Hushed::Everything => true,
            Hushed::Buys => press && action().is_some_and(|a| is_buy(&a)),
        };
        if shed {
            crate::metrics::update_shed();
            if let Some(anomaly) = self.alerts.silenced(user) {
                let (alerts, now) = (self.alerts.clone(), self.clock.now());
                tokio::spawn(async move { alerts.raise(anomaly, now).await });
            }
        }
        !shed
    }

    /// What a genuine button of `user`'s (or of the sale post pressed) asks for; `None` for
    /// anything the signer refuses.
    fn opened_action(&self, user: UserId, q: &teloxide::types::CallbackQuery) -> Option<Action> {
        let now = self.clock.now().timestamp();
        let data = q.data.as_deref()?;
        let post = q.message.as_ref().map(|m| m.chat().id.0).filter(|c| *c < 0);
        let opened = match self.signer.open(user, data, now) {
            Ok(o) => o,
            Err(_) => self.signer.open_for_post(post?, data, now).ok()?,
        };
        Action::parse(opened.payload)
    }
}

/// Whether `action` is a Buy (or confirmed buy): what the buy limit refuses.
fn is_buy(action: &Action) -> bool {
    matches!(action, Action::Buy(..) | Action::Confirm(..) | Action::Yes)
}

/// An update listener whose stream leaves out what the [`Doorman`] turns away.
pub struct Shedding<L> {
    inner: L,
    doorman: Arc<Doorman>,
    presses: Option<Arc<OpenPresses>>,
}

impl<L> Shedding<L> {
    /// `inner`'s updates, minus the ones `doorman` turns away.
    pub fn new(inner: L, doorman: Arc<Doorman>) -> Self {
        Self {
            inner,
            doorman,
            presses: None,
        }
    }

    /// A press turned away also closes its webhook request (which then stops waiting).
    pub fn closing(mut self, presses: Arc<OpenPresses>) -> Self {
        self.presses = Some(presses);
        self
    }
}

impl<'a, L> AsUpdateStream<'a> for Shedding<L>
where
    L: AsUpdateStream<'a>,
    L::StreamErr: Send + 'a,
{
    type StreamErr = L::StreamErr;
    type Stream = BoxStream<'a, Result<Update, L::StreamErr>>;

    fn as_stream(&'a mut self) -> Self::Stream {
        let doorman = self.doorman.clone();
        let presses = self.presses.clone();
        self.inner
            .as_stream()
            .filter(move |u| {
                let pass = u.as_ref().map_or(true, |u| doorman.lets_in(u));
                if let (false, Some(presses), Ok(u)) = (pass, &presses, u)
                    && let UpdateKind::CallbackQuery(q) = &u.kind
                {
                    presses.close(&q.id.0);
                }
                std::future::ready(pass)
            })
            .boxed()
    }
}

impl<L> UpdateListener for Shedding<L>
where
    L: UpdateListener,
    L::Err: Send + 'static,
{
    type Err = L::Err;

    fn stop_token(&mut self) -> StopToken {
        self.inner.stop_token()
    }

    fn hint_allowed_updates(&mut self, hint: &mut dyn Iterator<Item = AllowedUpdate>) {
        self.inner.hint_allowed_updates(hint);
    }
}
