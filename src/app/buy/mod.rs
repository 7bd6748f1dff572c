//! Buying: the purchase flow, the checks before the gate, the signed buy window and captchas.

pub(crate) mod blocklist;
pub(crate) mod captcha;
pub(crate) mod captcha_flow;
pub(crate) mod flow;
pub(crate) mod guard;
pub(crate) mod held;
pub(crate) mod purchase;
pub(crate) mod room;
pub(crate) mod spent_by_sale;
pub(crate) mod window;

use std::sync::Arc;

use crate::app::browse::Browse;
use crate::app::jobs::alerts::Alerts;
use crate::app::turn::repeats::Repeats;
use crate::app::turn::users::Users;
use crate::clock::Clock;
use crate::limits::Limits;
use crate::store::Store;
use blocklist::Blocklist;
use captcha::Captchas;
use purchase::Purchases;
use window::SpentTokens;

/// The purchase flow: every check before the gate, the gate, the durable order and the
/// answer; the state those checks keep (spent buy tokens, captchas, refusals told) is its own.
pub(crate) struct Buy {
    store: Store,
    purchases: Purchases,
    limits: Arc<Limits>,
    alerts: Arc<Alerts>,
    browse: Arc<Browse>,
    users: Arc<Users>,
    /// Users admins blocked from buying (shared with the merchant commands that block).
    blocklist: Arc<Blocklist>,
    /// Open captcha challenges and solved captchas.
    captchas: Captchas,
    /// Buy tokens in use or spent (replays are refused).
    spent: SpentTokens,
    /// Refusals told in full lately (told again, they are a toast alone).
    repeats: Repeats,
}

/// What the purchase flow is built from.
pub(crate) struct BuyParts {
    pub store: Store,
    pub clock: Arc<dyn Clock>,
    pub purchases: Purchases,
    pub limits: Arc<Limits>,
    pub alerts: Arc<Alerts>,
    pub browse: Arc<Browse>,
    pub users: Arc<Users>,
    pub blocklist: Arc<Blocklist>,
    /// State every instance shares (Redis), when configured.
    pub shared: Option<crate::app::shared::SharedKeys>,
}

impl Buy {
    /// The purchase flow over `parts`, with no token spent and no captcha open yet.
    pub(crate) fn new(parts: BuyParts) -> Self {
        let since = parts.clock.now();
        let gate_claims = parts.purchases.gate().claims_tokens();
        Self {
            store: parts.store,
            purchases: parts.purchases,
            limits: parts.limits,
            alerts: parts.alerts,
            browse: parts.browse,
            users: parts.users,
            blocklist: parts.blocklist,
            captchas: Captchas::new().sharing(parts.shared.clone()),
            spent: SpentTokens::new(since)
                .sharing(parts.shared)
                .claimed_by_gate(gate_claims),
            repeats: Repeats::new(),
        }
    }
}
pub(crate) mod captcha_shared;
pub(crate) mod web;
