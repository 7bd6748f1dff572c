//! Answers about sales: the list, one sale's details and countdown, reminders.

use chrono::{DateTime, Utc};

use crate::app::assistant::Turn;
use crate::app::browse::Browse;
use crate::app::browse::catalog::{Catalog, view_of};
use crate::app::browse::present::{self, SaleView};
use crate::app::failure::Failure;
use crate::app::turn::action::Action;
use crate::app::turn::answer::Answer;
use crate::app::turn::context::Context;
use crate::domain::{Phase, Sale, SaleId};
use crate::i18n::Msg;
use crate::nlu::{Parsed, Pick, QuantityIssue};

/// Most sales listed (or offered as choices) in one reply.
pub(crate) const MAX_LISTED: usize = 12;

impl Browse {
    /// The current sales with phase, price and countdown; one button per sale; and the
    /// sales shown, in order ("the first one" later).
    pub(crate) fn list(&self, turn: &Turn, catalog: &Catalog) -> (Answer, Vec<SaleId>) {
        let listed: Vec<&SaleView> = catalog
            .views
            .iter()
            .filter(|v| v.phase != Phase::Cancelled)
            .collect();
        let more = listed.len().saturating_sub(MAX_LISTED);
        let shown = &listed[..listed.len().min(MAX_LISTED)];
        if shown.is_empty() {
            let empty = Answer::new(Msg::new("list-empty")).line(Msg::new("fallback-hint"));
            return (empty, Vec::new());
        }
        let ids = shown.iter().map(|v| v.sale.id).collect();
        let mut answer = Answer::new(Msg::new("list-header").arg("count", shown.len() as i64));
        for view in shown {
            answer = answer
                .lines(present::list_line(view, turn.now, self.tz))
                .button(
                    Msg::new("button-sale").arg("title", view.title()),
                    Action::Info(view.sale.id),
                );
        }
        if more > 0 {
            // The list stops at MAX_LISTED; say so instead of hiding the rest.
            answer = answer.line(Msg::new("list-more").arg("more", more as i64));
        }
        (answer.line(Msg::new("list-hint")), ids)
    }

    /// A sale by id, current or not; "gone" (the inner `Err`) when the store has no such sale.
    pub(crate) async fn sale_view(
        &self,
        id: SaleId,
        now: DateTime<Utc>,
    ) -> Result<Result<SaleView, Answer>, Failure> {
        let found = self
            .store
            .sale(id)
            .await
            .map_err(|e| Failure::new("sale not loaded", e).sale(id).alert("sql"))?;
        let Some(sale) = found else {
            return Ok(Err(Answer::new(Msg::new("sale-gone")).with_way_out()));
        };
        let view = view_of(&self.store, sale, now).await;
        Ok(Ok(view.map_err(|e| {
            Failure::new("sale counts not loaded", e).sale(id)
        })?))
    }

    /// A sale as stored, from the short-lived cache when possible; "gone" (the inner `Err`)
    /// when there is none. A store failure falls back on an expired copy when there is one.
    pub(crate) async fn sale_for_buying(
        &self,
        id: SaleId,
    ) -> Result<Result<Sale, Answer>, Failure> {
        if let Some(sale) = self.sales.get(&id) {
            return Ok(Ok(sale));
        }
        // In a rush, one press reloads an expired sale while the others use the old copy
        // (the gate decides stock and window anyway), so expiry never stampedes SQL; a
        // sale not seen yet is loaded by one press while the others wait for its copy.
        let Some(stale) = self.sales.get_stale(&id) else {
            let loaded = self.sales.get_or_load(id, || self.store.sale(id)).await;
            return match loaded {
                Ok(Some(sale)) => Ok(Ok(sale)),
                Ok(None) => Ok(Err(Answer::new(Msg::new("sale-gone")).with_way_out())),
                Err(e) => Err(Failure::new("sale not loaded", e).sale(id).alert("sql")),
            };
        };
        if !self.sales.claim_refresh() {
            return Ok(Ok(stale));
        }
        let loaded = self.store.sale(id).await;
        self.sales.end_refresh();
        match loaded {
            Ok(Some(sale)) => {
                self.sales.put(id, sale.clone());
                Ok(Ok(sale))
            }
            Ok(None) => Ok(Err(Answer::new(Msg::new("sale-gone")).with_way_out())),
            Err(e) => {
                // The buyer is served from the expired copy; the failure is still seen.
                Failure::new("sale not loaded; expired copy used", e)
                    .sale(id)
                    .log();
                self.alerts
                    .note_backend_error("sql", self.clock.now())
                    .await;
                Ok(Ok(stale))
            }
        }
    }

