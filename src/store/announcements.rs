//! Announcements: a sale's card queued in the outbox for an audience, one message per chat
//! (dedupe key `ann:<id>:<chat>`, campaign `ann:<id>`), with the merchant's status message.
//!
//! Every state change is a compare-and-set, and queueing is one `INSERT … SELECT … ON
//! CONFLICT DO NOTHING`, so running it again after a crash adds nobody twice.

use chrono::{DateTime, Utc};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::time::{from_ms, to_ms};
use super::{Store, StoreError};
use crate::domain::{AnnouncementId, SaleId, UserId};

/// Who an announcement goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// People subscribed to the sale (reminders or waitlist).
    Subscribers,
    /// Every user of the bot.
    All,
}

/// Whether messages use Telegram's paid broadcasts (`allow_paid_broadcast`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BroadcastMode {
    Free,
    Paid,
}

/// Where an announcement stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnnouncementState {
    /// Waiting for the merchant to confirm.
    Draft,
    /// Queued; the outbox is sending.
    Sending,
    /// Every message has its fate; the summary was shown.
    Done,
    /// The merchant cancelled before sending.
    Dropped,
}

impl AnnouncementState {
    fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Sending => "sending",
            Self::Done => "done",
            Self::Dropped => "dropped",
        }
    }
}

/// One announcement as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Announcement {
    pub id: AnnouncementId,
    pub sale: SaleId,
    pub actor: UserId,
    pub audience: Audience,
    pub mode: BroadcastMode,
    /// The merchant's own words above the card.
    pub note: Option<String>,
    pub state: AnnouncementState,
    /// The merchant's status message (chat, message id), once sent.
    pub status: Option<(i64, i32)>,
    /// Messages queued (active recipients).
    pub recipients: u32,
    /// Recipients skipped because they had blocked the bot.
    pub skipped: u32,
    pub started_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
}

impl Announcement {
    /// The outbox campaign of its messages.
    pub fn campaign(&self) -> String {
        format!("ann:{}", self.id)
    }
}

const COLUMNS: &str = "id, sale_id, actor_id, audience, mode, note, state, status_chat, \
                       status_message, recipients, skipped, started_at, finished_at";

fn count(v: i64) -> u32 {
    u32::try_from(v.max(0)).unwrap_or(u32::MAX)
}

fn from_row(r: &AnyRow) -> Result<Announcement, StoreError> {
    let audience = match r.try_get::<String, _>("audience")?.as_str() {
        "all" => Audience::All,
        _ => Audience::Subscribers,
    };
    let mode = match r.try_get::<String, _>("mode")?.as_str() {
        "paid" => BroadcastMode::Paid,
        _ => BroadcastMode::Free,
    };
    let state = match r.try_get::<String, _>("state")?.as_str() {
        "draft" => AnnouncementState::Draft,
        "sending" => AnnouncementState::Sending,
        "done" => AnnouncementState::Done,
        "dropped" => AnnouncementState::Dropped,
        other => return Err(StoreError::Corrupt(format!("announcement state {other}"))),
    };
    let chat: Option<i64> = r.try_get("status_chat")?;
    let message: Option<i64> = r.try_get("status_message")?;
    let status = match (chat, message.and_then(|m| i32::try_from(m).ok())) {
        (Some(c), Some(m)) => Some((c, m)),
        _ => None,
    };
    let at = |col: &str| -> Result<Option<DateTime<Utc>>, StoreError> {
        r.try_get::<Option<i64>, _>(col)?.map(from_ms).transpose()
    };
    Ok(Announcement {
        id: AnnouncementId::parse(r.try_get("id")?)?,
        sale: SaleId::parse(r.try_get("sale_id")?)?,
        actor: UserId::parse(r.try_get("actor_id")?)?,
        audience,
        mode,
        note: r.try_get("note")?,
        state,
        status,
        recipients: count(r.try_get("recipients")?),
        skipped: count(r.try_get("skipped")?),
        started_at: at("started_at")?,
        finished_at: at("finished_at")?,
    })
}

pub(super) fn audience_str(a: Audience) -> &'static str {
    match a {
        Audience::Subscribers => "subscribers",
        Audience::All => "all",
    }
}

