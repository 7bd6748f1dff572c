//! Who is asking: users recorded the first time they are seen, their language choice, their
//! username (for `/grant @name`) and whether they are new (for the new-user burst alert).

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio_util::task::TaskTracker;

use crate::app::assistant::Turn;
use crate::app::cache::{Ttl, lock};
use crate::app::jobs::alerts::Alerts;
use crate::app::turn::answer::Answer;
use crate::app::turn::first_contact::{self, FirstContact};
use crate::clock::Clock;
use crate::domain::{SaleId, UserId};
use crate::i18n::{Locale, Msg};
use crate::store::{Met, Store};

/// A buy tried by a user, to count for the new-user burst alert once it is known whether
/// they are new.
pub(crate) struct NewBuyer {
    pub alerts: Arc<Alerts>,
    pub sale: SaleId,
    pub starts: DateTime<Utc>,
    pub now: DateTime<Utc>,
}

impl NewBuyer {
    fn count(self, user: UserId) {
        self.alerts
            .count_new_buyer(self.sale, self.starts, user, self.now);
    }
}

/// Users seen lately, their stored language and username, kept to save a write per message.
pub(crate) struct Users {
    store: Store,
    clock: Arc<dyn Clock>,
    /// Records users not seen lately, many per statement.
    first_contact: FirstContact,
    /// The same for users whose turn goes on without waiting (bigger, slower batches).
    first_contact_unwaited: FirstContact,
    /// Both writers' tasks (see [`Users::background`]).
    writes: TaskTracker,
    /// Users seen lately and their stored language choice.
    known: Ttl<UserId, Option<String>>,
    /// Users first seen lately (for the new-user burst alert).
    fresh: Ttl<UserId, ()>,
    /// Usernames recorded lately (`None`: none), to skip unchanged writes.
    usernames: Ttl<UserId, Option<String>>,
    /// First contacts being recorded while the press that made them is answered, with a buy
    /// they tried meanwhile.
    meeting: Mutex<HashMap<UserId, Option<NewBuyer>>>,
}

impl Users {
    /// Users recorded in `store`, timed by `clock`.
    pub(crate) fn new(store: Store, clock: Arc<dyn Clock>) -> Self {
        let writes = TaskTracker::new();
        Self {
            first_contact: FirstContact::new(store.clone(), first_contact::LINGER, writes.clone()),
            first_contact_unwaited: FirstContact::new(
                store.clone(),
                first_contact::LINGER_UNWAITED,
                writes.clone(),
            ),
            writes,
            store,
            clock,
            known: Ttl::new(Duration::from_secs(600), 200_000),
            fresh: Ttl::new(crate::app::jobs::alerts::NEW_USER_AGE, 200_000),
            usernames: Ttl::new(Duration::from_secs(60), 200_000),
            meeting: Mutex::new(HashMap::new()),
        }
    }

    /// The first-contact writers' tasks. They end by themselves once these `Users` are
    /// dropped and every user queued is written: close the tracker and wait for it before
    /// the store closes.
    pub(crate) fn background(&self) -> TaskTracker {
        self.writes.clone()
    }

    /// Whether `user` was first seen lately.
    pub(crate) fn is_fresh(&self, user: UserId) -> bool {
        self.fresh.get(&user).is_some()
    }

    /// An explicit `/lang` choice, else the language of the message just written, else the
    /// transport's code. Records users the first time they are seen (and again every few
    /// minutes).
    pub(crate) async fn locale_of(
        &self,
        user: UserId,
        code: Option<&str>,
        written: Option<Locale>,
        now: DateTime<Utc>,
    ) -> Locale {
        let pick = |stored: Option<&str>| preferred(stored, written, code);
        if let Some(stored) = self.known.get(&user) {
            return pick(stored.as_deref());
        }
        // Recorded with the language they are answered in unless they chose one (notices
        // sent later, unasked, use it), in a batch with the other users met meanwhile.
        let unchosen = pick(None);
        match self.first_contact.meet(user, unchosen.code(), now).await {
            Some(met) => {
                self.note_met(&met, now);
                pick(met.language.as_deref())
            }
            // Logged by the batch; asked again at their next turn.
            None => unchosen,
        }
    }

