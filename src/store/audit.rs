//! The audit log: who changed what, when, with the before and after.

use chrono::{DateTime, Utc};
use sqlx::Row;

use super::time::{from_ms, to_ms};
use super::{Store, StoreError};
use crate::domain::UserId;

/// One recorded merchant or admin action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub actor: UserId,
    pub action: String,
    pub subject: String,
    pub before: Option<String>,
    pub after: Option<String>,
    pub at: DateTime<Utc>,
}

impl Store {
    /// Appends an entry.
    pub async fn audit(&self, e: &AuditEntry) -> Result<(), StoreError> {
        let q = sqlx::query(
            "INSERT INTO audit_log (actor_id, action, subject, before_json, after_json, at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(e.actor.get())
        .bind(&e.action)
        .bind(&e.subject)
        .bind(e.before.as_deref())
        .bind(e.after.as_deref())
        .bind(to_ms(e.at));
        self.run(q).await
    }

    /// The most recent entries, newest first.
    pub async fn recent_audit(&self, limit: u32) -> Result<Vec<AuditEntry>, StoreError> {
        let rows = sqlx::query(
            "SELECT actor_id, action, subject, before_json, after_json, at FROM audit_log \
             ORDER BY id DESC LIMIT $1",
        )
        .bind(i64::from(limit))
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(AuditEntry {
                    actor: UserId::parse(r.try_get("actor_id")?)?,
                    action: r.try_get("action")?,
                    subject: r.try_get("subject")?,
                    before: r.try_get("before_json")?,
                    after: r.try_get("after_json")?,
                    at: from_ms(r.try_get("at")?)?,
                })
            })
            .collect()
    }
}
