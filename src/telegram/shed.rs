//! Shedding at the door: updates from a user the rate limits refuse right now are dropped
//! as they leave the update listener, before the dispatcher gives them a per-chat worker.
//! The user was already told how long to wait (once per notice period, by the handler that
//! refused them); a script's flood of presses then costs a lookup each, not a handler run
//! and a Bot API call. Payments are never dropped.

use std::sync::Arc;

use futures::StreamExt;
use futures::stream::BoxStream;
use teloxide::stop::StopToken;
use teloxide::types::{AllowedUpdate, Update, UpdateKind};
use teloxide::update_listeners::{AsUpdateStream, UpdateListener};

use super::callback::ButtonSigner;
use crate::app::Action;
use crate::app::alerts::Alerts;
use crate::clock::Clock;
use crate::domain::UserId;
use crate::limits::{Hushed, Limits};

/// Decides, per update, whether it goes on to the dispatcher.
pub struct Doorman {
    limits: Arc<Limits>,
    signer: Arc<ButtonSigner>,
    alerts: Arc<Alerts>,
    clock: Arc<dyn Clock>,
}

impl Doorman {
    /// A doorman asking `limits` who is refused now; `signer` tells a Buy press apart.
    pub fn new(
        limits: Arc<Limits>,
        signer: Arc<ButtonSigner>,
        alerts: Arc<Alerts>,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self {
            limits,
            signer,
            alerts,
            clock,
        }
    }

    /// False for an update to drop unanswered: a press or message from a user the message
    /// limit refuses now, or a Buy press from a user the buy limit refuses now.
    pub fn admits(&self, update: &Update) -> bool {
        let (user, buy_press) = match &update.kind {
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
        let shed = match self.limits.hushed(user) {
            Hushed::No => false,
            Hushed::Everything => true,
            Hushed::Buys => buy_press.is_some_and(|q| self.is_buy(user, q.data.as_deref())),
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

    /// Whether `data` is a genuine Buy (or confirmed buy) button of `user`'s. Anything the
    /// signer refuses goes on, to be refused with its reason by the handler.
    fn is_buy(&self, user: UserId, data: Option<&str>) -> bool {
        let now = self.clock.now().timestamp();
        data.and_then(|d| self.signer.open(user, d, now).ok())
            .and_then(|opened| Action::parse(opened.payload))
            .is_some_and(|a| matches!(a, Action::Buy(..) | Action::Confirm(..) | Action::Yes))
    }
}

/// An update listener whose stream leaves out what the [`Doorman`] turns away.
pub struct Shedding<L> {
    inner: L,
    doorman: Arc<Doorman>,
}

impl<L> Shedding<L> {
    /// `inner`'s updates, minus the ones `doorman` turns away.
    pub fn new(inner: L, doorman: Arc<Doorman>) -> Self {
        Self { inner, doorman }
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
        self.inner
            .as_stream()
            .filter(move |u| {
                let pass = u.as_ref().map_or(true, |u| doorman.admits(u));
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
