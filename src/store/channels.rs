//! The linked_chats table: channels and groups merchants linked for sale posts.

use chrono::{DateTime, Utc};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::time::{from_ms, to_ms};
use super::{Store, StoreError};
use crate::domain::UserId;

/// A channel or group a merchant linked, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkedChat {
    /// Telegram's chat id (negative for channels and groups).
    pub chat_id: i64,
    /// The chat's title when it was linked.
    pub title: String,
    /// Its public @username (without the @), if it has one.
    pub username: Option<String>,
    /// A channel (posts only) rather than a group.
    pub channel: bool,
    /// The merchant who linked it.
    pub owner: UserId,
    /// The language posts are shown in (a locale code).
    pub locale: String,
    pub linked_at: DateTime<Utc>,
}

const COLUMNS: &str = "chat_id, title, username, kind, owner_id, locale, linked_at";

fn chat_from_row(row: &AnyRow) -> Result<LinkedChat, StoreError> {
    Ok(LinkedChat {
        chat_id: row.try_get("chat_id")?,
        title: row.try_get("title")?,
        username: row.try_get::<Option<String>, _>("username")?,
        channel: row.try_get::<String, _>("kind")? == "channel",
        owner: UserId::parse(row.try_get("owner_id")?)?,
        locale: row.try_get("locale")?,
        linked_at: from_ms(row.try_get("linked_at")?)?,
    })
}

impl Store {
    /// Links `chat` for its owner; linking again by the same owner refreshes its title and
    /// username (and keeps its language). Returns the link as stored: one with another owner
    /// means the chat was already linked by someone else and nothing changed.
    pub async fn link_chat(&self, chat: &LinkedChat) -> Result<LinkedChat, StoreError> {
        sqlx::query(
            "INSERT INTO linked_chats (chat_id, title, username, kind, owner_id, locale, linked_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) \
             ON CONFLICT (chat_id) DO UPDATE SET title = excluded.title, \
               username = excluded.username, kind = excluded.kind \
             WHERE linked_chats.owner_id = excluded.owner_id",
        )
        .bind(chat.chat_id)
        .bind(&chat.title)
        .bind(chat.username.clone())
        .bind(if chat.channel { "channel" } else { "group" })
        .bind(chat.owner.get())
        .bind(&chat.locale)
        .bind(to_ms(chat.linked_at))
        .execute(self.pool())
        .await?;
        self.linked_chat(chat.chat_id)
            .await?
            .ok_or_else(|| StoreError::Corrupt(format!("chat {} not linked", chat.chat_id)))
    }

    /// The link of `chat_id`, if it is linked.
    pub async fn linked_chat(&self, chat_id: i64) -> Result<Option<LinkedChat>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM linked_chats WHERE chat_id = $1");
        let row = sqlx::query(&sql)
            .bind(chat_id)
            .fetch_optional(self.pool())
            .await?;
        row.as_ref().map(chat_from_row).transpose()
    }

    /// The linked chat with the @username `name` (without the @, any case), if any.
    pub async fn linked_chat_named(&self, name: &str) -> Result<Option<LinkedChat>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM linked_chats WHERE LOWER(username) = LOWER($1)");
        let row = sqlx::query(&sql)
            .bind(name)
            .fetch_optional(self.pool())
            .await?;
        row.as_ref().map(chat_from_row).transpose()
    }

    /// The chats `owner` linked, or every linked chat (`None`), oldest first.
    pub async fn linked_chats(&self, owner: Option<UserId>) -> Result<Vec<LinkedChat>, StoreError> {
        let rows = match owner {
            Some(o) => {
                let sql = format!(
                    "SELECT {COLUMNS} FROM linked_chats WHERE owner_id = $1 \
                     ORDER BY linked_at, chat_id"
                );
                sqlx::query(&sql)
                    .bind(o.get())
                    .fetch_all(self.pool())
                    .await?
            }
            None => {
                let sql = format!("SELECT {COLUMNS} FROM linked_chats ORDER BY linked_at, chat_id");
                sqlx::query(&sql).fetch_all(self.pool()).await?
            }
        };
        rows.iter().map(chat_from_row).collect()
    }

    /// Sets the language posts in `chat_id` are shown in, its live posts included (they
    /// show it at their next edit); `false` when it is not linked.
    pub async fn set_chat_locale(&self, chat_id: i64, locale: &str) -> Result<bool, StoreError> {
        let mut tx = self.pool().begin().await?;
        let done = sqlx::query("UPDATE linked_chats SET locale = $2 WHERE chat_id = $1")
            .bind(chat_id)
            .bind(locale)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "UPDATE sale_posts SET locale = $2 WHERE chat_id = $1 AND next_edit_at IS NOT NULL",
        )
        .bind(chat_id)
        .bind(locale)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(done.rows_affected() > 0)
    }

    /// Unlinks `chat_id` and stops keeping its posts live, in one transaction; returns the
    /// link that was removed.
    pub async fn unlink_chat(&self, chat_id: i64) -> Result<Option<LinkedChat>, StoreError> {
        let Some(link) = self.linked_chat(chat_id).await? else {
            return Ok(None);
        };
        let mut tx = self.pool().begin().await?;
        let gone = sqlx::query("DELETE FROM linked_chats WHERE chat_id = $1")
            .bind(chat_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("UPDATE sale_posts SET next_edit_at = NULL WHERE chat_id = $1")
            .bind(chat_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok((gone.rows_affected() > 0).then_some(link))
    }
}
