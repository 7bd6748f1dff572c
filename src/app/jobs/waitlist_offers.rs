//! The waitlist: units that come back to a sold-out sale (expiry, cancellation) are offered,
//! one unit each, to the people waiting, first come first served, with a short claim window.
//!
//! Promises: an offered unit is held in the gate under the offer's request id (`wl-<id>`), so
//! nobody else can buy it while the offer is open and the gate still decides stock and the
//! per-user limit. A claim turns that hold into the user's order (same request id); a lapse
//! (compare-and-set, then one idempotent release) gives it back and the next person is
//! offered on the next step. Lapsed and served users leave the line.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};

use crate::app::jobs::notice::{give_back, sale_title, stored_locale};
use crate::app::turn::action::Action;
use crate::clock::Clock;
use crate::delivery::OutboxBody;
use crate::domain::{Offer, OfferState, Phase, Quantity, Sale, SaleId, Span, UserId};
use crate::i18n::{Msg, Texts};
use crate::stock::{BuyOutcome, StockGate};
use crate::store::{Store, StoreError, SubscriptionKind};

/// How long an offered unit waits for its claim by default.
pub const CLAIM_WINDOW: Duration = Duration::minutes(2);

/// How often the worker looks for returned units: short, since a returned unit is up for
/// grabs by anyone until the next pass offers it (passes are a few small queries).
pub const PASS_EVERY: StdDuration = StdDuration::from_secs(2);

/// What one pass did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WaitlistReport {
    /// New offers (each holds one unit).
    pub offered: u32,
    /// Offers whose claim window ran out.
    pub lapsed: u32,
    /// Units the lapsed offers gave back to the gate.
    pub units_released: u32,
}

/// Offers returned units to waiting customers and lapses unclaimed offers.
pub struct WaitlistWorker {
    store: Store,
    gate: Arc<dyn StockGate>,
    clock: Arc<dyn Clock>,
    texts: Arc<Texts>,
    claim_window: Duration,
}

impl WaitlistWorker {
    /// A worker over the store and the gate; offers stay open for `claim_window`.
    pub fn new(
        store: Store,
        gate: Arc<dyn StockGate>,
        clock: Arc<dyn Clock>,
        texts: Arc<Texts>,
        claim_window: Duration,
    ) -> Self {
        Self {
            store,
            gate,
            clock,
            texts,
            claim_window,
        }
    }

    /// Lapses overdue offers, then offers available units of waitlisted sales.
    pub async fn step(&self) -> Result<WaitlistReport, StoreError> {
        let now = self.clock.now();
        let mut report = WaitlistReport::default();
        for offer in self.store.overdue_offers(now, 200).await? {
            if !self
                .store
                .set_offer_state(offer.id, OfferState::Offered, OfferState::Lapsed, now)
                .await?
            {
                continue; // claimed (or lapsed by another worker) meanwhile
            }
            report.lapsed += 1;
            report.units_released += self.release(&offer).await;
            self.store
                .unsubscribe(offer.sale, offer.user, SubscriptionKind::Waitlist)
                .await?;
            let key = format!("waitlist-lapsed:{}", offer.id);
            let running = match self.store.sale(offer.sale).await {
                Ok(Some(sale)) => sale.phase(now, 1) == Phase::Live,
                _ => false,
            };
            let msg = match running {
                false => "waitlist-withdrawn",
                true if self.someone_else_waits(offer.sale, offer.user).await => "waitlist-lapsed",
                true => "waitlist-lapsed-released",
            };
            self.tell(&offer, &key, msg, None).await;
            tracing::info!(
                offer = offer.id.get(),
                sale = offer.sale.get(),
                user = offer.user.get(),
                "waitlist offer lapsed"
            );
        }
        for sale in self.store.waitlisted_sales().await? {
            report.offered += self.offer_units(sale, now).await?;
        }
        Ok(report)
    }

