//! Queueing an announcement: one outbox row per active member of its audience, in one
//! statement, idempotent (dedupe key `ann:<id>:<chat>`).

use chrono::{DateTime, Utc};
use sqlx::Row;

use super::announcements::{IN_AUDIENCE, audience_str};
use super::time::to_ms;
use super::{Announcement, Store, StoreError};

impl Store {
    /// Queues one message per active member of the audience (body by language: `zh` for users
    /// whose language starts with zh, `en` otherwise), in one statement; members queued
    /// before are left alone. Records how many are queued and skipped; returns the new ones.
    pub async fn queue_announcement(
        &self,
        a: &Announcement,
        en: &str,
        zh: &str,
        now: DateTime<Utc>,
    ) -> Result<u64, StoreError> {
        let sql = format!(
            "INSERT INTO outbox (chat_id, dedupe_key, campaign, body, not_before, created_at, updated_at) \
             SELECT u.id, $3 || CAST(u.id AS TEXT), $4, \
                    CASE WHEN lower(COALESCE(u.language, u.seen_language, '')) LIKE 'zh%' THEN $6 ELSE $5 END, $7, $7, $7 \
             FROM users u WHERE u.active AND {IN_AUDIENCE} ORDER BY u.id \
             ON CONFLICT (dedupe_key) DO NOTHING"
        );
        let campaign = a.campaign();
        let done = sqlx::query(&sql)
            .bind(a.sale.get())
            .bind(audience_str(a.audience))
            .bind(format!("{campaign}:"))
            .bind(campaign.as_str())
            .bind(en)
            .bind(zh)
            .bind(to_ms(now))
            .execute(self.pool())
            .await?;
        // Skipped: members who blocked the bot and have no message of this campaign (one who
        // blocked it during the send is counted by the outbox, not here).
        let sql = format!(
            "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM users u WHERE NOT u.active AND {IN_AUDIENCE} \
             AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.dedupe_key = $3 || CAST(u.id AS TEXT))"
        );
        let skipped: i64 = sqlx::query(&sql)
            .bind(a.sale.get())
            .bind(audience_str(a.audience))
            .bind(format!("{campaign}:"))
            .fetch_one(self.pool())
            .await?
            .try_get("n")?;
        let queued = self.outbox_counts(Some(&campaign)).await?.total();
        sqlx::query("UPDATE announcements SET recipients = $2, skipped = $3 WHERE id = $1")
            .bind(a.id.get())
            .bind(i64::from(queued))
            .bind(skipped)
            .execute(self.pool())
            .await?;
        Ok(done.rows_affected())
    }
}
