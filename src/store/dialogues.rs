//! Merchants' guided dialogues (`/newsale`) and sale edits: the dialogue state as JSON per
//! user, a draft confirmed into a sale exactly once, and an edit that cannot race the start.

use chrono::{DateTime, Utc};
use sqlx::Row;

use super::query::user_id_of;
use super::sales::bind_draft;
use super::time::{from_ms, to_ms};
use super::{Store, StoreError};
use crate::domain::{Sale, SaleDraft, SaleId, SaleStatus, UserId};

/// One user's dialogue as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffDialogue {
    pub user: UserId,
    /// The dialogue's own JSON (the app layer owns its shape).
    pub state: String,
    /// Grows on every write; a confirmation names the version it saw.
    pub version: i64,
    pub updated_at: DateTime<Utc>,
}

impl Store {
    /// The user's dialogue, if one is open.
    pub async fn dialogue(&self, user: UserId) -> Result<Option<StaffDialogue>, StoreError> {
        let row = sqlx::query(
            "SELECT state, version, updated_at FROM staff_dialogues WHERE user_id = $1",
        )
        .bind(user.get())
        .fetch_optional(self.pool())
        .await?;
        row.map(|r| {
            Ok(StaffDialogue {
                user,
                state: r.try_get("state")?,
                version: r.try_get("version")?,
                updated_at: from_ms(r.try_get("updated_at")?)?,
            })
        })
        .transpose()
    }

    /// Every user with an open dialogue (a small table: staff only).
    pub async fn dialogue_users(&self) -> Result<Vec<UserId>, StoreError> {
        let q = sqlx::query("SELECT user_id FROM staff_dialogues LIMIT 10000");
        self.rows(q, user_id_of).await
    }

    /// Stores the user's dialogue state (creating or replacing it); returns the new version.
    pub async fn put_dialogue(
        &self,
        user: UserId,
        state: &str,
        now: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        let row = sqlx::query(
            "INSERT INTO staff_dialogues (user_id, state, version, updated_at) \
             VALUES ($1, $2, 1, $3) \
             ON CONFLICT (user_id) DO UPDATE SET state = excluded.state, \
             version = staff_dialogues.version + 1, updated_at = excluded.updated_at \
             RETURNING version",
        )
        .bind(user.get())
        .bind(state)
        .bind(to_ms(now))
        .fetch_one(self.pool())
        .await?;
        Ok(row.try_get("version")?)
    }

    /// Ends the user's dialogue; false when none was open.
    pub async fn drop_dialogue(&self, user: UserId) -> Result<bool, StoreError> {
        let q = sqlx::query("DELETE FROM staff_dialogues WHERE user_id = $1").bind(user.get());
        Ok(self.changed(q).await? == 1)
    }

    /// Ends the dialogue at `version` and stores its sale, in one transaction: `None` (and
    /// nothing stored) when that version is gone, e.g. a second press of Confirm.
    pub async fn confirm_dialogue(
        &self,
        user: UserId,
        version: i64,
        draft: &SaleDraft,
        now: DateTime<Utc>,
    ) -> Result<Option<Sale>, StoreError> {
        let mut tx = self.pool().begin().await?;
        let ended = sqlx::query("DELETE FROM staff_dialogues WHERE user_id = $1 AND version = $2")
            .bind(user.get())
            .bind(version)
            .execute(&mut *tx)
            .await?;
        if ended.rows_affected() != 1 {
            tx.rollback().await?;
            return Ok(None);
        }
        let id = super::sales::insert_sale(&mut *tx, draft, now).await?;
        tx.commit().await?;
        Ok(Some(Sale {
            id,
            draft: draft.clone(),
            status: SaleStatus::Active,
        }))
    }

    /// Rewrites an active sale's fields (owner and status stay). With `before_start`, only
    /// while the sale has not started at `now`; false when the sale did not qualify.
    pub async fn update_sale(
        &self,
        id: SaleId,
        draft: &SaleDraft,
        before_start: bool,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let q = sqlx::query(
            "UPDATE sales SET title = $2, keywords = $3, price_minor = $4, currency = $5, \
             stock = $6, per_user_limit = $7, starts_at = $8, ends_at = $9, captcha = $10, \
             updated_at = $11 \
             WHERE id = $1 AND status = 'active' AND ($12 = 0 OR starts_at > $11)",
        )
        .bind(id.get());
        let q = bind_draft(q, draft)?
            .bind(i64::from(draft.captcha))
            .bind(to_ms(now))
            .bind(i64::from(before_start));
        Ok(self.changed(q).await? == 1)
    }
}