    /// Offers one unit each to the next people in line, while the gate has units left.
    async fn offer_units(&self, id: SaleId, now: DateTime<Utc>) -> Result<u32, StoreError> {
        let Some(sale) = self.store.sale(id).await? else {
            return Ok(0);
        };
        let mut available = self.available(id).await;
        match sale.phase(now, available) {
            Phase::Live => {}
            Phase::Ended | Phase::Cancelled => {
                self.store
                    .clear_subscriptions(id, SubscriptionKind::Waitlist)
                    .await?;
                return Ok(0);
            }
            Phase::Upcoming | Phase::SoldOut => return Ok(0),
        }
        let open = self
            .store
            .offers_of_sale(id, &[OfferState::Offered])
            .await?;
        let open: HashSet<UserId> = open.iter().map(|o| o.user).collect();
        let one = Quantity::parse(1).map_err(StoreError::from)?;
        let mut offered = 0;
        for user in self
            .store
            .subscribers(id, SubscriptionKind::Waitlist)
            .await?
        {
            if available == 0 {
                break;
            }
            if open.contains(&user) {
                continue;
            }
            let until = now + self.claim_window;
            let Some(offer) = self.store.create_offer(id, user, 1, now, until).await? else {
                continue;
            };
            match self.gate.try_buy(id, user, one, &offer.request()).await {
                Ok(BuyOutcome::Reserved { remaining, .. }) => available = remaining,
                // Held already (the gate was rebuilt from the store, which counts this offer).
                Ok(BuyOutcome::Duplicate) => available = available.saturating_sub(1),
                Ok(BuyOutcome::LimitReached { .. }) => {
                    // They hold their limit already; they keep their place for later units.
                    self.store.drop_offer(offer.id).await?;
                    continue;
                }
                Ok(other) => {
                    tracing::info!(sale = id.get(), outcome = other.name(), "no unit to offer");
                    self.store.drop_offer(offer.id).await?;
                    break;
                }
                Err(e) => {
                    // Unknown whether the gate holds it: close the offer and give back at most once.
                    tracing::warn!(sale = id.get(), user = user.get(), error = %e, "gate unavailable; offer withdrawn");
                    if self
                        .store
                        .set_offer_state(offer.id, OfferState::Offered, OfferState::Lapsed, now)
                        .await?
                    {
                        self.release(&offer).await;
                    }
                    break;
                }
            }
            offered += 1;
            let key = format!("waitlist-offer:{}", offer.id);
            let msg = match self.someone_else_waits(id, user).await {
                true => "waitlist-offer",
                false => "waitlist-offer-last",
            };
            self.tell(&offer, &key, msg, Some(&sale)).await;
            tracing::info!(
                offer = offer.id.get(),
                sale = id.get(),
                user = user.get(),
                "waitlist unit offered"
            );
        }
        Ok(offered)
    }

    /// Whether anyone but `user` is in line without an open offer (the next person a
    /// returned unit would go to); false when the store cannot say.
    async fn someone_else_waits(&self, sale: SaleId, user: UserId) -> bool {
        let (Ok(line), Ok(open)) = (
            self.store
                .subscribers(sale, SubscriptionKind::Waitlist)
                .await,
            self.store
                .offers_of_sale(sale, &[OfferState::Offered])
                .await,
        ) else {
            return false;
        };
        line.iter()
            .any(|u| *u != user && open.iter().all(|o| o.user != *u))
    }

    /// Units the gate has left for the sale (loading it from the store when absent).
    async fn available(&self, sale: SaleId) -> u32 {
        if let Ok(Some(s)) = self.gate.snapshot(sale).await {
            return s.remaining;
        }
        if !matches!(self.gate.reload_from_store(sale).await, Ok(true)) {
            return 0;
        }
        match self.gate.snapshot(sale).await {
            Ok(Some(s)) => s.remaining,
            _ => 0,
        }
    }

    async fn release(&self, offer: &Offer) -> u32 {
        give_back(self.gate.as_ref(), offer.sale, &offer.request())
            .await
            .unwrap_or_else(|e| {
                // Held until `reconcile --repair`: it can undersell for a while, never oversell.
                tracing::error!(offer = offer.id.get(), error = %e, "lapsed offer's unit not released yet");
                0
            })
    }

    /// Queues a notice about `offer` for its user; with the sale, a Claim button too.
    async fn tell(&self, offer: &Offer, key: &str, msg: &'static str, sale: Option<&Sale>) {
        let now = self.clock.now();
        let locale = stored_locale(&self.store, offer.user, None).await;
        let title = match sale {
            Some(s) => s.draft.title.as_str().to_owned(),
            None => sale_title(&self.store, offer.sale).await,
        };
        let text = self.texts.render(
            locale,
            &Msg::new(msg)
                .arg("title", title)
                .arg("span", Span::until(now, offer.expires_at)),
        );
        let buttons = match sale {
            Some(_) => vec![vec![(
                self.texts.render(locale, &Msg::new("button-claim")),
                Action::Claim(offer.id).payload(),
            )]],
            None => Vec::new(),
        };
        let body = OutboxBody {
            text,
            buttons,
            lang: Some(locale.tag().to_owned()),
        };
        if let Err(e) = body.queue(&self.store, offer.user.get(), key, now).await {
            tracing::error!(offer = offer.id.get(), error = %e, "waitlist notice not queued");
        }
    }

    /// Gives back units of offers lapsed in the last day whose release may have been lost
    /// (a crash after the state change); returns the units that were still held.
    pub async fn recover(&self) -> Result<u32, StoreError> {
        let since = self.clock.now() - Duration::days(1);
        let mut units = 0;
        for offer in self.store.offers_lapsed_since(since).await? {
            units += self.release(&offer).await;
        }
        if units > 0 {
            tracing::warn!(units, "units of lapsed offers were still held; released");
        }
        Ok(units)
    }
}

#[async_trait::async_trait]
impl crate::worker::Worker for WaitlistWorker {
    fn name(&self) -> &'static str {
        "waitlist offers"
    }

    async fn recover(&self) -> anyhow::Result<()> {
        WaitlistWorker::recover(self).await?;
        Ok(())
    }

    async fn step(&self) -> anyhow::Result<crate::worker::Pass> {
        WaitlistWorker::step(self).await?;
        Ok(crate::worker::Pass::Idle)
    }

    fn period(&self) -> StdDuration {
        PASS_EVERY
    }
}