    /// The sale a message is about: the one it names, else the only candidate, else the one
    /// talked about last in this chat (when the message names none), else the only sale.
    pub(crate) fn resolve(
        &self,
        catalog: &Catalog,
        parsed: &Parsed,
        ctx: &Context,
    ) -> Option<SaleId> {
        let named = parsed.sale.as_ref().or(match parsed.candidates.as_slice() {
            [only] => Some(only),
            _ => None,
        });
        if let Some(id) = named
            .and_then(|s| s.parse::<i64>().ok())
            .and_then(|n| SaleId::parse(n).ok())
        {
            return Some(id);
        }
        if !parsed.candidates.is_empty() {
            return None;
        }
        // "The next sale", "the cheapest": that sale, never the one in context.
        if let Some(pick) = parsed.pick {
            return picked(catalog, pick);
        }
        ctx.last_sale().or(match catalog.views.as_slice() {
            [only] => Some(only.sale.id),
            _ => None,
        })
    }

    /// A sale's countdown in words (with the remind hint while it is upcoming).
    pub(crate) fn countdown(&self, turn: &Turn, view: &SaleView) -> Answer {
        let answer = Answer::new(Msg::new("countdown-title").arg("title", view.title()))
            .line(present::phase_line(view, turn.now, self.tz))
            .lines(remind_button_hint(view));
        match view.phase {
            Phase::Upcoming => {
                answer.button(Msg::new("button-remind"), Action::Remind(view.sale.id))
            }
            _ => answer,
        }
    }
}

/// The sale of rank `pick` in `catalog`: the upcoming one starting first, or the lowest or
/// highest price among those still to be bought (live or upcoming). `None` when there is
/// none, or when two share the rank (the customer is then asked which).
fn picked(catalog: &Catalog, pick: Pick) -> Option<SaleId> {
    let phases: &[Phase] = match pick {
        Pick::Next => &[Phase::Upcoming],
        Pick::Cheapest | Pick::Dearest => &[Phase::Live, Phase::Upcoming],
    };
    let views: Vec<&SaleView> = catalog
        .views
        .iter()
        .filter(|v| phases.contains(&v.phase))
        .collect();
    // Prices in two currencies do not rank against each other: ask which.
    let mut currencies = views.iter().map(|v| v.sale.draft.price.currency());
    if pick != Pick::Next
        && let Some(first) = currencies.next()
        && currencies.any(|c| c != first)
    {
        return None;
    }
    // Ranked best first: the earliest start, the lowest price, or the highest.
    let mut ranked: Vec<(i64, SaleId)> = views
        .iter()
        .map(|v| match pick {
            Pick::Next => (v.sale.draft.window.starts_at().timestamp(), v.sale.id),
            Pick::Cheapest => (v.sale.draft.price.minor(), v.sale.id),
            Pick::Dearest => (-v.sale.draft.price.minor(), v.sale.id),
        })
        .collect();
    ranked.sort_by_key(|&(key, _)| key);
    match ranked.as_slice() {
        [(a, first), (b, _), ..] if a != b => Some(*first),
        [(_, first)] => Some(*first),
        _ => None,
    }
}

/// A hint line for an upcoming sale's countdown (the remind button comes with info).
fn remind_button_hint(view: &SaleView) -> Vec<Msg> {
    match view.phase {
        Phase::Upcoming => vec![Msg::new("countdown-remind-hint")],
        _ => Vec::new(),
    }
}

/// The obvious next button: buy when live, remind when upcoming.
pub(crate) fn offer_next_step(answer: Answer, view: &SaleView) -> Answer {
    match view.phase {
        Phase::Live => answer.button(
            Msg::new("button-buy").arg("title", view.title()),
            Action::Buy(view.sale.id, 1),
        ),
        Phase::Upcoming => answer.button(Msg::new("button-remind"), Action::Remind(view.sale.id)),
        _ => answer.button(Msg::new("button-list"), Action::List),
    }
}

/// Buttons buying 1, 2 or 3 units (within the sale's limit) of a live sale, after a
/// quantity that could not be read.
pub(crate) fn offer_counts(answer: Answer, view: &SaleView) -> Answer {
    let most = view.sale.draft.per_user_limit.get().min(3);
    (1..=most).fold(answer, |answer, qty| {
        answer.button(
            Msg::new("button-buy-n").arg("qty", qty),
            Action::Buy(view.sale.id, qty),
        )
    })
}

/// The answer to a stated quantity that cannot be bought ("0", "-3", "1e9", "三千万").
pub(crate) fn quantity_issue(issue: QuantityIssue, limit: Option<u32>) -> Answer {
    let first = match issue {
        QuantityIssue::Zero => Msg::new("qty-zero"),
        QuantityIssue::Negative => Msg::new("qty-negative"),
        QuantityIssue::TooLarge(n) => {
            Msg::new("qty-too-large").arg("qty", i64::try_from(n).unwrap_or(i64::MAX))
        }
        QuantityIssue::NotANumber => Msg::new("qty-not-a-number"),
        QuantityIssue::Everything => Msg::new("qty-everything"),
        QuantityIssue::Vague => Msg::new("qty-vague"),
    };
    let answer = Answer::new(first);
    match limit {
        Some(limit) => answer.line(Msg::new("qty-limit-is").arg("limit", limit)),
        None => answer.line(Msg::new("qty-how")),
    }
}
