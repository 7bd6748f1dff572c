//! What admins ask of users: usernames for `/grant @name`, role changes, and head counts.

use chrono::{DateTime, Utc};
use sqlx::Row;

use super::time::to_ms;
use super::users::Role;
use super::{Store, StoreError};
use crate::domain::UserId;

/// Head counts for `/users`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UserCounts {
    /// Users ever seen.
    pub total: u32,
    /// Users the bot can still message.
    pub active: u32,
    /// Users who blocked the bot (Telegram answered 403).
    pub blocked_bot: u32,
    /// Users an admin blocked from buying.
    pub blocked: u32,
    /// Distinct users with at least one reminder or waitlist subscription.
    pub subscribers: u32,
}

fn count(v: i64) -> u32 {
    u32::try_from(v.max(0)).unwrap_or(u32::MAX)
}

impl Store {
    /// Records a user's Telegram username (and nothing else), creating the user if new.
    pub async fn set_username(
        &self,
        id: UserId,
        username: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO users (id, username, created_at, updated_at) VALUES ($1, $2, $3, $3) \
             ON CONFLICT (id) DO UPDATE SET username = excluded.username, updated_at = $3",
        )
        .bind(id.get())
        .bind(username)
        .bind(to_ms(now))
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// The Telegram username last seen for `user` (without `@`), if any.
    pub async fn username_of(&self, user: UserId) -> Result<Option<String>, StoreError> {
        let row = sqlx::query("SELECT username FROM users WHERE id = $1")
            .bind(user.get())
            .fetch_optional(self.pool())
            .await?;
        Ok(match row {
            Some(r) => r.try_get::<Option<String>, _>("username")?,
            None => None,
        })
    }

    /// The user last seen with `username` (case-insensitive, without `@`).
    pub async fn user_id_by_username(&self, username: &str) -> Result<Option<UserId>, StoreError> {
        let row = sqlx::query(
            "SELECT id FROM users WHERE lower(username) = lower($1) ORDER BY updated_at DESC LIMIT 1",
        )
        .bind(username)
        .fetch_optional(self.pool())
        .await?;
        Ok(match row {
            Some(r) => Some(UserId::parse(r.try_get("id")?)?),
            None => None,
        })
    }

    /// Sets a user's role, recording the user if new; returns the role they had before.
    pub async fn put_role(
        &self,
        id: UserId,
        role: Role,
        now: DateTime<Utc>,
    ) -> Result<Role, StoreError> {
        let before = self.user(id).await?.map_or(Role::Customer, |u| u.role);
        sqlx::query(
            "INSERT INTO users (id, role, created_at, updated_at) VALUES ($1, $2, $3, $3) \
             ON CONFLICT (id) DO UPDATE SET role = excluded.role, updated_at = $3",
        )
        .bind(id.get())
        .bind(role.as_str())
        .bind(to_ms(now))
        .execute(self.pool())
        .await?;
        Ok(before)
    }

    /// Head counts of users and subscribers.
    pub async fn user_counts(&self) -> Result<UserCounts, StoreError> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS total, \
               CAST(COALESCE(SUM(CASE WHEN active THEN 1 ELSE 0 END), 0) AS BIGINT) AS active, \
               CAST(COALESCE(SUM(CASE WHEN blocked THEN 1 ELSE 0 END), 0) AS BIGINT) AS blocked \
             FROM users",
        )
        .fetch_one(self.pool())
        .await?;
        let subs = sqlx::query("SELECT COUNT(DISTINCT user_id) AS n FROM subscriptions")
            .fetch_one(self.pool())
            .await?;
        let total = count(row.try_get("total")?);
        let active = count(row.try_get("active")?);
        Ok(UserCounts {
            total,
            active,
            blocked_bot: total.saturating_sub(active),
            blocked: count(row.try_get("blocked")?),
            subscribers: count(subs.try_get("n")?),
        })
    }
}