/// The audience of sale `$1` (`$2` is 'all' or 'subscribers'), as a condition on `u`.
pub(super) const IN_AUDIENCE: &str =
    "($2 = 'all' OR u.id IN (SELECT user_id FROM subscriptions WHERE sale_id = $1))";

impl Store {
    /// How many of the audience can be messaged, and how many blocked the bot.
    pub async fn audience_counts(
        &self,
        sale: SaleId,
        audience: Audience,
    ) -> Result<(u32, u32), StoreError> {
        let sql = format!(
            "SELECT CAST(COALESCE(SUM(CASE WHEN u.active THEN 1 ELSE 0 END), 0) AS BIGINT) AS active, \
               CAST(COUNT(*) AS BIGINT) AS total FROM users u WHERE {IN_AUDIENCE}"
        );
        let row = sqlx::query(&sql)
            .bind(sale.get())
            .bind(audience_str(audience))
            .fetch_one(self.pool())
            .await?;
        let active = count(row.try_get("active")?);
        let total = count(row.try_get("total")?);
        Ok((active, total.saturating_sub(active)))
    }

    /// Records a draft announcement waiting for the merchant's confirmation.
    pub async fn create_announcement(
        &self,
        sale: SaleId,
        actor: UserId,
        audience: Audience,
        note: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Announcement, StoreError> {
        let sql = format!(
            "INSERT INTO announcements (sale_id, actor_id, audience, mode, note, state, created_at, updated_at) \
             VALUES ($1, $2, $3, 'free', $4, 'draft', $5, $5) RETURNING {COLUMNS}"
        );
        let row = sqlx::query(&sql)
            .bind(sale.get())
            .bind(actor.get())
            .bind(audience_str(audience))
            .bind(note)
            .bind(to_ms(now))
            .fetch_one(self.pool())
            .await?;
        from_row(&row)
    }

    /// One announcement.
    pub async fn announcement(
        &self,
        id: AnnouncementId,
    ) -> Result<Option<Announcement>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM announcements WHERE id = $1");
        let q = sqlx::query(&sql).bind(id.get());
        self.row(q, from_row).await
    }

    /// Announcements being sent, oldest first.
    pub async fn sending_announcements(&self) -> Result<Vec<Announcement>, StoreError> {
        let sql =
            format!("SELECT {COLUMNS} FROM announcements WHERE state = 'sending' ORDER BY id");
        let q = sqlx::query(&sql);
        self.rows(q, from_row).await
    }

    /// Draft -> sending in `mode` (compare-and-set); false when it was not a draft any more.
    pub async fn start_announcement(
        &self,
        id: AnnouncementId,
        mode: BroadcastMode,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let mode = match mode {
            BroadcastMode::Free => "free",
            BroadcastMode::Paid => "paid",
        };
        let q = sqlx::query(
            "UPDATE announcements SET state = 'sending', mode = $2, started_at = $3, updated_at = $3 \
             WHERE id = $1 AND state = 'draft'",
        )
        .bind(id.get())
        .bind(mode)
        .bind(to_ms(now));
        Ok(self.changed(q).await? == 1)
    }

    /// Moves `from` -> `to` (compare-and-set), recording the totals when it ends.
    pub async fn settle_announcement(
        &self,
        id: AnnouncementId,
        from: AnnouncementState,
        to: AnnouncementState,
        totals: [u32; 3],
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let q = sqlx::query(
            "UPDATE announcements SET state = $3, sent = $4, blocked = $5, failed = $6, \
             finished_at = $7, updated_at = $7 WHERE id = $1 AND state = $2",
        )
        .bind(id.get())
        .bind(from.as_str())
        .bind(to.as_str())
        .bind(i64::from(totals[0]))
        .bind(i64::from(totals[1]))
        .bind(i64::from(totals[2]))
        .bind(to_ms(now));
        Ok(self.changed(q).await? == 1)
    }

    /// Remembers the merchant's status message, to edit it from then on.
    pub async fn set_announcement_status(
        &self,
        id: AnnouncementId,
        chat: i64,
        message: i32,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let q = sqlx::query(
            "UPDATE announcements SET status_chat = $2, status_message = $3, updated_at = $4 WHERE id = $1",
        )
        .bind(id.get())
        .bind(chat)
        .bind(i64::from(message))
        .bind(to_ms(now));
        self.run(q).await
    }
}
