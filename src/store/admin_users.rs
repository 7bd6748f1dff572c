//! What admins ask of users: usernames for `/grant @name`, role changes, and head counts.

use chrono::{DateTime, Utc};
use sqlx::Row;

use super::time::{from_ms, to_ms};
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
    /// Records the username `id` was just seen with (`None`: they have none now), creating
    /// the user if new. A username belongs to at most one user: whoever else had it (case
    /// aside) loses it.
    pub async fn set_username(
        &self,
        id: UserId,
        username: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool().begin().await?;
        if let Some(name) = username {
            sqlx::query(
                "UPDATE users SET username = NULL, username_seen_at = NULL \
                 WHERE lower(username) = lower($1) AND id <> $2",
            )
            .bind(name)
            .bind(id.get())
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query(
            "INSERT INTO users (id, username, username_seen_at, created_at, updated_at) \
             VALUES ($1, $2, $3, $3, $3) \
             ON CONFLICT (id) DO UPDATE SET username = excluded.username, \
               username_seen_at = excluded.username_seen_at, updated_at = $3",
        )
        .bind(id.get())
        .bind(username)
        .bind(to_ms(now))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
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

    /// Users recorded with `username` (case-insensitive, without `@`) and when each was last
    /// seen with it; at most two (two mean the name is ambiguous).
    pub async fn users_named(
        &self,
        username: &str,
    ) -> Result<Vec<(UserId, Option<DateTime<Utc>>)>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, username_seen_at FROM users WHERE lower(username) = lower($1) \
             ORDER BY id LIMIT 2",
        )
        .bind(username)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                let seen: Option<i64> = r.try_get("username_seen_at")?;
                Ok((
                    UserId::parse(r.try_get("id")?)?,
                    seen.map(from_ms).transpose()?,
                ))
            })
            .collect()
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
