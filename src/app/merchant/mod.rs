//! Staff commands: the role check, sale authoring, stock, stats, announcements and blocks.

pub mod announce;
pub mod announce_estimate;
pub mod announce_status;
pub mod announced_card;
pub(crate) mod audit;
pub(crate) mod block;
pub mod channels;
pub(crate) mod commands;
pub(crate) mod faq;
pub(crate) mod help;
pub(crate) mod restock;
pub(crate) mod roles;
pub mod sale;
pub(crate) mod stats;
mod stats_sources;
pub(crate) mod stock;

use std::collections::HashSet;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use chrono_tz::Tz;

use crate::app::browse::Browse;
use crate::app::buy::blocklist::Blocklist;
use crate::app::buy::purchase::Purchases;
use crate::app::cache::Ttl;
use crate::app::customer::payments::Payments;
use crate::clock::Clock;
use crate::config::BroadcastConfig;
use crate::domain::UserId;
use crate::i18n::Texts;
use crate::store::Store;
use roles::Roles;

/// The staff side: merchants' sales and admins' controls, each command behind its role check.
pub(crate) struct Merchant {
    store: Store,
    clock: Arc<dyn Clock>,
    texts: Arc<Texts>,
    tz: Tz,
    purchases: Purchases,
    browse: Arc<Browse>,
    /// Configured admins and session roles; merchants are read from the store.
    roles: Roles,
    /// Users admins blocked from buying (the buy flow reads the same list).
    blocklist: Arc<Blocklist>,
    /// What cancels sales (refunds included) and settles payments; refunds nothing unless
    /// the composition root gave one with a refunder.
    payments: Arc<Payments>,
    /// Bulk-sending rates, for announcement estimates; set by the wiring.
    broadcast: RwLock<BroadcastConfig>,
    /// Users with a `/newsale` dialogue open (their plain text answers it).
    dialogue_users: Ttl<(), Arc<HashSet<UserId>>>,
    /// Open dialogues flagged for every instance (Redis), when configured.
    shared: Option<crate::app::shared::SharedKeys>,
    /// The transport's channels and groups (none until the transport gives its port).
    chats: RwLock<Arc<dyn channels::ChatPort>>,
    /// The language of posts in a chat linked without one (`DEFAULT_LANG`).
    post_locale: RwLock<crate::i18n::Locale>,
}

/// What the staff side is built from.
pub(crate) struct MerchantParts {
    pub store: Store,
    pub clock: Arc<dyn Clock>,
    pub texts: Arc<Texts>,
    pub purchases: Purchases,
    pub browse: Arc<Browse>,
    pub roles: Roles,
    pub blocklist: Arc<Blocklist>,
    /// What cancels sales and settles payments.
    pub payments: Arc<Payments>,
    /// State every instance shares (Redis), when configured.
    pub shared: Option<crate::app::shared::SharedKeys>,
}

impl Merchant {
    /// The staff commands over `parts`, with default broadcast rates.
    pub(crate) fn new(parts: MerchantParts) -> Self {
        let tz = parts.browse.tz();
        Self {
            store: parts.store,
            clock: parts.clock,
            texts: parts.texts,
            tz,
            purchases: parts.purchases,
            browse: parts.browse,
            roles: parts.roles,
            blocklist: parts.blocklist,
            payments: parts.payments,
            broadcast: RwLock::new(BroadcastConfig::default()),
            dialogue_users: Ttl::new(Duration::from_secs(1), 1),
            shared: parts.shared,
            chats: RwLock::new(Arc::new(channels::NoChats)),
            post_locale: RwLock::new(crate::i18n::Locale::En),
        }
    }

    /// The language of posts in a chat linked without one.
    pub(crate) fn post_locale(&self) -> crate::i18n::Locale {
        *self.post_locale.read().unwrap_or_else(|p| p.into_inner())
    }

    /// Sets the language of posts in chats linked without one (`DEFAULT_LANG`).
    pub(crate) fn set_post_locale(&self, locale: crate::i18n::Locale) {
        *self.post_locale.write().unwrap_or_else(|p| p.into_inner()) = locale;
    }

    /// The transport's channels and groups.
    pub(crate) fn chats(&self) -> Arc<dyn channels::ChatPort> {
        self.chats.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Uses `port` for channels and groups (the transport's, once it has started).
    pub(crate) fn set_chats(&self, port: Arc<dyn channels::ChatPort>) {
        *self.chats.write().unwrap_or_else(|p| p.into_inner()) = port;
    }

    /// Lets `user` act as `role` in this process (the terminal chat's one trusted person).
    pub(crate) fn set_session_role(&self, user: UserId, role: crate::store::Role) {
        tracing::info!(user = user.get(), role = role.as_str(), "session role set");
        self.roles.set_session(user, role);
    }
}
