//! The composition of one assistant: the feature services it routes between (browse, buy,
//! customer, merchant) and what they share (users, alerts, the blocklist), each built once
//! from the ports and a deployment's settings. [`Services`] collects the settings first, then
//! [`Services::assistant`] builds: nothing is built twice or swapped afterwards.

use std::sync::Arc;

use chrono_tz::Tz;

use crate::app::Assistant;
use crate::app::browse::Browse;
use crate::app::buy::blocklist::Blocklist;
use crate::app::buy::purchase::Purchases;
use crate::app::buy::{Buy, BuyParts};
use crate::app::customer::Customer;
use crate::app::customer::payments::Payments;
use crate::app::jobs::alerts::Alerts;
use crate::app::merchant::roles::Roles;
use crate::app::merchant::{Merchant, MerchantParts};
use crate::app::shared::SharedKeys;
use crate::app::storefront::{Storefront, StorefrontParts};
use crate::app::turn::context::{ContextStore, SqlContexts};
use crate::app::turn::users::Users;
use crate::clock::Clock;
use crate::domain::UserId;
use crate::i18n::Texts;
use crate::limits::Limits;
use crate::store::Store;

/// What an assistant is built from: the ports, then the settings a deployment adds.
pub struct Services {
    store: Store,
    purchases: Purchases,
    clock: Arc<dyn Clock>,
    texts: Arc<Texts>,
    tz: Tz,
    limits: Arc<Limits>,
    admins: Vec<UserId>,
    shared: Option<SharedKeys>,
    contexts: Option<Arc<dyn ContextStore>>,
    payments: Option<Arc<Payments>>,
}

impl Services {
    /// The store, the purchase path, the clock, the texts, the display time zone and the
    /// rate limits; no admins, nothing shared, contexts in SQL, payments that refund nothing.
    pub fn new(
        store: Store,
        purchases: Purchases,
        clock: Arc<dyn Clock>,
        texts: Arc<Texts>,
        tz: Tz,
        limits: Arc<Limits>,
    ) -> Self {
        Self {
            store,
            purchases,
            clock,
            texts,
            tz,
            limits,
            admins: Vec::new(),
            shared: None,
            contexts: None,
            payments: None,
        }
    }

    /// Admins from the configuration: they get the alerts and every staff command.
    pub fn admins(mut self, admins: &[UserId]) -> Self {
        self.admins = admins.to_vec();
        self
    }

    /// Keeps buy-token claims, captchas, open dialogues and blocklist changes in `shared`
    /// (Redis), so every instance behind one load balancer agrees on them.
    pub fn shared(mut self, shared: SharedKeys) -> Self {
        self.shared = Some(shared);
        self
    }

    /// Keeps conversation contexts in `contexts` (Redis) instead of the SQL store.
    pub fn contexts(mut self, contexts: Arc<dyn ContextStore>) -> Self {
        self.contexts = Some(contexts);
        self
    }

    /// Cancels sales and settles payments through `payments` (built with the transport's
    /// refunder by the composition root).
    pub fn payments(mut self, payments: Arc<Payments>) -> Self {
        self.payments = Some(payments);
        self
    }

    /// Builds every service once and the assistant that routes between them.
    pub fn assistant(self) -> Assistant {
        let Services {
            store,
            purchases,
            clock,
            texts,
            tz,
            limits,
            admins,
            shared,
            contexts,
            payments,
        } = self;
        let alerts = Arc::new(Alerts::new(store.clone(), texts.clone(), admins.clone()));
        let contexts =
            contexts.unwrap_or_else(|| Arc::new(SqlContexts::new(store.clone(), clock.clone())));
        let payments = payments.unwrap_or_else(|| {
            Arc::new(Payments::new(
                store.clone(),
                purchases.gate().clone(),
                clock.clone(),
                texts.clone(),
                Arc::new(crate::app::NoRefunds),
            ))
        });
        let users = Arc::new(Users::new(store.clone(), clock.clone()));
        let mut blocklist = Blocklist::new();
        blocklist.shared = shared.clone();
        let blocklist = Arc::new(blocklist);
        let browse = Arc::new(Browse::new(
            store.clone(),
            clock.clone(),
            texts.clone(),
            tz,
            alerts.clone(),
        ));
        let buy = Arc::new(Buy::new(BuyParts {
            store: store.clone(),
            clock: clock.clone(),
            purchases: purchases.clone(),
            limits: limits.clone(),
            alerts: alerts.clone(),
            browse: browse.clone(),
            users: users.clone(),
            blocklist: blocklist.clone(),
            shared: shared.clone(),
        }));
        let customer = Arc::new(Customer::new(
            store.clone(),
            texts.clone(),
            purchases.clone(),
            browse.clone(),
            buy.clone(),
        ));
        let storefront = Arc::new(Storefront::new(StorefrontParts {
            store: store.clone(),
            clock: clock.clone(),
            texts: texts.clone(),
            gate: purchases.gate().clone(),
            users: users.clone(),
            browse: browse.clone(),
            buy: buy.clone(),
            customer: customer.clone(),
            alerts: alerts.clone(),
        }));
        let merchant = Merchant::new(MerchantParts {
            store: store.clone(),
            clock: clock.clone(),
            texts: texts.clone(),
            purchases,
            browse: browse.clone(),
            roles: Roles::new(&admins),
            blocklist,
            payments,
            shared,
        });
        Assistant {
            store,
            clock,
            texts,
            limits,
            contexts,
            alerts,
            users,
            browse,
            buy,
            customer,
            merchant,
            storefront,
        }
    }
}
