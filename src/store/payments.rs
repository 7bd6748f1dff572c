//! Payments: a successful payment recorded and its order marked paid in one transaction,
//! exactly once per Telegram charge id; refunds marked by compare-and-set.

use chrono::{DateTime, Utc};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::time::to_ms;
use super::{Store, StoreError};
use crate::domain::{ChargeId, Currency, OrderId, UserId};

/// A successful payment as reported by Telegram, about to be recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPayment {
    pub order: OrderId,
    pub buyer: UserId,
    pub charge: ChargeId,
    /// The payment provider's id (empty for Stars).
    pub provider_charge: String,
    pub amount: u32,
    pub currency: Currency,
    pub at: DateTime<Utc>,
}

/// Whether the money of a recorded payment is still held or was given back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaymentState {
    Paid,
    Refunded,
}

impl PaymentState {
    fn parse(raw: &str) -> Result<Self, StoreError> {
        match raw {
            "paid" => Ok(Self::Paid),
            "refunded" => Ok(Self::Refunded),
            other => Err(StoreError::Corrupt(format!("payment state {other}"))),
        }
    }
}

/// What recording a payment did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaymentRecord {
    /// New charge; the pending order is now paid.
    Settled,
    /// New charge, but the order could not be paid (closed, overdue, already paid by
    /// another charge): the money must go back.
    RefundDue,
    /// This charge id was recorded before; nothing changed.
    AlreadyRecorded(PaymentState),
}

/// A stored payment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payment {
    pub order: OrderId,
    pub buyer: UserId,
    pub charge: ChargeId,
    pub amount: u32,
    pub state: PaymentState,
}

const PAYMENT_COLUMNS: &str = "order_id, buyer_id, telegram_charge_id, amount, state";

fn payment_from_row(row: &AnyRow) -> Result<Payment, StoreError> {
    let charge: String = row.try_get("telegram_charge_id")?;
    let state: String = row.try_get("state")?;
    Ok(Payment {
        order: OrderId::parse(row.try_get("order_id")?)?,
        buyer: UserId::parse(row.try_get("buyer_id")?)?,
        charge: ChargeId::parse(&charge)?,
        amount: u32::try_from(row.try_get::<i64, _>("amount")?)
            .map_err(|e| StoreError::Corrupt(e.to_string()))?,
        state: PaymentState::parse(&state)?,
    })
}

impl Store {
    /// Records `p` and, in the same transaction, moves its order from pending to paid when
    /// the order is the buyer's and its deadline has not passed. A charge id seen before
    /// changes nothing.
    pub async fn record_payment(&self, p: &NewPayment) -> Result<PaymentRecord, StoreError> {
        let mut tx = self.pool().begin().await?;
        let inserted = sqlx::query(
            "INSERT INTO payments (order_id, buyer_id, telegram_charge_id, provider_charge_id, \
             amount, currency, state, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, 'paid', $7, $7) \
             ON CONFLICT (telegram_charge_id) DO NOTHING",
        )
        .bind(p.order.get())
        .bind(p.buyer.get())
        .bind(p.charge.as_str())
        .bind(p.provider_charge.as_str())
        .bind(i64::from(p.amount))
        .bind(p.currency.code())
        .bind(to_ms(p.at))
        .execute(&mut *tx)
        .await?;
        if inserted.rows_affected() == 0 {
            let row = sqlx::query("SELECT state FROM payments WHERE telegram_charge_id = $1")
                .bind(p.charge.as_str())
                .fetch_one(&mut *tx)
                .await?;
            tx.rollback().await?;
            let state: String = row.try_get("state")?;
            return Ok(PaymentRecord::AlreadyRecorded(PaymentState::parse(&state)?));
        }
        let paid = sqlx::query(
            "UPDATE orders SET state = 'paid', updated_at = $2 \
             WHERE id = $1 AND buyer_id = $3 AND state = 'pending' AND pay_deadline > $2",
        )
        .bind(p.order.get())
        .bind(to_ms(p.at))
        .bind(p.buyer.get())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(if paid.rows_affected() == 1 {
            PaymentRecord::Settled
        } else {
            PaymentRecord::RefundDue
        })
    }

    /// Marks a held payment refunded; false when it already was (or does not exist).
    pub async fn mark_refunded(
        &self,
        charge: &ChargeId,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let q = sqlx::query(
            "UPDATE payments SET state = 'refunded', updated_at = $2 \
             WHERE telegram_charge_id = $1 AND state = 'paid'",
        )
        .bind(charge.as_str())
        .bind(to_ms(now));
        Ok(self.changed(q).await? == 1)
    }

    /// One payment by charge id.
    pub async fn payment(&self, charge: &ChargeId) -> Result<Option<Payment>, StoreError> {
        let sql = format!("SELECT {PAYMENT_COLUMNS} FROM payments WHERE telegram_charge_id = $1");
        let q = sqlx::query(&sql).bind(charge.as_str());
        self.row(q, payment_from_row).await
    }

    /// Every payment for one order, oldest first.
    pub async fn payments_of_order(&self, order: OrderId) -> Result<Vec<Payment>, StoreError> {
        let sql = format!("SELECT {PAYMENT_COLUMNS} FROM payments WHERE order_id = $1 ORDER BY id");
        let q = sqlx::query(&sql).bind(order.get());
        self.rows(q, payment_from_row).await
    }
}
