//! `/restock <sale> <n>`: adds units to a sale that can still sell, in the store and the gate.
//!
//! Order of the two writes: the store first (`stock += n`, the source of truth), then the
//! gate is raised to the store's new total (`StockGate::raise_stock`, idempotent).
//! - A stampede meanwhile never oversells: the gate only ever holds units the store already
//!   has, and the schema refuses more live units than the stock anyway.
//! - A crash between the two undersells, never oversells: the gate lags the store until it
//!   is rebuilt from the store (embedded gate: at start; Redis: when its keys are missing, or
//!   `flashsale reconcile --repair`, which reports the drift).
//! - A gate rebuilt from the store after the store's write already has the new stock, and
//!   raising it to that total again changes nothing.
//!
//! People on the sale's waitlist are offered the new units by the waitlist worker's next pass.

use serde_json::json;

use crate::app::failure::Failure;
use crate::app::merchant::Merchant;
use crate::app::merchant::commands::StaffCall;
use crate::app::or_answer;
use crate::app::turn::answer::Answer;
use crate::domain::{MAX_STOCK, SaleStatus};
use crate::i18n::Msg;
use crate::stock::RestockOutcome;
use crate::store::SubscriptionKind;

/// Most units one `/restock` adds.
pub(crate) const MAX_RESTOCK: u32 = 1_000_000;

/// The units of `/restock <sale> <n>`: a whole number from 1 to [`MAX_RESTOCK`].
fn units(raw: &str) -> Option<u32> {
    raw.parse::<u32>()
        .ok()
        .filter(|n| (1..=MAX_RESTOCK).contains(n))
}

impl Merchant {
    /// `/restock <sale> <n>`: adds `n` units (store first, then the gate) and audits it.
    pub(crate) async fn restock(&self, call: StaffCall<'_>) -> Result<Answer, Failure> {
        let StaffCall { turn, staff, args } = call;
        let [raw_sale, raw_units] = args else {
            return Ok(Answer::new(Msg::new("restock-usage")));
        };
        let Some(n) = units(raw_units) else {
            return Ok(Answer::new(
                Msg::new("restock-bad-units")
                    .arg("raw", *raw_units)
                    .arg("max", i64::from(MAX_RESTOCK)),
            ));
        };
        let sale = or_answer!(
            self.managed_sale(staff, &[*raw_sale], "restock-usage")
                .await?
        );
        let id = sale.id;
        if sale.status == SaleStatus::Cancelled {
            return Ok(Answer::new(
                Msg::new("restock-cancelled").arg("sale", id.get()),
            ));
        }
        if turn.now >= sale.draft.window.ends_at() {
            return Ok(Answer::new(Msg::new("restock-ended").arg("sale", id.get())));
        }
        if u64::from(sale.draft.stock.get()) + u64::from(n) > u64::from(MAX_STOCK) {
            return Ok(Answer::new(
                Msg::new("restock-too-big")
                    .arg("sale", id.get())
                    .arg("max", i64::from(MAX_STOCK)),
            ));
        }
        let restocked = match self.store.restock_sale(id, n, turn.now).await {
            Ok(Some(r)) => r,
            // Cancelled, ended or grown past the cap since it was read.
            Ok(None) => return Ok(Answer::new(Msg::new("restock-ended").arg("sale", id.get()))),
            Err(e) => return Err(Failure::new("stock not added", e).sale(id)),
        };
        let gate = self.purchases.gate().clone();
        let in_gate = match gate.raise_stock(id, restocked.after).await {
            Ok(RestockOutcome::Raised { remaining, .. })
            | Ok(RestockOutcome::Unchanged { remaining, .. }) => Some(remaining),
            Ok(RestockOutcome::NotLoaded) => None,
            Err(e) => {
                // The store has the units; the gate catches up when rebuilt (reconcile --repair).
                tracing::error!(sale = id.get(), error = %e, "gate not raised after restock; it undersells until repaired");
                None
            }
        };
        self.browse.sales_changed();
        let waiting = match self.store.subscribers(id, SubscriptionKind::Waitlist).await {
            Ok(w) => w.len() as i64,
            Err(e) => {
                tracing::warn!(sale = id.get(), error = %e, "waitlist not counted");
                0
            }
        };
        tracing::info!(
            actor = turn.user.get(),
            sale = id.get(),
            added = n,
            stock = restocked.after,
            "sale restocked"
        );
        self.record(
            turn.user,
            "restock",
            format!("sale:{id}"),
            json!({ "stock": restocked.before }),
            json!({ "stock": restocked.after, "added": n, "gate_remaining": in_gate }),
            turn.now,
        )
        .await;
        let answer = Answer::new(
            Msg::new("restock-done")
                .arg("sale", id.get())
                .arg("title", sale.draft.title.as_str())
                .arg("added", i64::from(n))
                .arg("stock", i64::from(restocked.after)),
        );
        Ok(if waiting > 0 {
            answer.line(Msg::new("restock-waitlist").arg("count", waiting))
        } else {
            answer
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_are_a_whole_number_from_one_to_a_million() {
        assert_eq!(units("1"), Some(1));
        assert_eq!(units("1000000"), Some(1_000_000));
        for bad in ["0", "-5", "1000001", "ten", "2.5", "", "99999999999"] {
            assert_eq!(units(bad), None, "{bad}");
        }
    }
}
