//! The stock gate: the one place a purchase is decided, atomically, in Redis or in process.
//!
//! Both implementations keep the same promises, checked by one conformance suite
//! (`tests/it/gate_conformance.rs`): a reservation happens only inside the sale window, within
//! the remaining stock and the buyer's per-user limit, once per request id; a release gives
//! back exactly the units of one reservation, at most once. The Redis gate also claims a
//! pressed button's token as it reserves, so one button buys once across every instance
//! (`tests/it/gate_tokens.rs`).

mod embedded;
mod outcome;
mod redis;
mod reloads;
mod seed;
mod sold_out;
mod tap;

pub use embedded::EmbeddedGate;
pub use outcome::{BuyOutcome, GateError, GateSnapshot, LoadMode, ReleaseOutcome, RestockOutcome};
pub use redis::{RedisGate, RedisGateConfig};
pub use reloads::ReloadLocks;
pub use seed::{GateSeed, RequestRecord, SeedSource};
pub use sold_out::{MEMO_LIFE, MEMO_MAX, SoldOutMemo};
pub use tap::{GateTap, Tapped};

use async_trait::async_trait;

use crate::domain::{Quantity, RequestId, SaleId, UserId};

/// How long a signed button's token stays claimed by a press in flight when its instance dies
/// before settling it (the claim then lapses and the button works again).
pub const TOKEN_IN_FLIGHT: std::time::Duration = std::time::Duration::from_secs(120);

/// The name (prefix not included) of the key claiming a signed button's `token` on `sale`:
/// the sale's hash tag keeps it in the sale's cluster slot, so the purchase script can claim
/// it in the same atomic step as the decision.
pub fn token_key_name(sale: SaleId, token: &str) -> String {
    format!("{{sale:{}}}:tok:{token}", sale.get())
}

/// Decides purchases for every loaded sale.
#[async_trait]
pub trait StockGate: Send + Sync {
    /// Short name for logs and benchmark output ("embedded", "redis").
    fn name(&self) -> &'static str;

    /// Loads a sale's state; with `LoadMode::IfAbsent` an already loaded sale is left as is.
    /// Returns whether anything was written.
    async fn load(&self, seed: &GateSeed, mode: LoadMode) -> Result<bool, GateError>;

    /// One atomic decision, with no reload: live window, stock, per-user limit, new request id.
    async fn try_buy_once(
        &self,
        sale: SaleId,
        user: UserId,
        qty: Quantity,
        request: &RequestId,
    ) -> Result<BuyOutcome, GateError> {
        self.try_buy_once_pressed(sale, user, qty, request, None)
            .await
    }

    /// [`StockGate::try_buy_once`] for a press of the signed button `token`: a gate that
    /// [`claims_tokens`](StockGate::claims_tokens) refuses it as
    /// [`BuyOutcome::Replayed`] when another request holds the token, and claims it for
    /// `request` in the same atomic step when it reserves (a refusal leaves it free). Other
    /// gates decide as without a token.
    async fn try_buy_once_pressed(
        &self,
        sale: SaleId,
        user: UserId,
        qty: Quantity,
        request: &RequestId,
        token: Option<&str>,
    ) -> Result<BuyOutcome, GateError>;

    /// Whether [`StockGate::try_buy_once_pressed`] claims the token shared by every instance
    /// (the Redis gate does; one process's memory is enough for the embedded gate).
    fn claims_tokens(&self) -> bool {
        false
    }

    /// Gives back the units of one reservation; a second call changes nothing.
    async fn release(&self, sale: SaleId, request: &RequestId)
    -> Result<ReleaseOutcome, GateError>;

    /// Raises the sale's stock to `stock` (the store's new total), adding the difference to
    /// the units on sale, atomically with purchases. Idempotent: a gate already at or above
    /// `stock` changes nothing, so a gate rebuilt from the store after the store's write is
    /// never raised twice. The store is written first (see `app::restock`).
    async fn raise_stock(&self, sale: SaleId, stock: u32) -> Result<RestockOutcome, GateError>;

    /// The sale's counters as the gate sees them, or `None` when it is not loaded.
    async fn snapshot(&self, sale: SaleId) -> Result<Option<GateSnapshot>, GateError>;

    /// Request ids whose units the gate holds for `sale` (reserved, not released); empty when
    /// the sale is not loaded. Used to find reservations a crash cut off before their order.
    async fn held_requests(&self, sale: SaleId) -> Result<Vec<RequestId>, GateError>;

    /// Whether the gate can decide right now (Redis answers); the embedded gate always can.
    async fn ready(&self) -> Result<(), GateError> {
        Ok(())
    }

    /// Whether this process knows, without asking anyone, that `sale` is sold out right now
    /// (the sold-out memo, see [`SoldOutMemo`]); plain gates never do.
    fn known_sold_out(&self, _sale: SaleId) -> bool {
        false
    }

    /// Where `reload_from_store` reads sales from.
    fn seed_source(&self) -> &dyn SeedSource;

    /// The per-sale reload turns `try_buy` takes, so a rush on an unloaded sale reads it
    /// from the store once; `None` (wrappers that don't forward it) reloads without turns.
    fn reload_locks(&self) -> Option<&ReloadLocks> {
        None
    }

    /// How many times a press found its sale not loaded and read it from the store (0 for
    /// wrappers that don't forward [`StockGate::reload_locks`]).
    fn press_loads(&self) -> u64 {
        self.reload_locks().map_or(0, ReloadLocks::press_loads)
    }

    /// Loads the sale from the store unless it is already loaded; false when the store has no such sale.
    async fn reload_from_store(&self, sale: SaleId) -> Result<bool, GateError> {
        match self.seed_source().gate_seed(sale).await {
            Ok(Some(seed)) => {
                self.load(&seed, LoadMode::IfAbsent).await?;
                Ok(true)
            }
            Ok(None) => Ok(false),
            Err(e) => Err(GateError::Store(format!("{e:#}"))),
        }
    }

    /// `try_buy_once`, reloading the sale from the store and retrying once when it is not loaded.
    async fn try_buy(
        &self,
        sale: SaleId,
        user: UserId,
        qty: Quantity,
        request: &RequestId,
    ) -> Result<BuyOutcome, GateError> {
        self.try_buy_pressed(sale, user, qty, request, None).await
    }

    /// [`StockGate::try_buy`] for a press of the signed button `token` (see
    /// [`StockGate::try_buy_once_pressed`]).
    async fn try_buy_pressed(
        &self,
        sale: SaleId,
        user: UserId,
        qty: Quantity,
        request: &RequestId,
        token: Option<&str>,
    ) -> Result<BuyOutcome, GateError> {
        let first = self
            .try_buy_once_pressed(sale, user, qty, request, token)
            .await?;
        if first != BuyOutcome::NotLoaded {
            return Ok(first);
        }
        let _turn = match self.reload_locks() {
            Some(locks) => {
                let turn = locks.turn(sale).await;
                // The press that had the turn before this one may have loaded the sale.
                let again = self
                    .try_buy_once_pressed(sale, user, qty, request, token)
                    .await?;
                if again != BuyOutcome::NotLoaded {
                    return Ok(again);
                }
                Some(turn)
            }
            None => None,
        };
        if let Some(locks) = self.reload_locks() {
            locks.count_press_load();
        }
        tracing::info!(
            sale = sale.get(),
            gate = self.name(),
            "sale not loaded; reloading from store"
        );
        if !self.reload_from_store(sale).await? {
            return Ok(BuyOutcome::UnknownSale);
        }
        self.try_buy_once_pressed(sale, user, qty, request, token)
            .await
    }
}
