//! Users met on first contact, many at once: one multi-row upsert records a batch of users
//! and the language each was answered in, and returns what the store holds for them.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sqlx::Row;

use super::time::{from_ms, to_ms};
use super::{Store, StoreError};
use crate::domain::UserId;

/// Most users in one statement (four parameters each stays within every backend's limit).
pub const MEET_AT_MOST: usize = 200;

/// One user met: who, and the language they are being answered in (kept as their seen
/// language unless they chose one with `/lang`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meeting {
    pub user: UserId,
    pub seen_language: String,
}

/// What the store holds for a user just met.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Met {
    pub user: UserId,
    /// Their `/lang` choice, if any.
    pub language: Option<String>,
    /// When they were first recorded.
    pub first_seen: DateTime<Utc>,
}

impl Store {
    /// Records every user of `meetings` as seen at `now` (new ones first seen then), notes
    /// the language each was answered in where they chose none, and returns what is held
    /// for each, in no particular order. A user met twice counts once (the last language).
    /// Bookkeeping a crash may lose the last fraction of a second of: the relaxed pool.
    pub async fn meet_users(
        &self,
        meetings: &[Meeting],
        now: DateTime<Utc>,
    ) -> Result<Vec<Met>, StoreError> {
        let mut last: HashMap<UserId, &str> = HashMap::with_capacity(meetings.len());
        for m in meetings {
            last.insert(m.user, m.seen_language.as_str());
        }
        let mut met = Vec::with_capacity(last.len());
        let unique: Vec<(UserId, &str)> = last.into_iter().collect();
        for chunk in unique.chunks(MEET_AT_MOST) {
            met.extend(self.meet_chunk(chunk, now).await?);
        }
        Ok(met)
    }

    async fn meet_chunk(
        &self,
        chunk: &[(UserId, &str)],
        now: DateTime<Utc>,
    ) -> Result<Vec<Met>, StoreError> {
        // $1 is `now`; each user adds its id and its language.
        let values: Vec<String> = (0..chunk.len())
            .map(|i| format!("(${}, $1, $1, ${})", 2 * i + 2, 2 * i + 3))
            .collect();
        let sql = format!(
            "INSERT INTO users (id, created_at, updated_at, seen_language) VALUES {} \
             ON CONFLICT (id) DO UPDATE SET updated_at = excluded.updated_at, \
             seen_language = CASE WHEN users.language IS NULL \
             THEN excluded.seen_language ELSE users.seen_language END \
             RETURNING id, language, created_at",
            values.join(", ")
        );
        let mut q = sqlx::query(&sql).bind(to_ms(now));
        for (user, language) in chunk {
            q = q.bind(user.get()).bind(*language);
        }
        let rows = q.fetch_all(self.relaxed_pool()).await?;
        rows.iter()
            .map(|row| {
                let id: i64 = row.try_get("id")?;
                Ok(Met {
                    user: UserId::parse(id)
                        .map_err(|_| StoreError::Corrupt(format!("user id {id}")))?,
                    language: row.try_get("language")?,
                    first_seen: from_ms(row.try_get("created_at")?)?,
                })
            })
            .collect()
    }
}
