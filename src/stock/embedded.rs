//! The in-process gate for the single-binary default: one mutex per sale, same rules as Redis.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};

use async_trait::async_trait;
use chrono::{DateTime, Duration, Utc};

use super::{
    BuyOutcome, GateError, GateSeed, GateSnapshot, LoadMode, ReleaseOutcome, RestockOutcome,
    SeedSource, StockGate,
};
use crate::clock::Clock;
use crate::domain::{Quantity, RequestId, SaleId, UserId};

/// How long a sale's idempotency records outlive its end (same as the Redis keys' expiry).
pub(crate) const RETENTION_AFTER_END: Duration = Duration::days(1);

#[derive(Debug, Clone, Copy)]
struct Request {
    user: UserId,
    units: u32,
    released: bool,
}

#[derive(Debug)]
struct SaleState {
    stock: u32,
    remaining: u32,
    limit: u32,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    cancelled: bool,
    held: HashMap<UserId, u32>,
    requests: HashMap<RequestId, Request>,
}

impl SaleState {
    fn from_seed(seed: &GateSeed) -> Self {
        let mut held: HashMap<UserId, u32> = HashMap::new();
        let mut requests = HashMap::with_capacity(seed.requests.len());
        for r in &seed.requests {
            if r.holds_stock {
                *held.entry(r.user).or_default() += r.units;
            }
            requests.insert(
                r.request.clone(),
                Request {
                    user: r.user,
                    units: r.units,
                    released: !r.holds_stock,
                },
            );
        }
        Self {
            stock: seed.stock,
            remaining: seed.remaining(),
            limit: seed.per_user_limit,
            starts_at: seed.starts_at,
            ends_at: seed.ends_at,
            cancelled: seed.cancelled,
            held,
            requests,
        }
    }

    fn decide(
        &mut self,
        now: DateTime<Utc>,
        user: UserId,
        qty: u32,
        request: &RequestId,
    ) -> BuyOutcome {
        if self.requests.contains_key(request) {
            return BuyOutcome::Duplicate;
        }
        if self.cancelled {
            return BuyOutcome::Cancelled;
        }
        if now < self.starts_at {
            return BuyOutcome::NotStarted {
                starts_at: self.starts_at,
            };
        }
        if now >= self.ends_at {
            return BuyOutcome::Ended;
        }
        let held = self.held.get(&user).copied().unwrap_or(0);
        if held + qty > self.limit {
            return BuyOutcome::LimitReached {
                held,
                limit: self.limit,
            };
        }
        if self.remaining == 0 {
            return BuyOutcome::SoldOut;
        }
        if self.remaining < qty {
            return BuyOutcome::NotEnough {
                remaining: self.remaining,
            };
        }
        self.remaining -= qty;
        let now_held = self.held.entry(user).or_default();
        *now_held += qty;
        let now_held = *now_held;
        self.requests.insert(
            request.clone(),
            Request {
                user,
                units: qty,
                released: false,
            },
        );
        BuyOutcome::Reserved {
            remaining: self.remaining,
            held: now_held,
        }
    }

    fn raise(&mut self, stock: u32) -> RestockOutcome {
        if stock <= self.stock {
            return RestockOutcome::Unchanged {
                stock: self.stock,
                remaining: self.remaining,
            };
        }
        self.remaining += stock - self.stock;
        self.stock = stock;
        RestockOutcome::Raised {
            stock,
            remaining: self.remaining,
        }
    }

    fn release(&mut self, request: &RequestId) -> ReleaseOutcome {
        let Some(r) = self.requests.get_mut(request) else {
            return ReleaseOutcome::Unknown;
        };
        if r.released {
            return ReleaseOutcome::AlreadyReleased;
        }
        r.released = true;
        let (user, units) = (r.user, r.units);
        self.remaining = (self.remaining + units).min(self.stock);
        if let Some(h) = self.held.get_mut(&user) {
            *h = h.saturating_sub(units);
        }
        ReleaseOutcome::Released { units }
    }
}

/// In-process stock gate; correct for one process only.
pub struct EmbeddedGate {
    sales: RwLock<HashMap<SaleId, Arc<Mutex<SaleState>>>>,
    clock: Arc<dyn Clock>,
    source: Arc<dyn SeedSource>,
    reloads: super::ReloadLocks,
}

