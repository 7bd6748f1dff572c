//! `/cancelsale <sale>`: a confirm step, then the sale is cancelled through
//! [`Payments::cancel_sale`] (gate told at once, pending orders cancelled and released,
//! buyers told once) and the change is audited.

use std::sync::Arc;

use async_trait::async_trait;
use serde_json::json;

use crate::app::assistant::Turn;
use crate::app::customer::payments::{Payments, Refunder};
use crate::app::failure::Failure;
use crate::app::merchant::Merchant;
use crate::app::merchant::commands::Staff;
use crate::app::or_answer;
use crate::app::turn::action::Action;
use crate::app::turn::answer::Answer;
use crate::domain::{ChargeId, OrderState, SaleId, SaleStatus, UserId};
use crate::i18n::Msg;

/// The refunder of transports that cannot take payments (the terminal chat): every refund
/// stays owed, to be retried by a run on Telegram.
pub struct NoRefunds;

#[async_trait]
impl Refunder for NoRefunds {
    async fn refund(&self, buyer: UserId, _charge: &ChargeId) -> anyhow::Result<()> {
        anyhow::bail!("no payment transport here to refund user {buyer}")
    }
}

impl Merchant {
    /// What cancels sales and settles payments.
    pub(crate) fn payments(&self) -> &Arc<Payments> {
        &self.payments
    }

    /// `/cancelsale <sale>`: says what cancelling will do and asks to confirm.
    pub(crate) async fn ask_cancel_sale(
        &self,
        staff: Staff,
        args: &[&str],
    ) -> Result<Answer, Failure> {
        let sale = or_answer!(self.managed_sale(staff, args, "cancelsale-usage").await?);
        if sale.status == SaleStatus::Cancelled {
            return Ok(Answer::new(
                Msg::new("cancelsale-already").arg("sale", sale.id.get()),
            ));
        }
        let orders = self
            .store
            .orders_for_sale(sale.id)
            .await
            .map_err(|e| Failure::new("orders not read", e).sale(sale.id))?;
        let count = |s: OrderState| orders.iter().filter(|o| o.state == s).count() as i64;
        let (pending, paid) = (count(OrderState::Pending), count(OrderState::Paid));
        // Nobody to refund or tell: the question says so instead of promising messages.
        let key = if pending + paid == 0 {
            "cancelsale-confirm-nobody"
        } else {
            "cancelsale-confirm"
        };
        Ok(Answer::new(
            Msg::new(key)
                .arg("sale", sale.id.get())
                .arg("title", sale.draft.title.as_str())
                .arg("pending", pending)
                .arg("paid", paid),
        )
        .button(
            Msg::new("button-cancelsale-yes"),
            Action::CancelSale(sale.id),
        )
        .button(Msg::new("button-cancelsale-no"), Action::KeepSale))
    }

    /// The confirmed cancellation; the role and the sale's owner are checked again.
    pub(crate) async fn cancel_sale_confirmed(
        &self,
        turn: &Turn,
        id: SaleId,
    ) -> Result<Answer, Failure> {
        let role = self
            .roles
            .role_of(&self.store, turn.user)
            .await
            .map_err(|e| Failure::new("role not read", e).user(turn.user))?;
        let staff = Staff {
            user: turn.user,
            role,
        };
        let raw = id.to_string();
        let sale = or_answer!(
            self.managed_sale(staff, &[raw.as_str()], "cancelsale-usage")
                .await?
        );
        if sale.status == SaleStatus::Cancelled {
            return Ok(Answer::new(
                Msg::new("cancelsale-already").arg("sale", id.get()),
            ));
        }
        let report = self
            .payments
            .cancel_sale(id)
            .await
            .map_err(|e| Failure::new("sale not cancelled", e).sale(id))?;
        // Cached copies must not keep selling or showing the sale as live.
        self.browse.sales_changed();
        tracing::info!(
            actor = turn.user.get(),
            sale = id.get(),
            cancelled = report.cancelled,
            refunded = report.refunded,
            "sale cancelled by staff"
        );
        self.record(
            turn.user,
            "cancel-sale",
            format!("sale:{id}"),
            json!({ "status": "active", "title": sale.draft.title.as_str() }),
            json!({
                "status": "cancelled",
                "orders_cancelled": report.cancelled,
                "refunded": report.refunded,
                "refunds_owed": report.refunds_owed,
            }),
            turn.now,
        )
        .await;
        Ok(Answer::new(
            Msg::new("cancelsale-done")
                .arg("sale", id.get())
                .arg("title", sale.draft.title.as_str())
                .arg("cancelled", report.cancelled)
                .arg("refunded", report.refunded),
        )
        .line(if report.refunds_owed > 0 {
            Msg::new("cancelsale-refunds-owed").arg("count", report.refunds_owed)
        } else if report.cancelled + report.refunded == 0 {
            Msg::new("cancelsale-no-buyers")
        } else {
            Msg::new("cancelsale-buyers-told")
        }))
    }
}