    /// [`Users::locale_of`] for a press of a button under a message written in `shown`: a
    /// user not seen lately is answered in it at once (the message was written in their
    /// language as it was then: their `/lang` choice, or their app's) and recorded in the
    /// background, so a stampede of presses waits for no write; the store's answer (their
    /// choice, if any) counts from their next turn.
    pub(crate) fn locale_at_once(
        self: &Arc<Self>,
        user: UserId,
        code: Option<&str>,
        shown: Locale,
        now: DateTime<Utc>,
    ) -> Locale {
        if let Some(stored) = self.known.get(&user) {
            return preferred(stored.as_deref(), None, code);
        }
        let first = match lock(&self.meeting).entry(user) {
            Entry::Occupied(_) => false,
            Entry::Vacant(v) => {
                v.insert(None);
                true
            }
        };
        if first {
            let users = Arc::clone(self);
            self.first_contact_unwaited.meet_then(
                user,
                shown.code(),
                now,
                Box::new(move |met| users.met_later(user, met.as_ref(), now)),
            );
        }
        shown
    }

    /// A first contact recorded in the background is written: the user is known (and fresh,
    /// if new), and a buy they tried meanwhile is counted for the new-user burst alert.
    fn met_later(&self, user: UserId, met: Option<&Met>, now: DateTime<Utc>) {
        if let Some(met) = met {
            self.note_met(met, now);
        }
        // Noted as met first: a buy tried after this finds them fresh instead.
        let tried = lock(&self.meeting).remove(&user).flatten();
        if let (Some(tried), Some(met)) = (tried, met)
            && Self::is_new(met, tried.now)
        {
            tried.count(user);
        }
    }

    /// Counts a buy by `user` for the new-user burst alert: now if they were first seen
    /// lately; once their first contact is written if it is being written (counted only if
    /// it shows them new); never for anyone else.
    pub(crate) fn count_new_buyer(&self, user: UserId, tried: NewBuyer) {
        if !self.is_fresh(user) {
            if let Some(noted) = lock(&self.meeting).get_mut(&user) {
                *noted = Some(tried);
                return;
            }
            // Their first contact was written meanwhile: it notes them fresh, if new, before
            // it ends their meeting.
            if !self.is_fresh(user) {
                return;
            }
        }
        tried.count(user);
    }

    /// Whether a user the store holds as `met` counts as new at `now`.
    pub(crate) fn is_new(met: &Met, now: DateTime<Utc>) -> bool {
        now - met.first_seen < crate::app::jobs::alerts::new_user_age()
    }

    /// Remembers what the store holds for a user just met.
    fn note_met(&self, met: &Met, now: DateTime<Utc>) {
        if Self::is_new(met, now) {
            self.fresh.put(met.user, ());
        }
        self.known.put(met.user, met.language.clone());
    }

    /// `/lang xx`: stores the choice; the answer and the locale chosen (`None`: not a language).
    pub(crate) async fn set_language(&self, turn: &Turn, choice: &str) -> (Answer, Option<Locale>) {
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
            self.known.put(turn.user, Some(locale.code().to_owned()));
        }
        (Answer::new(Msg::new("lang-set")), Some(locale))
    }

    /// Records the username `user` was seen with (`None`: they have none now) for
    /// `/grant @name`, at most once a minute unless it changed.
    pub(crate) async fn note_username(&self, user: UserId, username: Option<&str>) {
        let name = username.map(str::to_owned);
        if self.usernames.get(&user).as_ref() == Some(&name) {
            return;
        }
        match self
            .store
            .set_username(user, username, self.clock.now())
            .await
        {
            Ok(()) => self.usernames.put(user, name),
            Err(e) => tracing::warn!(user = user.get(), error = %e, "username not recorded"),
        }
    }
}

/// The language to answer in: a stored `/lang` choice, else the language of the message just
/// written, else the transport's language code.
fn preferred(stored: Option<&str>, written: Option<Locale>, code: Option<&str>) -> Locale {
    match (stored, written) {
        (Some(chosen), _) => Locale::from_code(Some(chosen)),
        (None, Some(written)) => written,
        (None, None) => Locale::from_code(code),
    }
}