impl EmbeddedGate {
    /// A gate with no sales loaded.
    pub fn new(clock: Arc<dyn Clock>, source: Arc<dyn SeedSource>) -> Self {
        Self {
            sales: RwLock::new(HashMap::new()),
            clock,
            source,
            reloads: super::ReloadLocks::default(),
        }
    }

    fn sale(&self, sale: SaleId) -> Option<Arc<Mutex<SaleState>>> {
        self.sales
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .get(&sale)
            .cloned()
    }

    /// Drops sales that ended more than a day ago, with their idempotency records.
    fn sweep(&self, now: DateTime<Utc>) {
        let mut sales = self.sales.write().unwrap_or_else(|p| p.into_inner());
        sales.retain(|_, s| {
            let s = s.lock().unwrap_or_else(|p| p.into_inner());
            now < s.ends_at + RETENTION_AFTER_END
        });
    }
}

#[async_trait]
impl StockGate for EmbeddedGate {
    fn name(&self) -> &'static str {
        "embedded"
    }

    async fn load(&self, seed: &GateSeed, mode: LoadMode) -> Result<bool, GateError> {
        self.sweep(self.clock.now());
        let mut sales = self.sales.write().unwrap_or_else(|p| p.into_inner());
        if mode == LoadMode::IfAbsent && sales.contains_key(&seed.sale) {
            return Ok(false);
        }
        sales.insert(seed.sale, Arc::new(Mutex::new(SaleState::from_seed(seed))));
        Ok(true)
    }

    /// One process: its memory holds the buttons' claims, so `_token` changes nothing.
    async fn try_buy_once_pressed(
        &self,
        sale: SaleId,
        user: UserId,
        qty: Quantity,
        request: &RequestId,
        _token: Option<&str>,
    ) -> Result<BuyOutcome, GateError> {
        let Some(state) = self.sale(sale) else {
            return Ok(BuyOutcome::NotLoaded);
        };
        let now = self.clock.now();
        let mut s = state.lock().unwrap_or_else(|p| p.into_inner());
        Ok(s.decide(now, user, qty.get(), request))
    }

    async fn release(
        &self,
        sale: SaleId,
        request: &RequestId,
    ) -> Result<ReleaseOutcome, GateError> {
        let Some(state) = self.sale(sale) else {
            return Ok(ReleaseOutcome::NotLoaded);
        };
        let mut s = state.lock().unwrap_or_else(|p| p.into_inner());
        Ok(s.release(request))
    }

    async fn raise_stock(&self, sale: SaleId, stock: u32) -> Result<RestockOutcome, GateError> {
        let Some(state) = self.sale(sale) else {
            return Ok(RestockOutcome::NotLoaded);
        };
        let mut s = state.lock().unwrap_or_else(|p| p.into_inner());
        Ok(s.raise(stock))
    }

    async fn snapshot(&self, sale: SaleId) -> Result<Option<GateSnapshot>, GateError> {
        Ok(self.sale(sale).map(|state| {
            let s = state.lock().unwrap_or_else(|p| p.into_inner());
            GateSnapshot {
                stock: s.stock,
                remaining: s.remaining,
                per_user_limit: s.limit,
                cancelled: s.cancelled,
            }
        }))
    }

    async fn held_requests(&self, sale: SaleId) -> Result<Vec<RequestId>, GateError> {
        Ok(self.sale(sale).map_or_else(Vec::new, |state| {
            let s = state.lock().unwrap_or_else(|p| p.into_inner());
            s.requests
                .iter()
                .filter(|(_, r)| !r.released)
                .map(|(id, _)| id.clone())
                .collect()
        }))
    }

    fn reload_locks(&self) -> Option<&super::ReloadLocks> {
        Some(&self.reloads)
    }

    /// Exact here: this process holds the only count. A live sale with nothing left: later
    /// presses are refused without a token claim (one SQL read each) or a decision.
    fn known_sold_out(&self, sale: SaleId) -> bool {
        let now = self.clock.now();
        self.sale(sale).is_some_and(|state| {
            let s = state.lock().unwrap_or_else(|p| p.into_inner());
            s.remaining == 0 && !s.cancelled && s.starts_at <= now && now < s.ends_at
        })
    }

    fn seed_source(&self) -> &dyn SeedSource {
        self.source.as_ref()
    }
}
